import { TargetError } from './errors.js';
import type { FactsEnvelope } from './facts/envelope.js';
import type { TargetSpec } from './targets.js';
import type { ConnectOptions } from './transports/options.js';

/** Gathers one target's facts with one probe run over the target's transport. */
export async function collectFacts(spec: TargetSpec, options: ConnectOptions): Promise<FactsEnvelope> {
  switch (spec.kind) {
    case 'facts': {
      const { readFactsFile } = await import('./transports/facts-file.js');
      return readFactsFile(spec.raw, spec.path);
    }
    case 'root': {
      const { collectWindowsOffline, isWindowsVolume } = await import('./windows-offline/volume.js');
      if (options.platform === 'windows' || (options.platform !== 'linux' && isWindowsVolume(spec.path))) {
        return collectWindowsOffline(spec.raw, spec.path);
      }
      const { collectLinuxLocal } = await import('./transports/local.js');
      return collectLinuxLocal(spec.raw, spec.path, options);
    }
    case 'local': {
      if (process.platform === 'win32') {
        const { collectWindowsLocal } = await import('./transports/local-windows.js');
        return collectWindowsLocal(spec.raw, options);
      }
      if (process.platform !== 'linux') {
        throw new TargetError(
          spec.raw,
          'probe',
          `local linting is not supported on ${process.platform}`,
          'lint a Linux or Windows machine over ssh:// or winrm://',
        );
      }
      const { collectLinuxLocal } = await import('./transports/local.js');
      return collectLinuxLocal(spec.raw, undefined, options);
    }
    case 'ssh': {
      const { collectOverSsh } = await import('./transports/ssh.js');
      return collectOverSsh(spec, options);
    }
    case 'winrm': {
      const { collectOverWinrm } = await import('./transports/winrm.js');
      return collectOverWinrm(spec, options);
    }
  }
}
