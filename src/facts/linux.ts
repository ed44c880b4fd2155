import { z } from 'zod';
import { defineGroup } from './define.js';

/*
 * Strings from the Linux probe are the target's bytes. Valid UTF-8 arrives as text; every byte that
 * is not part of valid UTF-8 arrives as the lone surrogate U+DC80–U+DCFF (0x80–0xFF), as Python's
 * "surrogateescape" does (PEP 383). Valid text never holds a lone surrogate, so a path stays
 * unambiguous; decodeProbeBytes gives the bytes back.
 */

/** The target's bytes behind a probe string (see the surrogate-escape note above). */
export function decodeProbeBytes(text: string): Buffer {
  const parts: Buffer[] = [];
  let plain = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0xdc80 && code <= 0xdcff) {
      parts.push(Buffer.from(plain, 'utf8'), Buffer.from([code - 0xdc00]));
      plain = '';
    } else plain += ch;
  }
  parts.push(Buffer.from(plain, 'utf8'));
  return Buffer.concat(parts);
}

/** A target path (absolute, as on the target) with its size in bytes; null when it could not be read. */
const fileRef = z.object({ path: z.string(), size: z.number().nullable() });
const fileList = z.object({ files: z.array(fileRef) });
/** One line of an fstab-like file: its line number and its whitespace-separated fields, as written. */
const tabEntry = z.object({ line: z.number(), fields: z.array(z.string()) });

/** Fact groups of the Linux sh probe (src/probes/linux) for rules L001–L040. */
export const linuxFacts = {
  machineId: defineGroup({
    platforms: ['linux'],
    description: 'Contents of /etc/machine-id and /var/lib/dbus/machine-id (empty, missing, or the ID).',
    schema: z.object({
      files: z.array(z.object({ path: z.string(), state: z.enum(['missing', 'empty', 'uninitialized', 'set']), value: z.string().optional() })),
    }),
  }),
  sshHostKeys: defineGroup({
    platforms: ['linux'],
    description: 'SSH host private key files under /etc/ssh (names and sizes only).',
    schema: z.object({ keys: z.array(fileRef) }),
  }),
  kerberos: defineGroup({
    platforms: ['linux'],
    description: 'Kerberos host keytab (/etc/krb5.keytab): present, size, and its principals when readable.',
    schema: z.object({
      keytab: z.object({
        path: z.string(),
        present: z.boolean(),
        size: z.number().nullable().optional(),
        readable: z.boolean().optional(),
        entries: z.number().optional(),
        keys: z.array(z.object({ principal: z.string(), kvno: z.number().nullable(), enctype: z.number().nullable() })).optional(),
      }),
    }),
  }),
  sssd: defineGroup({
    platforms: ['linux'],
    description: 'SSSD: the [domain/…] sections of /etc/sssd/sssd.conf (id_provider, ad_domain) and the cache files in /var/lib/sss/db.',
    needsAdmin: true,
    schema: z.object({
      config: z.object({
        path: z.string(),
        present: z.boolean(),
        domains: z.array(z.object({ section: z.string(), idProvider: z.string(), adDomain: z.string() })),
      }),
      caches: z.array(fileRef),
    }),
  }),
  realmd: defineGroup({
    platforms: ['linux'],
    description: 'Files realmd keeps for joined realms (/var/lib/realmd).',
    schema: fileList,
  }),
  samba: defineGroup({
    platforms: ['linux'],
    description: 'Samba: the security mode and realm of /etc/samba/smb.conf and the databases in /var/lib/samba (secrets.tdb holds the machine password).',
    needsAdmin: true,
    schema: z.object({
      config: z.object({ path: z.string(), present: z.boolean(), security: z.string(), realm: z.string() }),
      databases: z.array(fileRef),
    }),
  }),
  ipa: defineGroup({
    platforms: ['linux'],
    description: 'FreeIPA client enrollment: /etc/ipa/default.conf and the sysrestore state in /var/lib/ipa-client.',
    needsAdmin: true,
    schema: fileList,
  }),
  storage: defineGroup({
    platforms: ['linux'],
    description: 'Entries of /etc/fstab and /etc/crypttab, the LVM devices file, and other OS trees found on the disk.',
    schema: z.object({
      fstab: z.object({ path: z.string(), present: z.boolean(), entries: z.array(tabEntry) }),
      crypttab: z.object({ path: z.string(), present: z.boolean(), entries: z.array(tabEntry) }),
      lvmDevices: z.object({ path: z.string(), entries: z.number() }).nullable(),
      osTrees: z.array(z.string()),
    }),
  }),
  azureDiskEncryption: defineGroup({
    platforms: ['linux'],
    description: 'Azure Disk Encryption markers: its config folder and extension folders under /var/lib/waagent.',
    needsAdmin: true,
    schema: z.object({ markers: z.array(z.string()) }),
  }),
  encryptedHomes: defineGroup({
    platforms: ['linux'],
    description: 'eCryptfs folders (/home/.ecryptfs, ~/.ecryptfs) and fscrypt policies (/.fscrypt, /home/.fscrypt).',
    needsAdmin: true,
    schema: z.object({ ecryptfs: z.array(z.string()), fscrypt: z.array(z.string()) }),
  }),
  arcAgent: defineGroup({
    platforms: ['linux'],
    description: 'The Azure Arc agent config (/var/opt/azcmagent/agentconfig.json) and the resource it is connected as.',
    schema: z.object({ config: z.object({ path: z.string(), resourceName: z.string() }).nullable() }),
  }),
  docker: defineGroup({
    platforms: ['linux'],
    description: 'Docker engine identity files: swarm state, engine-id, key.json.',
    needsAdmin: true,
    schema: fileList,
  }),
  kubernetes: defineGroup({
    platforms: ['linux'],
    description: 'Kubernetes, k3s and RKE2 node credentials (kubelet.conf, kubelet client certs, node password, cluster CA key).',
    needsAdmin: true,
    schema: fileList,
  }),
  configManagement: defineGroup({
    platforms: ['linux'],
    description: 'Puppet, Chef and Salt client keys and node ids.',
    needsAdmin: true,
    schema: fileList,
  }),
  subscription: defineGroup({
    platforms: ['linux'],
    description: 'OS registration identities: RHSM consumer cert, SUSE SCC credentials, Ubuntu Pro machine token, Landscape, RHN system id.',
    needsAdmin: true,
    schema: fileList,
  }),
  securityAgents: defineGroup({
    platforms: ['linux'],
    description: 'Security and monitoring agent enrollment files (Wazuh/OSSEC, Elastic Agent, OMS, CrowdStrike).',
    needsAdmin: true,
    schema: fileList,
  }),
  databases: defineGroup({
    platforms: ['linux'],
    description: 'Database and cluster member identities (MySQL auto.cnf, PostgreSQL pg_control, etcd, Consul, Elasticsearch nodes).',
    needsAdmin: true,
    schema: fileList,
  }),
  provisioning: defineGroup({
    platforms: ['linux'],
    description:
      'Provisioning agents: waagent (binary, version, /etc/waagent.conf settings as the agent parses them) and cloud-init ' +
      '(binary, disable marker, enabled units, the settings preseal reads from cloud.cfg and cloud.cfg.d, installer leftovers, instance cache).',
    schema: z.object({
      waagent: z.object({
        installed: z.boolean(),
        path: z.string(),
        version: z.string(),
        versionSource: z.string(),
        config: z.object({ path: z.string(), present: z.boolean(), settings: z.record(z.string(), z.string()) }),
      }),
      cloudInit: z.object({
        installed: z.boolean(),
        path: z.string(),
        disabledBy: z.array(z.string()),
        enabledUnits: z.array(z.string()),
        /** Per file, in the order cloud-init reads them: the YAML text of each top-level key preseal reads. */
        config: z.array(z.object({ path: z.string(), readable: z.boolean(), settings: z.record(z.string(), z.string()) })),
        leftovers: z.array(z.string()),
        instanceCache: z.array(z.string()),
      }),
    }),
  }),
  waagentState: defineGroup({
    platforms: ['linux'],
    description: "What waagent left in its Lib.Dir (/var/lib/waagent): the provisioned marker, ovf-env.xml's user name and CustomData, secrets.",
    needsAdmin: true,
    schema: z.object({
      libDir: z.string(),
      present: z.boolean(),
      provisioned: z.boolean(),
      ovfEnv: z.object({ path: z.string(), userName: z.string(), customData: z.boolean() }).nullable(),
      secrets: z.array(fileRef),
    }),
  }),
  priorDeprovision: defineGroup({
    platforms: ['linux'],
    description: "Whether root's /etc/shadow entry is the one `waagent -deprovision` writes (root:*LOCK*:14600); never the hash itself.",
    needsAdmin: true,
    schema: z.object({ shadow: z.object({ path: z.string(), present: z.boolean(), rootLockedByWaagent: z.boolean() }) }),
  }),
  humanAccounts: defineGroup({
    platforms: ['linux'],
    description: '/etc/passwd accounts in the regular-user uid range (1000–65533).',
    schema: z.object({
      path: z.string(),
      accounts: z.array(z.object({ name: z.string(), uid: z.number(), home: z.string(), shell: z.string() })),
    }),
  }),
  session: defineGroup({
    platforms: ['linux'],
    description: "The probe's own session: user, sudo caller, users with a login session (/proc/*/loginuid) and ancestor processes.",
    liveOnly: true,
    schema: z.object({
      user: z.string(),
      uid: z.number().nullable(),
      sudoUser: z.string(),
      loginUsers: z.array(z.string()),
      ancestors: z.array(z.object({ pid: z.number(), name: z.string(), cmdline: z.string() })),
    }),
  }),
  sslSnakeoil: defineGroup({
    platforms: ['linux'],
    description: "Debian ssl-cert's snakeoil private key (/etc/ssl/private/ssl-cert-snakeoil.key).",
    needsAdmin: true,
    schema: fileList,
  }),
  systemdSecrets: defineGroup({
    platforms: ['linux'],
    description: "systemd's host secrets: /var/lib/systemd/credential.secret and random-seed.",
    schema: fileList,
  }),
};
