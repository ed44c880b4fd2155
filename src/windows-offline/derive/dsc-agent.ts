/**
 * dscAgent (collectors/agents.ps1 Get-PresealDscAgent) from the SOFTWARE hive: whether
 * HKLM\SOFTWARE\Microsoft\DesiredStateConfiguration exists and its AgentId is set, as the live
 * probe's `[string]` of the value sees it (presealText). The value itself never leaves here.
 */
import type { Facts } from '../../facts/catalog.js';
import { defineDerivation, type Derived } from './define.js';
import { presealText } from './registry-data.js';

const KEY = 'Microsoft\\DesiredStateConfiguration';

export const dscAgentDerivation = defineDerivation<Facts['dscAgent']>({
  group: 'dscAgent',
  reads: {
    key: { hive: 'SOFTWARE', key: KEY, value: null },
    agentId: { hive: 'SOFTWARE', key: KEY, value: 'AgentId' },
  },
  derive({ key, agentId }): Derived<Facts['dscAgent']> {
    for (const x of [key, agentId]) if (x?.kind === 'unreadable') return { error: x.reason };
    if (key?.kind !== 'value') return { facts: { keyExists: false, agentIdSet: false } };
    const text = agentId ? presealText(agentId) : null;
    return { facts: { keyExists: true, agentIdSet: text !== null && text !== '' } };
  },
});
