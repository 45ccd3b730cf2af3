/**
 * Active: anything within limits. Arbitrage-only (an asset whose depeg breaker tripped): no quoting, only
 * trades toward fair value within a smaller size. Reducing: only orders that shrink exposure. Halted:
 * nothing but cancels.
 */
export type TradingState = 'active' | 'arbitrage-only' | 'reducing' | 'halted';

const SEVERITY: Readonly<Record<TradingState, number>> = { active: 0, 'arbitrage-only': 1, reducing: 2, halted: 3 };

/** Something that holds a scope in a state until it is cleared, with the reason given to people. */
export interface Condition {
  readonly state: Exclude<TradingState, 'active'>;
  readonly reason: string;
}

export type StateChangeListener = (scope: string, from: TradingState, to: TradingState, reason: string) => void;

/**
 * The trading state of every scope (`global`, `strategy:<id>`, `asset:<id>`), derived from the conditions
 * that hold on it: the most severe wins. Each rule sets or clears its own condition by key; a change of the
 * derived state is reported once, with the reason of the condition that caused it.
 */
export class ScopeStates {
  private readonly conditions = new Map<string, Map<string, Condition>>();
  private readonly states = new Map<string, TradingState>();

  constructor(private readonly onChange: StateChangeListener) {}

  set(scope: string, key: string, condition: Condition | undefined): void {
    let held = this.conditions.get(scope);
    const previous = held?.get(key);
    if (previous?.state === condition?.state && previous?.reason === condition?.reason) return;
    if (!held) this.conditions.set(scope, (held = new Map()));
    if (condition) held.set(key, condition);
    else held.delete(key);
    const from = this.state(scope);
    const to = this.derive(held.values());
    if (to === from) return;
    this.states.set(scope, to);
    this.onChange(scope, from, to, condition && condition.state === to ? condition.reason : this.reasonFor(held, to, key));
  }

  state(scope: string): TradingState {
    return this.states.get(scope) ?? 'active';
  }

  /** The conditions on a scope, by key. */
  held(scope: string): ReadonlyMap<string, Condition> {
    return this.conditions.get(scope) ?? EMPTY;
  }

  /** The most severe state of the conditions, skipping those a caller is exempt from. */
  derive(conditions: Iterable<Condition>): TradingState {
    let state: TradingState = 'active';
    for (const c of conditions) if (SEVERITY[c.state] > SEVERITY[state]) state = c.state;
    return state;
  }

  private reasonFor(held: Map<string, Condition>, to: TradingState, clearedKey: string): string {
    for (const c of held.values()) if (c.state === to) return c.reason;
    return `${clearedKey} cleared`;
  }
}

const EMPTY: ReadonlyMap<string, Condition> = new Map();

export function moreSevere(a: TradingState, b: TradingState): TradingState {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}
