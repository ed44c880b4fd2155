import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyRule } from '../../src/engine/define.js';
import type { TargetReport } from '../../src/types.js';
import { linuxRules, lintRoot, makeRoot, removeRoot, result } from './trees.js';

const key = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 azureuser\n';

/** A VM provisioned on Azure as azureuser, with a second account left by the builder. */
const azureVm = {
  'etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nazureuser:x:1000:1000::/home/azureuser:/bin/bash\nbuilder:x:1001:1001::/home/builder:/bin/bash\n',
  'etc/shadow': 'root:$6$x$y:19700:0:99999:7:::\nazureuser:$6$a$b:19700:0:99999:7:::\nbuilder:$6$c$d:19700:0:99999:7:::\n',
  // waagent is installed (the Debian package's path): a generalizer that is not installed cleans nothing.
  'usr/sbin/waagent': { mode: 0o755, content: '#!/usr/bin/python3\n' },
  'etc/waagent.conf':
    '# Microsoft Azure Linux Agent Configuration\nProvisioning.Agent=auto\nProvisioning.DeleteRootPassword=y\nProvisioning.RegenerateSshHostKeyPair=y\n',
  'var/lib/waagent/ovf-env.xml': {
    mode: 0o600,
    content:
      '<?xml version="1.0" encoding="utf-8"?><ns0:Environment xmlns:ns0="http://schemas.dmtf.org/ovf/environment/1" xmlns:ns1="http://schemas.microsoft.com/windowsazure"><ns1:ProvisioningSection><ns1:LinuxProvisioningConfigurationSet><ns1:UserName>azureuser</ns1:UserName><ns1:UserPassword>*</ns1:UserPassword><ns1:CustomData>I2Nsb3VkLWNvbmZpZw==</ns1:CustomData></ns1:LinuxProvisioningConfigurationSet></ns1:ProvisioningSection></ns0:Environment>',
  },
  'root/.bash_history': 'waagent -deprovision+user\n',
  'home/azureuser/.bash_history': 'ls\n',
  'home/azureuser/.ssh/authorized_keys': key,
  'home/builder/.bash_history': 'make image\n',
  'var/lib/dhcp/dhclient.eth0.leases': 'lease {\n  fixed-address 10.0.0.4;\n}\n',
  'var/lib/NetworkManager/internal-1234-eth0.lease': 'ADDRESS=10.0.0.4\n',
  'var/log/waagent.log': '2024/01/01 INFO Daemon Azure Linux Agent Version: 2.9.1.1\n',
};

let rules: AnyRule[];
let root: string;
const reports: Record<string, TargetReport> = {};

beforeAll(async () => {
  rules = await linuxRules();
  root = makeRoot(azureVm);
  for (const g of ['waagent+user', 'waagent', 'none'] as const) reports[g] = await lintRoot(root, rules, g);
}, 120_000);
afterAll(() => removeRoot(root));

describe('what the chosen generalizer cleans', () => {
  it("L041: root's password is not blamed when waagent will lock it (DeleteRootPassword=y)", () => {
    expect(result(reports['waagent+user'] as TargetReport, 'L041')).toMatchObject({
      status: 'not-applicable',
      reason: expect.stringContaining('DeleteRootPassword=y'),
    });
    expect(result(reports['none'] as TargetReport, 'L041')).toMatchObject({ status: 'fail', evidence: [expect.stringContaining('/etc/shadow')] });
  });

  it('L042/L044/L045: +user deletes only the ovf-env.xml user; the builder account still fails', () => {
    const withUser = reports['waagent+user'] as TargetReport;
    expect(result(withUser, 'L042').findings.map((f) => f.resource)).toEqual(['builder']);
    // What +user removes is still reported, as info; only the rest gates.
    expect(
      result(withUser, 'L044')
        .findings.filter((f) => !f.cleanedBy)
        .map((f) => f.resource),
    ).toEqual(['/home/builder/.bash_history']);
    expect(
      result(withUser, 'L044')
        .findings.filter((f) => f.cleanedBy)
        .map((f) => [f.resource, f.severity]),
    ).toEqual([
      ['/home/azureuser/.bash_history', 'info'],
      ['/root/.bash_history', 'info'],
    ]);
    expect(result(withUser, 'L045')).toMatchObject({ status: 'fail', severity: 'info', cleanedBy: 'waagent+user' });
    const plain = reports['waagent'] as TargetReport;
    expect(result(plain, 'L042').findings.map((f) => f.resource)).toEqual(['azureuser', 'builder']);
    expect(
      result(plain, 'L044')
        .findings.filter((f) => !f.cleanedBy)
        .map((f) => f.resource),
    ).toEqual(['/home/azureuser/.bash_history', '/home/builder/.bash_history']);
    expect(result(plain, 'L045').findings.map((f) => f.resource)).toEqual(['/home/azureuser/.ssh/authorized_keys']);
    expect(result(reports['none'] as TargetReport, 'L044').findings.map((f) => f.resource)).toContain('/root/.bash_history');
  });

  it("L052: waagent deletes dhclient leases but not NetworkManager's internal-*.lease", () => {
    const l052 = result(reports['waagent'] as TargetReport, 'L052');
    expect(l052.findings.filter((f) => !f.cleanedBy).map((f) => f.resource)).toEqual(['/var/lib/NetworkManager/internal-1234-eth0.lease']);
    expect(l052.findings.filter((f) => f.cleanedBy).map((f) => f.resource)).toEqual(['/var/lib/dhcp/dhclient.eth0.leases']);
    expect(result(reports['none'] as TargetReport, 'L052').findings.map((f) => f.resource)).toEqual([
      '/var/lib/NetworkManager/internal-1234-eth0.lease',
      '/var/lib/dhcp/dhclient.eth0.leases',
    ]);
  });

  it('L053: the hostname is info when waagent resets it', () => {
    const root2 = makeRoot({ ...azureVm, 'etc/hostname': 'builder-vm\n' });
    return lintRoot(
      root2,
      rules.filter((r) => r.id === 'L053'),
      'waagent',
    ).then((report) => {
      expect(result(report, 'L053')).toMatchObject({ status: 'fail', severity: 'info', cleanedBy: 'waagent' });
      removeRoot(root2);
    });
  }, 60_000);

  it("L072/L076: waagent's own log and ovf-env.xml CustomData are left to waagent", () => {
    expect(result(reports['waagent'] as TargetReport, 'L072').status).toBe('pass');
    expect(result(reports['waagent'] as TargetReport, 'L076')).toMatchObject({ status: 'fail', severity: 'info', cleanedBy: 'waagent' });
    expect(result(reports['none'] as TargetReport, 'L072').evidence.join()).toContain('/var/log/waagent.log');
    expect(result(reports['none'] as TargetReport, 'L076').findings.map((f) => f.resource)).toEqual(['/var/lib/waagent/ovf-env.xml']);
  });

  it('Azure-only rules are not applicable in another cloud', async () => {
    const report = await lintRoot(
      root,
      rules.filter((r) => r.cloud === 'azure'),
      'none',
      'aws',
    );
    expect(report.results.length).toBeGreaterThan(5);
    for (const r of report.results) expect(r.status).toBe('not-applicable');
  }, 60_000);
});
