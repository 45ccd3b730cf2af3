import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'repeg.js');

/** Runs the built CLI as a user would (`npx repeg ...` runs this same file). */
function repeg(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'repeg-cli-'));

describe('repeg CLI', () => {
  it('runs the README backtest and writes summary.json and trades.csv', () => {
    const out = join(tmp(), 'depeg-arb');
    const r = repeg(['backtest', '--config', 'examples/depeg-arb.yaml', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PnL total \(USD\)/);
    expect(r.stdout).toMatch(/events\s+│ 21,560/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    for (const key of ['events', 'trades', 'fees', 'gas', 'maxDrawdown', 'endInventory']) expect(summary).toHaveProperty(key);
    for (const key of ['total', 'realized', 'unrealized']) expect(typeof summary.pnl[key]).toBe('number');
    const csv = readFileSync(join(out, 'trades.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('time,tsUs,strategy,orderId,tag,venue,account,asset,side,qty,price,fee,gasUsd,fairValue,edgeBps');
    expect(csv).toHaveLength(summary.trades + 1);
  }, 60_000);

  it('reports every problem of a malformed config with file, line and path, and exits 2', () => {
    const dir = tmp();
    const file = join(dir, 'bad.yaml');
    const text = readFileSync(join(ROOT, 'examples', 'depeg-arb.yaml'), 'utf8')
      .replace('maxOrdersPerSecond: 5', 'maxOrdersPerSecond: five')
      .replace('      minEdgeBps: 30', '      minEdgeBP: 30');
    writeFileSync(file, text);
    const r = repeg(['backtest', '--config', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(r.stderr).toContain(`${file}:${lineOf('maxOrdersPerSecond')} risk.global.maxOrdersPerSecond: expected number, got string "five"`);
    expect(r.stderr).toContain(`${file}:${lineOf('minEdgeBP')} strategies[0].params.minEdgeBP: unknown key "minEdgeBP"`);
    expect(r.stderr).toMatch(/2 problems/);
  });

  it('stops on a malformed data line, naming file, line and field, and exits 3', () => {
    const dir = tmp();
    const data = join(dir, 'quotes.ndjson');
    writeFileSync(
      data,
      [
        '# two good quotes, then a bad one',
        '{"type":"equity.quote","tsEvent":1772807400000000,"tsRecv":1772807400001000,"symbol":"TSLA","bid":250,"bidSize":100,"ask":250.02,"askSize":100}',
        '{"type":"equity.quote","tsEvent":1772807401000000,"tsRecv":1772807401001000,"symbol":"TSLA","bid":250,"bidSize":100,"ask":250.02,"askSize":100}',
        '{"type":"equity.quote","tsEvent":1772807402000000,"tsRecv":1772807402001000,"symbol":"TSLA","bid":"abc","bidSize":100,"ask":250.02,"askSize":100}',
      ].join('\n'),
    );
    const config = join(dir, 'run.yaml');
    copyFileSync(join(ROOT, 'examples', 'depeg-arb.yaml'), config);
    writeFileSync(config, readFileSync(config, 'utf8').replace(/data:\n( {2}- .*\n)+/, 'data:\n  - quotes.ndjson\n'));
    const r = repeg(['backtest', '--config', config, '--out', join(dir, 'out')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${data}:4 field "bid"`);
  });

  it('refuses an unknown command with usage help and exit 2', () => {
    const r = repeg(['backtset']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'backtset'/);
  });
});
