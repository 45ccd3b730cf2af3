import { readFileSync } from 'node:fs';
import { type Document, isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, visit, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../core/errors';
import { configIssueMessage, formatPath } from './messages';

/**
 * Loading a config file: YAML in, a typed value out, or one ConfigError listing every problem with its
 * path and line (docs/architecture.md, practice 7).
 *
 * Schemas are meant to be built from `z.strictObject` so that a misspelt key is an error, not a silently
 * ignored setting. Secrets never live in config: a key that looks like one (privateKey, apiKey, secret,
 * password, passphrase, mnemonic, in any case or spelling such as `api_key`) must not hold a value. The
 * config names the environment variable instead, under a key ending in `Env` (`apiKeyEnv: ALPACA_KEY_ID`),
 * and the bot reads the variable when it starts.
 */
export function loadConfigFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  return parseConfigText(readConfigText(file), file, schema);
}

/** A value set at a path of the document before validation (a sweep's parameter). */
export interface ConfigOverride {
  /** Keys and indices, as `parseConfigPath` makes them from `strategies[0].params.minEdgeBps`. */
  readonly path: readonly (string | number)[];
  readonly value: unknown;
}

/** As loadConfigFile, with values replaced first: they are validated as if the file held them. */
export function loadConfigWithOverrides<S extends z.ZodType>(file: string, schema: S, overrides: readonly ConfigOverride[]): z.output<S> {
  const text = readConfigText(file);
  if (overrides.length === 0) return parseConfigText(text, file, schema);
  const doc = parseDocument(text);
  for (const o of overrides) {
    // The parent must exist; a key the schema does not know is then reported by the validation below.
    if (o.path.length > 1 && !doc.hasIn(o.path.slice(0, -1))) throw new ConfigError(file, [{ path: formatPath(o.path), message: 'no such section in the file to set it in' }]);
    doc.setIn(o.path, o.value);
  }
  try {
    return parseConfigText(doc.toString(), file, schema);
  } catch (error) {
    // Lines would point into the re-written text, not the file: name the paths only.
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(file, error.issues.map((i) => ({ path: i.path, message: `${i.message} (with ${overrides.map((o) => `${formatPath(o.path)}=${JSON.stringify(o.value)}`).join(', ')})` })));
  }
}

/** `strategies[0].params.minEdgeBps` -> ['strategies', 0, 'params', 'minEdgeBps']. */
export function parseConfigPath(text: string): (string | number)[] {
  const path: (string | number)[] = [];
  for (const part of text.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new ConfigError('(command line)', [{ path: text, message: `not a config path: "${part}"` }]);
    path.push(m[1]!);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}

/** As loadConfigFile, for text already in memory; `file` names it in the error. */
export function parseConfigText<S extends z.ZodType>(text: string, file: string, schema: S): z.output<S> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  // A warning means yaml ignored something the author wrote (an unknown `!tag`); in config that is an error.
  const yamlIssues = [...doc.errors, ...doc.warnings].map((e) => yamlIssue(e, doc, lines)).concat(unresolvedAliases(doc, lines));
  if (yamlIssues.length > 0) throw new ConfigError(file, yamlIssues);
  if (doc.contents === null) throw new ConfigError(file, [{ path: '', line: 1, message: 'the file is empty' }]);

  const data = toPlainData(doc, file);
  const secrets = secretLiterals(doc);
  const result = schema.safeParse(data, { error: configIssueMessage });
  const schemaIssues = result.success ? [] : result.error.issues.flatMap((issue) => schemaIssue(issue, doc, lines));
  // The secret's own issue covers its key; any zod issue there would quote the value.
  const otherIssues = schemaIssues.filter((issue) => !secrets.some((s) => isAtOrUnder(issue.path, s.path)));
  // In file order, as the author reads the file.
  const issues = [...secrets.map((s) => secretIssue(s, lines)), ...redact(otherIssues, secrets)].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (!result.success || issues.length > 0) throw new ConfigError(file, issues);
  return result.data;
}

function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    const notFound = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ConfigError(file, [{ path: '', message: notFound ? 'file not found' : `cannot read the file: ${(cause as Error).message}` }], { cause });
  }
}

function toPlainData(doc: Document, file: string): unknown {
  try {
    return doc.toJS();
  } catch (cause) {
    // yaml's guard against alias expansion bombs ("Excessive alias count ...") throws here.
    throw new ConfigError(file, [{ path: '', message: (cause as Error).message }], { cause });
  }
}

function yamlIssue(error: YAMLError, doc: Document, lines: LineCounter): ConfigIssue {
  const line = lines.linePos(error.pos[0]).line;
  switch (error.code) {
    case 'DUPLICATE_KEY': {
      const path = pathAt(doc.contents, error.pos[0]);
      return { path: formatPath(path), line, message: `duplicate key ${JSON.stringify(String(path.at(-1)))}` };
    }
    case 'MULTIPLE_DOCS':
      return { path: '', line, message: 'a second YAML document starts here ("---"); a config file holds one' };
    default:
      // After a syntax error the tree is guesswork, and so would be a path read from it: the line is reliable.
      return { path: '', line, message: error.message };
  }
}

/** yaml leaves an alias to an unknown anchor for toJS to throw on, without a position; find it here. */
function unresolvedAliases(doc: Document, lines: LineCounter): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) === undefined) {
        const offset = alias.range?.[0] ?? 0;
        issues.push({ path: formatPath(pathAt(doc.contents, offset)), line: lines.linePos(offset).line, message: `unknown anchor "*${alias.source}"` });
      }
    },
  });
  return issues;
}

function schemaIssue(issue: z.core.$ZodIssue, doc: Document, lines: LineCounter): ConfigIssue[] {
  if (issue.code === 'unrecognized_keys') {
    // zod lists every unknown key of a map in one issue; each gets its own line.
    return issue.keys.map((key) => {
      const path = [...issue.path, key];
      return { path: formatPath(path), line: lineOf(doc, path, lines), message: `unknown key ${JSON.stringify(key)}` };
    });
  }
  return [{ path: formatPath(issue.path), line: lineOf(doc, issue.path, lines), message: issue.message }];
}

/**
 * The line of the deepest node of `path` present in the file: a map entry's key, a list item's first
 * character. A missing key thus points at its parent's key, and the root at line 1.
 */
function lineOf(doc: Document, path: readonly PropertyKey[], lines: LineCounter): number {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyName(p.key) === String(segment));
      if (pair === undefined) break;
      offset = startOf(pair.key);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      offset = startOf(node);
    } else {
      break;
    }
  }
  return offset === undefined ? 1 : lines.linePos(offset).line;
}

/** The path of the innermost node whose source contains `offset`, for errors yaml reports by position. */
function pathAt(node: unknown, offset: number, path: PropertyKey[] = []): PropertyKey[] {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (contains(pair.key, offset)) return [...path, keyName(pair.key)];
      if (contains(pair.value, offset)) return pathAt(pair.value, offset, [...path, keyName(pair.key)]);
    }
  } else if (isSeq(node)) {
    const index = node.items.findIndex((item) => contains(item, offset));
    if (index >= 0) return pathAt(node.items[index], offset, [...path, index]);
  }
  return path;
}

function keyName(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function startOf(node: unknown): number | undefined {
  return isNode(node) ? node.range?.[0] : undefined;
}

function contains(node: unknown, offset: number): boolean {
  const range = isNode(node) ? node.range : undefined;
  return range !== undefined && range !== null && range[0] <= offset && offset < range[2];
}

interface SecretLiteral {
  path: PropertyKey[];
  keyOffset: number | undefined;
  key: string;
  /** Every scalar written under the key, so that no message can quote one. */
  values: string[];
}

const secretWords = ['privatekey', 'apikey', 'secret', 'password', 'passphrase', 'mnemonic'];

/** `apiKey`, `API_KEY`, `walletPrivateKey`; but not `apiKeyEnv`, which names the variable holding it. */
export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return !normalized.endsWith('env') && secretWords.some((word) => normalized.includes(word));
}

/** Keys that look like secrets and hold a value (a scalar or a list; a map only groups further keys). */
function secretLiterals(doc: Document): SecretLiteral[] {
  const found: SecretLiteral[] = [];
  const walk = (node: unknown, path: PropertyKey[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = keyName(pair.key);
        const value = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
        const isLiteral = isSeq(value) || (isScalar(value) && value.value !== null);
        if (isSecretKey(key) && isLiteral) {
          found.push({ path: [...path, key], keyOffset: startOf(pair.key), key, values: scalarsUnder(value) });
        } else {
          walk(value, [...path, key]);
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(isAlias(item) ? item.resolve(doc) : item, [...path, i]));
    }
  };
  walk(doc.contents, []);
  return found;
}

function scalarsUnder(node: unknown): string[] {
  const values: string[] = [];
  visit(node as Parameters<typeof visit>[0], {
    Scalar(_, scalar) {
      if (scalar.value !== null && String(scalar.value) !== '') values.push(String(scalar.value));
    },
  });
  return values;
}

function secretIssue(secret: SecretLiteral, lines: LineCounter): ConfigIssue {
  return {
    path: formatPath(secret.path),
    line: secret.keyOffset === undefined ? undefined : lines.linePos(secret.keyOffset).line,
    message: `looks like a secret, and secrets never go in config: put the value in an environment variable and give its name as "${secret.key}Env: VARIABLE_NAME"`,
  };
}

function isAtOrUnder(path: string, ancestor: readonly PropertyKey[]): boolean {
  const prefix = formatPath(ancestor);
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/** Last guard: a schema's own message (a refine, a union) elsewhere in the file might still quote a secret. */
function redact(issues: ConfigIssue[], secrets: readonly SecretLiteral[]): ConfigIssue[] {
  const values = secrets.flatMap((s) => s.values);
  return issues.map((issue) => ({ ...issue, message: values.reduce((message, value) => message.replaceAll(value, '<redacted>'), issue.message) }));
}
