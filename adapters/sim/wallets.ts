import { InvariantError } from '../../core/errors';

/**
 * Exact on-chain balances (token units) of the accounts simulated venues share: the pool venue spends
 * from a wallet, the issuer delivers into it. One instance per run.
 */
export class SimWallets {
  private readonly balances = new Map<string, bigint>();

  balance(account: string, token: string): bigint {
    return this.balances.get(key(account, token)) ?? 0n;
  }

  /** Adds (or, negative, removes) units; a balance never goes below zero. */
  move(account: string, token: string, delta: bigint): void {
    const next = this.balance(account, token) + delta;
    if (next < 0n) throw new InvariantError(`${account} would hold ${next} units of ${token}`, { account, token, delta: delta.toString() });
    this.balances.set(key(account, token), next);
  }
}

function key(account: string, token: string): string {
  return `${account}\u0000${token}`;
}
