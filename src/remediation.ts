import type { Finding, RuleResult } from './types.js';

/**
 * Fills a fix's placeholders (`<user>`, `<PackageFullName>`, `<version>`, `<certificate>`) with what the findings
 * know, so that `userdel -r <user>` reads `userdel -r packer`. A placeholder whose value no finding
 * gives is left as written. The values are target text: reporters escape them like any other.
 */

const ACCOUNT = /^[A-Za-z0-9_][A-Za-z0-9_.$@\\-]{0,63}$/;
const PACKAGE = /^[A-Za-z0-9][A-Za-z0-9._-]*(_[A-Za-z0-9.~-]*){2,}$/;
/** A machine certificate as W061 names it: its store path and SHA-1 thumbprint. */
const CERTIFICATE = /^Cert:\\LocalMachine\\(Remote Desktop|My)\\[0-9A-F]{40}$/;

/** Where each placeholder's value is in a finding. */
const SOURCES: Record<string, (f: Finding) => string | undefined> = {
  user: (f) => account(f.data['user']) ?? account(f.resource),
  username: (f) => account(f.data['user']) ?? account(f.resource),
  name: (f) => account(f.data['name']) ?? account(f.resource),
  builder: (f) => account(f.data['user']) ?? account(f.resource),
  packagefullname: (f) => (PACKAGE.test(f.resource) ? f.resource : undefined),
  certificate: (f) => (CERTIFICATE.test(f.resource) ? f.resource : undefined),
  version: (f) => text(f.data['version']),
};

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

function account(v: unknown): string | undefined {
  const s = text(v);
  return s !== undefined && ACCOUNT.test(s) ? s : undefined;
}

/** At most this many copies of a command, one per value; more values leave the placeholder. */
const MAX_VALUES = 5;

function fillSpan(span: string, findings: readonly Finding[]): string {
  const names = [...new Set([...span.matchAll(/<([A-Za-z][A-Za-z -]*)>/g)].map((m) => m[1] as string))];
  let variants = [span];
  for (const name of names) {
    const source = SOURCES[name.toLowerCase()];
    if (!source) continue;
    const values = [...new Set(findings.map(source))];
    if (values.length === 0 || values.length > MAX_VALUES || values.some((v) => v === undefined)) continue;
    variants = variants.flatMap((v) => (values as string[]).map((value) => v.split(`<${name}>`).join(value)));
  }
  return [...new Set(variants)].join('; ');
}

/** The result's remediation with its placeholders filled from the open (not waived) findings. */
export function fillRemediation(result: RuleResult): RuleResult {
  if (result.status !== 'fail' || !result.remediation.includes('<')) return result;
  const open = result.findings.filter((f) => !f.waived);
  if (open.length === 0) return result;
  const remediation = result.remediation.replace(/`([^`]+)`/g, (_m, span: string) => `\`${fillSpan(span, open)}\``);
  return remediation === result.remediation ? result : { ...result, remediation };
}
