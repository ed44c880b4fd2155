export { Hive, HiveError, MAX_KEY_DEPTH, sameKeyName, type BaseBlock, type RegKey, type RegValue } from './regf.js';
export { openHive, openHiveFile, type OpenedHive } from './open-hive.js';
export { recoverHive, isDirty, type AppliedLog, type LogFile, type Recovery } from './recovery.js';
export { currentControlSet, openSystemKey } from './control-set.js';
export { REG, regTypeName, regString, regMultiString, regDword, regQword } from './values.js';
