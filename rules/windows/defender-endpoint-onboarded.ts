import { defineRule } from '../../src/engine/define.js';

const ATP = 'HKLM\\SOFTWARE\\Microsoft\\Windows Advanced Threat Protection';
const off = { onboardingState: null, senseGuidPresent: false, senseService: { status: 'Stopped', startType: 'Manual' } };

export default defineRule({
  id: 'W033',
  alias: 'defender-endpoint-onboarded',
  title: 'The machine is not onboarded to Microsoft Defender for Endpoint',
  platform: 'windows',
  severity: 'error',
  facts: ['defenderEndpoint'],
  messages: {
    onboarded: '{resource} = 1: the machine is onboarded to Defender for Endpoint',
    senseGuid: '{resource} exists: Sysprep fails deleting it (RegDeleteValueW ... senseGuid; dwRet = 0x5)',
  },
  rationale:
    "An onboarded machine carries its Defender for Endpoint identity; Sysprep's Windows-SenseClient-Service action cannot delete " +
    'senseGuid (access denied) and stops, and clones would share one device identity.',
  remediation:
    'Offboard with the offboarding package from the Defender portal (`WindowsDefenderATPOffboardingScript_valid_until_<date>.cmd`) before ' +
    'capture, or do not onboard the reference VM; onboard clones at first boot with the VDI onboarding script.',
  references: [
    { title: 'actions/runner-images#9659: Sysprep fails deleting senseGuid', url: 'https://github.com/actions/runner-images/issues/9659' },
    { title: 'Onboard non-persistent VDI devices to Defender for Endpoint', url: 'https://learn.microsoft.com/defender-endpoint/configure-endpoints-vdi' },
  ],
  examples: {
    pass: [{ description: 'never onboarded', facts: { defenderEndpoint: off } }],
    fail: [
      {
        description: 'onboarded',
        facts: { defenderEndpoint: { onboardingState: 1, senseGuidPresent: true, senseService: { status: 'Running', startType: 'Automatic' } } },
        messageIds: ['onboarded', 'senseGuid'],
        resources: [
          'HKLM\\SOFTWARE\\Microsoft\\Windows Advanced Threat Protection\\Status\\OnboardingState',
          'HKLM\\SOFTWARE\\Microsoft\\Windows Advanced Threat Protection\\senseGuid',
        ],
      },
    ],
  },
  check({ defenderEndpoint: d }, context) {
    if (d.onboardingState === 1) context.report({ messageId: 'onboarded', resource: `${ATP}\\Status\\OnboardingState` });
    if (d.senseGuidPresent) context.report({ messageId: 'senseGuid', resource: `${ATP}\\senseGuid` });
  },
});
