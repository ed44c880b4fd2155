import { defineRule } from '../../src/rules/define.js';

const shadow = (rootLockedByWaagent: boolean) => ({ shadow: { path: '/etc/shadow', present: true, rootLockedByWaagent } });

export default defineRule({
  id: 'L021',
  alias: 'prior-deprovision',
  title: 'The VM has not been deprovisioned before and kept in use',
  platform: 'linux',
  severity: 'warning',
  facts: ['priorDeprovision'],
  messages: {
    locked: "{resource} has root's entry as waagent -deprovision writes it (root:*LOCK*:14600); the VM was deprovisioned and then used again",
  },
  rationale:
    "The analogue of Sysprep's earlier failed runs: a VM that was deprovisioned and then kept running or rebooted has gathered new " +
    'logs, history, keys, leases and (on Azure) a re-provisioned user after the reset.',
  remediation: 'Go back to the snapshot taken before deprovisioning, or run the whole checklist again; capture right after `waagent -deprovision` and shutdown.',
  references: [
    { title: 'WALinuxAgent: common/osutil/default.py del_root_password', url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/common/osutil/default.py' },
  ],
  examples: {
    pass: [{ description: 'root entry untouched by waagent', facts: { priorDeprovision: shadow(false) } }],
    fail: [{ description: 'root locked by an earlier deprovision', facts: { priorDeprovision: shadow(true) }, messageIds: ['locked'], resources: ['/etc/shadow'] }],
  },
  check({ priorDeprovision }, context) {
    if (priorDeprovision.shadow.rootLockedByWaagent) context.report({ messageId: 'locked', resource: priorDeprovision.shadow.path });
  },
});
