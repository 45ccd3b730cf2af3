/**
 * Every error repeg raises extends BaseError: a stable `code` that callers and tests match on, a short
 * message, structured `details` and the `cause` chain (the shape of viem's BaseError).
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'DATA_INVALID'
  | 'DATA_OUT_OF_ORDER'
  | 'INVARIANT_VIOLATED'
  | 'ORDER_STATE_INVALID'
  | 'INSTRUMENT_UNKNOWN'
  | 'VENUE_UNKNOWN'
  | 'MATH_OVERFLOW'
  | 'AMM_INSUFFICIENT_INPUT_AMOUNT'
  | 'AMM_INSUFFICIENT_OUTPUT_AMOUNT'
  | 'AMM_INSUFFICIENT_LIQUIDITY'
  | 'AMM_K'
  | 'USAGE';

export class BaseError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** One problem in a config file: where it is and what is wrong. */
export interface ConfigIssue {
  /** Dotted path inside the document, e.g. `strategy.params.minEdgeBps`. */
  path: string;
  /** 1-based line in the file where the offending value (or its parent) starts, when known. */
  line?: number;
  message: string;
}

export class ConfigError extends BaseError {
  readonly file: string;
  readonly issues: readonly ConfigIssue[];

  constructor(file: string, issues: ConfigIssue[], options: { cause?: unknown } = {}) {
    const lines = issues.map((i) => `  ${file}${i.line ? `:${i.line}` : ''}${i.path ? ` ${i.path}` : ''}: ${i.message}`);
    super('CONFIG_INVALID', `invalid config ${file} (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`, {
      details: { file, issues },
      cause: options.cause,
    });
    this.file = file;
    this.issues = issues;
  }
}

/** A recorded-data line that cannot be trusted. Replay stops: corrupt market data stops trading. */
export class DataError extends BaseError {
  readonly file: string;
  readonly line: number;
  readonly field: string | undefined;

  constructor(file: string, line: number, field: string | undefined, reason: string, options: { cause?: unknown; code?: 'DATA_INVALID' | 'DATA_OUT_OF_ORDER' } = {}) {
    super(options.code ?? 'DATA_INVALID', `${file}:${line}${field ? ` field "${field}"` : ''}: ${reason}`, {
      details: { file, line, field, reason },
      cause: options.cause,
    });
    this.file = file;
    this.line = line;
    this.field = field;
  }
}

/** A broken assumption inside the engine (NaN price, negative size, time going backwards). Halts trading. */
export class InvariantError extends BaseError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('INVARIANT_VIOLATED', message, { details });
  }
}
