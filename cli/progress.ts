import { SingleBar } from 'cli-progress';
import { isoFromMicros } from '../core/time';
import type { BacktestProgress } from '../backtest/run';

/**
 * A progress bar on stderr for long replays: share of the data read, events, events/s, ETA and the data's
 * clock. Only on an interactive terminal: CI logs and pipes stay clean.
 */
export class ProgressBar {
  private readonly bar: SingleBar;
  private started = false;

  private constructor(label: string) {
    this.bar = new SingleBar({
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {events} events | {rate} ev/s | ETA {etaText} | data {dataTime}`,
      barsize: 30,
      hideCursor: true,
      clearOnComplete: true,
    });
  }

  /** A bar when stderr is a terminal and this is not CI; otherwise undefined. */
  static forTerminal(label: string): ProgressBar | undefined {
    return process.stderr.isTTY && !process.env.CI ? new ProgressBar(label) : undefined;
  }

  update(p: BacktestProgress): void {
    const payload = { events: p.events.toLocaleString('en-US'), rate: this.rate(p.events), etaText: this.eta(p), dataTime: isoFromMicros(p.dataTime).slice(0, 19) };
    if (!this.started) {
      this.bar.start(Math.max(1, p.totalBytes), p.bytesRead, payload);
      this.started = true;
    } else this.bar.update(p.bytesRead, payload);
  }

  stop(): void {
    if (this.started) this.bar.stop();
  }

  private readonly startedAt = process.hrtime.bigint();

  private elapsedSeconds(): number {
    return Number(process.hrtime.bigint() - this.startedAt) / 1e9;
  }

  private rate(events: number): string {
    const seconds = this.elapsedSeconds();
    return seconds > 0 ? Math.round(events / seconds).toLocaleString('en-US') : '-';
  }

  /** Time left at the pace of the bytes read so far (files are read in large chunks: coarse on small files). */
  private eta(p: BacktestProgress): string {
    if (p.bytesRead <= 0 || p.bytesRead >= p.totalBytes) return '-';
    const left = (this.elapsedSeconds() * (p.totalBytes - p.bytesRead)) / p.bytesRead;
    return left >= 60 ? `${Math.floor(left / 60)}m${Math.round(left % 60)}s` : `${Math.round(left)}s`;
  }
}
