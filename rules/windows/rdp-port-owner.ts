import { defineRule } from '../../src/engine/define.js';

const termService = { address: '0.0.0.0', pid: 1044, services: ['TermService'], process: 'svchost' };

export default defineRule({
  id: 'W049',
  alias: 'rdp-port-owner',
  title: 'Only the Remote Desktop service (TermService) listens on the RDP port',
  platform: 'windows',
  severity: 'warning',
  cloud: 'azure',
  facts: ['rdpListener'],
  messages: {
    other: 'TCP port {port} on {address} is held by {owner} (PID {pid}), not TermService',
  },
  rationale:
    'Azure\'s preparation page: "Make sure no other applications than TermService are using port 3389. This port is used for the RDP service in Azure." A clone whose RDP port is taken by another program cannot be reached.',
  remediation:
    'Stop and remove the program that listens on the port (`Get-NetTCPConnection -LocalPort 3389 -State Listen`, then `Get-Process -Id <pid>`), or move it to another port.',
  references: [
    {
      title: 'Azure: prepare a Windows VHD or VHDX to upload (Verify the VM: port 3389)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
  ],
  examples: {
    pass: [
      {
        description: 'TermService listens on IPv4 and IPv6',
        facts: { rdpListener: { port: 3389, listeners: [termService, { ...termService, address: '::' }] } },
        settings: { cloud: 'azure' },
      },
      { description: 'nothing listens (RDP off)', facts: { rdpListener: { port: 3389, listeners: [] } }, settings: { cloud: 'azure' } },
    ],
    fail: [
      {
        description: 'a remote-support tool holds the port',
        facts: { rdpListener: { port: 3389, listeners: [{ address: '0.0.0.0', pid: 4242, services: [], process: 'rsupport' }] } },
        settings: { cloud: 'azure' },
        messageIds: ['other'],
        resources: ['0.0.0.0:3389'],
      },
    ],
  },
  check({ rdpListener }, context) {
    for (const l of rdpListener.listeners) {
      if (l.services.some((s) => s.toLowerCase() === 'termservice')) continue;
      const owner = l.services.length > 0 ? `service ${l.services.join(', ')}` : `process ${l.process ?? '(unknown)'}`;
      context.report({
        messageId: 'other',
        resource: `${l.address}:${rdpListener.port}`,
        data: { port: rdpListener.port, address: l.address, owner, pid: l.pid },
      });
    }
  },
});
