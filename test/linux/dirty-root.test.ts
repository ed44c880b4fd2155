import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyRule } from '../../src/engine/define.js';
import type { TargetReport } from '../../src/types.js';
import { linuxRules, lintRoot, makeRoot, removeRoot, result, type Entry } from './trees.js';

const sshKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl builder@img\n';

/** One build VM with every problem of L041–L084 at once, each in its real file format. */
const dirty: Record<string, Entry | null> = {
  'etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nbuilder:x:1001:1001:Builder:/home/builder:/bin/bash\n',
  'etc/shadow': 'root:$6$rounds=5000$salt$9yQm1:19700:0:99999:7:::\nbuilder:$y$j9T$abc$def:19700:0:99999:7:::\n',
  'etc/shadow-': 'root:$6$old$hash:19600:0:99999:7:::\nbuilder:!:19600::::::\n',
  'etc/sudoers.d/90-olduser': 'olduser ALL=(ALL) NOPASSWD:ALL\n',
  'home/builder/.bash_history': 'az login --service-principal -p s3cret\n',
  'root/.ssh/authorized_keys': `# builder key\n${sshKey}`,
  'home/builder/.aws/credentials': '[default]\naws_access_key_id = AKIAEXAMPLE\n',
  'home/builder/.ssh/deploy_key': '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
  'etc/udev/rules.d/70-persistent-net.rules':
    '# generated\nSUBSYSTEM=="net", ACTION=="add", DRIVERS=="?*", ATTR{address}=="00:15:5d:01:02:03", ATTR{type}=="1", KERNEL=="eth*", NAME="eth0"\n',
  'etc/NetworkManager/system-connections/Wired connection 1.nmconnection': {
    mode: 0o600,
    content: '[connection]\nid=Wired connection 1\ntype=ethernet\ninterface-name=eth0\n\n[ethernet]\nmac-address=00:15:5D:01:02:03\n\n[ipv4]\nmethod=auto\n',
  },
  'etc/sysconfig/network-scripts/ifcfg-eth1': 'DEVICE=eth1\nBOOTPROTO=static\nIPADDR=10.1.0.5\nPREFIX=24\nONBOOT=yes\n',
  'etc/systemd/network/20-ens33.network': '[Match]\nName=ens33\n\n[Network]\nDHCP=yes\n',
  'var/lib/NetworkManager/internal-6c1a4b2e-eth0.lease': '# This is private data.\nADDRESS=10.0.0.4\n',
  'etc/hostname': 'img-builder-01\n',
  'etc/hosts': '127.0.0.1\tlocalhost\n10.0.0.4\timg-builder-01.internal img-builder-01\n',
  'etc/resolv.conf': 'search corp.example\nnameserver 192.168.1.1\n',
  'usr/bin/cloud-init': '#!/usr/bin/python3\n',
  'etc/systemd/system/cloud-init.target.wants/cloud-init-local.service': { link: '/lib/systemd/system/cloud-init-local.service' },
  'etc/cloud/cloud.cfg': 'preserve_hostname: false\ndatasource_list: [ Azure ]\n',
  'etc/cloud/cloud.cfg.d/99-custom.cfg': 'preserve_hostname: true\n',
  'etc/fstab': `${[
    '/dev/sda1 / ext4 defaults 0 1',
    '/dev/sdb1 /mnt/resource ext4 defaults 0 2',
    'UUID=5e6f /data xfs defaults 0 2',
    '/swapfile none swap sw 0 0',
    'UUID=7a8b /var xfs defaults 0 2',
    '/dev/disk/cloud/azure_resource-part1 /mnt auto defaults,nofail,comment=cloudconfig 0 2',
  ].join('\n')}\n`,
  'etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT="quiet splash"\nGRUB_CMDLINE_LINUX="net.ifnames=0"\n',
  'etc/initramfs-tools/initramfs.conf': 'MODULES=dep\n',
  'etc/modprobe.d/CIS.conf': 'install udf /bin/true\n',
  'boot/efi/EFI/BOOT/BOOTX64.EFI': null,
  'boot/vmlinuz-6.1.0-21-amd64': 'kernel',
  'var/lib/dpkg/updates/0001': 'Package: linux-image-6.1.0-21-amd64\n',
  'var/lib/dpkg/status': 'Package: linux-image-6.1.0-21-amd64\nStatus: install ok half-configured\n',
  'var/log/syslog': 'Jan  1 builder sshd[1]: Accepted publickey for builder\n',
  'var/log/journal/4c4c4544004d3510804bb4c04f4e3432/system.journal': 'LPKSHHRH',
  'var/lib/cloud/instance': { link: '/var/lib/cloud/instances/f3e1b2c4' },
  'var/lib/cloud/instances/f3e1b2c4/user-data.txt': '#cloud-config\npassword: hunter2\n',
  'etc/netplan/50-cloud-init.yaml':
    'network:\n  version: 2\n  ethernets:\n    eth0:\n      match:\n        macaddress: "00:0d:3a:01:02:03"\n      set-name: eth0\n      dhcp4: true\n',
  'var/cache/apt/archives/curl_7.88.1-10_amd64.deb': 'deb',
  'tmp/build.env': 'TOKEN=abc\n',
  'etc/ssh/sshd_config.bak': 'PermitRootLogin yes\n',
  'var/crash/_usr_sbin_sshd.0.crash': 'ProblemType: Crash\n',
  // ABRT's problem directory layout (abrt: one directory per crash, its "reason" file among others).
  'var/spool/abrt/ccpp-2024-01-01-10:00:00-1234/reason': 'sshd killed by SIGSEGV\n',
  'var/spool/cron/crontabs/root': '*/5 * * * * /opt/build/sync.sh\n',
  // An mbox as cron's mail of that job leaves it (Debian's /var/mail, mbox format).
  'var/mail/root': 'From root@build-vm-01 Mon Jan  1 10:05:01 2024\nSubject: Cron <root@build-vm-01> /opt/build/sync.sh\n\nsync done\n',
  'usr/sbin/sshd': null,
  'etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin prohibit-password\n',
  'etc/ssh/sshd_config.d/10-builder.conf': 'PermitRootLogin yes\nClientAliveInterval 600\n',
};

/** Each rule fails, and its evidence names the offending object. */
const expected: Record<string, string[]> = {
  L041: ['/etc/shadow'],
  L042: ['builder'],
  L043: ['/etc/shadow-', 'root'],
  L044: ['/home/builder/.bash_history'],
  L045: ['/root/.ssh/authorized_keys'],
  L046: ['/home/builder/.aws/credentials', '/home/builder/.ssh/deploy_key'],
  L047: ['/etc/sudoers.d/90-olduser', 'olduser'],
  L048: ['/etc/udev/rules.d/70-persistent-net.rules', '00:15:5d:01:02:03'],
  L049: ['/etc/NetworkManager/system-connections/Wired connection 1.nmconnection', 'mac-address=00:15:5D:01:02:03'],
  L050: ['/etc/sysconfig/network-scripts/ifcfg-eth1', 'IPADDR=10.1.0.5'],
  L051: ['/etc/systemd/network/20-ens33.network', 'ens33'],
  L052: ['/var/lib/NetworkManager/internal-6c1a4b2e-eth0.lease'],
  L053: ['/etc/hostname', 'img-builder-01'],
  L054: ['/etc/hosts', '10.0.0.4'],
  L055: ['/etc/resolv.conf', '192.168.1.1'],
  L056: ['/etc/cloud/cloud.cfg.d/99-custom.cfg'],
  L057: ['/etc/fstab', '/dev/sda1'],
  L058: ['/etc/fstab', '/swapfile'],
  L059: ['/etc/fstab', '/mnt/resource'],
  L060: ['/etc/fstab', '/data'],
  L061: ['/etc/default/grub', 'console=ttyS0'],
  L062: ['/etc/default/grub', 'rootdelay'],
  L063: ['/etc/default/grub', 'quiet', 'splash'],
  L064: ['/boot/grub/grub.cfg', '/etc/default/grub'],
  L065: ['/etc/initramfs-tools/initramfs.conf', 'hv_storvsc'],
  L066: ['/etc/modprobe.d/CIS.conf', 'udf'],
  L067: ['/boot/efi/EFI', 'debian'],
  L068: ['/boot/vmlinuz-6.1.0-21-amd64'],
  L070: ['/var/lib/dpkg/updates/0001', 'linux-image-6.1.0-21-amd64', 'half-configured'],
  L071: ['/etc/fstab', '/var'],
  L072: ['/var/log', '/var/log/syslog'],
  L073: ['/var/log/journal/4c4c4544004d3510804bb4c04f4e3432'],
  L074: ['/var/lib/cloud/instance', '/var/lib/cloud/instances/f3e1b2c4'],
  L075: ['/etc/netplan/50-cloud-init.yaml', 'comment=cloudconfig'],
  L076: ['/var/lib/cloud/instances/f3e1b2c4/user-data.txt'],
  L077: ['/var/cache/apt/archives'],
  L078: ['/tmp/build.env'],
  L079: ['/etc/ssh/sshd_config.bak'],
  L080: ['/var/crash/_usr_sbin_sshd.0.crash', '/var/spool/abrt/ccpp-2024-01-01-10:00:00-1234'],
  L081: ['/var/spool/cron/crontabs/root', '/var/mail/root'],
  L082: ['/usr/sbin/sshd'],
  L083: ['/etc/ssh/sshd_config.d/10-builder.conf', '600'],
  L084: ['/etc/ssh/sshd_config.d/10-builder.conf'],
};

let rules: AnyRule[];
let root: string;
let report: TargetReport;

beforeAll(async () => {
  rules = await linuxRules();
  root = makeRoot(dirty, { 'boot/grub/grub.cfg': new Date('2023-06-01T00:00:00Z') });
  report = await lintRoot(root, rules);
}, 120_000);
afterAll(() => removeRoot(root));

describe('a build VM with every L041–L084 problem', () => {
  it('covers every rule but the live-only L069', () => {
    expect(Object.keys(expected).sort()).toEqual(
      rules
        .map((r) => r.id)
        .filter((id) => id !== 'L069')
        .sort(),
    );
    expect(report.error).toBeNull();
  });

  for (const [id, needles] of Object.entries(expected)) {
    it(`${id} fails and names ${needles.join(', ')}`, () => {
      const r = result(report, id);
      expect(r.status, `${id}: ${r.message} ${r.reason ?? ''}`).toBe('fail');
      const evidence = r.evidence.join('\n');
      for (const n of needles) expect(evidence).toContain(n);
    });
  }

  it('L069 is not applicable offline', () => {
    expect(result(report, 'L069')).toMatchObject({ status: 'not-applicable', reason: expect.stringContaining('running system') });
  });

  it('fstab lines written by cloud-init are not blamed on the image (L059 skips comment=cloudconfig)', () => {
    expect(result(report, 'L059').evidence.join('\n')).not.toContain('azure_resource');
  });
});
