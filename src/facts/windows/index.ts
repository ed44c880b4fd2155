/**
 * Fact groups of the Windows PowerShell probe, one file per topic; each file matches the probe
 * collector of the same name in src/probes/windows/collectors/<topic>.ps1.
 */
import { identityFacts } from './identity.js';
import { computerSystemFacts } from './computer-system.js';
import { setupStateFacts } from './setup-state.js';
import { sysprepFacts } from './sysprep.js';
import { installationsFacts } from './installations.js';
import { licensingFacts } from './licensing.js';
import { passwordPolicyFacts } from './password-policy.js';
import { entraMdmFacts } from './entra-mdm.js';
import { encryptionFacts } from './encryption.js';
import { storageFacts } from './storage.js';
import { answerFilesFacts } from './answer-files.js';
import { pantherFacts } from './panther.js';
import { appxFacts } from './appx.js';
import { servicingFacts } from './servicing.js';
import { agentsFacts } from './agents.js';
import { networkFacts } from './network.js';
import { azureFacts } from './azure.js';
import { rolesFacts } from './roles.js';
import { profilesFacts } from './profiles.js';
import { firewallFacts } from './firewall.js';
import { policiesFacts } from './policies.js';
import { cloudAgentsFacts } from './cloud-agents.js';
import { leftoversFacts } from './leftovers.js';
import { certificatesFacts } from './certificates.js';

export const windowsFacts = {
  ...identityFacts,
  ...computerSystemFacts,
  ...setupStateFacts,
  ...sysprepFacts,
  ...installationsFacts,
  ...licensingFacts,
  ...passwordPolicyFacts,
  ...entraMdmFacts,
  ...encryptionFacts,
  ...storageFacts,
  ...answerFilesFacts,
  ...pantherFacts,
  ...appxFacts,
  ...servicingFacts,
  ...agentsFacts,
  ...networkFacts,
  ...azureFacts,
  ...rolesFacts,
  ...profilesFacts,
  ...firewallFacts,
  ...policiesFacts,
  ...cloudAgentsFacts,
  ...leftoversFacts,
  ...certificatesFacts,
};

/** The Windows fact topics, each with the groups its collector yields (the probe test checks they match). */
export const windowsFactTopics: Record<string, readonly string[]> = {
  identity: Object.keys(identityFacts),
  'computer-system': Object.keys(computerSystemFacts),
  'setup-state': Object.keys(setupStateFacts),
  sysprep: Object.keys(sysprepFacts),
  installations: Object.keys(installationsFacts),
  licensing: Object.keys(licensingFacts),
  'password-policy': Object.keys(passwordPolicyFacts),
  'entra-mdm': Object.keys(entraMdmFacts),
  encryption: Object.keys(encryptionFacts),
  storage: Object.keys(storageFacts),
  'answer-files': Object.keys(answerFilesFacts),
  panther: Object.keys(pantherFacts),
  appx: Object.keys(appxFacts),
  servicing: Object.keys(servicingFacts),
  agents: Object.keys(agentsFacts),
  network: Object.keys(networkFacts),
  azure: Object.keys(azureFacts),
  roles: Object.keys(rolesFacts),
  profiles: Object.keys(profilesFacts),
  firewall: Object.keys(firewallFacts),
  policies: Object.keys(policiesFacts),
  'cloud-agents': Object.keys(cloudAgentsFacts),
  leftovers: Object.keys(leftoversFacts),
  certificates: Object.keys(certificatesFacts),
};
