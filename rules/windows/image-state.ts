import { defineRule } from '../../src/rules/define.js';

const KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State\\ImageState';

export default defineRule({
  id: 'W010',
  alias: 'image-state',
  title: 'Windows Setup completed and no earlier Sysprep run failed (ImageState is IMAGE_STATE_COMPLETE)',
  platform: 'windows',
  severity: 'error',
  facts: ['sysprepState'],
  messages: {
    undeployable: '{resource} = IMAGE_STATE_UNDEPLOYABLE: a Setup phase or an earlier Sysprep run failed; this installation must be rebuilt',
    resealed: '{resource} = {state}: the machine is already generalized; booting it again uses up a generalization',
    other: '{resource} = {state}, not IMAGE_STATE_COMPLETE',
  },
  rationale:
    'Read online while Setup is not running, IMAGE_STATE_UNDEPLOYABLE means a Setup phase failed and Microsoft documents no repair. ' +
    'A *_RESEAL_TO_* state means Sysprep already generalized this installation.',
  remediation: 'Rebuild the reference VM from installation media and run Sysprep once; do not boot a generalized VM before capture.',
  references: [
    { title: 'Windows Setup installation process: Windows image states', url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-installation-process' },
  ],
  examples: {
    pass: [{ description: 'setup completed', facts: { sysprepState: { imageState: 'IMAGE_STATE_COMPLETE', generalizationState: 7, cleanupState: 2 } } }],
    fail: [
      { description: 'a failed earlier run', facts: { sysprepState: { imageState: 'IMAGE_STATE_UNDEPLOYABLE', generalizationState: 7, cleanupState: 2 } }, messageIds: ['undeployable'] },
      { description: 'an image state Windows does not document', facts: { sysprepState: { imageState: 'IMAGE_STATE_UNKNOWN_VALUE', generalizationState: 7, cleanupState: 2 } }, messageIds: ['other'] },
      { description: 'already generalized', facts: { sysprepState: { imageState: 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE', generalizationState: 7, cleanupState: 2 } }, messageIds: ['resealed'] },
    ],
  },
  check({ sysprepState }, context) {
    const state = sysprepState.imageState;
    if (state === null) return context.unknown(`${KEY} is not set`);
    if (state === 'IMAGE_STATE_COMPLETE') return;
    const messageId = state === 'IMAGE_STATE_UNDEPLOYABLE' ? 'undeployable' : state.includes('_RESEAL_TO_') ? 'resealed' : 'other';
    context.report({ messageId, resource: KEY, data: { state } });
  },
});
