import { edgeOf } from '../metrics';
import type { RunRecorder } from '../run-recorder';
import type { BacktestSummary } from '../summary';

/** A time series for the charts: [UTC seconds, value], increasing in time. */
export type Points = [number, number][];

export interface Marker {
  time: number;
  position: 'aboveBar' | 'belowBar';
  shape: 'arrowDown' | 'arrowUp';
  color: string;
  text: string;
}

/** Everything the report page draws, computed here so the page only renders. */
export interface ReportData {
  title: string;
  figures: [label: string, value: string][];
  prices: Record<string, { market: Points; fair: Points; markers: Marker[] }>;
  premium: Record<string, Points>;
  equity: { nav: Points; drawdown: Points };
  inventory: Record<string, Points>;
  pnl: Record<'spread capture' | 'hedge' | 'inventory' | 'fees' | 'gas', Points>;
}

export function reportData(summary: BacktestSummary, recorder: RunRecorder): ReportData {
  const samples = recorder.samples;
  const prices: ReportData['prices'] = {};
  const premium: ReportData['premium'] = {};
  const inventory: ReportData['inventory'] = {};
  for (const s of samples) {
    const t = seconds(s.ts);
    for (const [token, m] of Object.entries(s.market)) {
      const f = s.fair[token];
      const series = (prices[token] ??= { market: [], fair: [], markers: [] });
      series.market.push([t, m]);
      if (f !== undefined) {
        series.fair.push([t, f]);
        (premium[token] ??= []).push([t, (m / f - 1) * 100]);
      }
    }
    for (const [asset, qty] of Object.entries(s.positions)) (inventory[asset] ??= []).push([t, qty]);
  }
  for (const trade of recorder.trades) {
    const series = prices[trade.fill.asset];
    if (!series) continue;
    const sell = trade.fill.side === 'sell';
    series.markers.push({
      time: seconds(trade.fill.ts),
      position: sell ? 'aboveBar' : 'belowBar',
      shape: sell ? 'arrowDown' : 'arrowUp',
      color: sell ? '#d9480f' : '#2b8a3e',
      text: `${sell ? 'S' : 'B'} ${round(trade.fill.qty, 3)} @ ${round(trade.fill.price, 2)}`,
    });
  }

  const nav: Points = [];
  const drawdown: Points = [];
  let peak = Number.NEGATIVE_INFINITY;
  for (const s of samples) {
    peak = Math.max(peak, s.nav);
    nav.push([seconds(s.ts), s.nav]);
    drawdown.push([seconds(s.ts), s.nav - peak]);
  }

  return {
    title: summary.name,
    figures: figures(summary),
    prices: mapValues(prices, (p) => ({ market: series(p.market), fair: series(p.fair), markers: p.markers })),
    premium: mapValues(premium, series),
    equity: { nav: series(nav), drawdown: series(drawdown) },
    inventory: mapValues(inventory, series),
    pnl: cumulativePnl(summary, recorder),
  };
}

/** The PnL decomposition over time: each component summed up to each sample. */
function cumulativePnl(summary: BacktestSummary, recorder: RunRecorder): ReportData['pnl'] {
  const out: ReportData['pnl'] = { 'spread capture': [], hedge: [], inventory: [], fees: [], gas: [] };
  const trades = recorder.trades;
  let next = 0;
  let spread = 0;
  let hedge = 0;
  let fees = 0;
  let gas = 0;
  for (const s of recorder.samples) {
    for (; next < trades.length && trades[next]!.fill.ts <= s.ts; next++) {
      const t = trades[next]!;
      if (t.tag === 'hedge') hedge += edgeOf(t);
      else spread += edgeOf(t);
      fees -= t.fill.fee;
      gas -= t.fill.gasUsd;
    }
    const time = seconds(s.ts);
    const total = s.nav - summary.startNav;
    out['spread capture'].push([time, spread]);
    out.hedge.push([time, hedge]);
    out.fees.push([time, fees]);
    out.gas.push([time, gas]);
    out.inventory.push([time, total - spread - hedge - fees - gas]);
  }
  return mapValues(out, series) as ReportData['pnl'];
}

function figures(s: BacktestSummary): [string, string][] {
  const usd = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const m = s.metrics;
  return [
    ['period', `${s.period.start} .. ${s.period.end}`],
    ['events', s.events.toLocaleString('en-US')],
    ['trades', `${s.trades} (${Object.entries(s.tradesByTag).map(([t, n]) => `${t} ${n}`).join(', ')})`],
    ['PnL total', `${usd(s.pnl.total)} USD`],
    ['spread capture / hedge / inventory', `${usd(m.pnl.spreadCapture)} / ${usd(m.pnl.hedge)} / ${usd(m.pnl.inventory)} USD`],
    ['fees / gas', `${usd(m.pnl.fees)} / ${usd(m.pnl.gas)} USD`],
    ['Sharpe / Sortino (annualised)', `${round(m.sharpe, 2)} / ${round(m.sortino, 2)}`],
    ['max drawdown', `${usd(m.drawdown.maxUsd)} USD (${round(m.drawdown.maxPct * 100, 3)} %), ${round(m.drawdown.maxDurationSec / 3600, 2)} h`],
    ['fill ratio', `${round(m.fillRatio * 100, 1)} %`],
    ['markouts 1 s / 10 s / 60 s', Object.values(m.markouts).map((x) => `${round(x.meanBps, 1)} bps`).join(' / ')],
    ['time in market', `${round(m.timeInMarket * 100, 1)} %`],
    ['orders denied / rejected', `${s.orders.denied} / ${s.orders.rejected}`],
  ];
}

/** Lightweight-charts needs strictly increasing times: keep the last value of each second. */
function series(points: Points): Points {
  const out: Points = [];
  for (const [t, v] of points) {
    if (!Number.isFinite(v)) continue;
    const last = out[out.length - 1];
    if (last && last[0] === t) last[1] = v;
    else if (!last || t > last[0]) out.push([t, v]);
  }
  return out;
}

function seconds(us: number): number {
  return Math.floor(us / 1_000_000);
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function mapValues<T, U>(o: Record<string, T>, f: (v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}
