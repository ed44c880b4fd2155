import { defineRule } from '../../src/engine/define.js';
import { shownPath } from './lib/paths.js';
import { CHECKED_WAAGENT, provisioningExample, waagentStateExample, waagentSwitch } from './lib/provisioning.js';

const shadow = (rootLockedByWaagent: boolean) => ({ shadow: { path: '/etc/shadow', present: true, rootLockedByWaagent } });
const keys = { keys: [{ path: '/etc/ssh/ssh_host_ed25519_key', size: 399 }] };
const regenerate = provisioningExample({ settings: { 'Provisioning.RegenerateSshHostKeyPair': 'y' } });
/** Right after `waagent -deprovision`: Lib.Dir emptied, its log gone, host keys deleted. */
const fresh = {
  priorDeprovision: shadow(true),
  waagentState: waagentStateExample(null, { provisioned: false }),
  sshHostKeys: { keys: [] },
  provisioning: regenerate,
  logFiles: { files: ['/var/log/dpkg.log'], count: 1, unreadable: [] },
};

export default defineRule({
  id: 'L021',
  alias: 'prior-deprovision',
  title: 'The VM has not been deprovisioned before and kept in use',
  platform: 'linux',
  severity: 'warning',
  facts: ['priorDeprovision', 'waagentState', 'sshHostKeys', 'provisioning', 'logFiles'],
  messages: {
    used: "{resource} has root's entry as waagent -deprovision writes it (root:*LOCK*:14600), and {evidence}, which the deprovision deleted, is back: the VM was used again after it",
  },
  rationale:
    "The analogue of Sysprep's earlier failed runs: a VM that was deprovisioned and then kept running or rebooted has gathered new " +
    'logs, history, keys, leases and (on Azure) a re-provisioned user after the reset. A locked root entry alone is what a deprovision ' +
    'that was just run leaves, so it is reported only with a sign of use since: something the deprovision deletes that exists again ' +
    "(waagent's provisioned marker, ovf-env.xml or secrets in Lib.Dir, /var/log/waagent.log or /var/log/azure, or SSH host keys when " +
    'Provisioning.RegenerateSshHostKeyPair=y had them deleted). Checked against the real waagent 2.7.3.0 of Debian 12: right after ' +
    '`waagent -deprovision[+user] -force` this rule passes; after one boot of the result it fails.',
  remediation:
    'Go back to the snapshot taken before deprovisioning, or run the whole checklist again; capture right after `waagent -deprovision` and shutdown.',
  references: [
    {
      title: 'WALinuxAgent: common/osutil/default.py del_root_password',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/common/osutil/default.py',
    },
    CHECKED_WAAGENT,
  ],
  examples: {
    pass: [
      { description: 'root entry untouched by waagent', facts: { ...fresh, priorDeprovision: shadow(false), waagentState: waagentStateExample('azureuser') } },
      { description: 'just deprovisioned: nothing the deprovision deleted is back', facts: fresh },
    ],
    fail: [
      {
        description: 'deprovisioned, then provisioned again by waagent',
        facts: { ...fresh, waagentState: waagentStateExample('azureuser') },
        messageIds: ['used'],
        resources: ['/etc/shadow'],
      },
      {
        description: 'deprovisioned, then booted: the host keys were regenerated',
        facts: { ...fresh, sshHostKeys: keys },
        messageIds: ['used'],
        resources: ['/etc/shadow'],
      },
    ],
  },
  check({ priorDeprovision, waagentState, sshHostKeys, provisioning, logFiles }, context) {
    if (!priorDeprovision.shadow.rootLockedByWaagent) return;
    // What pa/deprovision/default.py deletes (del_dirs, del_files, regen_ssh_host_key), present again.
    const lib = waagentState.libDir;
    const back = [
      ...(waagentState.provisioned ? [`${lib}/provisioned`] : []),
      ...(waagentState.ovfEnv ? [waagentState.ovfEnv.path] : []),
      ...waagentState.secrets.map((s) => s.path),
      ...logFiles.files.filter((f) => f === '/var/log/waagent.log' || f.startsWith('/var/log/azure/')),
      ...(waagentSwitch(provisioning, 'Provisioning.RegenerateSshHostKeyPair', false) ? sshHostKeys.keys.map((k) => k.path) : []),
    ].map(shownPath);
    if (back.length === 0) return;
    const evidence = back.length > 1 ? `${back[0]} (and ${back.length - 1} more)` : (back[0] as string);
    context.report({ messageId: 'used', resource: priorDeprovision.shadow.path, data: { evidence } });
  },
});
