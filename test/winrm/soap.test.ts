import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeClixml } from '../../src/winrm/clixml.js';
import {
  Action,
  commandRequest,
  createShellRequest,
  deleteShellRequest,
  isOperationTimeout,
  parseCommandId,
  parseEnvelope,
  parseFault,
  parseReceive,
  parseShellId,
  receiveRequest,
  relatesTo,
  sendRequest,
  signalRequest,
  text,
} from '../../src/winrm/soap.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'winrm', name), 'utf8');

describe('SOAP answers captured from real servers (fixtures/winrm)', () => {
  it('CreateResponse: ShellId from the selector (Windows, pywinrm and masterzen captures)', () => {
    expect(parseShellId(parseEnvelope(fixture('masterzen-create-shell.xml')))).toBe('67A74734-DD32-4F10-89DE-49A060483810');
    expect(parseShellId(parseEnvelope(fixture('pywinrm-open-shell.xml')))).toBe('11111111-1111-1111-1111-111111111113');
  });

  it('CreateResponse from an OMI server, other prefixes and padded values', () => {
    const env = parseEnvelope(fixture('winrb-omi-open-shell.xml'));
    expect(parseShellId(env)).toBe('74142DC5-E14D-4FCC-86ED-63DA3EE8407E');
    expect(relatesTo(env)).toBe('uuid:C872AD16-50F1-4CD3-908B-35AED7E485B7');
  });

  it('CommandResponse', () => {
    const env = parseEnvelope(fixture('masterzen-command.xml'));
    expect(parseCommandId(env)).toBe('1A6DEE6B-EC68-4DD6-87E9-030C0048ECC4');
    expect(relatesTo(env)).toBe('uuid:F530804C-6D02-4FA9-AE78-1997750594BA');
  });

  it('ReceiveResponse while running: both streams, not done', () => {
    const r = parseReceive(parseEnvelope(fixture('masterzen-receive-running.xml')), '1a6dee6b-ec68-4dd6-87e9-030c0048ecc4');
    expect(r.done).toBe(false);
    expect(r.exitCode).toBeUndefined();
    expect(r.streams.map((s) => [s.name, s.data.toString()])).toEqual([
      ['stdout', "That's all folks!!!"],
      ['stderr', "This is stderr, I'm pretty sure!"],
    ]);
  });

  it('ReceiveResponse done with an exit code, and OMI done without one', () => {
    const done = parseReceive(parseEnvelope(fixture('masterzen-receive-done-123.xml')), '4531DAA3-60C2-4CAD-9FCA-F433101DAC8A');
    expect(done).toEqual({ streams: [], done: true, exitCode: 123 });
    const omi = parseReceive(parseEnvelope(fixture('winrb-omi-receive-done.xml')), 'ANY');
    expect(omi.done).toBe(true);
    expect(omi.exitCode).toBeUndefined();
  });

  it('ReceiveResponse for another command is not ours', () => {
    const r = parseReceive(parseEnvelope(fixture('masterzen-receive-done-123.xml')), '1A6DEE6B-EC68-4DD6-87E9-030C0048ECC4');
    expect(r.done).toBe(false);
  });

  it('operation-timeout fault is recognised as "no output yet"', () => {
    const f = parseFault(parseEnvelope(fixture('masterzen-operation-timeout.xml')));
    expect(f).toMatchObject({ code: 's:Receiver', subcode: 'w:TimedOut', wsmanCode: '2150858793' });
    expect(isOperationTimeout(f!)).toBe(true);
  });

  it('command-line-too-long fault keeps its code, reason and provider', () => {
    const f = parseFault(parseEnvelope(fixture('masterzen-command-fault-too-long.xml')))!;
    expect(f.wsmanCode).toBe('2147942606');
    expect(f.reason).toBe('The filename or extension is too long.');
    expect(f.providerFault).toBe('The filename or extension is too long.');
    expect(isOperationTimeout(f)).toBe(false);
  });

  it('nested WSManFault inside a ProviderFault', () => {
    const f = parseFault(parseEnvelope(fixture('winrb-soap-fault-v1.xml')))!;
    expect(f.wsmanCode).toBe('2150858778');
    expect(f.subcode).toBe('n:CannotProcessFilter');
    expect(f.reason).toMatch(/^The data source could not process the filter\. .* again\.$/);
    expect(f.providerFault).toContain('The specified class does not exist in the given namespace.');
  });

  it('Signal and Delete answers have no fault', () => {
    expect(parseFault(parseEnvelope(fixture('pywinrm-signal.xml')))).toBeUndefined();
    const del = parseEnvelope(fixture('pywinrm-delete.xml'));
    expect(parseFault(del)).toBeUndefined();
    expect(relatesTo(del)).toBe('uuid:11111111-1111-1111-1111-111111111111');
  });

  it('a non-XML answer is an error, not a crash', () => {
    expect(() => parseEnvelope('<html><body>Bad gateway</body></html>')).toThrow(/not a SOAP envelope/);
  });
});

describe('SOAP requests', () => {
  const to = 'http://vm:5985/wsman';
  it('each request has a fresh MessageID, the real endpoint and the shell selector', () => {
    const a = receiveRequest(to, 20, 'SHELL', 'CMD');
    const b = receiveRequest(to, 20, 'SHELL', 'CMD');
    expect(a.messageId).not.toBe(b.messageId);
    const env = parseEnvelope(a.xml);
    expect(text(env.header['To'])).toBe(to);
    expect(text(env.header['Action'])).toBe(Action.Receive);
    expect(text(env.header['OperationTimeout'])).toBe('PT20S');
    expect(text(env.header['SelectorSet'])).toBe('SHELL');
    expect(text(env.header['MessageID'])).toBe(a.messageId);
  });
  it('Create asks for UTF-8 (code page 65001) and the three streams', () => {
    const { xml } = createShellRequest(to, 20);
    expect(xml).toContain('<w:Option Name="WINRS_CODEPAGE">65001</w:Option>');
    expect(xml).toContain('<rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams>');
  });
  it('Command, Send, Signal and Delete carry what the server needs', () => {
    expect(commandRequest(to, 20, 'S', 'powershell.exe -EncodedCommand QQA=').xml).toContain('<rsp:Command>powershell.exe -EncodedCommand QQA=</rsp:Command>');
    const send = sendRequest(to, 20, 'S', 'C', Buffer.from('hello'), true).xml;
    expect(send).toContain('<rsp:Stream Name="stdin" CommandId="C" End="true">aGVsbG8=</rsp:Stream>');
    expect(sendRequest(to, 20, 'S', 'C', Buffer.from('x'), false).xml).not.toContain('End=');
    expect(signalRequest(to, 20, 'S', 'C').xml).toContain('signal/terminate');
    expect(text(parseEnvelope(deleteShellRequest(to, 20, 'S').xml).header['Action'])).toBe(Action.Delete);
  });
  it('escapes XML in values', () => {
    expect(commandRequest(to, 20, 'S', 'echo <a&b>').xml).toContain('echo &lt;a&amp;b&gt;');
  });
});

describe('CLIXML on stderr', () => {
  it('decodes a captured single error line', () => {
    expect(decodeClixml(fixture('winrb-stderr-clixml.txt'))).toBe(', world!');
  });
  it('decodes a multi-line error record', () => {
    const out = decodeClixml(fixture('ansible-stderr-clixml-error.txt'));
    expect(out).toContain("fake : The term 'fake' is not recognized as the name of a cmdlet. Check \r\nthe spelling");
    expect(out).toContain('    + FullyQualifiedErrorId : CommandNotFoundException\r\n');
    expect(out).not.toContain('<S');
    expect(out).not.toContain('_x000D_');
  });
  it('drops progress records', () => {
    expect(decodeClixml(fixture('ansible-stderr-clixml-progress.txt'))).toBe('');
  });
  it('decodes entities, surrogate pairs and an escaped underscore; passes plain text through', () => {
    const doc = '#< CLIXML\r\n<Objs Version="1.1.0.1"><S S="Error">a &lt;b&gt; _xD83D__xDE00_ _x005F_x0041_</S></Objs>';
    expect(decodeClixml(doc)).toBe('a <b> \u{1F600} _x0041_');
    expect(decodeClixml('plain error\n')).toBe('plain error\n');
  });
  it('joins several documents with a line break', () => {
    const doc = '#< CLIXML\r\n<Objs><S S="Error">one</S></Objs><Objs><S S="Error">two</S></Objs>';
    expect(decodeClixml(doc)).toBe('one\r\ntwo');
  });
});
