import type { z } from 'zod';

/**
 * Messages for zod issues in the words of a YAML file's author ("map", "list", "must be >= 0") instead of
 * zod's defaults ("Invalid input: expected object, received array"). Passed as the per-parse `error` map,
 * so a message a schema sets itself (`z.number({ error: '...' })`, `.refine(fn, '...')`) still wins.
 * Returns undefined where zod's own message is already clear.
 */
export function configIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      // YAML cannot express `undefined`: the key is absent.
      if (issue.input === undefined || issue.expected === 'nonoptional') return 'required';
      return `expected ${typeName(issue.expected)}, got ${describe(issue.input)}`;
    case 'invalid_value':
      return `expected ${oneOf(issue.values)}, got ${show(issue.input)}`;
    case 'too_small':
      return boundMessage(issue.origin, 'min', issue.minimum, issue.inclusive, issue.exact);
    case 'too_big':
      return boundMessage(issue.origin, 'max', issue.maximum, issue.inclusive, issue.exact);
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_format':
      return formatMessage(issue);
    case 'invalid_union':
      return unionMessage(issue);
    case 'invalid_key':
      return `invalid key ${show(issue.input)}: ${issue.issues.map((i) => i.message).join(', ')}`;
    default:
      return undefined;
  }
}

/** `strategies[0].params.minEdgeBps`: the notation ConfigIssue.path uses. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${String(segment)}`)).join('');
}

const yamlTypeNames: Record<string, string> = { object: 'map', record: 'map', array: 'list', tuple: 'list', int: 'integer' };

function typeName(zodType: string): string {
  return yamlTypeNames[zodType] ?? zodType;
}

/** The value as the author wrote it; long strings are cut so one bad value cannot flood the report. */
function show(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'a map';
  if (typeof value !== 'string') return String(value);
  const quoted = JSON.stringify(value);
  return quoted.length > 40 ? `${quoted.slice(0, 37)}..."` : quoted;
}

function describe(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
    return `${typeof value} ${show(value)}`;
  }
  return show(value);
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map(show);
  return shown.length === 1 ? String(shown[0]) : `one of ${shown.join(', ')}`;
}

const sizeUnits: Record<string, string> = { string: 'characters', array: 'items', set: 'items', file: 'bytes' };

function boundMessage(origin: string, side: 'min' | 'max', limit: number | bigint, inclusive = false, exact = false): string {
  const unit = sizeUnits[origin];
  if (unit === undefined) {
    if (exact) return `must be exactly ${limit}`;
    return `must be ${side === 'min' ? '>' : '<'}${inclusive ? '=' : ''} ${limit}`;
  }
  if (exact) return `must have exactly ${limit} ${unit}`;
  if (side === 'min' && inclusive && Number(limit) === 1) return 'must not be empty';
  const words = side === 'min' ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'fewer than';
  return `must have ${words} ${limit} ${unit}`;
}

function formatMessage(issue: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidStringFormat>): string {
  switch (issue.format) {
    case 'regex':
      return `must match ${issue.pattern}`;
    case 'starts_with':
      return `must start with ${JSON.stringify(issue.prefix)}`;
    case 'ends_with':
      return `must end with ${JSON.stringify(issue.suffix)}`;
    case 'includes':
      return `must contain ${JSON.stringify(issue.includes)}`;
    default:
      return `must be a valid ${issue.format}`;
  }
}

function unionMessage(issue: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidUnion>): string | undefined {
  if (issue.discriminator !== undefined) {
    // zod reports a bad discriminator at the discriminator's own path but with the whole object as input.
    const input = issue.input;
    const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[issue.discriminator] : undefined;
    const allowed = oneOf(Array.isArray(issue.options) ? issue.options : []);
    return value === undefined ? `required: ${allowed}` : `expected ${allowed}, got ${show(value)}`;
  }
  if (issue.inclusive === false) return undefined;
  const alternatives = issue.errors.map((branch) => branch.map((i) => (i.path.length > 0 ? `${formatPath(i.path)}: ${i.message}` : i.message)).join(', '));
  return `matches none of the allowed forms: ${alternatives.join(' | ')}`;
}
