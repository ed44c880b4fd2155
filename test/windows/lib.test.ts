import { describe, expect, it } from 'vitest';
import { virtualMachine } from '../../rules/windows/lib/computer-system.js';
import { windowsFolderOf, withoutRepeatedErrors } from '../../rules/windows/lib/panther.js';

// The Windows rules' helpers (rules/windows/lib). The rules' own cases are their `examples`,
// run by test/rules/examples.test.ts.

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
  it('cannot tell without a model', () => {
    expect(virtualMachine({ ...base, manufacturer: null, model: null })).toBeNull();
  });
});

describe('withoutRepeatedErrors() (W012 and preseal diagnose)', () => {
  const line = (n: number, text: string) => ({ line: n, text });
  const appx = '2024-01-05 10:12:33, Error                 SYSPRP Failed to remove apps for the current user: 0x80073cf2.';
  const other = '2024-01-05 10:12:40, Error                 SYSPRP ContosoAgent: cleanup failed; dwRet = 0x20';

  it('drops the setuperr.log entries the setupact.log in the same folder holds, and counts them', () => {
    const out = withoutRepeatedErrors(
      [
        { path: 'C:\\Windows\\System32\\Sysprep\\Panther\\setupact.log', entries: [line(41, appx)] },
        { path: 'C:\\Windows\\System32\\Sysprep\\Panther\\setuperr.log', entries: [line(1, appx), line(2, other)] },
      ],
      windowsFolderOf,
    );
    expect(out.map((l) => [l.path.split('\\').pop(), l.entries.map((e) => e.line), l.repeated])).toEqual([
      ['setupact.log', [41], 0],
      ['setuperr.log', [2], 1],
    ]);
  });

  it('keeps a setuperr.log whole when its setupact.log is in another folder, and folds case in Windows folders', () => {
    const out = withoutRepeatedErrors(
      [
        { path: 'C:\\Windows\\Panther\\setupact.log', entries: [line(9, appx)] },
        { path: 'C:\\Windows\\System32\\Sysprep\\Panther\\setuperr.log', entries: [line(1, appx)] },
        { path: 'C:\\WINDOWS\\panther\\SETUPERR.LOG', entries: [line(3, appx)] },
      ],
      windowsFolderOf,
    );
    expect(out.map((l) => l.repeated)).toEqual([0, 0, 1]);
    expect(out[1]?.entries).toHaveLength(1);
  });

  it('never drops setupact.log entries, and works on local paths with the folder function diagnose gives', () => {
    const out = withoutRepeatedErrors(
      [
        { path: '/logs/a/setuperr.log', entries: [line(1, appx)] },
        { path: '/logs/a/setupact.log', entries: [line(7, appx)] },
      ],
      (p) => p.slice(0, p.lastIndexOf('/')),
    );
    expect(out.map((l) => [l.entries.length, l.repeated])).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
});
