import { defineRule } from '../../src/engine/define.js';

const state = (o: { rebootRequired?: boolean; running?: string; installed?: string[] }) => ({
  rebootState: { rebootRequired: o.rebootRequired ?? false, running: o.running ?? '6.1.0-18-amd64', installed: o.installed ?? ['6.1.0-18-amd64'] },
});

/** Orders kernel versions like `sort -V`: numeric runs compare as numbers. */
function compareVersions(a: string, b: string): number {
  const pa = a.split(/(\d+)/),
    pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '',
      y = pb[i] ?? '';
    if (x === y) continue;
    const nx = Number(x),
      ny = Number(y);
    return /^\d+$/.test(x) && /^\d+$/.test(y) ? nx - ny : x < y ? -1 : 1;
  }
  return 0;
}

export default defineRule({
  id: 'L069',
  alias: 'reboot-required',
  title: 'No reboot is pending after kernel or package updates',
  platform: 'linux',
  severity: 'warning',
  facts: ['rebootState'],
  messages: {
    required: '{resource} exists: updates installed since the last boot have not been booted',
    kernel: "running kernel {running}, but {resource} is newer; every clone's first boot would be this kernel's first boot",
  },
  rationale: 'Clones would be the first to boot the updated kernel and libraries, untested on the build VM.',
  remediation: 'Reboot the build VM, check that it comes up, then generalize.',
  references: [{ title: 'unattended-upgrades: Automatic-Reboot when /var/run/reboot-required is found', url: 'https://github.com/mvo5/unattended-upgrades' }],
  examples: {
    pass: [{ description: 'booted into the newest kernel', facts: state({}) }],
    fail: [
      { description: 'reboot-required flag', facts: state({ rebootRequired: true }), messageIds: ['required'], resources: ['/run/reboot-required'] },
      {
        description: 'newer kernel installed',
        facts: state({ installed: ['6.1.0-18-amd64', '6.1.0-21-amd64'] }),
        messageIds: ['kernel'],
        resources: ['/boot/vmlinuz-6.1.0-21-amd64'],
      },
    ],
  },
  check({ rebootState }, context) {
    if (rebootState.rebootRequired) context.report({ messageId: 'required', resource: '/run/reboot-required' });
    const newest = [...rebootState.installed].sort(compareVersions).pop();
    if (newest && compareVersions(newest, rebootState.running) > 0) {
      context.report({ messageId: 'kernel', resource: `/boot/vmlinuz-${newest}`, data: { running: rebootState.running } });
    }
  },
});
