import { stringify } from 'csv-stringify/sync';
import { isoFromMicros } from '../core/time';
import type { TradeRecord } from './run-recorder';

const COLUMNS = ['time', 'tsUs', 'strategy', 'orderId', 'tag', 'venue', 'account', 'asset', 'side', 'qty', 'price', 'fee', 'gasUsd', 'fairValue', 'edgeBps'];

/**
 * trades.csv: one row per fill. `edgeBps` is how far the fill price was on the right side of fair value
 * (sold above or bought below is positive).
 */
export function tradesCsv(trades: readonly TradeRecord[]): string {
  const rows = trades.map(({ fill, tag, fairValue }) => {
    const edge = fairValue === undefined ? '' : ((fill.side === 'sell' ? fill.price / fairValue - 1 : 1 - fill.price / fairValue) * 1e4).toFixed(2);
    return [
      isoFromMicros(fill.ts),
      fill.ts,
      fill.strategyId,
      fill.orderId,
      tag ?? '',
      fill.venue,
      fill.account,
      fill.asset,
      fill.side,
      fill.qty,
      fill.price,
      fill.fee,
      fill.gasUsd,
      fairValue ?? '',
      edge,
    ];
  });
  return stringify([COLUMNS, ...rows]);
}
