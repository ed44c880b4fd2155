import { defineRule } from '../../src/engine/define.js';

const none = { ccmExec: null, ccmKeyPresent: false, smsCfgIni: false, smsCertificateCount: 0 };

export default defineRule({
  id: 'W036',
  alias: 'configmgr-client-identity',
  title: 'No Configuration Manager client identity (SMSCFG.ini, SMS certificates) is left in the image',
  platform: 'windows',
  severity: 'error',
  facts: ['configMgr'],
  messages: {
    ini: '{resource} exists: it holds the client GUID every clone would share',
    certs: "{resource} holds {count} certificate(s): the client's signing and encryption certificates",
    service: 'the Configuration Manager client (service CcmExec, {status}) is installed',
  },
  rationale: 'The ConfigMgr client GUID and its SMS certificates are unique per machine; cloned, they produce duplicate records and "GUID stolen" conflicts.',
  remediation:
    'Use the task-sequence step "Prepare ConfigMgr Client for Capture", or `Stop-Service CcmExec; Remove-Item $env:WINDIR\\SMSCFG.ini; ' +
    'Remove-Item HKLM:\\SOFTWARE\\Microsoft\\SystemCertificates\\SMS\\Certificates\\*` (or `ccmsetup.exe /uninstall`).',
  references: [
    {
      title: 'Unknown computer object GUID stolen (Configuration Manager)',
      url: 'https://learn.microsoft.com/troubleshoot/mem/configmgr/os-deployment/unknown-computer-object-guid-stolen',
    },
  ],
  examples: {
    pass: [{ description: 'no client', facts: { configMgr: none } }],
    fail: [
      {
        description: 'installed client',
        facts: { configMgr: { ccmExec: { status: 'Running', startType: 'Automatic' }, ccmKeyPresent: true, smsCfgIni: true, smsCertificateCount: 2 } },
        messageIds: ['ini', 'certs', 'service'],
        resources: ['C:\\Windows\\SMSCFG.ini', 'HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\SMS\\Certificates', 'service CcmExec'],
      },
    ],
  },
  check({ configMgr: c }, context) {
    if (c.smsCfgIni) context.report({ messageId: 'ini', resource: 'C:\\Windows\\SMSCFG.ini' });
    if (c.smsCertificateCount > 0)
      context.report({
        messageId: 'certs',
        resource: 'HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\SMS\\Certificates',
        data: { count: c.smsCertificateCount },
      });
    if (c.ccmExec) context.report({ messageId: 'service', resource: 'service CcmExec', data: { status: c.ccmExec.status } });
  },
});
