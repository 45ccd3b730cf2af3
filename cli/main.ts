import { Command, InvalidArgumentError } from 'commander';
import { BaseError } from '../core/errors';
import { backtestCommand } from './backtest';
import { registerSweepCommand } from './sweep';
import { convertCommand } from './convert';
import { synthCommand } from './synth';

/** Exit codes: 0 ok, 1 unexpected failure, 2 bad config or usage, 3 bad market data. */
export const EXIT = { ok: 0, failure: 1, config: 2, data: 3 } as const;

export function buildProgram(): Command {
  const program = new Command()
    .name('repeg')
    .description('Market-making and arbitrage bots for tokenized US stocks')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('backtest')
    .description('replay recorded data through a config\'s strategies on simulated venues')
    .requiredOption('-c, --config <file>', 'run config (YAML)')
    .requiredOption('-o, --out <dir>', 'output folder for summary.json, trades.csv and the log')
    .option('--log-level <level>', 'stderr log level: error, warn, info, debug', 'warn')
    .option('--json', 'print summary.json to stdout instead of the table')
    .action(backtestCommand);

  registerSweepCommand(program, integer);

  const data = program.command('data').description('recorded data tools');
  data
    .command('synth')
    .description('write the synthetic TSLAx week (equity quotes and a thin V2 pool) as repeg NDJSON')
    .option('--seed <n>', 'random seed', integer, 42)
    .requiredOption('-o, --out <dir>', 'output folder')
    .action(synthCommand);
  data
    .command('convert')
    .description('merge repeg NDJSON recordings into one binary file (repeg binary v1) for fast replay')
    .argument('<inputs...>', 'NDJSON files (plain or gzip)')
    .requiredOption('-o, --out <file>', 'the binary file to write')
    .action(convertCommand);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    return report(error);
  }
}

function report(error: unknown): number {
  if (error && typeof error === 'object' && 'exitCode' in error && 'code' in error && String(error.code).startsWith('commander.')) {
    // commander already printed the usage problem (or the help/version it was asked for).
    const code = Number(error.exitCode);
    return code === 0 ? EXIT.ok : EXIT.config;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`repeg: ${message}\n`);
  if (error instanceof BaseError) {
    if (error.code === 'CONFIG_INVALID' || error.code === 'USAGE') return EXIT.config;
    if (error.code === 'DATA_INVALID' || error.code === 'DATA_OUT_OF_ORDER') return EXIT.data;
  }
  if (!(error instanceof BaseError) && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return EXIT.failure;
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('not an integer');
  return n;
}

if (require.main === module) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
