import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import Table from 'cli-table3';
import { runConfigSchema } from '../bots/config';
import { createLogger, type LogLevel } from '../bots/logging';
import { loadConfigFile } from '../config/load';
import { ProgressBar } from './progress';
import { runBacktest, writeBacktestOutputs } from '../backtest/run';
import type { BacktestSummary } from '../backtest/summary';

interface BacktestFlags {
  config: string;
  out: string;
  logLevel: LogLevel;
  json?: boolean;
}

export async function backtestCommand(flags: BacktestFlags): Promise<void> {
  const config = loadConfigFile(flags.config, runConfigSchema);
  mkdirSync(flags.out, { recursive: true });
  const log = createLogger({ level: flags.logLevel, file: join(flags.out, 'backtest.log'), fileLevel: 'info' });
  try {
    const progress = flags.json ? undefined : ProgressBar.forTerminal('replay');
    const result = await runBacktest({ config, configFile: flags.config, log, onProgress: progress && ((p) => progress.update(p)) });
    progress?.stop();
    const files = writeBacktestOutputs(flags.out, result);
    if (flags.json) process.stdout.write(`${JSON.stringify(result.summary, null, 2)}\n`);
    else process.stdout.write(`${summaryTable(result.summary)}\nwrote ${files.join(', ')}\n`);
  } finally {
    await log.close();
  }
}

function summaryTable(s: BacktestSummary): string {
  const usd = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // Colour only on a terminal: piped output and CI logs stay plain text.
  const plain = !process.stdout.isTTY;
  const table = new Table({ head: ['backtest', s.name], style: plain ? { head: [], border: [] } : {} });
  const inventory = Object.entries(s.endInventory)
    .map(([account, assets]) => `${account}: ${Object.entries(assets).map(([a, q]) => `${a} ${+q.toFixed(6)}`).join(', ')}`)
    .join('\n');
  table.push(
    ['period', `${s.period.start} .. ${s.period.end}`],
    ['events', s.events.toLocaleString('en-US')],
    ['trades', `${s.trades} (${Object.entries(s.tradesByTag).map(([t, n]) => `${t} ${n}`).join(', ') || 'none'})`],
    ['orders denied / rejected', `${s.orders.denied} / ${s.orders.rejected}`],
    ['PnL total (USD)', usd(s.pnl.total)],
    ['  realized', usd(s.pnl.realized)],
    ['  unrealized', usd(s.pnl.unrealized)],
    ['  fees', usd(-s.fees)],
    ['  gas', usd(-s.gas)],
    ['max drawdown', `${usd(s.maxDrawdown.usd)} USD (${(s.maxDrawdown.pct * 100).toFixed(3)} %)`],
    ['end inventory', inventory],
  );
  return table.toString();
}
