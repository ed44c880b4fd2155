import { defineRule } from '../../src/engine/define.js';
import { SETUP_STATES } from './lib/references.js';
import { capturedAsIs } from './lib/stage.js';

const KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State\\ImageState';
const status = { systemSetupInProgress: 0, oobeInProgress: 0, setupType: 0, setupPhase: 0, auditBoot: null, childCompletionSetup: 3 };

export default defineRule({
  id: 'W010',
  alias: 'image-state',
  title: 'Windows Setup completed and no earlier Sysprep run failed (ImageState is IMAGE_STATE_COMPLETE)',
  platform: 'windows',
  severity: 'error',
  facts: ['sysprepState', 'setupStatus'],
  messages: {
    undeployable: '{resource} = IMAGE_STATE_UNDEPLOYABLE: a Setup phase or an earlier Sysprep run failed; this installation must be rebuilt',
    resealed: '{resource} = {state}: the machine is already generalized; booting it again uses up a generalization',
    other: '{resource} = {state}, not IMAGE_STATE_COMPLETE',
    notGeneralized:
      '{resource} = {state}, not IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE: with --generalizer none the image is captured as it is, but Sysprep /generalize /oobe has not run on it',
  },
  rationale:
    'Read online while Setup is not running, IMAGE_STATE_UNDEPLOYABLE means "there was a failure when completing a Setup phase. This image must be reinstalled." ' +
    'A *_RESEAL_TO_* state means Sysprep already generalized this installation. In audit mode the state is UNDEPLOYABLE by design; preseal recognizes audit mode by HKLM\\SYSTEM\\Setup\\Status AuditBoot = 1, ' +
    'a value observed on machines in audit mode but not documented by Microsoft, so only AuditBoot = 1 exactly relaxes the verdict.' +
    ' With --generalizer none the image is captured as it is, so the opposite holds: it must already be generalized for OOBE (IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE), as Sysprep /generalize /oobe leaves it.',
  remediation: 'Rebuild the reference VM from installation media and run Sysprep once; do not boot a generalized VM before capture.',
  references: [SETUP_STATES],
  examples: {
    pass: [
      {
        description: 'setup completed',
        facts: { sysprepState: { imageState: 'IMAGE_STATE_COMPLETE', generalizationState: 7, cleanupState: 2 }, setupStatus: status },
      },
      {
        description: 'audit mode',
        facts: { sysprepState: { imageState: 'IMAGE_STATE_UNDEPLOYABLE', generalizationState: 7, cleanupState: 2 }, setupStatus: { ...status, auditBoot: 1 } },
      },
      {
        description: 'captured as it is (--generalizer none) after Sysprep /generalize /oobe',
        facts: { sysprepState: { imageState: 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE', generalizationState: 4, cleanupState: 2 }, setupStatus: status },
        settings: { generalizer: 'none' },
      },
    ],
    fail: [
      {
        description: 'a failed earlier run',
        facts: { sysprepState: { imageState: 'IMAGE_STATE_UNDEPLOYABLE', generalizationState: 7, cleanupState: 2 }, setupStatus: status },
        messageIds: ['undeployable'],
        resources: ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State\\ImageState'],
      },
      {
        description: 'already generalized',
        facts: { sysprepState: { imageState: 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE', generalizationState: 4, cleanupState: 2 }, setupStatus: status },
        messageIds: ['resealed'],
        resources: ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State\\ImageState'],
      },
      {
        description: 'mid-deployment',
        facts: { sysprepState: { imageState: 'IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE', generalizationState: 4, cleanupState: 2 }, setupStatus: status },
        messageIds: ['resealed'],
        resources: ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State\\ImageState'],
      },
      {
        description: 'captured as it is (--generalizer none), never generalized',
        facts: { sysprepState: { imageState: 'IMAGE_STATE_COMPLETE', generalizationState: 7, cleanupState: 2 }, setupStatus: status },
        settings: { generalizer: 'none' },
        messageIds: ['notGeneralized'],
        resources: ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State\\ImageState'],
      },
      {
        description: 'captured as it is (--generalizer none), generalized to audit mode',
        facts: { sysprepState: { imageState: 'IMAGE_STATE_GENERALIZE_RESEAL_TO_AUDIT', generalizationState: 4, cleanupState: 2 }, setupStatus: status },
        settings: { generalizer: 'none' },
        messageIds: ['notGeneralized'],
        resources: ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State\\ImageState'],
      },
      {
        description: 'an unknown value',
        facts: { sysprepState: { imageState: 'IMAGE_STATE_SOMETHING', generalizationState: 7, cleanupState: 2 }, setupStatus: status },
        messageIds: ['other'],
        resources: ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State\\ImageState'],
      },
      {
        description: 'the registry value missing, State.ini saying undeployable',
        facts: {
          sysprepState: { imageState: null, stateIniImageState: 'IMAGE_STATE_UNDEPLOYABLE', generalizationState: 7, cleanupState: 2 },
          setupStatus: status,
        },
        messageIds: ['undeployable'],
        resources: ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State\\ImageState'],
      },
    ],
    unknown: [
      {
        description: 'no ImageState in the registry or State.ini',
        facts: { sysprepState: { imageState: null, stateIniImageState: null, generalizationState: 7, cleanupState: 2 }, setupStatus: status },
        reason: 'State.ini has no ImageState',
      },
    ],
  },
  check({ sysprepState, setupStatus }, context) {
    const state = sysprepState.imageState ?? sysprepState.stateIniImageState ?? null;
    if (state === null) return context.unknown(`${KEY} is not set and %WINDIR%\\Setup\\State\\State.ini has no ImageState`);
    // Captured as it is: it must already be generalized, ready for OOBE on its first boot.
    if (capturedAsIs(context.settings)) {
      if (state === 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE') return;
      return context.report({ messageId: state === 'IMAGE_STATE_UNDEPLOYABLE' ? 'undeployable' : 'notGeneralized', resource: KEY, data: { state } });
    }
    if (state === 'IMAGE_STATE_COMPLETE') return;
    if (state === 'IMAGE_STATE_UNDEPLOYABLE' && setupStatus.auditBoot === 1) return;
    const messageId = state === 'IMAGE_STATE_UNDEPLOYABLE' ? 'undeployable' : state.includes('_RESEAL_TO_') ? 'resealed' : 'other';
    context.report({ messageId, resource: KEY, data: { state } });
  },
});
