import type { Reference } from '../types.js';

/*
 * The error codes Sysprep and the setup programs log (`hr = 0x…`, `dwRet = 0x…`, `returned error
 * code 0x…`, `failed c0000225`), decoded from Microsoft's error-code references. Names and values of
 * the Win32, HRESULT and NTSTATUS constants are checked against MinGW-w64's winerror.h and
 * ntstatus.h by the tests; a meaning is ours, in words an admin can act on.
 */

export type CodeKind = 'HRESULT' | 'Win32' | 'NTSTATUS';

export interface KnownCode {
  value: number;
  name: string | null;
  meaning: string;
  /** The preseal rule that checks for this cause before Sysprep runs. */
  ruleId?: string;
  source: Reference;
}

export interface DecodedCode {
  /** As logged, normalized: `0x80073CF2`. */
  code: string;
  kind: CodeKind;
  name: string | null;
  meaning: string;
  ruleId: string | null;
  source: Reference;
  /** `result` for hr/dwRet/error codes, `last-error` for `[gle=0x…]` (GetLastError, often stale). */
  role: 'result' | 'last-error';
}

const WIN32_REF: Reference = {
  title: 'System Error Codes (Microsoft Learn)',
  url: 'https://learn.microsoft.com/windows/win32/debug/system-error-codes',
};
const APPX_REF: Reference = {
  title: 'Troubleshooting packaging, deployment, and query of Windows apps: common error codes (Microsoft Learn)',
  url: 'https://learn.microsoft.com/windows/win32/appxpkg/troubleshooting',
};
const HRESULT_REF: Reference = {
  title: '[MS-ERREF] 2.1.1 HRESULT Values (Microsoft Learn)',
  url: 'https://learn.microsoft.com/openspecs/windows_protocols/ms-erref/705fb797-2175-4a90-b5a3-3918024b10b8',
};
const NTSTATUS_REF: Reference = {
  title: '[MS-ERREF] 2.3.1 NTSTATUS Values (Microsoft Learn)',
  url: 'https://learn.microsoft.com/openspecs/windows_protocols/ms-erref/596a1078-e883-4972-9bbc-49e60bebca55',
};
const WMI_REF: Reference = {
  title: 'WMI Error Constants (Microsoft Learn)',
  url: 'https://learn.microsoft.com/windows/win32/wmisdk/wmi-error-constants',
};
const FVE_REF: Reference = {
  title: "FVE_E_NOT_DECRYPTED in Microsoft's Win32 metadata (windows-docs-rs, Microsoft)",
  url: 'https://microsoft.github.io/windows-docs-rs/doc/windows/Win32/Foundation/constant.FVE_E_NOT_DECRYPTED.html',
};
const REARM_REF: Reference = {
  title: 'Error when running Sysprep /generalize: rearm limit, KB 929828 (Microsoft Learn)',
  url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/error-occurs-when-running-sysprep-generalize',
};
const RESERVED_REF: Reference = {
  title: 'Errors when capturing Windows 11 image by using capture media in Configuration Manager (Microsoft Learn)',
  url: 'https://learn.microsoft.com/troubleshoot/mem/configmgr/os-deployment/windows-11-image-capture-fail',
};

const win32 = (value: number, name: string, meaning: string, extra: Partial<KnownCode> = {}): KnownCode => ({
  value,
  name,
  meaning,
  source: WIN32_REF,
  ...extra,
});

/** Win32 error codes (also met as HRESULT_FROM_WIN32, 0x8007xxxx). */
export const WIN32_CODES: readonly KnownCode[] = [
  win32(2, 'ERROR_FILE_NOT_FOUND', 'a file or registry value the step expects does not exist'),
  win32(3, 'ERROR_PATH_NOT_FOUND', 'a folder or registry key the step expects does not exist'),
  win32(5, 'ERROR_ACCESS_DENIED', 'access denied: a service, a security product or a permission change protects the object'),
  win32(6, 'ERROR_INVALID_HANDLE', 'an invalid handle: usually stale, recorded by GetLastError after an earlier call'),
  win32(8, 'ERROR_NOT_ENOUGH_MEMORY', 'not enough memory for the step'),
  win32(13, 'ERROR_INVALID_DATA', 'the data the step read is invalid'),
  win32(31, 'ERROR_GEN_FAILURE', 'a device attached to the system is not functioning'),
  win32(32, 'ERROR_SHARING_VIOLATION', 'another process has the file open'),
  win32(50, 'ERROR_NOT_SUPPORTED', 'the request is not supported on this installation'),
  win32(87, 'ERROR_INVALID_PARAMETER', 'a parameter is invalid (often an answer-file setting)'),
  win32(112, 'ERROR_DISK_FULL', 'the disk is full'),
  win32(183, 'ERROR_ALREADY_EXISTS', 'the object already exists'),
  win32(234, 'ERROR_MORE_DATA', 'more data is available'),
  win32(1058, 'ERROR_SERVICE_DISABLED', 'a service the step needs is disabled'),
  win32(1060, 'ERROR_SERVICE_DOES_NOT_EXIST', 'a service the step needs is not installed'),
  win32(1168, 'ERROR_NOT_FOUND', 'an element the step looks for was not found'),
  win32(1314, 'ERROR_PRIVILEGE_NOT_HELD', 'the account lacks a privilege the step needs'),
  win32(1460, 'ERROR_TIMEOUT', 'the operation timed out'),
  win32(1603, 'ERROR_INSTALL_FAILURE', 'an installation failed'),
  win32(3010, 'ERROR_SUCCESS_REBOOT_REQUIRED', 'the operation succeeded but needs a restart'),
  win32(15600, 'ERROR_INSTALL_OPEN_PACKAGE_FAILED', 'an app package could not be opened', { source: APPX_REF, ruleId: 'W024' }),
  win32(15601, 'ERROR_INSTALL_PACKAGE_NOT_FOUND', 'an app package could not be found', { source: APPX_REF, ruleId: 'W024' }),
  win32(
    15602,
    'ERROR_INSTALL_INVALID_PACKAGE',
    "an app package is invalid; Sysprep's Appx provider returns it when a package is installed for a user but not provisioned for all users",
    { source: APPX_REF, ruleId: 'W024' },
  ),
  win32(15603, 'ERROR_INSTALL_RESOLVE_DEPENDENCY_FAILED', 'an app package dependency could not be resolved', { source: APPX_REF, ruleId: 'W024' }),
  win32(15606, 'ERROR_INSTALL_REGISTRATION_FAILURE', 'an app package could not be registered', { source: APPX_REF, ruleId: 'W024' }),
  win32(15609, 'ERROR_INSTALL_FAILED', 'an app package installation failed', { source: APPX_REF, ruleId: 'W024' }),
  win32(15610, 'ERROR_REMOVE_FAILED', 'an app package could not be removed', { source: APPX_REF, ruleId: 'W024' }),
  win32(15618, 'ERROR_PACKAGES_IN_USE', 'an app package is in use and cannot be changed', { source: APPX_REF, ruleId: 'W024' }),
];

/** HRESULTs that are not a wrapped Win32 code. */
export const HRESULT_CODES: readonly KnownCode[] = [
  { value: 0x80004005, name: 'E_FAIL', meaning: 'unspecified failure: the lines before it say what failed', source: HRESULT_REF },
  { value: 0x8000ffff, name: 'E_UNEXPECTED', meaning: 'catastrophic failure inside the provider', source: HRESULT_REF },
  {
    value: 0x80080005,
    name: 'CO_E_SERVER_EXEC_FAILURE',
    meaning: 'a COM server failed to start; in the servicing check it is TrustedInstaller (component servicing), busy or not answering',
    ruleId: 'W027',
    source: HRESULT_REF,
  },
  { value: 0x80041002, name: 'WBEM_E_NOT_FOUND', meaning: 'a WMI object the step looks for does not exist', source: WMI_REF },
  {
    value: 0x8004100e,
    name: 'WBEM_E_INVALID_NAMESPACE',
    meaning: 'a WMI namespace does not exist (a feature or its WMI provider is missing)',
    source: WMI_REF,
  },
  { value: 0x80310000, name: 'FVE_E_LOCKED_VOLUME', meaning: 'a BitLocker volume is locked', ruleId: 'W023', source: FVE_REF },
  {
    value: 0x80310039,
    name: 'FVE_E_NOT_DECRYPTED',
    meaning: 'the drive must be fully decrypted: BitLocker is on for the OS volume, even with protection suspended',
    ruleId: 'W023',
    source: FVE_REF,
  },
  {
    value: 0x800f0975,
    name: null,
    meaning: 'reserved storage is in use: an update or servicing operation is still running',
    ruleId: 'W027',
    source: RESERVED_REF,
  },
  {
    value: 0xc004d307,
    name: null,
    meaning: 'Software Licensing: the maximum allowed number of rearms has been exceeded; the image cannot be generalized again',
    ruleId: 'W013',
    source: REARM_REF,
  },
];

export const NTSTATUS_CODES: readonly KnownCode[] = [
  { value: 0xc0000005, name: 'STATUS_ACCESS_VIOLATION', meaning: 'a program crashed (access violation)', source: NTSTATUS_REF },
  { value: 0xc0000022, name: 'STATUS_ACCESS_DENIED', meaning: 'access denied', source: NTSTATUS_REF },
  { value: 0xc0000034, name: 'STATUS_OBJECT_NAME_NOT_FOUND', meaning: 'an object name (file, key, device) does not exist', source: NTSTATUS_REF },
  { value: 0xc000009a, name: 'STATUS_INSUFFICIENT_RESOURCES', meaning: 'insufficient system resources', source: NTSTATUS_REF },
  { value: 0xc0000225, name: 'STATUS_NOT_FOUND', meaning: 'the object was not found (for BCD: a boot entry or device it refers to)', source: NTSTATUS_REF },
];

const byValue = (list: readonly KnownCode[]) => new Map(list.map((c) => [c.value >>> 0, c]));
const WIN32 = byValue(WIN32_CODES);
const HRESULTS = byValue(HRESULT_CODES);
const NTSTATUS = byValue(NTSTATUS_CODES);

const hex = (value: number) =>
  `0x${(value >>> 0)
    .toString(16)
    .toUpperCase()
    .padStart(value > 0xffff ? 8 : 1, '0')}`;

function decoded(value: number, kind: CodeKind, known: KnownCode, name: string | null, role: DecodedCode['role']): DecodedCode {
  return { code: hex(value), kind, name, meaning: known.meaning, ruleId: known.ruleId ?? null, source: known.source, role };
}

/** Decodes one logged value; undefined when it is not a code Microsoft documents that we know. */
export function decodeCode(raw: number, role: DecodedCode['role'] = 'result'): DecodedCode | undefined {
  const value = raw >>> 0;
  const hr = HRESULTS.get(value);
  if (hr) return decoded(value, 'HRESULT', hr, hr.name, role);
  // HRESULT_FROM_WIN32: severity 1, facility 7 (FACILITY_WIN32), the Win32 code in the low word.
  if (value >>> 16 === 0x8007) {
    const w = WIN32.get(value & 0xffff);
    if (w) return decoded(value, 'HRESULT', w, `HRESULT_FROM_WIN32(${w.name})`, role);
  }
  if (value <= 0xffff) {
    const w = WIN32.get(value);
    if (w) return decoded(value, 'Win32', w, w.name, role);
  }
  // NTSTATUS, also wrapped as HRESULT_FROM_NT (the N bit, 0x10000000, set).
  const nt = NTSTATUS.get(value) ?? NTSTATUS.get((value & ~0x10000000) >>> 0);
  if (nt) return decoded(value, 'NTSTATUS', nt, nt.name, role);
  return undefined;
}

// `hr = 0x80070005`, `dwRet = 0x5`, `returned error code 0x2`, `failed: 0xd`, `Error 0X2`,
// `[gle=0x00000006]`, `failed c0000225` (NTSTATUS logged without 0x), and a signed decimal
// HRESULT (`returned error code -1073425657`, as LaunchDll logs slc.dll's).
const CODE = /(gle=)?\b0[xX]([0-9a-fA-F]{1,8})\b|\b(?:failed|status|error)\s+([cC]0[0-9a-fA-F]{6})\b|\b(?:error code|hr\s*=|dwRet\s*=)\s*(-\d{6,10})\b/g;

/** Every code in a log message that we can decode, in order, without repeats. */
export function codesIn(message: string): DecodedCode[] {
  const out: DecodedCode[] = [];
  const seen = new Set<string>();
  for (const m of message.matchAll(CODE)) {
    const digits = m[2] ?? m[3];
    const value = digits ? Number.parseInt(digits, 16) : Number.parseInt(m[4] ?? '', 10);
    if (!Number.isFinite(value)) continue;
    const d = decodeCode(value, m[1] ? 'last-error' : 'result');
    if (!d || seen.has(`${d.code}/${d.role}`)) continue;
    seen.add(`${d.code}/${d.role}`);
    out.push(d);
  }
  return out;
}

/** The result codes of a message: what failed, without stale GetLastError values. */
export function resultCodes(message: string): DecodedCode[] {
  return codesIn(message).filter((c) => c.role === 'result');
}
