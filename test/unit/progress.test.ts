import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/progress.js';
import type { TargetReport } from '../../src/types.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, s: { isTTY, columns: 120, write: (t: string) => written.push(t) } as unknown as NodeJS.WriteStream };
}

const report = { error: null } as TargetReport;

describe('progress', () => {
  it('shows one target on a terminal too, with how long it has been waited on', () => {
    let now = 1_000;
    const { written, s } = stream(true);
    const p = new Progress(1, s, () => now);
    p.start('ssh://root@10.0.0.4');
    now += 31_000;
    expect(p.line()).toBe('linting ssh://root@10.0.0.4 (31 s)');
    p.finish('ssh://root@10.0.0.4', report, false);
    p.stop();
    expect(written[0]).toBe('\r\x1b[2Klinting ssh://root@10.0.0.4 (0 s)');
    expect(written.at(-1)).toBe('\r\x1b[2K');
  });

  it('writes nothing when stderr is not a terminal', () => {
    const { written, s } = stream(false);
    const p = new Progress(3, s);
    p.start('a');
    p.finish('a', report, true);
    p.stop();
    expect(written).toEqual([]);
  });

  it('counts a fleet', () => {
    const { s } = stream(true);
    const p = new Progress(3, s, () => 0);
    p.start('a');
    p.start('b');
    p.finish('a', report, true);
    expect(p.line()).toBe('linting 1/3 · 1 not ready · 0 not linted · b (0 s)');
    p.stop();
  });
});
