import { SimBrokerVenue } from '../adapters/sim/broker-venue';
import { Eip1559GasModel } from '../adapters/sim/gas';
import { SimMintRedeemVenue } from '../adapters/sim/mint-redeem-venue';
import { SimUniswapV2Venue } from '../adapters/sim/uniswap-v2-venue';
import { SimWallets } from '../adapters/sim/wallets';
import { UsEquityCalendar } from '../core/calendar/us-equity';
import type { Clock } from '../core/clock';
import { ConfigError } from '../core/errors';
import { FairValueService, type MarketHours } from '../core/fair-value';
import { MessageBus } from '../core/bus';
import { type Instrument, InstrumentRegistry } from '../core/instruments';
import { Kernel } from '../core/kernel';
import type { Logger } from '../core/log';
import { Portfolio } from '../core/portfolio';
import { toUnitsFloor } from '../core/units';
import type { RiskConfig } from '../risk/config';
import { RiskManager } from '../risk/risk-manager';
import { createStrategy } from '../strategies/registry';
import type { RunConfig } from './config';

export interface Assembled {
  kernel: Kernel;
  portfolio: Portfolio;
  instruments: InstrumentRegistry;
  fairValue: FairValueService;
  risk: RiskManager;
  calendar: UsEquityCalendar;
}

/**
 * Builds the kernel for a run on simulated venues (backtest now, paper later): the same kernel, risk
 * manager and strategies as live, with the venue clients swapped for simulators.
 */
export function assembleSimulated(config: RunConfig, clock: Clock, log: Logger, configFile: string): Assembled {
  const instruments = new InstrumentRegistry(instrumentsOf(config));
  const calendar = new UsEquityCalendar();
  const now = () => clock.now();
  const cashPegs: Record<string, number> = {};
  for (const t of config.instruments.tokens) if (t.usdPeg !== undefined) cashPegs[t.id] = t.usdPeg;
  if (config.venues.broker) cashPegs[config.venues.broker.currency] = 1;
  const portfolio = new Portfolio(cashPegs);
  const fairValue = new FairValueService(instruments, calendar, now, config.fairValue.tokens);
  const { kernel, risk } = assembleKernel({ clock, instruments, portfolio, fairValue, hours: calendar, log, risk: config.risk, cashAssets: new Set(Object.keys(cashPegs)) });

  for (const [account, assets] of Object.entries(config.accounts)) {
    for (const [asset, qty] of Object.entries(assets)) portfolio.deposit(account, asset, qty);
  }
  const wallets = new SimWallets();
  for (const p of config.venues.pools) {
    for (const [asset, qty] of Object.entries(config.accounts[p.account] ?? {})) {
      if (qty < 0) throw new ConfigError(configFile, [{ path: `accounts.${p.account}.${asset}`, message: 'a wallet cannot hold a negative balance' }]);
      wallets.move(p.account, asset, toUnitsFloor(qty, instruments.chainAsset(asset).decimals));
    }
    kernel.addVenue(
      new SimUniswapV2Venue(
        {
          venue: p.venue,
          chain: p.chain,
          account: p.account,
          swapGasUnits: p.swapGasUnits,
          revertGasUnits: p.revertGasUnits,
          latencyUs: p.latencyMs * 1000,
          gas: new Eip1559GasModel({ baseFeeGwei: p.baseFeeGwei, priorityFeeGwei: p.priorityFeeGwei, maxFeeGwei: p.maxFeeGwei, nativeUsd: p.nativeUsd }),
          wallets,
        },
        instruments,
        clock,
      ),
    );
  }
  for (const issuer of config.venues.issuers) {
    const listings = new Map(issuer.tokens.map((t) => [t.token, { token: instruments.chainAsset(t.token), cash: instruments.chainAsset(t.cash) }]));
    kernel.addVenue(
      new SimMintRedeemVenue(
        { venue: issuer.venue, walletAccount: issuer.walletAccount, pendingAccount: issuer.pendingAccount, feeBps: issuer.feeBps, minQty: issuer.minQty, settlementDays: issuer.settlementDays },
        listings,
        { wallets, fairValue, calendar, clock },
      ),
    );
  }
  const b = config.venues.broker;
  if (b) {
    kernel.addVenue(
      new SimBrokerVenue(
        {
          venue: b.venue,
          account: b.account,
          currency: b.currency,
          slippageBps: b.slippageBps,
          commissionPerShare: b.commissionPerShare,
          maxQuoteAgeUs: b.maxQuoteAgeSec * 1e6,
          cashAccount: b.cashAccount,
          buyingPowerMultiplier: b.buyingPowerMultiplier,
          allowShort: b.allowShort,
          balances: config.accounts[b.account] ?? {},
        },
        calendar,
        now,
      ),
    );
  }
  for (const s of config.strategies) kernel.addStrategy(createStrategy(s));
  return { kernel, portfolio, instruments, fairValue, risk, calendar };
}

export interface KernelInputs {
  clock: Clock;
  instruments: InstrumentRegistry;
  portfolio: Portfolio;
  fairValue: FairValueService;
  hours: MarketHours;
  log: Logger;
  risk: RiskConfig;
  cashAssets: ReadonlySet<string>;
}

/** The kernel with its risk manager in the order path, on one bus. The same for every environment. */
export function assembleKernel(i: KernelInputs): { kernel: Kernel; risk: RiskManager } {
  const bus = new MessageBus();
  const risk: RiskManager = new RiskManager(i.risk, {
    portfolio: i.portfolio,
    fairValue: i.fairValue,
    instruments: i.instruments,
    hours: i.hours,
    clock: i.clock,
    cashAssets: i.cashAssets,
    subscribe: (topic, handler) => bus.subscribe(topic, handler),
    // The kernel is built next; the risk manager reports only once it runs.
    onStateChange: (event) => kernel.tradingStateChanged(event),
    cancelAll: () => kernel.cancelAllOpenOrders(),
  });
  const kernel: Kernel = new Kernel({ clock: i.clock, bus, instruments: i.instruments, portfolio: i.portfolio, fairValue: i.fairValue, gate: risk, log: i.log });
  return { kernel, risk };
}

function instrumentsOf(config: RunConfig): Instrument[] {
  const i = config.instruments;
  return [
    ...i.equities.map((e) => ({ kind: 'equity' as const, currency: 'USD' as const, ...e })),
    ...i.tokens.map((t) => ({ kind: 'token' as const, ...t })),
    ...i.tokenizedStocks.map((t) => ({ kind: 'tokenized-stock' as const, ...t })),
    ...i.pools.map((p) => ({ kind: 'pool' as const, ...p })),
  ];
}
