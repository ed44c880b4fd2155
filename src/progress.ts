import type { TargetReport } from './types.js';

/**
 * A one-line progress display on stderr, only when stderr is a terminal: nothing at all is
 * written otherwise, so pipelines' logs stay clean. It ticks every second, so that a silent
 * target still shows that preseal is waiting on it (and for how long).
 */
export class Progress {
  private readonly running = new Map<string, number>();
  private done = 0;
  private failed = 0;
  private unreachable = 0;
  private shown = false;
  private readonly enabled: boolean;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly clock: () => number = Date.now,
  ) {
    this.enabled = stream.isTTY === true && total >= 1;
  }

  start(target: string): void {
    this.running.set(target, this.clock());
    if (this.enabled && !this.timer) {
      this.timer = setInterval(() => this.render(), 1000);
      this.timer.unref();
    }
    this.render();
  }

  finish(target: string, report: TargetReport, failed: boolean): void {
    this.running.delete(target);
    this.done++;
    if (report.error) this.unreachable++;
    else if (failed) this.failed++;
    this.render();
  }

  /** Clears the line so that other output can be printed, then shows it again on the next update. */
  clear(): void {
    if (this.enabled && this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }

  /** Clears the line and stops ticking. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  /** The line shown, e.g. `linting 3/10 · 1 not ready · 0 not linted · vm-a (12 s)`. */
  line(): string {
    const now = this.clock();
    const names = [...this.running]
      .slice(0, 3)
      .map(([t, since]) => `${t} (${Math.floor((now - since) / 1000)} s)`)
      .join(', ');
    if (this.total === 1) return names ? `linting ${names}` : '';
    return `linting ${this.done}/${this.total} · ${this.failed} not ready · ${this.unreachable} not linted${names ? ` · ${names}` : ''}`;
  }

  private render(): void {
    if (!this.enabled) return;
    const line = this.line();
    if (!line) {
      this.clear();
      return;
    }
    const width = this.stream.columns || 80;
    this.stream.write(`\r\x1b[2K${line.slice(0, width - 1)}`);
    this.shown = true;
  }
}
