import { defineRule } from '../../src/engine/define.js';

const ROUTES = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\PersistentRoutes';

export default defineRule({
  id: 'W039',
  alias: 'azure-routes-proxy',
  title: 'No persistent static routes and no machine WinHTTP proxy',
  platform: 'windows',
  severity: 'warning',
  cloud: 'azure',
  facts: ['azureNetwork'],
  messages: {
    route: 'persistent route {resource} exists',
    proxy: 'WinHTTP proxy {resource} is set (bypass: {bypass}): the agent may not reach 168.63.129.16',
  },
  rationale: 'Static routes and a WinHTTP proxy from the build network break the connection of the VM Agent to the Azure fabric (168.63.129.16) in the clones.',
  remediation: '`route.exe delete <destination>` for each persistent route; `netsh winhttp reset proxy` (or bypass 168.63.129.16 and 169.254.169.254).',
  references: [
    {
      title: 'Prepare a Windows VHD to upload to Azure: routes and WinHTTP proxy',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
  ],
  examples: {
    pass: [{ description: 'clean', settings: { cloud: 'azure' }, facts: { azureNetwork: { persistentRoutes: [], winHttpProxy: null } } }],
    fail: [
      {
        description: 'build network leftovers',
        settings: { cloud: 'azure' },
        facts: { azureNetwork: { persistentRoutes: ['10.20.0.0,255.255.0.0,10.0.0.1,1'], winHttpProxy: { proxyServer: 'proxy.corp:8080', bypass: null } } },
        messageIds: ['route', 'proxy'],
        resources: ['HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\PersistentRoutes\\10.20.0.0,255.255.0.0,10.0.0.1,1', 'proxy.corp:8080'],
      },
    ],
  },
  check({ azureNetwork: n }, context) {
    for (const r of n.persistentRoutes) context.report({ messageId: 'route', resource: `${ROUTES}\\${r}` });
    if (n.winHttpProxy) context.report({ messageId: 'proxy', resource: n.winHttpProxy.proxyServer, data: { bypass: n.winHttpProxy.bypass ?? 'none' } });
  },
});
