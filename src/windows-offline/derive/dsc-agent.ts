/**
 * dscAgent (collectors/agents.ps1 Get-PresealDscAgent) from the SOFTWARE hive: whether
 * HKLM\SOFTWARE\Microsoft\DesiredStateConfiguration exists and its AgentId is set, as the live
 * probe's `[string]` of the value sees it (presealText). The value itself never leaves here.
 */
import type { Facts } from '../../facts/catalog.js';
import { defineDerivation, type Derived } from './define.js';
import { presealText } from './registry-data.js';
import { assertKey } from './registry-lists.js';

const KEY = 'Microsoft\\DesiredStateConfiguration';
/** A key every Windows has: without it the SOFTWARE hive was not read, and "no AgentId" would be a guess. */
const ANCHOR = 'Microsoft\\Windows NT\\CurrentVersion';

export const dscAgentDerivation = defineDerivation<Facts['dscAgent']>({
  group: 'dscAgent',
  reads: {
    anchor: { hive: 'SOFTWARE', key: ANCHOR, value: null },
    key: { hive: 'SOFTWARE', key: KEY, value: null },
    agentId: { hive: 'SOFTWARE', key: KEY, value: 'AgentId' },
  },
  derive({ anchor, key, agentId }): Derived<Facts['dscAgent']> {
    const bad = assertKey(anchor, `HKLM:\\SOFTWARE\\${ANCHOR}`);
    if (bad) return bad;
    for (const x of [key, agentId]) if (x?.kind === 'unreadable') return { error: x.reason };
    if (key?.kind !== 'value') return { facts: { keyExists: false, agentIdSet: false } };
    const text = agentId ? presealText(agentId) : null;
    return { facts: { keyExists: true, agentIdSet: text !== null && text !== '' } };
  },
});
