import { defineRule } from '../../src/engine/define.js';
import { datasourceAllows } from './lib/cloud.js';
import { shownPath } from './lib/paths.js';
import { CLOUD_INIT_ON, cloudInitOn, cloudInitUnreadable, provisioningExample } from './lib/provisioning.js';

const gcp = { cloud: 'gcp' };
const MANAGER = '/usr/bin/google_guest_agent_manager';
const agent = (enabled: boolean) => ({
  binaries: [MANAGER],
  units: ['/lib/systemd/system/google-guest-agent-manager.service'],
  enabled: enabled ? ['/etc/systemd/system/multi-user.target.wants/google-guest-agent-manager.service'] : [],
  legacy: [],
});
const none = { binaries: [], units: [], enabled: [], legacy: [] };
// What compute-image-packages' python-google-compute-engine installed (setup.py entry points, google-*-daemon.service).
const legacy = {
  ...none,
  legacy: ['/usr/bin/google_accounts_daemon', '/usr/bin/google_clock_skew_daemon', '/lib/systemd/system/google-accounts-daemon.service'],
};
const azureOnly = provisioningExample({
  cloudInit: { ...CLOUD_INIT_ON, config: [{ path: '/etc/cloud/cloud.cfg.d/90_dpkg.cfg', readable: true, settings: { datasource_list: '[ Azure ]' } }] },
});

export default defineRule({
  id: 'L086',
  alias: 'gce-guest-agent',
  title: 'The Google guest agent is installed and enabled, or cloud-init runs with its GCE datasource allowed',
  platform: 'linux',
  severity: 'error',
  cloud: 'gcp',
  facts: ['googleGuestAgent', 'provisioning'],
  messages: {
    none: 'neither the Google guest agent ({resource}) nor cloud-init is installed and enabled; instances of this image get no SSH keys or accounts from Compute Engine metadata',
    disabled: '{resource} is installed but none of its units is enabled; it will not run at boot',
    datasource: '{resource} sets datasource_list to {list}, without GCE; cloud-init will not read the Compute Engine metadata',
    legacy:
      '{resource} belongs to the legacy Python guest environment (python-google-compute-engine), deprecated in 2020 and superseded by google-guest-agent; it gets no fixes or new Compute Engine features',
    both: '{resource} of the legacy Python guest environment is installed beside google-guest-agent, which conflicts with it: two accounts daemons would manage the same users and keys',
  },
  rationale:
    'Compute Engine hands SSH keys, accounts, host keys and network setup to the guest through its metadata server; the guest environment (google-guest-agent) or ' +
    "cloud-init's GCE datasource reads it. An image with neither boots, but nobody can log in with `gcloud compute ssh` or the console's SSH keys. The Python guest environment " +
    '(google_accounts_daemon and the other daemons of python-google-compute-engine) was replaced in 2020 by the Go guest agent, whose packages conflict with it (Debian) or obsolete it (RPM).',
  remediation:
    'Install the guest environment (`apt-get install google-guest-agent` / `dnf install google-guest-agent` from the Google Cloud repositories) and enable its unit ' +
    '(`systemctl enable google-guest-agent-manager` or, on older packages, `google-guest-agent`); with cloud-init, allow GCE in datasource_list. ' +
    'Replace the legacy environment: installing google-guest-agent removes its package (the Debian package conflicts with python-google-compute-engine and ' +
    'python3-google-compute-engine, the RPM obsoletes them); daemons left from a pip install go with `pip uninstall google-compute-engine`.',
  references: [
    { title: 'Google Cloud: guest environment', url: 'https://cloud.google.com/compute/docs/images/guest-environment' },
    { title: 'Google Cloud: install the guest environment', url: 'https://cloud.google.com/compute/docs/images/install-guest-environment' },
    {
      title: 'GoogleCloudPlatform/guest-agent (units google-guest-agent.service, google-guest-agent-manager.service)',
      url: 'https://github.com/GoogleCloudPlatform/guest-agent',
    },
    { title: 'cloud-init: Google Compute Engine datasource', url: 'https://docs.cloud-init.io/en/latest/reference/datasources/gce.html' },
    {
      title: 'GoogleCloudPlatform/compute-image-packages README (the legacy Python guest code; packages moved to guest-agent, guest-configs, guest-oslogin)',
      url: 'https://github.com/GoogleCloudPlatform/compute-image-packages#readme',
    },
    {
      title: 'guest-agent packaging/debian/control (Conflicts: python-google-compute-engine, python3-google-compute-engine)',
      url: 'https://github.com/GoogleCloudPlatform/guest-agent/blob/main/packaging/debian/control',
    },
  ],
  examples: {
    pass: [
      { description: 'the guest agent enabled', facts: { googleGuestAgent: agent(true), provisioning: provisioningExample({}) }, settings: gcp },
      {
        description: 'cloud-init with the default list',
        facts: { googleGuestAgent: none, provisioning: provisioningExample({ cloudInit: CLOUD_INIT_ON }) },
        settings: gcp,
      },
    ],
    fail: [
      {
        description: 'nothing installed',
        facts: { googleGuestAgent: none, provisioning: provisioningExample({}) },
        settings: gcp,
        messageIds: ['none'],
        resources: ['/usr/bin/google_guest_agent'],
      },
      {
        description: 'the agent not enabled',
        facts: { googleGuestAgent: agent(false), provisioning: provisioningExample({}) },
        settings: gcp,
        messageIds: ['disabled'],
        resources: [MANAGER],
      },
      {
        description: 'cloud-init for Azure only',
        facts: { googleGuestAgent: agent(true), provisioning: azureOnly },
        settings: gcp,
        messageIds: ['datasource'],
        resources: ['/etc/cloud/cloud.cfg.d/90_dpkg.cfg'],
      },
      {
        description: 'only the legacy Python guest environment',
        facts: { googleGuestAgent: legacy, provisioning: provisioningExample({}) },
        settings: gcp,
        messageIds: ['legacy'],
        resources: ['/usr/bin/google_accounts_daemon'],
      },
      {
        description: 'the legacy daemons left beside the guest agent',
        facts: { googleGuestAgent: { ...agent(true), legacy: legacy.legacy }, provisioning: provisioningExample({}) },
        settings: gcp,
        messageIds: ['both'],
        resources: ['/usr/bin/google_accounts_daemon'],
      },
    ],
  },
  check({ googleGuestAgent: g, provisioning }, context) {
    const ci = cloudInitOn(provisioning);
    if (ci) {
      const unreadable = cloudInitUnreadable(provisioning);
      if (unreadable.length > 0)
        return context.unknown(`${unreadable.join(', ')} could not be read: the datasource_list is unknown (run as root or with --sudo)`);
      const bad = datasourceAllows(provisioning, 'GCE');
      if (bad) context.report({ messageId: 'datasource', resource: bad.path, data: { list: `[${bad.list.join(', ')}]` } });
    }
    const agentOn = g.binaries.length > 0 && g.enabled.length > 0;
    const old = g.legacy[0];
    if (old !== undefined) context.report({ messageId: g.binaries.length > 0 ? 'both' : 'legacy', resource: shownPath(old), severity: 'warning' });
    if (g.binaries.length > 0 && !agentOn) context.report({ messageId: 'disabled', resource: g.binaries[0] as string });
    else if (!agentOn && !ci && old === undefined) context.report({ messageId: 'none', resource: '/usr/bin/google_guest_agent' });
  },
});
