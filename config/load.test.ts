import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../core/errors';
import { isSecretKey, loadConfigFile, parseConfigText } from './load';

const botSchema = z.strictObject({
  name: z.string().min(1),
  venue: z.strictObject({
    id: z.string().min(1),
    mode: z.enum(['paper', 'live']).default('paper'),
    apiKeyEnv: z.string().optional(),
  }),
  strategies: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        params: z.strictObject({
          minEdgeBps: z.number().min(0),
          maxTradeUsd: z.number().positive(),
          slippageBps: z.number().min(0).default(50),
        }),
      }),
    )
    .min(1),
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'repeg-config-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function issuesOf(load: () => unknown): ConfigIssue[] {
  return [...configError(load).issues];
}

describe('loadConfigFile', () => {
  it('returns the typed config with defaults applied', () => {
    const file = writeConfig('valid.yaml', [
      'name: demo',
      'venue:',
      '  id: broker',
      '  apiKeyEnv: ALPACA_KEY_ID',
      'strategies:',
      '  - id: first',
      '    params: { minEdgeBps: 10, maxTradeUsd: 500 }',
    ]);

    expect(loadConfigFile(file, botSchema)).toEqual({
      name: 'demo',
      venue: { id: 'broker', mode: 'paper', apiKeyEnv: 'ALPACA_KEY_ID' },
      strategies: [{ id: 'first', params: { minEdgeBps: 10, maxTradeUsd: 500, slippageBps: 50 } }],
    });
  });

  it('reports every violation at once, in file order, each with its path and line', () => {
    const file = writeConfig('invalid.yaml', [
      'name: demo', //          1
      'venue:', //              2
      '  id: broker', //        3
      'strategies:', //         4
      '  - id: first', //       5
      '    params:', //         6
      '      minEdgeBps: -1', // 7: out of range
      '      maxTradeUsd: 100', // 8
      '      slippageBp: 5', // 9: unknown key
      '  - id: second', //      10
      '    params:', //         11: maxTradeUsd missing
      '      minEdgeBps: ten', // 12: wrong type
    ]);

    const error = configError(() => loadConfigFile(file, botSchema));

    expect(error.file).toBe(file);
    expect(error.issues).toEqual([
      { path: 'strategies[0].params.minEdgeBps', line: 7, message: 'must be >= 0' },
      { path: 'strategies[0].params.slippageBp', line: 9, message: 'unknown key "slippageBp"' },
      { path: 'strategies[1].params.maxTradeUsd', line: 11, message: 'required' },
      { path: 'strategies[1].params.minEdgeBps', line: 12, message: 'expected number, got string "ten"' },
    ]);
    expect(error.message).toContain(`${file}:12 strategies[1].params.minEdgeBps: expected number, got string "ten"`);
  });

  it('reports a missing file as one issue', () => {
    const file = join(dir, 'absent.yaml');

    expect(issuesOf(() => loadConfigFile(file, botSchema))).toEqual([{ path: '', message: 'file not found' }]);
  });

  it('refuses a secret written in the file without quoting it', () => {
    const secret = 'sk-live-0123456789abcdef';
    const file = writeConfig('secret.yaml', [
      'name: demo',
      'venue:',
      '  id: broker',
      `  apiKey: ${secret}`,
      'strategies: []',
    ]);

    const error = configError(() => loadConfigFile(file, botSchema));

    expect(error.issues).toEqual([
      { path: 'venue.apiKey', line: 4, message: expect.stringContaining('"apiKeyEnv: VARIABLE_NAME"') },
      { path: 'strategies', line: 5, message: 'must not be empty' },
    ]);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error.details)).not.toContain(secret);
  });

  it('redacts a secret that a schema message elsewhere would quote', () => {
    const schema = z.strictObject({ password: z.string() }).refine(() => false, { error: (issue) => `rejected ${JSON.stringify(issue.input)}` });

    expect(issuesOf(() => parseConfigText('password: hunter2\n', 'x.yaml', schema))).toEqual([
      { path: 'password', line: 1, message: expect.stringContaining('looks like a secret') },
      { path: '', line: 1, message: 'rejected {"password":"<redacted>"}' },
    ]);
  });
});

describe('parseConfigText', () => {
  const parse = (lines: string[]) => () => parseConfigText(lines.join('\n') + '\n', 'bot.yaml', botSchema);

  it('reports a YAML syntax error with its line', () => {
    const issues = issuesOf(parse(['name: demo', 'venue:', '  id: broker', ' mode: paper', 'strategies: []']));

    expect(issues).toEqual([{ path: '', line: 4, message: 'All mapping items must start at the same column' }]);
  });

  it('refuses duplicate keys, naming the key and its path', () => {
    expect(issuesOf(parse(['name: demo', 'venue:', '  id: a', '  id: b', 'strategies: []']))).toEqual([
      { path: 'venue.id', line: 4, message: 'duplicate key "id"' },
    ]);
  });

  it('refuses a second document', () => {
    expect(issuesOf(parse(['name: demo', '---', 'name: other']))).toEqual([
      { path: '', line: 2, message: expect.stringContaining('a config file holds one') },
    ]);
  });

  it('points at an alias to an unknown anchor', () => {
    expect(issuesOf(parse(['name: *botName']))).toEqual([{ path: 'name', line: 1, message: 'unknown anchor "*botName"' }]);
  });

  it('reports an empty file', () => {
    expect(issuesOf(parse(['# nothing yet']))).toEqual([{ path: '', line: 1, message: 'the file is empty' }]);
  });

  it('puts root problems on line 1 and explains enums, list items and wrong shapes', () => {
    const issues = issuesOf(
      parse([
        'venue:', //              1
        '  id: broker', //        2
        '  mode: demo', //        3
        'strategies:', //         4
        '  - 5', //               5
        '  - id: ""', //          6
        '    params: [1, 2]', //  7
      ]),
    );

    expect(issues).toEqual([
      { path: 'name', line: 1, message: 'required' },
      { path: 'venue.mode', line: 3, message: 'expected one of "paper", "live", got "demo"' },
      { path: 'strategies[0]', line: 5, message: 'expected map, got number 5' },
      { path: 'strategies[1].id', line: 6, message: 'must not be empty' },
      { path: 'strategies[1].params', line: 7, message: 'expected map, got a list' },
    ]);
  });

  it('keeps a message the schema sets itself', () => {
    const schema = z.strictObject({ size: z.number().refine((n) => n % 2 === 0, 'must be even') });

    expect(issuesOf(() => parseConfigText('size: 3\n', 'x.yaml', schema))).toEqual([{ path: 'size', line: 1, message: 'must be even' }]);
  });

  it('never lets an error other than ConfigError escape', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]'];

    expect(issuesOf(() => parseConfigText(bomb.join('\n'), 'bomb.yaml', z.unknown()))).toEqual([
      { path: '', message: expect.stringContaining('Excessive alias count') },
    ]);
  });
});

describe('isSecretKey', () => {
  it.each(['privateKey', 'apiKey', 'API_KEY', 'apiSecret', 'secret', 'walletPassword', 'mnemonic', 'PassPhrase'])('treats %s as a secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['apiKeyEnv', 'PRIVATE_KEY_ENV', 'secretEnv', 'token', 'venue', 'minEdgeBps'])('lets %s hold a value', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});
