const ACT_LOG = /setupact\.(log|txt)$/i;
const ERR_LOG = /setuperr\.(log|txt)$/i;

/**
 * setuperr.log repeats the error entries of the setupact.log in the same folder ("setuperr.log:
 * a log of the errors that occurred", Sysprep process overview: log files), so an entry of a
 * setuperr.log whose text the setupact.log beside it also holds is dropped, and each error is
 * reported once. `folderOf` gives the key of a log's folder (Windows paths from the probe,
 * resolved local paths in `preseal diagnose`). Returns the logs in order with their kept entries
 * and how many repeats each lost.
 */
export function withoutRepeatedErrors<E extends { text: string }>(
  logs: readonly { path: string; entries: readonly E[] }[],
  folderOf: (path: string) => string,
): { path: string; entries: E[]; repeated: number }[] {
  const actTexts = new Map<string, Set<string>>();
  for (const log of logs) if (ACT_LOG.test(log.path)) actTexts.set(folderOf(log.path), new Set(log.entries.map((e) => e.text)));
  return logs.map((log) => {
    const sibling = ERR_LOG.test(log.path) ? actTexts.get(folderOf(log.path)) : undefined;
    const entries = sibling ? log.entries.filter((e) => !sibling.has(e.text)) : [...log.entries];
    return { path: log.path, entries, repeated: log.entries.length - entries.length };
  });
}

/** The folder of a Windows path as the probe reports it (C:\Windows\Panther\setupact.log), case-folded. */
export function windowsFolderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('\\')).toLowerCase();
}
