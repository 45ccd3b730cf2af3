import type { CorporateAction, EquityQuote, MarketDataEvent, MarketStatusValue } from './events';
import type { MarketDataListener } from './execution';
import type { InstrumentRegistry, TokenizedStock } from './instruments';
import type { Micros } from './time';

/** What the market hours say; `UsEquityCalendar` implements it. */
export interface MarketHours {
  isRegularOpen(ts: Micros): boolean;
}

/** Fair value of one tokenized stock: underlying price x shares per token. */
export interface FairValue {
  readonly token: string;
  /** USD per token. */
  readonly price: number;
  /** Mid of the underlying's latest quote. */
  readonly underlyingPrice: number;
  readonly multiplier: number;
  /** The underlying's regular session is open and it is not halted: a hedge can be placed now. */
  readonly marketOpen: boolean;
  readonly status: MarketStatusValue;
  /** Receive time of the underlying quote behind the price. */
  readonly updatedAt: Micros;
}

export interface FairValueView {
  get(token: string): FairValue | undefined;
  /** Mid of an equity's latest quote. */
  underlyingMid(symbol: string): number | undefined;
}

interface Underlying {
  mid: number;
  updatedAt: Micros;
  halted: boolean;
}

interface TokenState {
  readonly instrument: TokenizedStock;
  multiplier: number;
  pending: { multiplier: number; activation: Micros } | undefined;
}

/**
 * Keeps the inputs of fair value per tokenized stock: the underlying's quotes, halts, and the token's
 * multiplier with its scheduled changes. While the underlying is closed, fair value is its last quote (the
 * richer 24/7 references come with the full fair-value service).
 */
export class FairValueService implements FairValueView, MarketDataListener {
  private readonly underlyings = new Map<string, Underlying>();
  private readonly tokens = new Map<string, TokenState>();
  private readonly tokensByUnderlying = new Map<string, TokenState[]>();
  /** Called with (asset, USD price) whenever a mark changes, so the portfolio can mark to fair value. */
  onMark: ((asset: string, price: number) => void) | undefined;

  constructor(
    instruments: InstrumentRegistry,
    private readonly hours: MarketHours,
    private readonly now: () => Micros,
  ) {
    for (const i of instruments.all()) {
      if (i.kind !== 'tokenized-stock') continue;
      const state: TokenState = { instrument: i, multiplier: i.multiplier, pending: undefined };
      this.tokens.set(i.id, state);
      const list = this.tokensByUnderlying.get(i.underlying) ?? [];
      list.push(state);
      this.tokensByUnderlying.set(i.underlying, list);
    }
  }

  onMarketData(event: MarketDataEvent): void {
    if (event.type === 'equity.quote') this.onQuote(event);
    else if (event.type === 'market.status') this.underlying(event.symbol).halted = event.status === 'halted';
    else if (event.type === 'corporate.action') this.onCorporateAction(event);
  }

  get(token: string): FairValue | undefined {
    const state = this.tokens.get(token);
    if (!state) return undefined;
    const u = this.underlyings.get(state.instrument.underlying);
    if (!u || u.mid === 0) return undefined;
    const multiplier = this.multiplierOf(state);
    const open = !u.halted && this.hours.isRegularOpen(this.now());
    return {
      token,
      price: u.mid * multiplier,
      underlyingPrice: u.mid,
      multiplier,
      marketOpen: open,
      status: u.halted ? 'halted' : open ? 'open' : 'closed',
      updatedAt: u.updatedAt,
    };
  }

  underlyingMid(symbol: string): number | undefined {
    const u = this.underlyings.get(symbol);
    return u && u.mid > 0 ? u.mid : undefined;
  }

  private onQuote(q: EquityQuote): void {
    // A one-sided quote (size 0 on a side) says nothing about the mid; keep the last one.
    if (!(q.bid > 0 && q.ask > 0 && q.bidSize > 0 && q.askSize > 0)) return;
    const u = this.underlying(q.symbol);
    u.mid = (q.bid + q.ask) / 2;
    u.updatedAt = q.tsRecv;
    if (!this.onMark) return;
    this.onMark(q.symbol, u.mid);
    for (const t of this.tokensByUnderlying.get(q.symbol) ?? []) this.onMark(t.instrument.id, u.mid * this.multiplierOf(t));
  }

  private onCorporateAction(a: CorporateAction): void {
    const state = this.tokens.get(a.token);
    if (state) state.pending = { multiplier: a.newMultiplier, activation: a.activation };
  }

  private multiplierOf(state: TokenState): number {
    if (state.pending && this.now() >= state.pending.activation) {
      state.multiplier = state.pending.multiplier;
      state.pending = undefined;
    }
    return state.multiplier;
  }

  private underlying(symbol: string): Underlying {
    let u = this.underlyings.get(symbol);
    if (!u) this.underlyings.set(symbol, (u = { mid: 0, updatedAt: 0, halted: false }));
    return u;
  }
}
