import type { TargetReport } from './types.js';

/**
 * A one-line progress display on stderr, only when stderr is a terminal: nothing at all is
 * written otherwise, so pipelines' logs stay clean.
 */
export class Progress {
  private readonly running = new Set<string>();
  private done = 0;
  private failed = 0;
  private unreachable = 0;
  private shown = false;
  private readonly enabled: boolean;

  constructor(private readonly total: number, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = stream.isTTY === true && total > 1;
  }

  start(target: string): void {
    this.running.add(target);
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

  private render(): void {
    if (!this.enabled) return;
    const width = this.stream.columns || 80;
    const now = [...this.running].slice(0, 3).join(', ');
    const line = `linting ${this.done}/${this.total} · ${this.failed} not ready · ${this.unreachable} not linted${now ? ` · ${now}` : ''}`;
    this.stream.write(`\r\x1b[2K${line.slice(0, width - 1)}`);
    this.shown = true;
  }
}
