import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { capList, displaySafe, mdCode, mdTrusted, moreLine } from '../../src/display.js';
import { remediationForImage } from '../../src/image-paths.js';

describe('displaySafe', () => {
  it('shows control, bidi and separator characters as visible escapes', () => {
    expect(displaySafe('a\x1b[2Jb\x07\r\n\t\x7f\x85\x9b')).toBe('a\\x1b[2Jb\\x07\\r\\n\\t\\x7f\\x85\\x9b');
    expect(displaySafe('x\u202ey\u2066z\u200f\u2028\u2029\ufeff')).toBe('x\\u202ey\\u2066z\\u200f\\u2028\\u2029\\ufeff');
    expect(displaySafe('lone \ud800 surrogate')).toBe('lone \\ud800 surrogate');
    expect(displaySafe('emoji 😀 and ü stay')).toBe('emoji 😀 and ü stay');
  });

  it('breaks CI log commands: ##[ and ##vso[ anywhere, :: at the start', () => {
    expect(displaySafe('a ##[error]x ##VSO[task.x]y')).toBe('a ##\\x5berror]x ##VSO\\x5btask.x]y');
    expect(displaySafe('::add-mask::s')).toBe('\\x3a:add-mask::s');
    expect(displaySafe('a::b')).toBe('a::b');
  });

  it('cuts long text with a count and never half a surrogate pair', () => {
    expect(displaySafe('x'.repeat(12), 10)).toBe(`${'x'.repeat(10)}… (2 more characters)`);
    expect(displaySafe(`${'x'.repeat(9)}😀`, 10)).toBe(`${'x'.repeat(9)}… (2 more characters)`);
  });
});

describe('capList and moreLine', () => {
  it('never says "and 1 more", and counts what was never listed', () => {
    expect(capList([1, 2, 3, 4, 5, 6], 5)).toEqual({ shown: [1, 2, 3, 4, 5, 6], more: 0 });
    expect(capList([1, 2, 3, 4, 5, 6, 7], 5)).toEqual({ shown: [1, 2, 3, 4, 5], more: 2 });
    expect(capList([1, 2], 5, 10)).toEqual({ shown: [1, 2], more: 10 });
    expect(moreLine(2, 0)).toBe('… and 2 more (--format json for all)');
    expect(moreLine(0, 10)).toBe('… and 10 more (counted on the target, not listed)');
  });
});

describe('Markdown', () => {
  it('target text is one inert code span whatever backticks and pipes it holds', () => {
    expect(mdCode('a|b')).toBe('`a\\|b`');
    expect(mdCode('x ``y`` z')).toBe('```x ``y`` z```');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdCode('')).toBe('');
  });

  it('trusted text keeps its code spans as written and escapes HTML around them', () => {
    expect(mdTrusted('a `x && <y>` <b> | c')).toBe('a `x && <y>` &lt;b&gt; \\| c');
  });
});

describe('root: fixes', () => {
  it('no Linux fix names a host path once rewritten for an image', () => {
    for (const rule of rules.filter((r) => r.platform === 'linux')) {
      const fix = remediationForImage(rule.remediation, '/mnt/img');
      // Paths inside a chroot command are read in the image; everything else must be under /mnt/img.
      const outside = fix.replace(/chroot \/mnt\/img [^`;&]*/g, '');
      expect(outside, rule.id).not.toMatch(/(^|[\s(`'"=])\/(etc|var|home|root|usr|boot|opt|srv|tmp|lib)\//);
      expect(fix, rule.id).not.toContain('hostnamectl');
    }
  });
});

describe('explain for a terminal', () => {
  it('every rule: the fix first, no Markdown headings or fences, no message template placeholders', async () => {
    const { renderRuleTerminal } = await import('../../src/docs.js');
    for (const rule of rules) {
      const text = renderRuleTerminal(rule, false);
      expect(text.indexOf('\nHow to fix\n'), rule.id).toBeLessThan(text.indexOf('\nWhy\n'));
      expect(text, rule.id).not.toMatch(/^#|```/m);
      // Template placeholders live in the rule's messages; none may show unfilled.
      for (const key of new Set(Object.values(rule.messages).flatMap((m) => [...m.matchAll(/\{(\w+)\}/g)].map((x) => x[1])))) {
        if (!rule.remediation.includes(`{${key}}`)) expect(text, `${rule.id} {${key}}`).not.toContain(`{${key}}`);
      }
    }
  });
});
