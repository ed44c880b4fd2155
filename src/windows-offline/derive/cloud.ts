/**
 * cloud offline. Live, the cloud comes from the SMBIOS of the machine (collectors/cloud.ps1); a
 * mounted volume has none. What the volume does show is the cloud agent installed for the cloud
 * the image was made in or for, as the Linux probe reads waagent's and cloud-init's files offline:
 * - Azure: the VM Agent services WindowsAzureGuestAgent and RdAgent (learn.microsoft.com/azure/
 *   virtual-machines/windows/prepare-for-upload-vhd-image) and its folder %SystemDrive%\WindowsAzure
 *   (C:\WindowsAzure\GuestAgent, C:\WindowsAzure\Logs\WaAppAgent.log in Microsoft's troubleshooting docs);
 * - AWS: EC2Launch v2 (%ProgramFiles%\Amazon\EC2Launch, %ProgramData%\Amazon\EC2Launch), EC2Launch v1
 *   (%ProgramData%\Amazon\EC2-Windows\Launch) and EC2Config (%ProgramFiles%\Amazon\Ec2ConfigService)
 *   (docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/ec2-windows-launch-agents.html);
 * - Google: %ProgramFiles%\Google\Compute Engine and the GCEAgent service (the guest environment's
 *   installer: AGENT_PATH C:\Program Files\Google\Compute Engine\agent, SERVICE_NAME GCEAgent).
 * Each evidence line names the exact service key or path and says it is installed-agent evidence,
 * not SMBIOS. No agent, or agents of more than one cloud: the cloud stays unknown (an error), and
 * cloud-scoped rules are unknown unless --cloud says. Offline only: live, SMBIOS decides.
 */
import type { Facts } from '../../facts/catalog.js';
import type { Read, RegistryResult } from '../registry-source.js';
import { defineDerivation, type Derived } from './define.js';
import { isServiceError, serviceOf, serviceReads } from './services.js';

type Provider = 'azure' | 'aws' | 'gcp';

const SERVICES: readonly { provider: Provider; name: string }[] = [
  { provider: 'azure', name: 'WindowsAzureGuestAgent' },
  { provider: 'azure', name: 'RdAgent' },
  { provider: 'gcp', name: 'GCEAgent' },
];
const FOLDERS: readonly { provider: Provider; path: string }[] = [
  { provider: 'azure', path: 'WindowsAzure' },
  { provider: 'aws', path: 'Program Files\\Amazon\\EC2Launch' },
  { provider: 'aws', path: 'ProgramData\\Amazon\\EC2Launch' },
  { provider: 'aws', path: 'ProgramData\\Amazon\\EC2-Windows\\Launch' },
  { provider: 'aws', path: 'Program Files\\Amazon\\Ec2ConfigService' },
  { provider: 'gcp', path: 'Program Files\\Google\\Compute Engine' },
];
const NAMES: Record<Provider, string> = { azure: 'Azure', aws: 'AWS', gcp: 'Google Cloud' };
export const INSTALLED_AGENT = 'installed agent, not SMBIOS';
export const NO_CLOUD_EVIDENCE =
  'the cloud comes from the SMBIOS of the running machine (Win32_SystemEnclosure, Win32_ComputerSystem), which a mounted volume has none of, ' +
  'and no cloud agent is installed on it (WindowsAzureGuestAgent, RdAgent, GCEAgent services; WindowsAzure, Amazon EC2Launch/Ec2ConfigService, Google Compute Engine folders): give it with --cloud';

export const cloudFromAgentsDerivation = defineDerivation<Facts['cloud']>({
  group: 'cloud',
  reads: {
    ...Object.assign({}, ...SERVICES.map((s, i) => serviceReads(`s${i}`, s.name))),
    ...Object.fromEntries(FOLDERS.map((f, i): [string, Read] => [`f${i}`, { volumeFile: f.path, presence: true }])),
  },
  derive(r: Record<string, RegistryResult>, ctx): Derived<Facts['cloud']> {
    const found: { provider: Provider; line: string }[] = [];
    for (const [i, s] of SERVICES.entries()) {
      const svc = serviceOf(r, `s${i}`, s.name);
      if (svc !== null && isServiceError(svc)) return { error: `whether a cloud agent is installed cannot be told: ${svc.error}` };
      if (svc !== null) {
        found.push({ provider: s.provider, line: `${INSTALLED_AGENT}: service HKLM\\SYSTEM\\CurrentControlSet\\Services\\${s.name} (start ${svc.startType})` });
      }
    }
    for (const [i, f] of FOLDERS.entries()) {
      const got = r[`f${i}`];
      if (got?.kind === 'unreadable') return { error: `whether a cloud agent is installed cannot be told: ${got.reason}` };
      if (got?.kind === 'directory' || got?.kind === 'file') found.push({ provider: f.provider, line: `${INSTALLED_AGENT}: ${ctx.volumePath(f.path)} exists` });
    }
    const providers = [...new Set(found.map((f) => f.provider))];
    if (providers.length === 0) return { error: NO_CLOUD_EVIDENCE };
    if (providers.length > 1) {
      return {
        error: `cloud agents of ${providers.map((p) => NAMES[p]).join(' and ')} are installed (${found.map((f) => f.line.slice(INSTALLED_AGENT.length + 2)).join('; ')}): give the cloud with --cloud`,
      };
    }
    return { facts: { provider: providers[0]!, evidence: found.map((f) => f.line) } };
  },
});
