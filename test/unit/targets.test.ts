import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../src/targets.js';

describe('target parsing', () => {
  it.each([
    ['local', { kind: 'local' }],
    ['ssh://root@10.0.0.4:2222', { kind: 'ssh', user: 'root', host: '10.0.0.4', port: 2222, alias: false }],
    ['ssh://host', { kind: 'ssh', host: 'host', alias: false }],
    ['ssh://admin@[fe80::1]:22', { kind: 'ssh', user: 'admin', host: 'fe80::1', port: 22 }],
    ['winrm://Administrator@vm1', { kind: 'winrm', user: 'Administrator', host: 'vm1', port: 5985, tls: false }],
    ['winrms://vm1:15986', { kind: 'winrm', host: 'vm1', port: 15986, tls: true }],
    ['winrm://CORP%5Cadmin@vm1', { kind: 'winrm', user: 'CORP\\admin', host: 'vm1' }],
    ['root:/mnt/image', { kind: 'root', path: '/mnt/image' }],
    ['facts:vm.json', { kind: 'facts', path: 'vm.json' }],
    ['buildvm', { kind: 'ssh', host: 'buildvm', alias: true }],
    ['me@buildvm', { kind: 'ssh', user: 'me', host: 'buildvm', alias: true }],
  ])('%s', (raw, expected) => {
    expect(parseTarget(raw)).toMatchObject(expected);
  });

  it.each([
    ['ssh://host:99999', /port "99999"/],
    ['ftp://host', /unknown scheme "ftp:\/\/"/],
    ['root:', /no path/],
    ['facts:', /no file/],
    ['ssh://@host', /empty user/],
    ['not a target', /not understood/],
  ])('rejects %s', (raw, message) => {
    expect(() => parseTarget(raw)).toThrow(message);
  });
});
