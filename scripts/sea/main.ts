// The entry of the executables built without a start-up snapshot (Windows; Linux with
// --startup code-cache|none). No top-level await: the executable's main script is CommonJS.
import { run } from './run.js';

// An unexpected error ends the process like bin/preseal.js does: stack on stderr, exit 1.
void run(process.argv.slice(2));
