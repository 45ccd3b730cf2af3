import { priceOf } from './amm/uniswap-v2';
import type { CexQuote, PoolState } from './events';
import type { InstrumentRegistry } from './instruments';
import { Topics } from './topics';

/**
 * The latest market price (USD) of each tokenized stock, from every venue that trades it: a V2 pool's
 * spot (reserves), a CEX market's mid. What the market says, as opposed to fair value.
 */
export class MarketPrices {
  private readonly prices = new Map<string, number>();

  constructor(
    instruments: InstrumentRegistry,
    subscribe: (topic: string, handler: (event: PoolState | CexQuote) => void) => void,
    private readonly onUpdate: (token: string, price: number) => void = () => {},
  ) {
    for (const i of instruments.all()) {
      if (i.kind === 'pool') {
        const t0 = instruments.chainAsset(i.token0);
        const t1 = instruments.chainAsset(i.token1);
        const stock = t0.kind === 'tokenized-stock' ? t0 : t1.kind === 'tokenized-stock' ? t1 : undefined;
        if (!stock) continue;
        const quote = stock === t0 ? t1 : t0;
        const quoteUsd = quote.kind === 'token' ? (quote.usdPeg ?? 1) : 1;
        subscribe(Topics.pool(i.id), (e) => {
          if (e.type !== 'pool.state' || e.reserve0 === 0n || e.reserve1 === 0n) return;
          const price0In1 = priceOf(e.reserve0, e.reserve1, t0.decimals, t1.decimals);
          this.set(stock.id, (stock === t0 ? price0In1 : 1 / price0In1) * quoteUsd);
        });
      } else if (i.kind === 'cex-market' && instruments.has(i.base) && instruments.get(i.base).kind === 'tokenized-stock') {
        subscribe(Topics.cexQuotes(i.id), (e) => {
          if (e.type === 'cex.quote' && e.bid > 0 && e.ask > 0) this.set(i.base, (e.bid + e.ask) / 2);
        });
      }
    }
  }

  get(token: string): number | undefined {
    return this.prices.get(token);
  }

  private set(token: string, price: number): void {
    this.prices.set(token, price);
    this.onUpdate(token, price);
  }
}
