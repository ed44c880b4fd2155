import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { diagnosePaths } from '../../src/diagnose/command.js';
import { classifyEntries, splitEntries } from '../../src/diagnose/match.js';
import { decodeLog } from '../../src/diagnose/read.js';
import { PresealError } from '../../src/errors.js';
import { repoRoot } from '../helpers/cli.js';
import { parseKnownHosts, patternsMatch, verifyHostKey, type KnownHostEntry } from '../../src/ssh/known-hosts.js';
import { decodeClixml } from '../../src/winrm/clixml.js';
import { HttpConnectionError, parseResponse } from '../../src/winrm/http.js';
import { NtlmError, parseAvPairs, parseChallenge } from '../../src/winrm/ntlm.js';
import { parseCommandId, parseEnvelope, parseFault, parseReceive, parseShellId, SoapError, type Envelope } from '../../src/winrm/soap.js';

/**
 * Outside data test/fuzz/inputs.test.ts (configs, envelopes, inventories, targets) does not cover: known_hosts files,
 * Panther logs, what a WinRM server answers (HTTP, NTLM, SOAP, CLIXML). Each parser may reject an
 * input only with its own error carrying a clear one-line message, never crash or hang.
 */
const runs = { numRuns: 3000 };

function rejectsCleanly(e: unknown, ...kinds: (abstract new (...args: never[]) => Error)[]): void {
  if (!kinds.some((k) => e instanceof k)) throw e;
  const message = (e as Error).message;
  expect(message.length).toBeGreaterThan(0);
  expect(message).not.toMatch(/\n\s+at /);
}

const keys = [ssh2.utils.generateKeyPairSync('ed25519'), ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 })].map((pair) => {
  const [type, b64] = pair.public.trim().split(/\s+/) as [string, string];
  return { type, b64, blob: Buffer.from(b64, 'base64') };
});

describe('known_hosts (src/ssh/known-hosts.ts)', () => {
  const hostPattern = fc.oneof(
    fc.constantFrom(
      '127.0.0.1',
      '[127.0.0.1]:2222',
      'build-vm',
      '*.example.com',
      '!bad.example.com',
      '*',
      '?',
      '[',
      ']',
      '|1|',
      '|1|x|y',
      '|2|a|b',
      '\\',
      '(',
      '+',
    ),
    fc.string({ maxLength: 30 }),
    fc.stringMatching(/^[a-z0-9.*?!,[\]:|+=/-]{0,40}$/),
  );
  const base64ish = fc.oneof(fc.constantFrom(...keys.map((k) => k.b64)), fc.base64String({ maxLength: 120 }), fc.string({ maxLength: 40 }));
  const line = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('', '@revoked ', '@cert-authority ', '@bogus ', '#', '  '),
        hostPattern,
        fc.constantFrom('ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'x', ''),
        base64ish,
        fc.string({ maxLength: 20 }),
      )
      .map(([m, h, t, b, c]) => `${m}${h} ${t} ${b} ${c}`),
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
  const file = fc.array(line, { maxLength: 12 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol)));

  it('parses any text without throwing; every entry is well formed', () => {
    fc.assert(
      fc.property(file, (text) => {
        const entries = parseKnownHosts(text, 'kh');
        const lineCount = text.split(/\r?\n/).length;
        for (const e of entries) {
          expect(['', '@revoked', '@cert-authority']).toContain(e.marker);
          expect(e.key.length).toBeGreaterThanOrEqual(8);
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(lineCount);
          expect(e.patterns.length).toBeGreaterThan(0);
        }
      }),
      runs,
    );
  });

  it('a verdict is never kinder than the file: revoked wins, match only for a listed key of that host', () => {
    const names = fc.constantFrom(['127.0.0.1'], ['[127.0.0.1]:2222'], ['build-vm'], ['a.example.com']);
    fc.assert(
      fc.property(file, names, fc.constantFrom(...keys.map((k) => k.blob)), (text, lookup, key) => {
        const entries = parseKnownHosts(text, 'kh');
        const verdict = verifyHostKey(entries, lookup, key);
        const revoked = entries.some((e) => e.marker === '@revoked' && e.key.equals(key));
        if (revoked) expect(verdict.status).toBe('revoked');
        if (verdict.status === 'match') {
          expect(verdict.entry.marker).toBe('');
          expect(verdict.entry.key.equals(key)).toBe(true);
          expect(patternsMatch(verdict.entry.patterns, lookup)).toBe(true);
        }
        if (verdict.status === 'unknown') {
          expect(entries.some((e: KnownHostEntry) => e.marker === '' && patternsMatch(e.patterns, lookup))).toBe(false);
        }
      }),
      runs,
    );
  });

  it('patterns with regular-expression characters match only literally', () => {
    // A leading `|` marks a hashed name and a leading `!` a negation (sshd(8)), so neither starts one.
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z.+()[\]{}^$\\][a-z.+()[\]{}^$|\\]{0,19}$/), (name) => {
        expect(patternsMatch(name, [name])).toBe(true);
        expect(patternsMatch(name, [`${name}x`])).toBe(false);
      }),
      runs,
    );
  });

  // A pattern such as `*.*.*.*…x` turned into a backtracking RegExp takes exponential time, and the
  // check runs inside ssh2's host verifier, where the --timeout timer cannot fire. Run in a child
  // process with a hard limit, so that a hang fails this test instead of stalling the worker.
  it('a pattern of many wildcards answers at once (no catastrophic backtracking)', { timeout: 60_000 }, () => {
    const script = `
      const { patternsMatch } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'src', 'ssh', 'known-hosts.ts')).href)});
      const out = [
        patternsMatch('*'.repeat(40) + 'x', ['a'.repeat(60)]),
        patternsMatch('*.'.repeat(30) + 'example', ['a.'.repeat(40) + 'com']),
        patternsMatch('*'.repeat(40) + 'a', ['a'.repeat(60)]),
      ];
      process.stdout.write(JSON.stringify(out));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 20_000,
      killSignal: 'SIGKILL',
    });
    expect(run.signal, 'patternsMatch did not answer within 20 s').toBeNull();
    expect(run.stdout, run.stderr).toBe('[false,false,true]');
  });
});

describe('Panther logs (src/diagnose/)', () => {
  const level = fc.constantFrom('Info', 'Warning', 'Error', 'Fatal Error', 'Perf', 'Debug', 'Bogus');
  const logLine = fc.oneof(
    fc
      .tuple(
        fc.date({ min: new Date(2000, 0, 1), max: new Date(2099, 0, 1), noInvalidDate: true }),
        level,
        fc.constantFrom('', '[0x0f0070] ', '[0x0f0082] '),
        fc.constantFrom('SYSPRP ', 'SYSPRP RunDlls:', 'CSI ', ''),
        fc.string({ maxLength: 120 }),
      )
      .map(([d, l, code, comp, text]) => `${d.toISOString().replace('T', ' ').slice(0, 19)}, ${l.padEnd(17)}${code}${comp}${text}`),
    fc.string({ maxLength: 200 }),
    fc.constantFrom(
      'SYSPRP Package Microsoft.LanguageExperiencePackde-DE_19041.3.8.0_neutral__8wekyb3d8bbwe was installed for a user, but not provisioned for all users.',
      "SYSPRP ActionPlatform::LaunchModule: Failure occurred while executing 'SysprepGeneralizeValidate' from C:\\Windows\\System32\\AppxSysprep.dll; dwRet = 0x3cf2",
      'SYSPRP RunExternalDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x8007001f',
    ),
  );
  const logText = fc.array(logLine, { maxLength: 30 }).chain((lines) => fc.constantFrom('\r\n', '\n', '\r').map((eol) => lines.join(eol)));
  const encoded = logText.chain((text) =>
    fc.constantFrom<BufferEncoding | 'bom8' | 'bom16'>('utf8', 'latin1', 'utf16le', 'bom8', 'bom16').map((enc) => {
      if (enc === 'bom8') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
      if (enc === 'bom16') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      return Buffer.from(text, enc);
    }),
  );
  const bytes = fc.oneof(
    encoded,
    fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
  );

  it('decodes, splits and classifies any bytes without throwing; every line it cites is in the file', () => {
    fc.assert(
      fc.property(bytes, fc.boolean(), (buf, errorsOnly) => {
        const text = decodeLog(buf);
        expect(typeof text).toBe('string');
        const entries = splitEntries(text);
        const physical = text.split(/\r\n|\n|\r/).length;
        let last = 0;
        for (const e of entries) {
          expect(e.line).toBeGreaterThan(last);
          expect(e.line).toBeLessThanOrEqual(physical);
          last = e.line;
        }
        const c = classifyEntries('setupact.log', entries, errorsOnly);
        for (const d of [...c.diagnoses, ...c.unrecognized]) expect(entries.some((e) => e.line === d.line && e.text === d.text)).toBe(true);
        for (const d of c.diagnoses) expect(d.signature.length).toBeGreaterThan(0);
      }),
      runs,
    );
  });

  it('a very long line is classified without hanging', { timeout: 10_000 }, () => {
    const long = [
      `2024-01-05 10:12:33, Error                 SYSPRP ${'Package '.repeat(20_000)}`,
      `2024-01-05 10:12:34, Error ${'a'.repeat(200_000)}`,
      `2024-01-05 10:12:35, Error ${'\\'.repeat(100_000)}; dwRet = 0x`,
    ];
    const c = classifyEntries('setuperr.log', splitEntries(long.join('\r\n')), true);
    expect(c.diagnoses.length + c.unrecognized.length + c.noise).toBe(3);
  });

  it('diagnose of any file: a report, or a usage error for what cannot be read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preseal-panther-fuzz-'));
    try {
      fc.assert(
        fc.property(bytes, (buf) => {
          const file = join(dir, 'setupact.log');
          writeFileSync(file, buf);
          try {
            const result = diagnosePaths([dir]);
            expect(result.files).toEqual([file]);
            expect(result.report.schemaVersion).toBe(1);
          } catch (e) {
            rejectsCleanly(e, PresealError);
          }
        }),
        { numRuns: 500 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('WinRM answers (src/winrm/)', () => {
  const id = fc.constantFrom('', '1D3B0E1E-5E0A-4C2B-9A55-8C0F2F6F3A11', '<x/>', '&amp;', ']]>');
  const element = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      fc.string({ maxLength: 20 }).map((s) => s.replace(/[<&]/g, '')),
      fc
        .tuple(
          fc.constantFrom(
            's:Body',
            's:Header',
            's:Fault',
            'rsp:ReceiveResponse',
            'rsp:Stream',
            'rsp:CommandState',
            'rsp:ExitCode',
            'rsp:CommandResponse',
            'rsp:CommandId',
            'x:ResourceCreated',
            'a:ReferenceParameters',
            'w:SelectorSet',
            'w:Selector',
            'rsp:Shell',
            'rsp:ShellId',
            's:Code',
            's:Value',
            's:Subcode',
            's:Reason',
            's:Text',
            's:Detail',
            'f:WSManFault',
            'f:Message',
            'f:ProviderFault',
            'a:RelatesTo',
          ),
          fc.array(
            fc.tuple(
              fc.constantFrom('Name', 'End', 'CommandId', 'State', 'Code'),
              fc.oneof(
                id,
                fc.constantFrom(
                  'stdout',
                  'stderr',
                  'true',
                  'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done',
                  'ShellId',
                  '2150858793',
                ),
              ),
            ),
            { maxLength: 3 },
          ),
          fc.array(tie('node'), { maxLength: 4 }),
        )
        .map(([name, attrs, kids]) => `<${name}${attrs.map(([k, v]) => ` ${k}="${v.replace(/[<&"]/g, '')}"`).join('')}>${kids.join('')}</${name}>`),
    ),
  })).node;
  const envelope = fc
    .array(element, { maxLength: 4 })
    .map((kids) => `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">${kids.join('')}</s:Envelope>`);
  const xml = fc.oneof(
    envelope,
    fc.string({ maxLength: 300 }),
    envelope.chain((e) => fc.nat(e.length).map((n) => e.slice(0, n))),
  );

  it('SOAP: any answer parses or is refused with SoapError; the readers never throw anything else', () => {
    fc.assert(
      fc.property(xml, id, (text, commandId) => {
        let env: Envelope;
        try {
          env = parseEnvelope(text);
        } catch (e) {
          rejectsCleanly(e, SoapError);
          return;
        }
        const fault = parseFault(env);
        if (fault) for (const v of Object.values(fault)) expect(typeof v).toBe('string');
        for (const read of [() => parseShellId(env), () => parseCommandId(env), () => parseReceive(env, commandId || undefined)]) {
          try {
            const r = read();
            if (typeof r === 'object') {
              for (const s of r.streams) expect(Buffer.isBuffer(s.data)).toBe(true);
              if (r.exitCode !== undefined) expect(Number.isFinite(r.exitCode), `exit code ${r.exitCode}`).toBe(true);
            }
          } catch (e) {
            rejectsCleanly(e, SoapError);
          }
        }
      }),
      runs,
    );
  });

  it('SOAP: an entity-expansion bomb is refused or stays small', { timeout: 10_000 }, () => {
    const bomb =
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>` +
      '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Reason><s:Text>&lol9;</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>';
    try {
      const env = parseEnvelope(bomb);
      expect((parseFault(env)?.reason ?? '').length).toBeLessThan(1_000_000);
    } catch (e) {
      rejectsCleanly(e, SoapError);
    }
  });

  it('SOAP: a non-numeric ExitCode is not taken as an exit status', () => {
    const env = parseEnvelope(
      '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell"><s:Body><rsp:ReceiveResponse>' +
        '<rsp:CommandState CommandId="A" State="http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done"><rsp:ExitCode>zero</rsp:ExitCode></rsp:CommandState></rsp:ReceiveResponse></s:Body></s:Envelope>',
    );
    const r = parseReceive(env, 'A');
    expect(r.done).toBe(true);
    if (r.exitCode !== undefined) expect(Number.isFinite(r.exitCode)).toBe(true);
  });

  const clixmlText = fc.string({ maxLength: 60 });
  const escapeClixml = (s: string) =>
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/_x/g, '_x005F_x')
      .replace(/[\u0000-\u001f]/g, (c) => `_x${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}_`);

  it('CLIXML: error records decode back to their text; anything else never throws', () => {
    fc.assert(
      fc.property(
        fc.array(
          clixmlText.filter((s) => s.length > 0 && !s.includes('_x')),
          { minLength: 1, maxLength: 4 },
        ),
        (lines) => {
          const doc = `#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">${lines.map((l) => `<S S="Error">${escapeClixml(l)}</S>`).join('')}</Objs>`;
          expect(decodeClixml(doc)).toBe(lines.join(''));
        },
      ),
      runs,
    );
    const hostile = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc
        .array(
          fc.oneof(
            fc.constantFrom(
              '#< CLIXML',
              '<Objs>',
              '</Objs>',
              '<Objs/>',
              '<S S="Error">',
              '</S>',
              '&#xFFFFFFF;',
              '&#99999999;',
              '&#xD800;',
              '_xD800_',
              '_xZZZZ_',
              '&bogus;',
              '&',
            ),
            fc.string({ maxLength: 10 }),
          ),
          { maxLength: 20 },
        )
        .map((p) => p.join('')),
    );
    fc.assert(
      fc.property(hostile, (text) => {
        const out = decodeClixml(text);
        expect(typeof out).toBe('string');
        if (!text.includes('#< CLIXML')) expect(out).toBe(text);
      }),
      runs,
    );
  });

  it('CLIXML: a character reference beyond Unicode does not throw', () => {
    expect(() => decodeClixml('#< CLIXML\r\n<Objs><S S="Error">&#99999999;&#x110000;</S></Objs>')).not.toThrow();
  });

  it('HTTP: any bytes give a response, "need more", or HttpConnectionError', () => {
    const head = fc
      .tuple(
        fc.constantFrom('HTTP/1.1 200 OK', 'HTTP/1.1 401 Unauthorized', 'HTTP/1.0 500 x', 'HTTP/2 200', 'SSH-2.0-OpenSSH', ''),
        fc.array(
          fc.oneof(
            fc.constantFrom(
              'Content-Length: 5',
              'Content-Length: -1',
              'Content-Length: abc',
              'Content-Length: 99999999999',
              'Transfer-Encoding: chunked',
              'WWW-Authenticate: Negotiate',
              ': x',
              'x',
            ),
            fc.string({ maxLength: 30 }),
          ),
          { maxLength: 5 },
        ),
        fc.oneof(fc.string({ maxLength: 100 }), fc.constantFrom('5\r\nhello\r\n0\r\n\r\n', 'zz\r\n', 'ffffffff\r\nx\r\n', '-1\r\n\r\n')),
      )
      .map(([status, headers, body]) => Buffer.from(`${status}\r\n${headers.join('\r\n')}\r\n\r\n${body}`, 'latin1'));
    fc.assert(
      fc.property(
        fc.oneof(
          head,
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
        ),
        fc.boolean(),
        (buf, atEof) => {
          try {
            const r = parseResponse(buf, atEof);
            if (r) {
              expect(r.status).toBeGreaterThanOrEqual(100);
              expect(r.body.length).toBeLessThanOrEqual(buf.length);
            }
          } catch (e) {
            rejectsCleanly(e, HttpConnectionError);
          }
        },
      ),
      runs,
    );
  });

  it('NTLM: any challenge bytes parse or are refused with NtlmError', () => {
    const sig = Buffer.from('NTLMSSP\0', 'latin1');
    const challengeLike = fc.tuple(fc.uint8Array({ minLength: 0, maxLength: 120 }), fc.constantFrom(1, 2, 3)).map(([rest, type]) => {
      const t = Buffer.alloc(4);
      t.writeUInt32LE(type);
      return Buffer.concat([sig, t, Buffer.from(rest)]);
    });
    fc.assert(
      fc.property(
        fc.oneof(
          challengeLike,
          fc.uint8Array({ maxLength: 120 }).map((a) => Buffer.from(a)),
        ),
        (buf) => {
          try {
            const c = parseChallenge(buf);
            expect(c.serverChallenge.length).toBe(8);
            try {
              parseAvPairs(c.targetInfo);
            } catch (e) {
              rejectsCleanly(e, NtlmError);
            }
          } catch (e) {
            rejectsCleanly(e, NtlmError);
          }
        },
      ),
      runs,
    );
  });
});
