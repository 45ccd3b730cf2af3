import type { UsEquitySession } from './calendar/us-equity';
import type { CexQuote, CorporateAction, EquityQuote, MarketDataEvent, MarketStatusValue } from './events';
import type { MarketDataListener } from './execution';
import type { InstrumentRegistry, TokenizedStock } from './instruments';
import { MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND, type Micros } from './time';

/** What the market hours say; `UsEquityCalendar` implements it. */
export interface MarketHours {
  isRegularOpen(ts: Micros): boolean;
}

/** Market hours with the session names; `UsEquityCalendar` implements it. */
export interface SessionCalendar extends MarketHours {
  sessionAt(ts: Micros): UsEquitySession;
}

/** Where the price behind a fair value came from. */
export type FairValueSource = 'underlying' | 'reference' | 'last-print';

/** Fair value of one tokenized stock: underlying price x shares per token, with how much to trust it. */
export interface FairValue {
  readonly token: string;
  /** USD per token. */
  readonly price: number;
  /** Underlying price used (USD per share). */
  readonly underlyingPrice: number;
  readonly multiplier: number;
  /** The underlying's regular session is open and it is not halted: a hedge can be placed now. */
  readonly marketOpen: boolean;
  /** The underlying's session now, or `halted`. */
  readonly session: UsEquitySession | 'halted';
  readonly status: MarketStatusValue;
  readonly source: FairValueSource;
  /** Half-width of the confidence band around `price`, USD per token. */
  readonly band: number;
  /** Receive time of the input behind `price` (an underlying quote or the reference's quote). */
  readonly updatedAt: Micros;
  /** Receive time of the underlying's latest quote. */
  readonly lastPrintAt: Micros;
  /** False while a corporate action makes the theoretical price unreliable; `reason` says why. */
  readonly tradable: boolean;
  readonly reason?: string;
}

export interface FairValueView {
  get(token: string): FairValue | undefined;
  /** Mid of an equity's latest quote. */
  underlyingMid(symbol: string): number | undefined;
  /** Receive time of an equity's latest quote. */
  underlyingUpdatedAt(symbol: string): Micros | undefined;
}

/** Per-token settings of the fair-value service (config section `fairValue.tokens`). */
export interface TokenFairValueConfig {
  /**
   * A 24/7 price used while the underlying's regular session is closed: a CEX market quoting the token
   * itself (`kind: token`) or the underlying (`kind: underlying`, e.g. a perp), ignored once older than
   * `maxAgeSec`.
   */
  reference?: { market: string; kind: 'token' | 'underlying'; maxAgeSec: number };
  /** Band half-width on a fresh print, bps of price. */
  baseBandBps: number;
  /** Widening of the band with time since the input's print: bps x sqrt(hours), as volatility scales. */
  bandBpsPerSqrtHour: number;
  /** Stop trading this long before a multiplier activation (Chainlink's advice for tokenized equities). */
  pauseBeforeActivationSec: number;
}

export const DEFAULT_TOKEN_FAIR_VALUE: TokenFairValueConfig = { baseBandBps: 5, bandBpsPerSqrtHour: 60, pauseBeforeActivationSec: 3600 };

interface Underlying {
  mid: number;
  updatedAt: Micros;
  halted: boolean;
}

interface TokenState {
  readonly instrument: TokenizedStock;
  readonly config: TokenFairValueConfig;
  multiplier: number;
  pending: { multiplier: number; activation: Micros } | undefined;
  /** Activation time of a change not yet confirmed by a regular-session print; 0 when none. */
  awaitingPrintSince: Micros;
}

/**
 * Fair value per tokenized stock from the underlying's quotes, halts, the token's multiplier with its
 * scheduled changes, the US session, and a 24/7 reference while the market is closed. A band that widens
 * with the age of the input says how far to trust it. Around a multiplier change the token is not tradable
 * from `pauseBeforeActivationSec` before the activation until the first regular-session print after it.
 */
export class FairValueService implements FairValueView, MarketDataListener {
  private readonly underlyings = new Map<string, Underlying>();
  private readonly tokens = new Map<string, TokenState>();
  private readonly tokensByUnderlying = new Map<string, TokenState[]>();
  private readonly referenceQuotes = new Map<string, { mid: number; updatedAt: Micros }>();
  private readonly referenceMarkets = new Set<string>();
  /** Sessions change on whole minutes: the session of the current minute is cached. */
  private sessionCache = { minute: -1, session: 'weekend' as UsEquitySession };
  /** Called with (asset, USD price) whenever a mark changes, so the portfolio can mark to fair value. */
  onMark: ((asset: string, price: number) => void) | undefined;

  constructor(
    instruments: InstrumentRegistry,
    private readonly calendar: SessionCalendar,
    private readonly now: () => Micros,
    configs: Readonly<Record<string, Partial<TokenFairValueConfig>>> = {},
  ) {
    for (const i of instruments.all()) {
      if (i.kind !== 'tokenized-stock') continue;
      const config = { ...DEFAULT_TOKEN_FAIR_VALUE, ...configs[i.id] };
      const state: TokenState = { instrument: i, config, multiplier: i.multiplier, pending: undefined, awaitingPrintSince: 0 };
      this.tokens.set(i.id, state);
      const list = this.tokensByUnderlying.get(i.underlying) ?? [];
      list.push(state);
      this.tokensByUnderlying.set(i.underlying, list);
      if (config.reference) this.referenceMarkets.add(config.reference.market);
    }
  }

  onMarketData(event: MarketDataEvent): void {
    if (event.type === 'equity.quote') this.onQuote(event);
    else if (event.type === 'cex.quote') this.onReferenceQuote(event);
    else if (event.type === 'market.status') this.underlying(event.symbol).halted = event.status === 'halted';
    else if (event.type === 'corporate.action') this.onCorporateAction(event);
  }

  get(token: string): FairValue | undefined {
    const state = this.tokens.get(token);
    if (!state) return undefined;
    const u = this.underlyings.get(state.instrument.underlying);
    if (!u || u.mid === 0) return undefined;
    const now = this.now();
    const multiplier = this.multiplierOf(state);
    const calendarSession = this.session(now);
    const session = u.halted ? 'halted' : calendarSession;
    const open = session === 'regular';
    let underlyingPrice = u.mid;
    let source: FairValueSource = open || calendarSession === 'pre' || calendarSession === 'post' ? 'underlying' : 'last-print';
    let updatedAt = u.updatedAt;
    const reference = this.usableReference(state, now, u.updatedAt);
    if (!open && reference) {
      underlyingPrice = state.config.reference?.kind === 'token' ? reference.mid / multiplier : reference.mid;
      source = 'reference';
      updatedAt = reference.updatedAt;
    }
    const price = underlyingPrice * multiplier;
    const ageHours = Math.max(0, now - updatedAt) / MICROS_PER_HOUR;
    const bandBps = state.config.baseBandBps + state.config.bandBpsPerSqrtHour * Math.sqrt(ageHours);
    const blocked = this.corporateActionBlock(state, now);
    return {
      token,
      price,
      underlyingPrice,
      multiplier,
      marketOpen: open,
      session,
      status: u.halted ? 'halted' : open ? 'open' : 'closed',
      source,
      band: (price * bandBps) / 10_000,
      updatedAt,
      lastPrintAt: u.updatedAt,
      tradable: blocked === undefined,
      ...(blocked === undefined ? {} : { reason: blocked }),
    };
  }

  underlyingMid(symbol: string): number | undefined {
    const u = this.underlyings.get(symbol);
    return u && u.mid > 0 ? u.mid : undefined;
  }

  underlyingUpdatedAt(symbol: string): Micros | undefined {
    const u = this.underlyings.get(symbol);
    return u && u.mid > 0 ? u.updatedAt : undefined;
  }

  private onQuote(q: EquityQuote): void {
    // A one-sided quote (size 0 on a side) says nothing about the mid; keep the last one.
    if (!(q.bid > 0 && q.ask > 0 && q.bidSize > 0 && q.askSize > 0)) return;
    const u = this.underlying(q.symbol);
    u.mid = (q.bid + q.ask) / 2;
    u.updatedAt = q.tsRecv;
    const tokens = this.tokensByUnderlying.get(q.symbol) ?? [];
    if (this.session(q.tsRecv) === 'regular') {
      for (const t of tokens) if (t.awaitingPrintSince !== 0 && q.tsRecv >= t.awaitingPrintSince) t.awaitingPrintSince = 0;
    }
    if (!this.onMark) return;
    this.onMark(q.symbol, u.mid);
    for (const t of tokens) this.onMark(t.instrument.id, u.mid * this.multiplierOf(t));
  }

  private onReferenceQuote(q: CexQuote): void {
    if (!this.referenceMarkets.has(q.market) || !(q.bid > 0 && q.ask > 0)) return;
    this.referenceQuotes.set(q.market, { mid: (q.bid + q.ask) / 2, updatedAt: q.tsRecv });
  }

  /** The reference quote, if configured, fresh, and newer than the underlying's last print. */
  private usableReference(state: TokenState, now: Micros, lastPrintAt: Micros): { mid: number; updatedAt: Micros } | undefined {
    const ref = state.config.reference;
    const quote = ref && this.referenceQuotes.get(ref.market);
    if (!ref || !quote) return undefined;
    if (now - quote.updatedAt > ref.maxAgeSec * MICROS_PER_SECOND || quote.updatedAt <= lastPrintAt) return undefined;
    return quote;
  }

  private onCorporateAction(a: CorporateAction): void {
    const state = this.tokens.get(a.token);
    if (state) state.pending = { multiplier: a.newMultiplier, activation: a.activation };
  }

  private corporateActionBlock(state: TokenState, now: Micros): string | undefined {
    if (state.pending && now >= state.pending.activation - state.config.pauseBeforeActivationSec * MICROS_PER_SECOND) {
      return `multiplier change to ${state.pending.multiplier} activates at ${state.pending.activation}`;
    }
    if (state.awaitingPrintSince !== 0) return 'multiplier changed: waiting for the first regular-session print after it';
    return undefined;
  }

  private multiplierOf(state: TokenState): number {
    if (state.pending && this.now() >= state.pending.activation) {
      state.multiplier = state.pending.multiplier;
      state.awaitingPrintSince = state.pending.activation;
      state.pending = undefined;
    }
    return state.multiplier;
  }

  private session(ts: Micros): UsEquitySession {
    const minute = Math.floor(ts / MICROS_PER_MINUTE);
    if (minute !== this.sessionCache.minute) this.sessionCache = { minute, session: this.calendar.sessionAt(ts) };
    return this.sessionCache.session;
  }

  private underlying(symbol: string): Underlying {
    let u = this.underlyings.get(symbol);
    if (!u) this.underlyings.set(symbol, (u = { mid: 0, updatedAt: 0, halted: false }));
    return u;
  }
}
