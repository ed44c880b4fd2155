import { resolve } from 'node:path';
import type { RuleResult, TargetReport } from './types.js';

/**
 * Under `root:DIR` the findings and fixes speak of the image, not of the machine preseal runs on:
 * `rm -f /etc/ssh/ssh_host_*` pasted on the host that mounts the image would damage the host. So
 * every absolute path names the image (DIR prefixed), commands without a path run in the image
 * (`chroot DIR …`), and commands that only make sense on a running machine are replaced by their
 * offline form or dropped. Waivers still match the resource as the rule reported it.
 */

/** Top-level folders whose paths are files of the image (not /dev, /proc, /sys of the host). */
const IMAGE_DIRS = 'etc|var|home|root|usr|opt|boot|srv|tmp|lib|lib32|lib64|bin|sbin|run|mnt|media|snap|\\.fscrypt|\\.[A-Za-z]';
const ABSOLUTE = new RegExp(`(^|[\\s(\\[='"])(/(?:${IMAGE_DIRS})[^\\s\`'"),;]*)`, 'g');

/** Prefixes the image folder to every absolute path of the image in a text. */
export function prefixPaths(text: string, dir: string): string {
  return text.replace(ABSOLUTE, (_m, lead: string, path: string) => `${lead}${dir}${path}`);
}

/** Commands that act on the running machine; offline they have a file-edit form or nothing to do. */
const HOST_ONLY: { match: RegExp; offline: (m: RegExpExecArray, dir: string) => string | undefined }[] = [
  { match: /^hostnamectl\s+set-hostname\s+(\S+)$/, offline: (m, dir) => `echo ${m[1]} > ${dir}/etc/hostname` },
  { match: /^systemctl\s+(stop|start|restart|reload|daemon-reload)\b/, offline: () => undefined },
  { match: /^(swapoff|history|export|journalctl\s+--rotate|sss_cache)\b/, offline: () => undefined },
];

/**
 * Programs the fixes run. A code span that starts with one is a command; any other code span is a
 * setting or a file line (`PermitRootLogin no`, `UUID=`), whose paths alone are prefixed.
 */
const PROGRAMS = new Set(
  (
    'adcli apt-get atrm az azcmagent chmod chown cloud-init cp crontab dnf docker dpkg dracut ecryptfs-setup-private ' +
    'export falconctl find fscrypt grub-install grub2-mkconfig history hostnamectl ipa-client-install journalctl k3s-agent-uninstall.sh ' +
    'kubeadm ln make-ssl-cert mkdir mv net nmcli passwd pro realm registercloudguest rke2-uninstall.sh rm sed ssh-keygen sss_cache ' +
    'subscription-manager SUSEConnect swapoff systemctl touch truncate update-grub update-initramfs userdel usermod visudo waagent yum ' +
    'yum-complete-transaction zypper'
  ).split(' '),
);

/** One shell command of a fix, as it must be run against the mounted image. */
function offlineCommand(command: string, dir: string): string | undefined {
  const text = command.trim();
  if (!text) return text;
  const lead = /^sudo\s+/.exec(text)?.[0] ?? '';
  const body = text.slice(lead.length);
  if (!PROGRAMS.has(body.split(/\s+/)[0] as string)) return prefixPaths(text, dir);
  for (const h of HOST_ONLY) {
    const m = h.match.exec(body);
    if (m) return h.offline(m, dir);
  }
  // A link's target is read inside the image: run it there rather than prefixing its paths.
  if (/^ln\s/.test(body)) return `${lead}chroot ${dir} ${body}`;
  const prefixed = prefixPaths(body, dir);
  return prefixed !== body ? `${lead}${prefixed}` : `${lead}chroot ${dir} ${body}`;
}

/** Splits a command line on ;, && and || outside quotes: [command, separator, command, …]. */
function splitCommands(code: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i] as string;
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    const sep = /^\s*(?:;|&&|\|\|)\s*/.exec(code.slice(i));
    if (sep && (ch === ';' || ch === '&' || ch === '|' || /\s/.test(ch)) && /[;&|]/.test(sep[0])) {
      parts.push(code.slice(start, i), sep[0]);
      i += sep[0].length - 1;
      start = i + 1;
    }
  }
  parts.push(code.slice(start));
  return parts;
}

/** A fix's code span: each command of it (split on ;, && and ||) in its offline form. */
function offlineCode(code: string, dir: string): string {
  const parts = splitCommands(code);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const cmd = offlineCommand(parts[i] as string, dir);
    if (cmd === undefined) continue;
    if (out.length > 0) out.push(parts[i - 1] as string);
    out.push(cmd);
  }
  return out.join('') || '(nothing to do offline)';
}

/** A remediation rewritten for the image mounted at `dir`: code spans run there, paths name it. */
export function remediationForImage(remediation: string, dir: string): string {
  return remediation
    .split(/(`[^`]+`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? `\`${offlineCode(part.slice(1, -1), dir)}\`` : prefixPaths(part, dir)))
    .join('');
}

function resultForImage(r: RuleResult, dir: string): RuleResult {
  if (r.status !== 'fail' && r.status !== 'unknown' && r.status !== 'waived') return r;
  return {
    ...r,
    message: prefixPaths(r.message, dir),
    evidence: r.evidence.map((e) => prefixPaths(e, dir)),
    remediation: remediationForImage(r.remediation, dir),
  };
}

/**
 * A target's report as the human formats (pretty, markdown, github) show it: under `root:DIR`,
 * with paths and fixes naming the image. The machine formats keep the report as the rules made it,
 * so their evidence is the same for a live lint and an offline one.
 */
export function humanView(t: TargetReport): TargetReport {
  return t.target.startsWith('root:') && t.error === null ? reportForImage(t, t.target.slice('root:'.length)) : t;
}

/** A root: target's report with its paths and fixes naming the image, and one note saying so. */
export function reportForImage(report: TargetReport, rootPath: string): TargetReport {
  const dir = resolve(rootPath).replace(/\/+$/, '') || '/';
  if (dir === '/') return report;
  const note = `paths are inside the image mounted at ${dir}, and fixes act on it there (commands without a path run with chroot ${dir})`;
  return { ...report, results: report.results.map((r) => resultForImage(r, dir)), notes: [note, ...(report.notes ?? [])] };
}
