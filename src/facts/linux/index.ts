import { accountFacts } from './accounts.js';
import { bootFacts } from './boot.js';
import { cloudAgentFacts } from './cloud-agents.js';
import { directoryFacts } from './directory.js';
import { homeFacts } from './homes.js';
import { hostSecretFacts } from './host-secrets.js';
import { identityFacts } from './identities.js';
import { kerberosFacts } from './kerberos.js';
import { kernelModuleFacts } from './kernel-modules.js';
import { leftoverFacts } from './leftovers.js';
import { machineIdFacts } from './machine-id.js';
import { networkFacts } from './network.js';
import { provisioningFacts } from './provisioning.js';
import { sessionFacts } from './session.js';
import { sshFacts } from './ssh.js';
import { storageFacts } from './storage.js';

/**
 * The Linux probe's fact groups, one file per topic, each named after the collector that yields it
 * (src/probes/linux/collectors/<topic>.sh). `os` and `cloud` are common to both probes (../common.ts).
 */
export const linuxTopics = {
  accounts: accountFacts,
  boot: bootFacts,
  'cloud-agents': cloudAgentFacts,
  directory: directoryFacts,
  homes: homeFacts,
  'host-secrets': hostSecretFacts,
  identities: identityFacts,
  kerberos: kerberosFacts,
  'kernel-modules': kernelModuleFacts,
  leftovers: leftoverFacts,
  'machine-id': machineIdFacts,
  network: networkFacts,
  provisioning: provisioningFacts,
  session: sessionFacts,
  ssh: sshFacts,
  storage: storageFacts,
};

export const linuxFacts = {
  ...accountFacts,
  ...bootFacts,
  ...cloudAgentFacts,
  ...directoryFacts,
  ...homeFacts,
  ...hostSecretFacts,
  ...identityFacts,
  ...kerberosFacts,
  ...kernelModuleFacts,
  ...leftoverFacts,
  ...machineIdFacts,
  ...networkFacts,
  ...provisioningFacts,
  ...sessionFacts,
  ...sshFacts,
  ...storageFacts,
};
