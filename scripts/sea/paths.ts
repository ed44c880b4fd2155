// src/paths.ts for the executables: no package folder exists beside the binary, so the package root
// is a fixed path that scripts/sea/fs.ts serves from the embedded assets. It is absolute on every
// platform and named so that no real folder is mistaken for it.
import { resolve } from 'node:path';

export const packageRoot = resolve('/', '.preseal-embedded-package-root');
