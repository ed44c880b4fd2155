import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A file's content, a symlink, an empty folder, or content with a mode. */
export type Entry = string | Buffer | { link: string } | { dir: true; mode?: number } | { content: string | Buffer; mode: number };
export type TreeSpec = Record<string, Entry>;

/** Writes a root tree below a new temporary folder; keys are target paths without the leading slash. */
export function makeTree(spec: TreeSpec): string {
  const root = mkdtempSync(join(tmpdir(), 'preseal-root-'));
  chmodSync(root, 0o755);
  const modes: [string, number][] = [];
  for (const [path, entry] of Object.entries(spec)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    if (typeof entry === 'string' || Buffer.isBuffer(entry)) writeFileSync(full, entry);
    else if ('link' in entry) symlinkSync(entry.link, full);
    else if ('dir' in entry) {
      mkdirSync(full, { recursive: true });
      if (entry.mode !== undefined) modes.push([full, entry.mode]);
    } else {
      writeFileSync(full, entry.content);
      modes.push([full, entry.mode]);
    }
  }
  // Modes last, so that a 0700 folder does not stop its own files being written.
  for (const [full, mode] of modes.reverse()) chmodSync(full, mode);
  return root;
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

export const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

/** Written by the Debian installer, plus a second root line added by hand. */
export const FSTAB_DUPLICATE_ROOT = `# /etc/fstab: static file system information.
#
# Use 'blkid' to print the universally unique identifier for a
# device; this may be used with UUID= as a more robust way to name devices
# that works even if disks are added and removed. See fstab(5).
#
# systemd generates mount units based on this file, see systemd.mount(5).
# Please run 'systemctl daemon-reload' after you make changes here.
#
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
# / was on /dev/sda1 during installation
UUID=0b7f8e43-52b5-4d37-a2a8-1d6c7cbf0a10 /               ext4    errors=remount-ro 0       1
# swap was on /dev/sda5 during installation
UUID=3c1d4f7e-9a2b-4c8d-8e6f-5a4b3c2d1e0f none            swap    sw              0       0
/dev/sr0        /media/cdrom0   udf,iso9660 user,noauto     0       0
/dev/sdb1 / ext4 defaults 0 1
`;

export const FSTAB_CLEAN = `# /etc/fstab: static file system information.
UUID=0b7f8e43-52b5-4d37-a2a8-1d6c7cbf0a10 /               ext4    errors=remount-ro 0       1
`;

/** What `realm join` writes on Debian 12. */
export const SSSD_CONF_AD = `
[sssd]
domains = corp.example.com
config_file_version = 2
services = nss, pam

[domain/corp.example.com]
default_shell = /bin/bash
krb5_store_password_if_offline = True
cache_credentials = True
krb5_realm = CORP.EXAMPLE.COM
realmd_tags = manages-system joined-with-adcli 
id_provider = ad
fallback_homedir = /home/%u@%d
ad_domain = corp.example.com
use_fully_qualified_names = True
ldap_id_mapping = True
access_provider = ad
`;

export const SMB_CONF_ADS = `[global]
   workgroup = CORP
   security = ADS
   realm = CORP.EXAMPLE.COM
   winbind refresh tickets = Yes
   vfs objects = acl_xattr
   map acl inherit = Yes
   store dos attributes = Yes
   dedicated keytab file = /etc/krb5.keytab
   kerberos method = secrets and keytab
   winbind use default domain = yes
   idmap config * : backend = tdb
   idmap config * : range = 3000-7999
`;

export const IPA_DEFAULT_CONF = `#File modified by ipa-client-install

[global]
basedn = dc=corp,dc=example,dc=com
realm = CORP.EXAMPLE.COM
domain = corp.example.com
server = ipa01.corp.example.com
host = web01.corp.example.com
xmlrpc_uri = https://ipa01.corp.example.com/ipa/xml
enable_ra = True
`;

/** Written by MIT ktutil 1.20.1 (addent for host/web01.corp.example.com and WEB01$, aes256-cts-hmac-sha1-96, kvno 2). */
export const KEYTAB = Buffer.from(
  'BQIAAABjAAIAEENPUlAuRVhBTVBMRS5DT00ABGhvc3QAFndlYjAxLmNvcnAuZXhhbXBsZS5jb20AAAABawgDpQIAEgAg9ysmRDlpSeCO/O9lzHMcjwPNlJVpFTsNwgJaiGc73X4AAAACAAAATQABABBDT1JQLkVYQU1QTEUuQ09NAAZXRUIwMSQAAAABawgDpQIAEgAghXB6KVtzUEmAFbqMyAp78TR/ZD77yq4QCIzCDHEB3AMAAAAC',
  'base64',
);

/** WALinuxAgent's config/waagent.conf, with the settings a scenario sets put in place of the shipped lines. */
export function waagentConf(settings: Record<string, string | null>): string {
  const shipped: [string, string][] = [
    ['Extensions.Enabled', 'y'],
    ['Provisioning.Agent', 'auto'],
    ['Provisioning.DeleteRootPassword', 'y'],
    ['Provisioning.RegenerateSshHostKeyPair', 'y'],
    ['Provisioning.SshHostKeyPairType', 'rsa'],
    ['Provisioning.MonitorHostName', 'y'],
    ['ResourceDisk.Format', 'n'],
    ['ResourceDisk.Filesystem', 'ext4'],
    ['ResourceDisk.MountPoint', '/mnt/resource'],
    ['ResourceDisk.EnableSwap', 'n'],
    ['Logs.Verbose', 'n'],
    ['OS.RootDeviceScsiTimeout', '300'],
  ];
  const lines = ['#', '# Microsoft Azure Linux Agent Configuration', '#', ''];
  for (const [key, value] of shipped) {
    const v = Object.hasOwn(settings, key) ? settings[key] : value;
    lines.push(`# ${key}`, v === null ? `#${key}=${value}` : `${key}=${v}`, '');
  }
  for (const [key, value] of Object.entries(settings)) if (value !== null && !shipped.some(([k]) => k === key)) lines.push(`${key}=${value}`);
  lines.push('# Enable or disable goal state processing auto-update, default is enabled', '# AutoUpdate.Enabled=y', '');
  return lines.join('\n');
}

export const OVF_ENV =
  '<?xml version="1.0" encoding="utf-8"?><ns0:Environment xmlns="http://schemas.dmtf.org/ovf/environment/1" xmlns:ns0="http://schemas.dmtf.org/ovf/environment/1" ' +
  'xmlns:ns1="http://schemas.microsoft.com/windowsazure" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><ns1:ProvisioningSection><ns1:Version>1.0</ns1:Version>' +
  '<ns1:LinuxProvisioningConfigurationSet><ns1:ConfigurationSetType>LinuxProvisioningConfiguration</ns1:ConfigurationSetType><ns1:HostName>build-vm-01</ns1:HostName>' +
  '<ns1:UserName>azureuser</ns1:UserName><ns1:UserPassword>*</ns1:UserPassword><ns1:DisableSshPasswordAuthentication>true</ns1:DisableSshPasswordAuthentication>' +
  '<ns1:CustomData>I2Nsb3VkLWNvbmZpZwpwYWNrYWdlX3VwZ3JhZGU6IHRydWUK</ns1:CustomData></ns1:LinuxProvisioningConfigurationSet></ns1:ProvisioningSection>' +
  '<ns1:PlatformSettingsSection><ns1:Version>1.0</ns1:Version><ns1:PlatformSettings><ns1:ProvisionGuestAgent>true</ns1:ProvisionGuestAgent></ns1:PlatformSettings></ns1:PlatformSettingsSection></ns0:Environment>';

export const PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin
messagebus:x:100:107::/nonexistent:/usr/sbin/nologin
sshd:x:101:65534::/run/sshd:/usr/sbin/nologin
azureuser:x:1000:1000:Ubuntu:/home/azureuser:/bin/bash
packer:x:1001:1001::/home/packer:/bin/bash
`;

/** Debian's /etc/cloud/cloud.cfg head (the keys preseal reads come from cloud.cfg.d here). */
export const CLOUD_CFG = `# The top level settings are used as module
# and base configuration.
# A set of users which may be applied and/or used by various modules
# when a 'default' entry is found it will reference the 'default_user'
# from the distro configuration specified below
users:
   - default

# If this is set, 'root' will not be able to ssh in and they
# will get a message to login instead as the default $user
disable_root: true

# This will cause the set+update hostname module to not operate (if true)
preserve_hostname: false

# The modules that run in the 'init' stage
cloud_init_modules:
 - migrator
 - seed_random
 - bootcmd
 - write-files
 - growpart
 - resizefs
 - disk_setup
 - mounts
 - set_hostname
 - update_hostname
 - update_etc_hosts
 - ca-certs
 - rsyslog
 - users-groups
 - ssh
`;

/** The dirty machine: one of every L001–L040 problem an offline root can show, written as real systems write them. */
export function dirtySpec(): TreeSpec {
  return {
    'etc/os-release': { link: '../usr/lib/os-release' },
    'usr/lib/os-release': OS_RELEASE,
    'etc/passwd': PASSWD,
    'etc/shadow': { content: 'root:*LOCK*:14600::::::\nazureuser:!:19700:0:99999:7:::\npacker:$y$j9T$abcdefghijklmnop$0123456789abcdefghijklmnopqrstuvwxyzABCDE:19700:0:99999:7:::\n', mode: 0o640 },
    'etc/fstab': FSTAB_DUPLICATE_ROOT,
    'etc/crypttab': '# <target name>\t<source device>\t\t<key file>\t<options>\nsda3_crypt UUID=5e0c6a3e-2b7d-4d27-9f0e-1f3c8d4b9a11 none luks,discard\ncswap /dev/sdb2 /dev/urandom swap,cipher=aes-xts-plain64,size=256\n',
    'etc/lvm/devices/system.devices': '# LVM uses devices listed in this file.\n# Created by LVM command vgimportdevices pid 1102 at Tue Nov 26 09:12:44 2024\nVERSION=1.1.2\nIDTYPE=sys_wwid IDNAME=naa.6002248069aaf3a41dcd0c2a04be2c8a DEVNAME=/dev/sda3 PVID=Xn0cRZ2KgJ6eU8s2DjVq1a4M3w1fkL2b PART=3\n',
    'var/lib/machines/debian-old/etc/os-release': OS_RELEASE,
    'etc/sssd/sssd.conf': { content: SSSD_CONF_AD, mode: 0o600 },
    'var/lib/realmd/realmd.conf': '[corp.example.com]\nconfigured = kerberos-member\n',
    'var/lib/sss/db/cache_corp.example.com.ldb': Buffer.alloc(4096, 7),
    'etc/samba/smb.conf': SMB_CONF_ADS,
    'var/lib/samba/winbindd_cache.tdb': Buffer.alloc(2048, 1),
    'var/lib/samba/private/secrets.tdb': { content: Buffer.alloc(2048, 2), mode: 0o600 },
    'etc/ipa/default.conf': IPA_DEFAULT_CONF,
    'etc/krb5.keytab': { link: '/etc/krb5/host.keytab' },
    'etc/krb5/host.keytab': { content: KEYTAB, mode: 0o600 },
    'var/lib/azure_disk_encryption_config/azure_crypt_params.ini': 'KeyEncryptionAlgorithm=RSA-OAEP\n',
    'home/.ecryptfs/alice/.Private/ECRYPTFS_FNEK_ENCRYPTED.FWa': 'x',
    'home/alice/.ecryptfs/wrapped-passphrase': 'x',
    '.fscrypt/policies/6b2c7e4a6f1d0c9e': Buffer.alloc(32, 3),
    'var/opt/azcmagent/agentconfig.json': '{"subscriptionid":"0d1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7","resourcegroup":"build","resourcename":"build-vm-01","tenantid":"72f988bf-86f1-41af-91ab-2d7cd011db47","location":"westeurope"}\n',
    'var/lib/docker': { dir: true, mode: 0o710 },
    'etc/sssd': { dir: true, mode: 0o700 },
    'var/lib/docker/swarm/state.json': '[{"node_id":"y9c2j8xk1m4p7q0r3s6t5u8v","addr":"10.0.0.4:2377"}]\n',
    'var/lib/docker/engine-id': '8a1f3c5e-7b9d-4f2a-9c8e-1d3b5f7a9c0e\n',
    'etc/kubernetes/kubelet.conf': 'apiVersion: v1\nkind: Config\nusers:\n- name: system:node:build-vm-01\n',
    'etc/salt/minion_id': 'build-vm-01\n',
    'var/lib/ubuntu-advantage/private/machine-token.json': { content: '{"machineToken":"eyJhbGciOi"}\n', mode: 0o600 },
    'var/ossec/etc/client.keys': '001 build-vm-01 any 6e0e0b1c3d2a4f5e6d7c8b9a0f1e2d3c4b5a6978\n',
    'var/lib/mysql/auto.cnf': '[auto]\nserver-uuid=3e11fa47-71ca-11e1-9e33-c80aa9429562\n',
    'usr/sbin/waagent': { content: '#!/usr/bin/python3\n', mode: 0o755 },
    'usr/lib/python3/dist-packages/WALinuxAgent-2.2.32.2.egg-info/PKG-INFO': 'Metadata-Version: 1.1\nName: WALinuxAgent\nVersion: 2.2.32.2\n',
    'etc/waagent.conf': waagentConf({ 'Provisioning.Agent': 'waagent', 'Provisioning.RegenerateSshHostKeyPair': 'n', 'Extensions.Enabled': 'n' }),
    'var/lib/waagent': { dir: true, mode: 0o700 },
    'var/lib/waagent/provisioned': '',
    'var/lib/waagent/ovf-env.xml': { content: OVF_ENV, mode: 0o600 },
    'var/lib/waagent/8F2D4C1A9B7E6D5C4B3A2918F7E6D5C4B3A29180.prv': { content: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n', mode: 0o600 },
    'var/lib/waagent/Microsoft.CPlat.Core.RunCommandLinux-1.0.5/config/0.settings': '{"runtimeSettings":[{"handlerSettings":{"protectedSettings":"MIIB"}}]}\n',
    'usr/bin/cloud-init': { content: '#!/usr/bin/python3\n', mode: 0o755 },
    'lib/systemd/system/cloud-init-local.service': '[Unit]\nDescription=Initial cloud-init job (pre-networking)\n',
    'etc/systemd/system/cloud-init.target.wants/cloud-init-local.service': { link: '/lib/systemd/system/cloud-init-local.service' },
    'etc/cloud/cloud.cfg': CLOUD_CFG,
    'etc/cloud/cloud.cfg.d/90_dpkg.cfg': '# to update this file, run dpkg-reconfigure cloud-init\ndatasource_list: [ NoCloud, ConfigDrive, None ]\n',
    'etc/cloud/cloud.cfg.d/99-installer.cfg': 'datasource:\n  None:\n    metadata:\n      instance-id: 1f8a2f3c\n',
    'etc/cloud/cloud.cfg.d/99-trust.cfg': 'manual_cache_clean: True\nssh_deletekeys: false\n',
    'var/lib/cloud/instances/iid-datasource-none/obj.pkl': 'x',
    'var/lib/cloud/instance': { link: '/var/lib/cloud/instances/iid-datasource-none' },
    'etc/machine-id': '4c4c4544004d3510804bb4c04f4e3432\n',
    'var/lib/dbus/machine-id': '4c4c4544004d3510804bb4c04f4e3432\n',
    'etc/ssh/ssh_host_ed25519_key': { content: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n', mode: 0o600 },
    'etc/ssh/ssh_host_ed25519_key.pub': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHn root@build-vm-01\n',
    'etc/ssl/private': { dir: true, mode: 0o710 },
    'etc/ssl/private/ssl-cert-snakeoil.key': { content: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC\n-----END PRIVATE KEY-----\n', mode: 0o640 },
    'var/lib/systemd/credential.secret': { content: Buffer.alloc(4096, 9), mode: 0o400 },
    'var/lib/systemd/random-seed': { content: Buffer.alloc(512, 5), mode: 0o600 },
  };
}

/** A clean machine: what a minimal Debian 12 root holds that these rules read, and nothing they report. */
export function cleanSpec(): TreeSpec {
  return {
    'etc/os-release': { link: '../usr/lib/os-release' },
    'usr/lib/os-release': OS_RELEASE,
    'etc/passwd': PASSWD.split('\n').filter((l) => !l.startsWith('packer:') && !l.startsWith('azureuser:')).join('\n'),
    'etc/shadow': { content: 'root:*:19700:0:99999:7:::\n', mode: 0o640 },
    'etc/fstab': FSTAB_CLEAN,
    'etc/machine-id': '',
    'var/lib/dbus/machine-id': { link: '/etc/machine-id' },
    'etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config.d/*.conf\nKbdInteractiveAuthentication no\nUsePAM yes\n',
    'var/lib/systemd': { dir: true },
    'usr/sbin/waagent': { content: '#!/usr/bin/python3\n', mode: 0o755 },
    'usr/lib/python3/dist-packages/WALinuxAgent-2.9.1.1.egg-info/PKG-INFO': 'Metadata-Version: 1.1\nName: WALinuxAgent\nVersion: 2.9.1.1\n',
    'etc/waagent.conf': waagentConf({}),
  };
}
