/** Fact groups of the Windows probe for rules W023–W044 (encryption, Appx, servicing, agents, Azure). */
export const windowsExtraFacts = {};
