import { defineRule } from '../../src/engine/define.js';

const CONFIG = 'C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config';

export default defineRule({
  id: 'W030',
  alias: 'iis-encrypted-credentials',
  title: 'applicationHost.config holds no encrypted credentials',
  platform: 'windows',
  severity: 'warning',
  facts: ['iis'],
  messages: { encrypted: '{resource} has an encrypted {attribute} attribute ({provider}) in {element}' },
  rationale:
    'IIS supports Sysprep except with encrypted credentials in applicationHost.config: they are encrypted with machine keys that ' +
    'generalization replaces, so application pools and virtual directories cannot decrypt them on the clones.',
  remediation:
    'Remove the credentials before sealing (`Clear-WebConfiguration` or `appcmd set apppool /processModel.password:`) and set them after deployment, or use the application pool identity or a gMSA.',
  references: [
    {
      title: 'Sysprep support for server roles (Web Server)',
      url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep-support-for-server-roles',
    },
  ],
  examples: {
    pass: [{ description: 'no encrypted attributes', facts: { iis: { configPath: CONFIG, encryptedAttributes: [] } } }],
    fail: [
      {
        description: 'an app pool with a stored password',
        facts: {
          iis: {
            configPath: CONFIG,
            encryptedAttributes: [
              {
                element: "configuration/system.applicationHost/applicationPools/add[@name='Orders']/processModel",
                attribute: 'password',
                provider: 'IISWASOnlyCngProvider',
              },
            ],
          },
        },
        messageIds: ['encrypted'],
        resources: ['C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config'],
      },
    ],
  },
  check({ iis }, context) {
    for (const a of iis.encryptedAttributes)
      context.report({ messageId: 'encrypted', resource: iis.configPath, data: { attribute: a.attribute, provider: a.provider, element: a.element } });
  },
});
