import { z } from 'zod';
import { defineGroup } from '../define.js';
import { fileRef } from './shapes.js';

/** A file (its size in bytes, null when unknown), or a folder (null size) with the number of entries it holds. */
const stateEntry = fileRef.extend({ entries: z.number().optional() });
/** What one of the probe's globs matched: all of it counted, the first 200 named. */
const stateGlob = z.object({ glob: z.string(), count: z.number(), files: z.array(stateEntry) });

/** What the build left behind: logs, journals, spools, caches, temporary and backup files, dumps (collector leftovers.sh). */
export const leftoverFacts = {
  logFiles: defineGroup({
    platforms: ['linux'],
    description:
      'Non-empty files below /var/log (the first 200 named, all counted), after the process accounting files /var/account/pacct* and /var/named/data/named.run.',
    schema: z.object({ files: z.array(z.string()), count: z.number(), unreadable: z.array(z.string()) }),
  }),
  journalDirs: defineGroup({
    platforms: ['linux'],
    description: 'Persistent journal directories in /var/log/journal and the current machine ID.',
    schema: z.object({ machineId: z.string(), dirs: z.array(z.string()) }),
  }),
  cronSpools: defineGroup({
    platforms: ['linux'],
    description: 'User crontabs and at jobs in /var/spool, and non-empty mail spools.',
    needsAdmin: true,
    schema: z.object({ crontabs: z.array(z.string()), mail: z.array(z.string()) }),
  }),
  packageState: defineGroup({
    platforms: ['linux'],
    description: 'An interrupted package run: dpkg journal (/var/lib/dpkg/updates) or yum transaction files, and packages not fully installed.',
    schema: z.object({ journal: z.array(z.string()), unfinished: z.array(z.object({ package: z.string(), status: z.string() })) }),
  }),
  packageCaches: defineGroup({
    platforms: ['linux'],
    description: 'Downloaded packages kept by apt, dnf, yum and zypper.',
    schema: z.object({ caches: z.array(z.object({ path: z.string(), entries: z.number() })) }),
  }),
  tmpFiles: defineGroup({
    platforms: ['linux'],
    description: 'Entries in /tmp and /var/tmp (the first 50 named, all counted).',
    schema: z.object({ entries: z.array(z.string()), count: z.number() }),
  }),
  backupFiles: defineGroup({
    platforms: ['linux'],
    description:
      'Editor and package-manager backup copies (*~, *.bak, *.orig, *.dpkg-old, *.rpmsave) in /etc and /root (two levels deep), and *~ and *.bak in /srv and /var ' +
      '(the first 200 named; not /var/tmp and /var/log, which L078 and L072 read, nor the stores of containers, VMs, snaps and databases in /var/lib: ' +
      'docker, containers, containerd, kubelet, rancher, lxc, lxd, incus, machines, libvirt, snapd, flatpak, mysql, postgresql, pgsql), and the folders on the way that could not be searched.',
    schema: z.object({ files: z.array(z.string()), unreadable: z.array(z.string()) }),
  }),
  crashDumps: defineGroup({
    platforms: ['linux'],
    description: 'Crash dumps in /var/crash, /var/lib/systemd/coredump and /var/log/dump, and ABRT problem directories in /var/spool/abrt.',
    schema: z.object({ files: z.array(z.string()), count: z.number() }),
  }),
  serviceState: defineGroup({
    platforms: ['linux'],
    description:
      "Per-machine state of services and tools, as virt-sysprep's operations name it: legacy blkid caches (/etc/blkid.tab, /etc/blkid/blkid.tab; offline also /var/run and /dev), " +
      "yum's /var/lib/yum/uuid, Dovecot's /var/lib/dovecot, the Puppet agent's data (the entries of the folders of its vardir, /var/lib/puppet or /opt/puppetlabs/puppet/cache, " +
      "and of its ssldir /etc/puppetlabs/puppet/ssl: a folder stands for what it holds), fprintd's enrolled fingerprints, Anaconda's files in /root and OpenPegasus's " +
      'certificates and keys in /etc/Pegasus. Listed by the glob that found them, each with the first 200 named and all counted; and the folders on the way that could not be searched.',
    needsAdmin: true,
    schema: z.object({ globs: z.array(stateGlob), unreadable: z.array(z.string()) }),
  }),
};
