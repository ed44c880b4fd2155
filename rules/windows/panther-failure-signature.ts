import { classifyEntries, isErrorsOnlyFile, isFollowOn } from '../../src/diagnose/match.js';
import { defineRule } from '../../src/engine/define.js';
import { windowsFolderOf, withoutRepeatedErrors } from './lib/panther.js';
import { capturedAsIs } from './lib/stage.js';

type Log = { path: string; lines: { line: number; text: string }[] };

const FAILED_LOG: Log = {
  path: 'C:\\Windows\\System32\\Sysprep\\Panther\\setupact.log',
  lines: [
    {
      line: 40,
      text: '2024-01-05 10:12:33, Error                 SYSPRP Package Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe was installed for a user, but not provisioned for all users. This package will not function properly in the sysprep image.',
    },
    { line: 41, text: '2024-01-05 10:12:33, Error                 SYSPRP Failed to remove apps for the current user: 0x80073cf2.' },
  ],
};

export default defineRule({
  id: 'W012',
  alias: 'panther-failure-signature',
  title: 'No earlier Sysprep run left a known failure in the Panther logs, and Sysprep has not already succeeded',
  platform: 'windows',
  severity: 'warning',
  facts: ['panther'],
  messages: {
    signature: '{resource}: {title}{object} (would be caught by {ruleId})',
    unrecognized: '{resource}: {count} error line(s) that match no known signature, first at line {line}',
    succeeded: '{resource} exists: Sysprep already generalized this installation once',
    leftInImage:
      '{resource} is left in an image captured as it is (--generalizer none): Panther logs record the Setup and Sysprep runs, answer file settings included',
  },
  rationale:
    'Sysprep stops at the first provider that fails and cannot roll back; the Panther logs of an earlier attempt say why, and the same cause ' +
    'will stop the next attempt. Sysprep_succeeded.tag means this installation was already generalized and booted again.',
  remediation:
    'Run `preseal diagnose` on copies of %WINDIR%\\System32\\Sysprep\\Panther and %WINDIR%\\Panther for the cause and fix of each line; ' +
    'fix them, then run Sysprep again. Copy the logs off the VM first: Sysprep clears setupact.log when it starts.',
  references: [
    { title: 'Sysprep process overview: log files', url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep-process-overview' },
    {
      title: 'A fatal error occurred while trying to sysprep the machine',
      url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/fatal-error-occurred-sysprep-machine',
    },
  ],
  examples: {
    pass: [
      {
        description: 'captured as it is (--generalizer none), generalized, logs removed',
        facts: { panther: { pantherFolder: null, succeededTag: 'C:\\Windows\\System32\\Sysprep\\Sysprep_succeeded.tag', logs: [], truncated: false } },
        settings: { generalizer: 'none' },
      },
      {
        description: 'no earlier failure',
        facts: {
          panther: {
            pantherFolder: 'C:\\Windows\\Panther',
            succeededTag: null,
            logs: [{ path: 'C:\\Windows\\Panther\\setupact.log', lines: [] }],
            truncated: false,
          },
        },
      },
    ],
    fail: [
      {
        description: 'an earlier run failed on an Appx package',
        facts: { panther: { pantherFolder: 'C:\\Windows\\Panther', succeededTag: null, logs: [FAILED_LOG], truncated: false } },
        messageIds: ['signature'],
        resources: ['C:\\Windows\\System32\\Sysprep\\Panther\\setupact.log:40'],
      },
      {
        description: 'captured as it is (--generalizer none): the tag is expected, the logs are not',
        facts: {
          panther: {
            pantherFolder: 'C:\\Windows\\Panther',
            succeededTag: 'C:\\Windows\\System32\\Sysprep\\Sysprep_succeeded.tag',
            logs: [{ path: 'C:\\Windows\\System32\\Sysprep\\Panther\\setupact.log', lines: [] }],
            truncated: false,
          },
        },
        settings: { generalizer: 'none' },
        messageIds: ['leftInImage'],
        resources: ['C:\\Windows\\System32\\Sysprep\\Panther\\setupact.log'],
      },
      {
        description: 'Sysprep already succeeded',
        facts: { panther: { pantherFolder: null, succeededTag: 'C:\\Windows\\System32\\Sysprep\\Sysprep_succeeded.tag', logs: [], truncated: false } },
        messageIds: ['succeeded'],
        resources: ['C:\\Windows\\System32\\Sysprep\\Sysprep_succeeded.tag'],
      },
      {
        description: 'an error line no signature knows',
        facts: {
          panther: {
            pantherFolder: null,
            succeededTag: null,
            logs: [
              {
                path: 'C:\\Windows\\Panther\\setuperr.log',
                lines: [{ line: 7, text: '2024-01-05 10:12:33, Error                 SYSPRP ContosoAgent: cleanup failed; dwRet = 0x130' }],
              },
            ],
            truncated: false,
          },
        },
        messageIds: ['unrecognized'],
        resources: ['C:\\Windows\\Panther\\setuperr.log'],
      },
      {
        description: 'the setuperr.log beside it repeats the failure, which is reported once',
        facts: {
          panther: {
            pantherFolder: 'C:\\Windows\\Panther',
            succeededTag: null,
            logs: [
              FAILED_LOG,
              { path: 'C:\\Windows\\System32\\Sysprep\\Panther\\setuperr.log', lines: FAILED_LOG.lines.map((l, i) => ({ line: i + 1, text: l.text })) },
            ],
            truncated: false,
          },
        },
        messageIds: ['signature'],
        resources: ['C:\\Windows\\System32\\Sysprep\\Panther\\setupact.log:40'],
      },
    ],
    unknown: [
      {
        description: 'a log longer than the probe keeps, with no known signature among its newest lines',
        facts: {
          panther: {
            pantherFolder: 'C:\\Windows\\Panther',
            succeededTag: null,
            logs: [{ path: 'C:\\Windows\\Panther\\setupact.log', lines: [] }],
            truncated: true,
          },
        },
        reason: 'only the newest error lines',
      },
    ],
  },
  check({ panther }, context) {
    // Captured as it is, the image must already be generalized (the tag is expected) and keep no logs.
    const asIs = capturedAsIs(context.settings);
    if (panther.succeededTag && !asIs) context.report({ messageId: 'succeeded', resource: panther.succeededTag });
    if (asIs) for (const log of panther.logs) context.report({ messageId: 'leftInImage', resource: log.path });
    for (const log of withoutRepeatedErrors(
      panther.logs.map((l) => ({ path: l.path, entries: l.lines })),
      windowsFolderOf,
    )) {
      const { diagnoses, unrecognized } = classifyEntries(log.path, log.entries, isErrorsOnlyFile(log.path));
      const causes = diagnoses.filter((d) => !isFollowOn(d.signature));
      for (const d of causes.length > 0 ? causes : diagnoses.slice(0, 1)) {
        context.report({
          messageId: 'signature',
          resource: `${log.path}:${d.line}`,
          data: { title: d.title, object: d.object ? `: ${d.object}` : '', ruleId: d.ruleId ?? 'no rule; see preseal diagnose' },
        });
      }
      const first = unrecognized[0];
      if (first) context.report({ messageId: 'unrecognized', resource: log.path, data: { count: unrecognized.length, line: first.line } });
    }
    if (panther.truncated) context.unknown('the probe kept only the newest error lines of each Panther log; older ones were not read');
  },
});
