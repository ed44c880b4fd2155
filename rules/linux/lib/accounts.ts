import type { Facts } from '../../../src/facts/catalog.js';

type Account = Facts['localAccounts']['users'][number];

/**
 * A regular (human) account: uid 1000–65533, the range useradd gives users (UID_MIN 1000 and
 * UID_MAX 60000 in login.defs; 65534 is nobody).
 */
export function isRegularUser(account: Pick<Account, 'uid'>): boolean {
  return account.uid >= 1000 && account.uid < 65534;
}
