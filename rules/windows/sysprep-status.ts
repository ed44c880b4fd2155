import { defineRule } from '../../src/engine/define.js';
import { capturedAsIs, SYSPREP_DOES_NOT_RUN } from './lib/stage.js';

const KEY = 'HKLM\\SYSTEM\\Setup\\Status\\SysprepStatus';

export default defineRule({
  id: 'W011',
  alias: 'sysprep-status',
  title: 'SysprepStatus shows no unfinished or failed Sysprep run (GeneralizationState 7, CleanupState 2)',
  platform: 'windows',
  severity: 'warning',
  facts: ['sysprepState'],
  messages: {
    generalization: '{resource}\\GeneralizationState = {value}, not 7 as on an installation Sysprep never touched',
    cleanup: '{resource}\\CleanupState = {value}, not 2 as on an installation Sysprep never touched',
  },
  rationale:
    'A Sysprep run that fails cannot roll back: "The fatal error is designed to prevent the deployment of a corrupted image … To resolve this error, re-create the image." ' +
    'Microsoft does not document these values: 7 and 2 are observed on installations Sysprep never touched, other values after an earlier or ' +
    'failed run. Because they are observed, not documented, a different value fails only when the documented ImageState (Windows Setup states) ' +
    'agrees that the installation is not complete; next to IMAGE_STATE_COMPLETE it makes the result unknown.',
  remediation: 'Rebuild the reference VM. Do not reset the values to 7 and 2 by hand: that hides a corrupted image.',
  references: [
    {
      title: 'A fatal error occurred while trying to Sysprep the machine',
      url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/fatal-error-occurred-sysprep-machine',
    },
  ],
  examples: {
    pass: [{ description: 'a clean installation', facts: { sysprepState: { imageState: 'IMAGE_STATE_COMPLETE', generalizationState: 7, cleanupState: 2 } } }],
    fail: [
      {
        description: 'a failed run',
        facts: { sysprepState: { imageState: 'IMAGE_STATE_UNDEPLOYABLE', generalizationState: 3, cleanupState: 2 } },
        messageIds: ['generalization'],
        resources: ['HKLM\\SYSTEM\\Setup\\Status\\SysprepStatus'],
      },
      {
        description: 'cleanup left unfinished by a failed run',
        facts: { sysprepState: { imageState: 'IMAGE_STATE_UNDEPLOYABLE', generalizationState: 7, cleanupState: 1 } },
        messageIds: ['cleanup'],
        resources: ['HKLM\\SYSTEM\\Setup\\Status\\SysprepStatus'],
      },
    ],
    notApplicable: [
      {
        description: 'captured as it is (--generalizer none)',
        facts: { sysprepState: { imageState: 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE', generalizationState: 4, cleanupState: 2 } },
        settings: { generalizer: 'none' },
        reason: 'Sysprep does not run',
      },
    ],
    unknown: [
      {
        description: 'an undocumented value next to IMAGE_STATE_COMPLETE',
        facts: { sysprepState: { imageState: 'IMAGE_STATE_COMPLETE', generalizationState: 7, cleanupState: 1 } },
        reason: 'CleanupState = 1 is not the value observed on untouched installations, but ImageState is IMAGE_STATE_COMPLETE',
      },
      {
        description: 'no SysprepStatus values',
        facts: { sysprepState: { imageState: 'IMAGE_STATE_COMPLETE', generalizationState: null, cleanupState: null } },
        reason: 'has no GeneralizationState or CleanupState',
      },
    ],
  },
  check({ sysprepState }, context) {
    if (capturedAsIs(context.settings)) return context.notApplicable(SYSPREP_DOES_NOT_RUN);
    const { generalizationState: g, cleanupState: c } = sysprepState;
    if (g === null && c === null) return context.unknown(`${KEY} has no GeneralizationState or CleanupState`);
    const odd = [
      ...(g !== null && g !== 7 ? [['generalization', 'GeneralizationState', g] as const] : []),
      ...(c !== null && c !== 2 ? [['cleanup', 'CleanupState', c] as const] : []),
    ];
    const complete = (sysprepState.imageState ?? sysprepState.stateIniImageState) === 'IMAGE_STATE_COMPLETE';
    for (const [messageId, name, value] of odd) {
      // Observed values, not documented ones: only the documented ImageState can confirm a failed run.
      if (complete) context.unknown(`${name} = ${value} is not the value observed on untouched installations, but ImageState is IMAGE_STATE_COMPLETE`);
      else context.report({ messageId, resource: KEY, data: { value } });
    }
  },
});
