import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Invocation, Log, Notification, ReportingDescriptor, Result, Suppression } from 'sarif';
import { packageRoot } from '../paths.js';
import type { AnyRule } from '../engine/define.js';
import type { Finding, RuleResult, Severity, TargetReport } from '../types.js';
import { version } from '../version.js';
import type { Reporter } from './types.js';

const FALLBACK_REPOSITORY = 'https://github.com/preseal/preseal';

/** The project's web address, from package.json `repository` (where the rule docs are published). */
function repositoryUrl(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { repository?: string | { url?: string } };
    const raw = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    if (!raw) return FALLBACK_REPOSITORY;
    const url = raw
      .replace(/^git\+/, '')
      .replace(/\.git$/, '')
      .replace(/^github:/, 'https://github.com/');
    return /^https?:\/\//.test(url) ? url : FALLBACK_REPOSITORY;
  } catch {
    return FALLBACK_REPOSITORY;
  }
}

export const REPOSITORY_URL = repositoryUrl();

/** A rule's published page, docs/rules/<alias>.md. */
export function ruleDocsUrl(alias: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${alias}.md`;
}

const levels: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * A repository-relative path standing for the machine. GitHub code scanning accepts only results
 * anchored to a relative path (no URI scheme), so `ssh://root@h:22` becomes `preseal/ssh/root@h_22`;
 * the machine itself is named in the logical location.
 */
export function targetPath(target: string): string {
  const path = target
    .replace(/^([a-z]+):\/\//i, '$1/')
    .replace(/[^A-Za-z0-9._@/-]/g, '_')
    .replace(/\/{2,}/g, '/')
    .replace(/^\/+|\/+$/g, '');
  return `preseal/${path || 'target'}`;
}

function hostOf(target: string): string {
  const m = /^[a-z]+:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/i.exec(target);
  return m?.[1] ?? target;
}

function descriptor(rule: AnyRule): ReportingDescriptor {
  const url = ruleDocsUrl(rule.alias);
  return {
    id: rule.id,
    name: rule.alias,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: `${rule.rationale}\n\nHow to fix: ${rule.remediation}\n\n${url}`,
      markdown: `${rule.rationale}\n\n**How to fix:** ${rule.remediation}\n\n[${rule.id} ${rule.alias}](${url})`,
    },
    helpUri: url,
    defaultConfiguration: { level: levels[rule.severity] },
    properties: { tags: ['preseal', rule.platform, ...(rule.cloud ? [rule.cloud] : [])] },
  };
}

function suppression(justification: string): Suppression[] {
  return [{ kind: 'external', status: 'accepted', justification }];
}

function sarifResult(
  t: TargetReport,
  r: RuleResult,
  ruleIndex: number | undefined,
  text: string,
  resource: string | undefined,
  waived: string | undefined,
  severity: Severity = r.severity,
): Result {
  const review = r.status === 'unknown' || (r.status === 'waived' && r.findings.length === 0);
  const result: Result = {
    ruleId: r.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    kind: review ? 'review' : 'fail',
    // SARIF §3.27.10: a result whose kind is not "fail" has level "none".
    level: review ? 'none' : levels[severity],
    message: { text: `${t.target}: ${text}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: targetPath(t.target) }, region: { startLine: 1 } },
        logicalLocations: [
          { name: hostOf(t.target), fullyQualifiedName: t.target, kind: 'module' },
          ...(resource !== undefined ? [{ name: resource, fullyQualifiedName: `${t.target} ${resource}`, kind: 'resource' }] : []),
        ],
      },
    ],
    partialFingerprints: { 'preseal/v1': `${t.target}|${r.ruleId}|${resource ?? ''}` },
    properties: {
      target: t.target,
      status: r.status,
      severity,
      ...(resource !== undefined ? { resource } : {}),
      ...(r.cleanedBy ? { cleanedBy: r.cleanedBy } : {}),
    },
  };
  if (waived !== undefined) result.suppressions = suppression(waived);
  return result;
}

function resultsOf(t: TargetReport, r: RuleResult, ruleIndex: number | undefined): Result[] {
  if (r.status === 'unknown') return [sarifResult(t, r, ruleIndex, `${r.title}: could not be checked: ${r.reason ?? r.message}`, undefined, undefined)];
  if (r.status !== 'fail' && r.status !== 'waived') return [];
  if (r.findings.length === 0) {
    const waived = r.status === 'waived' ? (r.reason ?? 'waived') : undefined;
    const text = r.status === 'waived' ? `${r.title}: ${r.message}` : r.message;
    return [sarifResult(t, r, ruleIndex, text, undefined, waived)];
  }
  return r.findings.map((f: Finding) => sarifResult(t, r, ruleIndex, f.message, f.resource, f.waived?.justification, f.severity));
}

function invocation(report: { targets: readonly TargetReport[] }): Invocation {
  const notifications: Notification[] = [];
  for (const t of report.targets) {
    if (t.error) {
      notifications.push({
        level: 'error',
        message: { text: `${t.target}: could not lint (${t.error.step}): ${t.error.message}${t.error.hint ? ` (hint: ${t.error.hint})` : ''}` },
        properties: { target: t.target, step: t.error.step },
      });
    }
    for (const note of t.notes ?? []) notifications.push({ level: 'warning', message: { text: `${t.target}: ${note}` }, properties: { target: t.target } });
  }
  return {
    executionSuccessful: report.targets.every((t) => t.error === null),
    ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
  };
}

/** SARIF 2.1.0: one run, the rule table, one result per finding (waived ones carry a suppression). */
export function sarifLog(report: Parameters<Reporter>[0], rules: readonly AnyRule[]): Log {
  const table = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(table.map((r, i) => [r.id, i]));
  const results = report.targets.flatMap((t) => t.results.flatMap((r) => resultsOf(t, r, index.get(r.ruleId))));
  const single = report.targets.length === 1 ? report.targets[0] : undefined;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'preseal',
            version,
            semanticVersion: version,
            informationUri: REPOSITORY_URL,
            rules: table.map(descriptor),
          },
        },
        // The category GitHub code scanning files the alerts under; one per target when there is one.
        automationDetails: { id: single ? `preseal/${targetPath(single.target).slice('preseal/'.length)}/` : 'preseal/' },
        invocations: [invocation(report)],
        results,
      },
    ],
  };
}

export const sarif: Reporter = (report, ctx) => `${JSON.stringify(sarifLog(report, ctx.rules), null, 2)}\n`;
