/** Fact groups of the Linux probe for rules L041–L084 (accounts, homes, network, storage, boot, leftovers). */
export const linuxExtraFacts = {};
