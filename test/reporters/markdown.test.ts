import { describe, expect, it } from 'vitest';
import { gates } from '../../src/config.js';
import { buildReport } from '../../src/lint.js';
import { FORMATS } from '../../src/reporters/index.js';
import { cell, markdown } from '../../src/reporters/markdown.js';
import { ruleDocsUrl } from '../../src/reporters/sarif.js';
import { context, failingTarget, mixedReport } from './real-report.js';

function tableRows(md: string): string[][] {
  return md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---')).map((l) =>
    // Split on pipes that are not escaped, as GFM does.
    l.slice(2, -2).split(/ (?<!\\)\| /));
}

describe('markdown', () => {
  const { report } = mixedReport();
  const md = markdown(report, context());

  it('opens with the verdict and a row per target', () => {
    expect(md.startsWith(`## preseal: ❌ ${report.summary.failedTargets} of ${report.summary.targets} targets not ready to generalize\n`)).toBe(true);
    const rows = tableRows(md);
    for (const t of report.targets) {
      const row = rows.find((r) => r[0] === `\`${t.target}\``);
      expect(row?.length).toBe(9);
      expect(row?.slice(3)).toEqual([t.summary.fail, t.summary.unknown, t.summary.waived, t.summary.pass, t.summary.skipped, t.summary.notApplicable].map(String));
    }
    expect(md).toContain('❌ **could not lint** (connect): connection refused (ECONNREFUSED)');
  });

  it('lists each failed, unknown and waived rule with a link to its page, its evidence and fix', () => {
    const rows = tableRows(md);
    for (const t of report.targets) {
      for (const r of t.results.filter((x) => ['fail', 'unknown', 'waived'].includes(x.status))) {
        const row = rows.find((x) => x[1]?.startsWith(`[${r.ruleId} ${r.slug}](${ruleDocsUrl(r.slug)})`));
        expect(row, `${t.target} ${r.ruleId}`).toBeDefined();
        expect(row?.length).toBe(5);
        if (r.status === 'fail') for (const e of r.evidence.slice(0, 10)) expect(row?.[3]).toContain(cell(e));
        if (r.status === 'fail') expect(row?.[4]).toBe(cell(r.remediation));
        if (r.status === 'fail' && !gates(r, 'error', false)) expect(row?.[2]).toContain('does not gate');
      }
    }
    expect(md).toContain('Rebuilt at first boot \\| by the "firstboot" unit &lt;ok&gt; (until 2027-01-01)');
    for (const note of report.targets.flatMap((t) => t.notes ?? [])) expect(md).toContain(`> **Note:** ${cell(note)}`);
  });

  it('says ready when nothing gates', () => {
    const ok = markdown(buildReport([failingTarget('linux', 'local')], 'none', true), context({ failOn: 'none', allowUnknown: true }));
    expect(ok.startsWith('## preseal: ✅ ready to generalize\n')).toBe(true);
    expect(ok).toContain('Fails on: none.');
  });

  it('escapes cells so no finding can break the table or inject HTML', () => {
    expect(cell('a|b <script>&\nc')).toBe('a\\|b &lt;script&gt;&amp;<br>c');
  });

  it('is registered with the other pipeline formats', () => {
    expect(FORMATS).toEqual(expect.arrayContaining(['pretty', 'json', 'sarif', 'junit', 'markdown', 'github']));
  });
});
