// The entry of the Linux executable with a start-up snapshot (SEA "useSnapshot"). The blob
// generator runs this once at build time: it builds the rules and the fact schemas (zod objects and
// functions: nothing in them reads the environment, the terminal or a file when it loads, nor
// loads node:sea, which Node.js does not support in a snapshot) and V8 saves the heap.
// Each run then starts from that heap and calls the function below. Everything that looks at the
// machine it runs on (colour support, terminal width, package.json, the probes) loads at run time.
import { startupSnapshot } from 'node:v8';
import { run } from './run.js';

if (startupSnapshot.isBuildingSnapshot()) {
  void import('../../rules/index.js');
  void import('../../src/facts/envelope.js');
  startupSnapshot.setDeserializeMainFunction(() => void run(process.argv.slice(2)));
} else {
  void run(process.argv.slice(2));
}
