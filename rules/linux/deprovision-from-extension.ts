import { defineRule } from '../../src/engine/define.js';

const session = (cmdline: string) => ({
  user: 'root',
  uid: 0,
  sudoUser: '',
  loginUsers: [],
  ancestors: [
    { pid: 4242, name: 'sh', cmdline: 'sh -s --' },
    { pid: 1201, name: 'python3', cmdline },
  ],
});
const EXTENSION = /waagent.*-run-exthandlers|WALinuxAgent|\/var\/lib\/waagent\//;

export default defineRule({
  id: 'L026',
  alias: 'deprovision-from-extension',
  title: 'The generalization is not run from a waagent extension (Run Command, Custom Script)',
  platform: 'linux',
  severity: 'error',
  facts: ['session'],
  messages: {
    extension: 'process {resource} ({cmdline}) is waagent; a deprovision run from here stops its own parent and never reports completion',
  },
  rationale:
    'Run Command and Custom Script run under waagent. Deprovisioning stops waagent, which kills the extension mid-way: the run ' +
    'never reports completion and may stop half done ("It is not a suggested or supported pattern.").',
  remediation: 'Run `waagent -deprovision+user` from an interactive SSH session or the serial console, not from an extension.',
  references: [
    { title: 'Azure/WALinuxAgent issue #3547', url: 'https://github.com/Azure/WALinuxAgent/issues/3547' },
    { title: 'Azure/WALinuxAgent issue #489', url: 'https://github.com/Azure/WALinuxAgent/issues/489' },
  ],
  examples: {
    pass: [{ description: 'run from an SSH session', facts: { session: session('sshd: azureuser@pts/0') } }],
    fail: [
      {
        description: 'run by Run Command',
        facts: { session: session('python3 -u /usr/sbin/waagent -run-exthandlers') },
        messageIds: ['extension'],
        resources: ['1201'],
      },
    ],
  },
  check({ session }, context) {
    for (const p of session.ancestors) {
      if (EXTENSION.test(p.cmdline)) context.report({ messageId: 'extension', resource: `${p.pid}`, data: { cmdline: p.cmdline } });
    }
  },
});
