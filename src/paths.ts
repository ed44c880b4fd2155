import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, found from this module whether it runs from src/ (tsx) or dist/src/ (built). */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'probes'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('preseal: cannot find its package root (src/probes is missing)');
    dir = parent;
  }
}

export const packageRoot = findRoot();
