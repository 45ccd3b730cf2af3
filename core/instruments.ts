import { BaseError } from './errors';

/**
 * What can be traded or priced. Ids are stable strings used in config, recorded data and bus topics:
 * an equity `TSLA`, a token `TSLAx@ethereum`, a pool `uniswap-v2:ethereum:TSLAx-USDC`, a CEX market
 * `kraken:TSLAx/USD`.
 */
export type InstrumentKind = 'equity' | 'token' | 'tokenized-stock' | 'cex-market' | 'pool';

/** A US-listed share, traded at a broker during exchange hours. */
export interface Equity {
  readonly kind: 'equity';
  readonly id: string;
  readonly symbol: string;
  readonly currency: 'USD';
}

/** A fungible token on a chain; amounts on chain are integers in units of 10^-decimals. */
export interface Token {
  readonly kind: 'token';
  readonly id: string;
  readonly symbol: string;
  readonly chain: string;
  readonly decimals: number;
  readonly address?: string;
  /** Price in USD when the token is a dollar stablecoin treated as cash (USDC = 1). */
  readonly usdPeg?: number;
}

/**
 * A token that tracks a share (xStocks, Robinhood stock tokens, MyStonks, Ondo).
 * One token is worth `multiplier` shares; the multiplier changes with dividends and splits.
 */
export interface TokenizedStock extends Omit<Token, 'kind' | 'usdPeg'> {
  readonly kind: 'tokenized-stock';
  /** Id of the underlying Equity. */
  readonly underlying: string;
  /** Shares per token at the start of the data; later changes arrive as corporate-action events. */
  readonly multiplier: number;
  readonly issuer?: string;
}

/** A spot market on a centralised exchange. */
export interface CexMarket {
  readonly kind: 'cex-market';
  readonly id: string;
  readonly venue: string;
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
}

/** A constant-product AMM pool (Uniswap V2 family). `feePips` is the fee in millionths (3000 = 0.3 %). */
export interface Pool {
  readonly kind: 'pool';
  readonly id: string;
  readonly protocol: 'uniswap-v2';
  readonly chain: string;
  readonly address?: string;
  /** Token ids; token0 sorts first as in the contract. */
  readonly token0: string;
  readonly token1: string;
  readonly feePips: number;
}

export type Instrument = Equity | Token | TokenizedStock | CexMarket | Pool;
export type ChainAsset = Token | TokenizedStock;

/** Look-up of instruments by id with typed accessors that fail loudly on a wrong id or kind. */
export class InstrumentRegistry {
  private readonly byId = new Map<string, Instrument>();

  constructor(instruments: Iterable<Instrument> = []) {
    for (const i of instruments) this.add(i);
  }

  add(instrument: Instrument): void {
    if (this.byId.has(instrument.id)) {
      throw new BaseError('INSTRUMENT_UNKNOWN', `instrument "${instrument.id}" is defined twice`);
    }
    this.byId.set(instrument.id, instrument);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): Instrument {
    const found = this.byId.get(id);
    if (!found) throw new BaseError('INSTRUMENT_UNKNOWN', `unknown instrument "${id}"`, { details: { id } });
    return found;
  }

  all(): Instrument[] {
    return [...this.byId.values()];
  }

  equity(id: string): Equity {
    return this.expect(id, 'equity') as Equity;
  }

  pool(id: string): Pool {
    return this.expect(id, 'pool') as Pool;
  }

  tokenizedStock(id: string): TokenizedStock {
    return this.expect(id, 'tokenized-stock') as TokenizedStock;
  }

  /** A token or tokenized stock: anything with decimals on a chain. */
  chainAsset(id: string): ChainAsset {
    const i = this.get(id);
    if (i.kind !== 'token' && i.kind !== 'tokenized-stock') {
      throw new BaseError('INSTRUMENT_UNKNOWN', `instrument "${id}" is a ${i.kind}, not a token`, { details: { id } });
    }
    return i;
  }

  private expect(id: string, kind: InstrumentKind): Instrument {
    const i = this.get(id);
    if (i.kind !== kind) {
      throw new BaseError('INSTRUMENT_UNKNOWN', `instrument "${id}" is a ${i.kind}, not a ${kind}`, { details: { id } });
    }
    return i;
  }
}
