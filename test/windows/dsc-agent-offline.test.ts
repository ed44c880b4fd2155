/**
 * dscAgent on a mounted volume: derived from its SOFTWARE hive (the live probe's raw reads go
 * through the same derivation: test/hive/live-parity.test.ts), and an error without that hive.
 */
import { describe, expect, it } from 'vitest';
import { windowsContext } from '../../src/windows-offline/derive/define.js';
import { dscAgentDerivation } from '../../src/windows-offline/derive/dsc-agent.js';
import { deriveGroups } from '../../src/windows-offline/derive/run.js';
import { HiveRegistry } from '../../src/windows-offline/registry-source.js';
import { LIVE_ONLY_GROUPS, OFFLINE_DERIVATIONS } from '../../src/windows-offline/volume.js';

describe('dscAgent offline', () => {
  it('is derived from the SOFTWARE hive of a mounted volume; the CIM and certificate-store groups are live-only', () => {
    expect(OFFLINE_DERIVATIONS).toContain(dscAgentDerivation);
    expect(LIVE_ONLY_GROUPS['localUserAccounts']).toMatch(/^needs the running system: .*Win32_UserAccount/);
    expect(LIVE_ONLY_GROUPS['selfSignedCertificates']).toMatch(/^needs the running system: .*X509Store/);
  });

  it('without a SOFTWARE hive it is an error, never "not set"', () => {
    const none = new HiveRegistry(
      (h) => `${h} hive not present`,
      () => ({ kind: 'absent' }),
      () => ({ kind: 'absent' }),
    );
    const out = deriveGroups(none, [dscAgentDerivation], windowsContext());
    expect(out.errors['dscAgent']).toBe('SOFTWARE hive not present');
    expect(out.facts['dscAgent']).toBeUndefined();
  });
});
