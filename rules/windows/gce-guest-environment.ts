import { defineRule } from '../../src/engine/define.js';

const FOLDER = 'C:\\Program Files\\Google\\Compute Engine\\sysprep';

export default defineRule({
  id: 'W052',
  alias: 'gce-guest-environment',
  title: 'The Google guest environment (GCESysprep and GCEAgent) is installed',
  platform: 'windows',
  severity: 'error',
  cloud: 'gcp',
  facts: ['googleGuestEnvironment'],
  messages: {
    noSysprep: '{resource} is missing: GCESysprep, which generalizes an image for Compute Engine, is not installed',
    noAgent: 'the GCEAgent service is not installed: instances of this image get no Windows credentials, accounts or addresses from Compute Engine',
  },
  rationale:
    'Compute Engine\'s guest environment handles "user account and address management"; GCESysprep generalizes the image and makes sure the files instance setup needs are present. ' +
    'An image without them boots, but `gcloud compute reset-windows-password` and the metadata-driven setup do not work on its instances.',
  remediation:
    'Install the guest environment (`googet -noconfirm install google-compute-engine-windows google-compute-engine-sysprep`) and generalize with `GCESysprep`.',
  references: [
    { title: 'Google Cloud: install the guest environment', url: 'https://cloud.google.com/compute/docs/images/install-guest-environment' },
    { title: 'Google Cloud: create a Windows image (GCESysprep)', url: 'https://cloud.google.com/compute/docs/instances/windows/creating-windows-os-image' },
  ],
  examples: {
    pass: [
      {
        description: 'the guest environment',
        facts: { googleGuestEnvironment: { sysprepFolder: { path: FOLDER, present: true }, agent: { status: 'Running', startType: 'Automatic' } } },
        settings: { cloud: 'gcp' },
      },
    ],
    fail: [
      {
        description: 'an image imported without the guest environment',
        facts: { googleGuestEnvironment: { sysprepFolder: { path: FOLDER, present: false }, agent: null } },
        settings: { cloud: 'gcp' },
        messageIds: ['noSysprep', 'noAgent'],
        resources: [FOLDER, 'GCEAgent'],
      },
    ],
  },
  check({ googleGuestEnvironment: g }, context) {
    if (!g.sysprepFolder.present) context.report({ messageId: 'noSysprep', resource: g.sysprepFolder.path });
    if (g.agent === null) context.report({ messageId: 'noAgent', resource: 'GCEAgent' });
  },
});
