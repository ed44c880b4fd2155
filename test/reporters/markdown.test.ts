import { describe, expect, it } from 'vitest';
import { gates } from '../../src/engine/results.js';
import { buildReport } from '../../src/lint.js';
import { FORMATS } from '../../src/reporters/index.js';
import { mdCode, mdTrusted } from '../../src/display.js';
import { cell, markdown } from '../../src/reporters/markdown.js';
import { ruleDocsUrl } from '../../src/reporters/sarif.js';
import type { RuleResult, TargetReport } from '../../src/types.js';
import { context, failingTarget, mixedReport } from './real-report.js';

/** Gating results first (errors, unknowns, warnings, info), then what does not gate, then waived. */
function listed(t: TargetReport): RuleResult[] {
  const rank = (r: RuleResult) => {
    const base = gates(r, 'error', false) ? 0 : 10;
    if (r.status === 'waived') return 20;
    return base + (r.status === 'unknown' ? 1 : { error: 0, warning: 2, info: 3 }[r.severity]);
  };
  return t.results.filter((x) => ['fail', 'unknown', 'waived'].includes(x.status)).sort((a, b) => rank(a) - rank(b) || a.ruleId.localeCompare(b.ruleId));
}

function tableRows(md: string): string[][] {
  return md
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
    .map((l) =>
      // Split on pipes that are not escaped, as GFM does.
      l.slice(2, -2).split(/ (?<!\\)\| /),
    );
}

describe('markdown', () => {
  const { report } = mixedReport();
  const md = markdown(report, context());

  it('opens with the verdict and a row per target', () => {
    expect(md.startsWith(`## preseal: ❌ ${report.summary.failedTargets} of ${report.summary.targets} targets not ready to generalize\n`)).toBe(true);
    const rows = tableRows(md);
    for (const t of report.targets) {
      const row = rows.find((r) => r[0] === mdCode(t.target));
      expect(row?.length).toBe(9);
      expect(row?.slice(3)).toEqual(
        [t.summary.fail, t.summary.unknown, t.summary.waived, t.summary.pass, t.summary.skipped, t.summary.notApplicable].map(String),
      );
    }
    expect(md).toContain('❌ **could not lint** (connect): `connection refused (ECONNREFUSED)`');
  });

  it('lists each failed, unknown and waived rule with a link to its page, its evidence and fix, errors first, at most 50', () => {
    const rows = tableRows(md);
    for (const t of report.targets) {
      const shown = listed(t);
      for (const r of shown.slice(0, 50)) {
        const row = rows.find((x) => x[1]?.startsWith(`[${r.ruleId} ${r.slug}](${ruleDocsUrl(r.slug)})`));
        expect(row, `${t.target} ${r.ruleId}`).toBeDefined();
        expect(row?.length).toBe(5);
        if (r.status === 'fail') for (const e of r.evidence.slice(0, 10)) expect(row?.[3]).toContain(cell(e));
        if (r.status === 'fail' && r.evidence.length > 11) expect(row?.[3]).toContain(`… and ${r.evidence.length - 10 + (r.unlisted ?? 0)} more`);
        if (r.status === 'fail') expect(row?.[4]).toBe(mdTrusted(r.remediation));
        if (r.status === 'fail' && !gates(r, 'error', false)) expect(row?.[2]).toContain('does not gate');
      }
      for (const r of shown.slice(50)) expect(rows.some((x) => x[1]?.startsWith(`[${r.ruleId} ${r.slug}]`))).toBe(false);
      if (shown.length > 50) expect(md).toContain(`… and ${shown.length - 50} more results (--format json for all)`);
    }
    const partly = report.targets[0]!.results.find((r) => r.findings.some((f) => f.waived) && r.status === 'fail')!;
    expect(md.includes('Rebuilt at first boot \\| by the "firstboot" unit <ok> (until 2027-01-01)`')).toBe(listed(report.targets[0]!).indexOf(partly) < 50);
    for (const note of report.targets.flatMap((t) => t.notes ?? [])) expect(md).toContain(`> **Note:** ${cell(note)}`);
  });

  it('says ready when nothing gates', () => {
    const ok = markdown(buildReport([failingTarget('linux', 'local')], 'none', true), context({ failOn: 'none', allowUnknown: true }));
    expect(ok.startsWith('## preseal: ✅ ready to generalize\n')).toBe(true);
    expect(ok).toContain('Fails on: none.');
  });

  it('escapes cells so no finding can break the table or inject HTML', () => {
    expect(cell('a|b <script>&\nc')).toBe('`a\\|b <script>&`<br>`c`');
    expect(cell('[x](https://e.example) @alice `b`')).toBe('`` [x](https://e.example) @alice `b` ``');
    // Trusted remediation keeps its code spans as written: no &amp; or &lt; inside them.
    expect(mdTrusted('Lock it: `passwd -l <user> && true`, or <b>')).toBe('Lock it: `passwd -l <user> && true`, or &lt;b&gt;');
  });

  it('is registered with the other pipeline formats', () => {
    expect(FORMATS).toEqual(expect.arrayContaining(['pretty', 'json', 'sarif', 'junit', 'markdown', 'github']));
  });
});
