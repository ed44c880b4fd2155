import { defineRule } from '../../src/engine/define.js';
import { CLOUD_INIT_ON, cloudInitOn, cloudInitSetting, provisioningExample } from './lib/provisioning.js';

const azure = { cloud: 'azure' };
const withConfig = (settings: Record<string, string>, leftovers: string[] = []) =>
  provisioningExample({ cloudInit: { ...CLOUD_INIT_ON, config: [{ path: '/etc/cloud/cloud.cfg.d/90_dpkg.cfg', readable: true, settings }], leftovers } });

export default defineRule({
  id: 'L031',
  alias: 'cloud-init-datasource',
  title: "cloud-init's datasource list includes Azure and no installer leftovers remain",
  platform: 'linux',
  severity: 'warning',
  cloud: 'azure',
  facts: ['provisioning'],
  messages: {
    datasource: '{resource} sets datasource_list to {list}, without Azure; cloud-init will not provision on Azure',
    leftover: '{resource} is an installer leftover that can stop cloud-init from provisioning on Azure',
  },
  rationale:
    'A datasource_list without Azure, or Subiquity and curtin leftovers (99-installer.cfg, networking overrides, ds-identify.cfg), keep cloud-init from provisioning on Azure.',
  remediation:
    'Set `datasource_list: [ Azure ]` in /etc/cloud/cloud.cfg.d/90_dpkg.cfg and delete the leftovers (`rm -f /etc/cloud/cloud.cfg.d/99-installer.cfg /etc/cloud/ds-identify.cfg …`).',
  references: [
    {
      title: 'Azure: prepare an Ubuntu image (remove cloud-init leftovers)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-ubuntu',
    },
  ],
  examples: {
    pass: [{ description: 'Azure datasource', facts: { provisioning: withConfig({ datasource_list: '[ Azure ]' }) }, settings: azure }],
    fail: [
      {
        description: 'NoCloud only, with the installer config',
        facts: { provisioning: withConfig({ datasource_list: '[ NoCloud, None ]' }, ['/etc/cloud/cloud.cfg.d/99-installer.cfg']) },
        settings: azure,
        messageIds: ['datasource', 'leftover'],
        resources: ['/etc/cloud/cloud.cfg.d/90_dpkg.cfg', '/etc/cloud/cloud.cfg.d/99-installer.cfg'],
      },
    ],
  },
  check({ provisioning }, context) {
    if (!cloudInitOn(provisioning)) return context.notApplicable('cloud-init is not installed and enabled');
    const ds = cloudInitSetting(provisioning, 'datasource_list');
    if (ds) {
      const list = Array.isArray(ds.value) ? ds.value.map(String) : [String(ds.value)];
      if (!list.some((d) => d.trim().toLowerCase() === 'azure'))
        context.report({ messageId: 'datasource', resource: ds.path, data: { list: `[${list.join(', ')}]` } });
    }
    for (const f of provisioning.cloudInit.leftovers) context.report({ messageId: 'leftover', resource: f });
  },
});
