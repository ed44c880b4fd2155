import type { RuleSettings } from '../../../src/engine/define.js';

/**
 * The stage a Windows lint checks. `--generalizer sysprep` (the default): a machine about to be
 * generalized, so Sysprep must be able to run. `--generalizer none`: the image is captured as it
 * is, the same meaning as on Linux, so it must already be generalized
 * (ImageState IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE) and keep no Panther logs, unattend secrets or
 * machine identity; checks of whether Sysprep can run do not apply.
 */
export function capturedAsIs(settings: RuleSettings): boolean {
  return settings.generalizer === 'none';
}

export const SYSPREP_DOES_NOT_RUN = 'with --generalizer none Sysprep does not run: the image is captured as it is and must already be generalized (W010)';
