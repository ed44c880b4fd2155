import { describe, expect, it } from 'vitest';
import azureUnsupported from '../../rules/windows/azure-unsupported-roles.js';
import efs from '../../rules/windows/efs-encrypted-files.js';
import imageState from '../../rules/windows/image-state.js';
import sysprepStatus from '../../rules/windows/sysprep-status.js';
import vmMode from '../../rules/windows/vm-mode-outside-vm.js';
import type { AnyRule, RuleExample } from '../../src/rules/define.js';
import { virtualMachine } from '../../src/rules/windows-util.js';
import type { FactKey } from '../../src/facts/catalog.js';
import { runCase } from '../helpers/rule-tester.js';

const run = (rule: unknown, facts: Record<string, unknown>, settings?: RuleExample<FactKey>['settings']) =>
  runCase(rule as AnyRule, { description: 'case', facts, ...(settings ? { settings } : {}) } as RuleExample<FactKey>);

const vol = { root: 'C:\\', label: null, scannedEntries: 10, inaccessibleFolders: 0, encrypted: [], truncated: null };
const scan = { elevated: true, maxEntries: 100, maxSeconds: 1, encryptedListLimit: 100, encryptedTotal: 0 };

describe('W006 efs-encrypted-files', () => {
  it('is unknown when the scan was cut short and found nothing', () => {
    const r = run(efs, { efsScan: { ...scan, volumes: [{ ...vol, truncated: 'stopped after 1 s (10 entries read)' }] } });
    expect(r.status).toBe('unknown');
    expect(r.reason).toContain('C:\\ stopped after 1 s');
  });
  it('fails on what it found even when cut short, and keeps the reason', () => {
    const r = run(efs, { efsScan: { ...scan, encryptedTotal: 1, volumes: [{ ...vol, encrypted: [{ path: 'C:\\x', directory: false }], truncated: 'stopped' }] } });
    expect(r.status).toBe('fail');
    expect(r.evidence).toEqual(['C:\\x is EFS-encrypted; after Sysprep its data is unreadable']);
    expect(r.reason).toContain('cut short');
  });
  it('is unknown when a non-elevated scan could not open folders', () => {
    const r = run(efs, { efsScan: { ...scan, elevated: false, volumes: [{ ...vol, inaccessibleFolders: 7 }] } });
    expect(r.status).toBe('unknown');
    expect(r.reason).toContain('7 folders');
  });
});

describe('W010 and W011', () => {
  it('W010 is unknown without an ImageState anywhere, and reads State.ini when the value is missing', () => {
    const status = { systemSetupInProgress: 0, oobeInProgress: 0, setupType: 0, setupPhase: 0, auditBoot: null, childCompletionSetup: null };
    expect(run(imageState, { sysprepState: { imageState: null, stateIniImageState: null, generalizationState: 7, cleanupState: 2 }, setupStatus: status }).status).toBe('unknown');
    expect(run(imageState, { sysprepState: { imageState: null, stateIniImageState: 'IMAGE_STATE_UNDEPLOYABLE', generalizationState: 7, cleanupState: 2 }, setupStatus: status }).status).toBe('fail');
  });
  it('W011 is unknown without SysprepStatus values', () => {
    expect(run(sysprepStatus, { sysprepState: { imageState: 'IMAGE_STATE_COMPLETE', generalizationState: null, cleanupState: null } }).status).toBe('unknown');
  });
});

describe('W009 azure-unsupported-roles', () => {
  it('applies only when the cloud is Azure', () => {
    const facts = { serverFeatures: { features: [{ id: 12, parentId: 0, name: 'DHCP Server' }] } };
    expect(run(azureUnsupported, facts).status).toBe('not-applicable');
    expect(run(azureUnsupported, facts, { cloud: 'azure' }).status).toBe('fail');
  });
});

describe('W022 vm-mode-outside-vm', () => {
  const noFiles = { files: [] };
  const phys = { name: 'PC', partOfDomain: false, domain: 'WORKGROUP', workgroup: 'WORKGROUP', domainRole: 0, hypervisorPresent: true, manufacturer: 'Dell Inc.', model: 'OptiPlex 7090' };
  const running = { processes: [{ pid: 1, path: 'C:\\Windows\\System32\\Sysprep\\sysprep.exe', commandLine: 'sysprep.exe /generalize /MODE:VM /oobe' }] };
  it('is not applicable when no /mode:vm command is seen', () => {
    expect(run(vmMode, { computerSystem: phys, answerFiles: noFiles, sysprepProcesses: { processes: [] } }).status).toBe('not-applicable');
  });
  it('fails for a running sysprep /mode:vm on hardware', () => {
    const r = run(vmMode, { computerSystem: phys, answerFiles: noFiles, sysprepProcesses: running });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.resource).toBe('running sysprep.exe (PID 1)');
  });
  it('is unknown when the model is not reported', () => {
    expect(run(vmMode, { computerSystem: { ...phys, manufacturer: null, model: null }, answerFiles: noFiles, sysprepProcesses: running }).status).toBe('unknown');
  });
});

describe('virtualMachine()', () => {
  const base = { name: 'X', partOfDomain: false, domain: 'WORKGROUP', workgroup: null, domainRole: 0, hypervisorPresent: null };
  it.each([
    ['Microsoft Corporation', 'Virtual Machine', 'Hyper-V'],
    ['VMware, Inc.', 'VMware7,1', 'VMware'],
    ['QEMU', 'Standard PC (Q35 + ICH9, 2009)', 'KVM/QEMU'],
    ['Xen', 'HVM domU', 'Xen'],
    ['Google', 'Google Compute Engine', 'Google Compute Engine'],
    ['Amazon EC2', 'm5.large', 'Amazon EC2'],
    ['innotek GmbH', 'VirtualBox', 'VirtualBox'],
  ])('%s %s is %s', (manufacturer, model, kind) => {
    expect(virtualMachine({ ...base, manufacturer, model })).toBe(kind);
  });
  it('a physical Hyper-V host with HypervisorPresent is hardware', () => {
    expect(virtualMachine({ ...base, hypervisorPresent: true, manufacturer: 'Dell Inc.', model: 'PowerEdge R750' })).toBe(false);
  });
});
