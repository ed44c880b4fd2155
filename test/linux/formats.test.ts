import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyRule } from '../../src/engine/define.js';
import type { TargetReport } from '../../src/types.js';
import { linuxRules, lintRoot, makeRoot, removeRoot, result } from './trees.js';

let rules: AnyRule[];
const roots: string[] = [];
beforeAll(async () => {
  rules = await linuxRules();
});
afterAll(() => roots.forEach(removeRoot));

async function lint(overrides: Parameters<typeof makeRoot>[0], generalizer: 'none' | 'cloud-init' = 'none'): Promise<TargetReport> {
  const root = makeRoot(overrides);
  roots.push(root);
  const report = await lintRoot(root, rules, generalizer);
  expect(report.error).toBeNull();
  return report;
}

const evidence = (report: TargetReport, id: string) => result(report, id).evidence.join('\n');

describe('network configuration in each format', () => {
  let report: TargetReport;
  beforeAll(async () => {
    report = await lint({
      'etc/netplan/01-netcfg.yaml':
        'network:\n  version: 2\n  renderer: networkd\n  ethernets:\n    enp0s3:\n      addresses: [192.168.56.10/24]\n      routes:\n        - to: default\n          via: 192.168.56.1\n',
      'etc/network/interfaces': 'source /etc/network/interfaces.d/*\nauto lo\niface lo inet loopback\n',
      'etc/network/interfaces.d/eth2': 'auto eth2\niface eth2 inet static\n    address 172.16.0.9/16\n    hwaddress ether 52:54:00:12:34:56\n',
      'etc/systemd/network/10-persistent.link': '[Match]\nMACAddress=52:54:00:ab:cd:ef\n\n[Link]\nName=lan0\n',
      'etc/systemd/network/20-lan0.network': '[Match]\nName=lan0\n\n[Network]\nAddress=10.20.0.5/24\nGateway=10.20.0.1\n',
      'etc/NetworkManager/system-connections/static.nmconnection': {
        mode: 0o600,
        content: '[connection]\nid=static\ntype=ethernet\ninterface-name=eth3\n\n[ipv4]\nmethod=manual\naddress1=10.30.0.7/24,10.30.0.1\n',
      },
      'etc/sysconfig/network-scripts/ifcfg-lo': 'DEVICE=lo\nIPADDR=127.0.0.1\n',
      'etc/default/grub': 'GRUB_CMDLINE_LINUX="console=ttyS0 rootdelay=300"\n',
      'etc/default/grub.d/50-cloudimg-settings.cfg': 'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX net.ifnames=0"\n',
    });
  });

  it('L050 names every static address with its file, and not the loopback', () => {
    const text = evidence(report, 'L050');
    expect(text).toContain('/etc/netplan/01-netcfg.yaml gives enp0s3 a static address (addresses: 192.168.56.10/24)');
    expect(text).toContain('/etc/network/interfaces.d/eth2 gives eth2 a static address (iface eth2 inet static)');
    expect(text).toContain('/etc/systemd/network/20-lan0.network gives lan0 a static address (Address=10.20.0.5/24)');
    expect(text).toContain(
      '/etc/NetworkManager/system-connections/static.nmconnection gives eth3 a static address ([ipv4] method=manual address1=10.30.0.7/24,10.30.0.1)',
    );
    expect(text).not.toContain('ifcfg-lo');
  });

  it('L049 finds MAC pins in ifupdown and systemd .link files', () => {
    const text = evidence(report, 'L049');
    expect(text).toContain('/etc/network/interfaces.d/eth2');
    expect(text).toContain('hwaddress ether 52:54:00:12:34:56');
    expect(text).toContain('/etc/systemd/network/10-persistent.link');
    expect(text).toContain('MACAddress=52:54:00:ab:cd:ef');
  });

  it('L051 reads net.ifnames=0 appended by a grub.d file and names enp0s3', () => {
    expect(result(report, 'L051').findings.map((f) => [f.resource, f.data['name']])).toEqual([['/etc/netplan/01-netcfg.yaml', 'enp0s3']]);
    expect(evidence(report, 'L051')).toContain('/etc/default/grub + /etc/default/grub.d/50-cloudimg-settings.cfg');
  });
});

describe('fstab, grub and sshd_config details', () => {
  it('fstab octal escapes are decoded and nofail/noauto entries pass', async () => {
    const report = await lint({
      'etc/fstab':
        'UUID=1 / ext4 defaults 0 1\nLABEL=data /srv/my\\040data ext4 defaults 0 2\nUUID=2 /backup ext4 noauto 0 0\nUUID=3 /data2 xfs defaults,nofail,x-systemd.device-timeout=10s 0 2\n',
    });
    expect(result(report, 'L060').findings.map((f) => f.data['mount'])).toEqual(['/srv/my data']);
  });

  it('sshd: the first value wins across Include, and a Match block ends the global section', async () => {
    const report = await lint({
      'etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin no\nMatch User backup\n  PermitRootLogin yes\n',
      'etc/ssh/sshd_config.d/50-cloud-init.conf': 'PasswordAuthentication no\n',
      'etc/ssh/sshd_config.d/60-keepalive.conf': 'ClientAliveInterval 120\n',
    });
    expect(result(report, 'L084').status).toBe('pass');
    expect(result(report, 'L083').status).toBe('pass');
  });

  it('sshd: a relative Include is resolved against /etc/ssh', async () => {
    const report = await lint({
      'etc/ssh/sshd_config': 'Include sshd_config.d/*.conf\nPermitRootLogin no\n',
      'etc/ssh/sshd_config.d/00-legacy.conf': 'PermitRootLogin yes\n',
    });
    expect(result(report, 'L084').findings.map((f) => f.resource)).toEqual(['/etc/ssh/sshd_config.d/00-legacy.conf']);
  });

  it("cloud-init: a later cloud.cfg.d file overrides preserve_hostname, and cloud-init's own netplan is not blamed for its MAC match", async () => {
    const cloudInit = {
      'usr/bin/cloud-init': '#!/usr/bin/python3\n',
      'etc/systemd/system/cloud-init.target.wants/cloud-init-local.service': { link: '/lib/systemd/system/cloud-init-local.service' },
      'etc/cloud/cloud.cfg': 'preserve_hostname: true\n',
      'etc/cloud/cloud.cfg.d/90-azure.cfg': 'preserve_hostname: false\n',
      'etc/netplan/50-cloud-init.yaml':
        'network:\n  version: 2\n  ethernets:\n    eth0:\n      match:\n        macaddress: "00:0d:3a:01:02:03"\n      set-name: eth0\n      dhcp4: true\n',
    };
    const report = await lint(cloudInit, 'cloud-init');
    expect(result(report, 'L056').status).toBe('pass');
    expect(result(report, 'L049').status).toBe('pass');
    // cloud-init clean leaves generated configs (22.4 has no --configs): reported, not marked cleaned.
    expect(result(report, 'L075')).toMatchObject({ status: 'fail', severity: 'info' });
    expect(result(report, 'L075').cleanedBy).toBeUndefined();
  });
});

describe('offline images with partitions not mounted under the root', () => {
  it('an empty /boot/efi/EFI or /boot is not applicable, not a missing loader or kernel', async () => {
    const report = await lint({
      'boot/efi/EFI/debian/grubx64.efi': null,
      'boot/efi/EFI/BOOT/BOOTX64.EFI': null,
      'boot/efi/EFI': { dir: true },
      'boot/vmlinuz-6.1.0-18-amd64': null,
      'boot/initrd.img-6.1.0-18-amd64': null,
    });
    expect(result(report, 'L067')).toMatchObject({ status: 'not-applicable', reason: expect.stringContaining('EFI system partition mounted') });
    expect(result(report, 'L068')).toMatchObject({ status: 'not-applicable', reason: expect.stringContaining('/boot partition mounted') });
  });

  it('a copied persistent-net generator without MAC pins is not blamed', async () => {
    const report = await lint({
      'etc/udev/rules.d/75-persistent-net-generator.rules':
        'ACTION!="add", GOTO="persistent_net_generator_end"\nSUBSYSTEM!="net", GOTO="persistent_net_generator_end"\nENV{MATCHADDR}="$attr{address}"\nATTR{address}=="?*", ENV{MATCHADDR}="$attr{address}"\n',
    });
    expect(result(report, 'L048').status).toBe('pass');
  });
});
