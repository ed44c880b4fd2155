/*
 * Who logged a Panther line and which Sysprep provider failed. Sysprep's providers are plug-in
 * DLLs registered per phase (cleanup, generalize, specialize); a failed one is logged as
 * `Failure occurred while executing 'Function' from C:\…\Provider.dll` or
 * `'Provider.dll,Function'`, and some log under their own name (`MRTGeneralize:140 - ERROR: …`).
 */

export interface KnownProvider {
  /** The function name (case-insensitive) that identifies the provider. */
  fn: string;
  /** The DLL it lives in, when known. */
  dll: string | null;
  /** What it does, for an admin. */
  what: string;
  ruleId: string | null;
}

export const PROVIDERS: readonly KnownProvider[] = [
  {
    fn: 'SysprepGeneralizeValidate',
    dll: 'AppxSysprep.dll',
    what: 'the Appx (Store app) provider, which checks that every app is provisioned for all users',
    ruleId: 'W024',
  },
  { fn: 'ValidateBitLockerState', dll: 'BdeSysprep.dll', what: 'the BitLocker provider, which refuses an encrypted OS volume', ruleId: 'W023' },
  {
    fn: 'Sysprep_Clean_Validate_Opk',
    dll: 'spopk.dll',
    what: 'the servicing check, which refuses pending updates, a pending restart or reserved storage in use',
    ruleId: 'W027',
  },
  { fn: 'SLReArmWindows', dll: 'slc.dll', what: 'the licensing rearm, limited in count per image', ruleId: 'W013' },
  { fn: 'SysPrep_Cleanup', dll: 'DscCore.dll', what: 'the PowerShell DSC Local Configuration Manager cleanup', ruleId: 'W044' },
  {
    fn: 'MRTGeneralize',
    dll: null,
    what: "the Malicious Software Removal Tool's generalize step, which deletes Security Center product instances",
    ruleId: 'W034',
  },
  { fn: 'Sysprep_Generalize_MiStreamProv', dll: 'MiStreamProv.dll', what: 'the Management Infrastructure (WMI) stream provider', ruleId: null },
  { fn: 'Sysprep_Generalize_Bcd', dll: 'spbcd.dll', what: 'the boot configuration (BCD) provider', ruleId: null },
  { fn: 'Sysprep_Specialize_Bcd', dll: 'spbcd.dll', what: 'the boot configuration (BCD) provider', ruleId: null },
  { fn: 'Sysprep_Specialize_NTFS_Online', dll: 'spntfs.dll', what: 'the NTFS provider of the specialize pass', ruleId: null },
];

export interface ProviderRef {
  /** `Function from Provider.dll`, as an admin searches for it. */
  name: string;
  known: KnownProvider | null;
}

const FROM = /'([A-Za-z_]\w*)'\s+(?:from|in)\s+([^;\s']+\.dll)/i;
const COMMA = /'([^',]+\.dll)\s*,\s*([A-Za-z_]\w*)'/i;
const OWN_NAME = /^(?:SYSPRP\s+)?(MRTGeneralize)\b/i;
// `SYSPRP Entering SysprepGeneralizeValidate (Appx) - validating whether all apps are also provisioned.`
const ENTERING = /\bEntering ([A-Za-z_]\w*) \(\w+\)/;

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The provider a message names, if any. */
export function providerIn(message: string): ProviderRef | null {
  let fn: string | undefined;
  let dll: string | undefined;
  const from = FROM.exec(message);
  const comma = from ? null : COMMA.exec(message);
  const own = from || comma ? null : (OWN_NAME.exec(message) ?? ENTERING.exec(message));
  if (from) [fn, dll] = [from[1], from[2]];
  else if (comma) [dll, fn] = [comma[1], comma[2]];
  else if (own) fn = own[1];
  if (!fn) return null;
  const known = PROVIDERS.find((p) => p.fn.toLowerCase() === (fn as string).toLowerCase()) ?? null;
  const file = dll ? baseName(dll) : known?.dll;
  return { name: file ? `${fn} from ${file}` : fn, known };
}

/** The programs that write Panther logs besides sysprep.exe, with the pass they run. */
export const COMPONENTS: Readonly<Record<string, string>> = {
  SYSPRP: 'sysprep.exe and its providers',
  'audit.exe': 'audit mode (auditSystem and auditUser passes)',
  'windeploy.exe': 'Windows deployment after Sysprep (specialize pass)',
  'oobeldr.exe': 'the OOBE loader (oobeSystem pass)',
  'setup.exe': 'Windows Setup',
  'msoobe.exe': 'the out-of-box experience (OOBE)',
};

// After the level and the message id: `SYSPRP …`, `[windeploy.exe] …`, `[Shell Unattend] …`, `IBS …`.
const COMPONENT = /^(?:\[([\w .-]{1,40})\]|([A-Z][A-Z0-9]{2,7}))(?=\s|$)/;

/** The program or component a message starts with (`SYSPRP`, `windeploy.exe`), or null. */
export function componentOf(message: string): string | null {
  const m = COMPONENT.exec(message);
  return m ? ((m[1] ?? m[2]) as string) : null;
}
