import { describe, expect, it } from 'vitest';
import { expandHostPattern, parseInventory } from '../../src/inventory.js';

describe('inventories', () => {
  it('reads an Ansible INI inventory with group vars, children and ranges', async () => {
    const text = `
# build VMs
[linux]
build[01:03].lab ansible_user=root ansible_port=2222
img-a ansible_host=10.0.0.9 ansible_ssh_private_key_file=/keys/id

[windows]
win1 ansible_host=10.0.0.20

[windows:vars]
ansible_connection=winrm
ansible_user=Administrator
ansible_winrm_transport=ntlm
ansible_winrm_server_cert_validation=ignore

[images:children]
linux
windows

[all:vars]
ansible_become=yes
`;
    const entries = await parseInventory(text, 'hosts.ini');
    expect(entries.map((e) => e.spec.raw)).toEqual([
      'ssh://root@build01.lab:2222',
      'ssh://root@build02.lab:2222',
      'ssh://root@build03.lab:2222',
      'ssh://10.0.0.9',
      'winrms://Administrator@10.0.0.20:5986',
    ]);
    expect(entries[3]?.options).toMatchObject({ identity: '/keys/id', sudo: true });
    expect(entries[4]?.options).toMatchObject({ auth: 'ntlm', insecureSkipTlsVerify: true });
    expect(entries[4]?.groups).toEqual(['images', 'windows']);
  });

  it('reads an Ansible YAML inventory', async () => {
    const text = `
all:
  vars:
    ansible_user: azureuser
  children:
    ubuntu:
      hosts:
        vm1: { ansible_host: 10.1.0.4 }
        vm2:
    win:
      vars: { ansible_connection: winrm, ansible_winrm_scheme: http, ansible_port: 5985 }
      hosts:
        w1:
`;
    const entries = await parseInventory(text, 'inv.yml');
    expect(entries.map((e) => e.spec.raw)).toEqual(['ssh://azureuser@10.1.0.4', 'ssh://azureuser@vm2', 'winrm://azureuser@w1:5985']);
    expect(entries[0]?.groups).toEqual(['ubuntu']);
  });

  it("reads preseal's own inventory with defaults", async () => {
    const text = `
defaults: { user: packer, identity: /k/id, timeout: 60 }
targets:
  - ssh://root@10.0.0.4
  - { host: 10.0.0.5, port: 2200 }
  - { target: winrm://admin@10.0.0.6, auth: basic }
  - root:/mnt/image
`;
    const entries = await parseInventory(text, 'preseal.inventory.yaml');
    expect(entries.map((e) => e.spec.raw)).toEqual(['ssh://root@10.0.0.4', 'ssh://packer@10.0.0.5:2200', 'winrm://admin@10.0.0.6', 'root:/mnt/image']);
    expect(entries[1]?.options).toEqual({ identity: '/k/id', timeoutMs: 60_000 });
    expect(entries[2]?.options).toMatchObject({ auth: 'basic' });
  });

  it('rejects what it does not understand, naming the file and the place', async () => {
    await expect(parseInventory('targets:\n  - { hots: x }\n', 'inv.yaml')).rejects.toThrow('inv.yaml: targets[0]: unknown key "hots"');
    await expect(parseInventory('[web]\nh1 ansible_connection=docker\n', 'h.ini')).rejects.toThrow(/ansible_connection "docker"/);
    await expect(parseInventory('[web:weird]\n', 'h.ini')).rejects.toThrow(/h\.ini:1: section header/);
    await expect(parseInventory('targets: nope\n', 'inv.yaml')).rejects.toThrow(/expected a list/);
  });

  it('expands host ranges', () => {
    expect(expandHostPattern('db-[a:c]')).toEqual(['db-a', 'db-b', 'db-c']);
    expect(expandHostPattern('n[8:10].x')).toEqual(['n8.x', 'n9.x', 'n10.x']);
  });
});
