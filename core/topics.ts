import type { MarketDataEvent } from './events';

/**
 * Every bus topic name, in one place (nautilus `switchboard`). Topic strings for market data are built once
 * per instrument and cached, so publishing an event allocates nothing.
 */
export const Topics = {
  equityQuotes: (symbol: string) => `data.quotes.equity.${symbol}`,
  cexQuotes: (market: string) => `data.quotes.cex.${market}`,
  cexTrades: (market: string) => `data.trades.cex.${market}`,
  cexBook: (market: string) => `data.book.cex.${market}`,
  pool: (pool: string) => `data.pool.${pool}`,
  marketStatus: (symbol: string) => `data.status.${symbol}`,
  chainGas: (chain: string) => `data.gas.${chain}`,
  corporateActions: (token: string) => `data.corporate.${token}`,
  /** Order state changes and denials of one strategy's orders. */
  orders: (strategyId: string) => `events.order.${strategyId}`,
  /** Order events and denials of every strategy: journals, metrics, reports. */
  allOrders: 'events.order',
  fills: (strategyId: string) => `events.fill.${strategyId}`,
  /** Every fill of every strategy: journals, metrics, reports. */
  allFills: 'events.fill',
  /** Costs without a fill (reverted transactions). */
  expenses: 'events.expense',
  /** Transfers between our accounts. */
  transfers: 'events.transfer',
  /** Trading-state changes of the risk manager. */
  riskState: 'events.risk.state',
  timers: (strategyId: string) => `events.timer.${strategyId}`,
} as const;

const cache = new Map<string, Map<string, string>>();

function cached(kind: string, key: string, build: (key: string) => string): string {
  let byKey = cache.get(kind);
  if (!byKey) cache.set(kind, (byKey = new Map()));
  let topic = byKey.get(key);
  if (topic === undefined) byKey.set(key, (topic = build(key)));
  return topic;
}

/** The topic a market-data event is published on. */
export function topicOf(event: MarketDataEvent): string {
  switch (event.type) {
    case 'equity.quote':
      return cached(event.type, event.symbol, Topics.equityQuotes);
    case 'cex.quote':
      return cached(event.type, event.market, Topics.cexQuotes);
    case 'cex.trade':
      return cached(event.type, event.market, Topics.cexTrades);
    case 'cex.book':
      return cached(event.type, event.market, Topics.cexBook);
    case 'pool.state':
    case 'pool.swap':
    case 'pool.liquidity':
    case 'pool.v3.swap':
    case 'pool.v3.mint':
    case 'pool.v3.burn':
    case 'pool.v3.collect':
    case 'pool.v3.state':
      return cached('pool', event.pool, Topics.pool);
    case 'market.status':
      return cached(event.type, event.symbol, Topics.marketStatus);
    case 'chain.gas':
      return cached(event.type, event.chain, Topics.chainGas);
    case 'corporate.action':
      return cached(event.type, event.token, Topics.corporateActions);
  }
}
