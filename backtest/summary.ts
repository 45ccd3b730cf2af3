import type { Portfolio } from '../core/portfolio';
import { isoFromMicros, type Micros } from '../core/time';
import type { Metrics } from './metrics';
import type { RunRecorder } from './run-recorder';

/** `summary.json`: the figures of one backtest. Deterministic: no wall-clock values in it. */
export interface BacktestSummary {
  name: string;
  period: { start: string; end: string };
  events: number;
  trades: number;
  tradesByTag: Record<string, number>;
  orders: { total: number; denied: number; rejected: number; reverted: number };
  denialsByReason: Record<string, number>;
  pnl: { total: number; realized: number; unrealized: number };
  fees: number;
  gas: number;
  startNav: number;
  endNav: number;
  maxDrawdown: { usd: number; pct: number; durationSec: number };
  /** Balances at the end, per account and asset. */
  endInventory: Record<string, Record<string, number>>;
  riskStateChanges: { ts: string; scope: string; from: string; to: string; reason: string }[];
  metrics: Metrics;
  /** Deliveries between our accounts (issuer settlements). */
  transfers: { ts: string; from: string; to: string; asset: string; qty: number; reason: string }[];
}

export interface SummaryInputs {
  name: string;
  start: Micros;
  end: Micros;
  events: number;
  portfolio: Portfolio;
  recorder: RunRecorder;
  metrics: Metrics;
  orders: readonly { status: string }[];
}

export function summarize(i: SummaryInputs): BacktestSummary {
  const { portfolio, recorder } = i;
  const realized = portfolio.realizedPnl;
  const unrealized = portfolio.unrealizedPnl();
  const total = realized + unrealized - portfolio.feesPaid - portfolio.gasPaid;
  const endNav = portfolio.nav();
  const endInventory: Record<string, Record<string, number>> = {};
  for (const p of portfolio.positions()) (endInventory[p.account] ??= {})[p.asset] = p.qty;
  return {
    name: i.name,
    period: { start: isoFromMicros(i.start), end: isoFromMicros(i.end) },
    events: i.events,
    trades: recorder.trades.length,
    tradesByTag: countBy(recorder.trades.map((t) => t.tag ?? 'untagged')),
    orders: {
      total: i.orders.length,
      denied: i.orders.filter((o) => o.status === 'denied').length,
      rejected: i.orders.filter((o) => o.status === 'rejected').length,
      reverted: recorder.expenses.length,
    },
    denialsByReason: countBy(recorder.denials),
    pnl: { total, realized, unrealized },
    fees: portfolio.feesPaid,
    gas: portfolio.gasPaid,
    // By the portfolio's identity (nav - startNav = total PnL), with starting holdings at their first marks.
    startNav: endNav - total,
    endNav,
    maxDrawdown: { usd: i.metrics.drawdown.maxUsd, pct: i.metrics.drawdown.maxPct, durationSec: i.metrics.drawdown.maxDurationSec },
    endInventory,
    metrics: i.metrics,
    transfers: recorder.transfers.map((t) => ({ ts: isoFromMicros(t.ts), from: t.fromAccount, to: t.toAccount, asset: t.asset, qty: t.qty, reason: t.reason })),
    riskStateChanges: recorder.stateChanges.map((c) => ({ ts: isoFromMicros(c.ts), scope: c.scope, from: c.from, to: c.to, reason: c.reason })),
  };
}

function countBy(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of [...keys].sort()) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
}
