import { defineRule } from '../../src/engine/define.js';

const IAS = 'C:\\Windows\\System32\\ias\\ias.xml';

export default defineRule({
  id: 'W031',
  alias: 'nps-radius-config',
  title: 'Network Policy Server has no RADIUS clients or remote RADIUS server groups',
  platform: 'windows',
  severity: 'warning',
  facts: ['nps'],
  messages: {
    client: 'RADIUS client "{name}" is defined in {resource}',
    group: 'remote RADIUS server group "{name}" is defined in {resource}',
  },
  rationale:
    'Microsoft asks to remove RADIUS clients and remote RADIUS server groups from the NPS configuration before a generalized ' +
    'installation is deployed to another computer; their shared secrets would be cloned into every instance.',
  remediation:
    'Export the configuration (`netsh nps export filename=nps.xml exportPSK=YES`), remove the clients and groups (`netsh nps reset config`), and import them after deployment.',
  references: [
    {
      title: 'Sysprep (Generalize) a Windows installation: NPS',
      url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--generalize--a-windows-installation',
    },
  ],
  examples: {
    pass: [{ description: 'NPS without RADIUS configuration', facts: { nps: { configPath: IAS, radiusClients: [], remoteServerGroups: [] } } }],
    fail: [
      {
        description: 'a RADIUS client',
        facts: { nps: { configPath: IAS, radiusClients: ['wifi-controller'], remoteServerGroups: [] } },
        messageIds: ['client'],
        resources: ['C:\\Windows\\System32\\ias\\ias.xml'],
      },
      {
        description: 'a remote server group',
        facts: { nps: { configPath: IAS, radiusClients: [], remoteServerGroups: ['upstream-radius'] } },
        messageIds: ['group'],
        resources: ['C:\\Windows\\System32\\ias\\ias.xml'],
      },
    ],
  },
  check({ nps }, context) {
    for (const name of nps.radiusClients) context.report({ messageId: 'client', resource: nps.configPath, data: { name } });
    for (const name of nps.remoteServerGroups) context.report({ messageId: 'group', resource: nps.configPath, data: { name } });
  },
});
