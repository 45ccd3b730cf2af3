import type { MarketDataEvent } from '../../core/events';

/** What an importer needs to name the instruments of a foreign file in repeg's ids. */
export interface ImportOptions {
  /** Instrument id the events get: a CEX market (`binance:BTC/USDT`), an equity (`AAPL`), a pool id. */
  instrument: string;
  /**
   * For formats whose rows carry no date (QuantConnect Lean minute files name it in the file name):
   * the trading day, `YYYY-MM-DD`.
   */
  date?: string;
}

/**
 * Turns one file of a public format into repeg events, in file order. An importer validates as it reads:
 * a row it cannot convert is a DataError naming the input file, its line and the field.
 */
export interface Importer {
  /** The `--from` name on the command line, e.g. `binance-raw`. */
  readonly format: string;
  readonly description: string;
  read(input: string, options: ImportOptions): AsyncIterable<MarketDataEvent>;
}
