import { z } from 'zod';
import { defineGroup } from '../define.js';
import { int } from './shared.js';

/** The machine: domain membership, model and firmware (Win32_ComputerSystem, Win32_BIOS). Collected by src/probes/windows/collectors/computer-system.ps1. */
export const computerSystemFacts = {
  computerSystem: defineGroup({
    platforms: ['windows'],
    description: 'Win32_ComputerSystem: domain membership (PartOfDomain, Domain, DomainRole), model and hypervisor presence; Win32_BIOS for VM detection.',
    schema: z.object({
      name: z.string(),
      partOfDomain: z.boolean(),
      domain: z.string(),
      workgroup: z.string().nullable(),
      domainRole: int.min(0).max(5),
      hypervisorPresent: z.boolean().nullable(),
      manufacturer: z.string().nullable(),
      model: z.string().nullable(),
      /** Win32_BIOS; optional so that older fact files stay valid. */
      /**
       * Where domain membership was read when it was not Win32_ComputerSystem: offline, the registry
       * values it was derived from. Absent from the live probe's facts.
       */
      source: z.string().optional(),
      bios: z.object({ manufacturer: z.string().nullable(), version: z.string().nullable(), serialNumber: z.string().nullable() }).nullable().optional(),
    }),
  }),
};
