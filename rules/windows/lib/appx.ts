/**
 * Appx/MSIX package identity. A package full name is Name_Version_Architecture_ResourceId_PublisherId
 * ("An MSIX package identity is composed of a five-part tuple ... Name, Version, Architecture,
 * Resource Id, Publisher", https://devblogs.microsoft.com/insidemsix/package-identity); the Identity
 * Name "consists of alpha-numeric, period, and dash characters"
 * (https://learn.microsoft.com/uwp/schemas/appxpackage/uapmanifestschema/element-identity), so `_`
 * only separates the parts. A bundle has the resource id `~` (Name_Version_neutral_~_PublisherId).
 * The family name is Name_PublisherId, and "Deployment provisions package families, not specific
 * packages" (https://devblogs.microsoft.com/insidemsix/msix-per-user-vs-all-users/).
 */
export interface PackageId {
  fullName: string;
  name: string;
  version: number[];
  architecture: string;
  resourceId: string;
  publisherId: string;
  /** Name_PublisherId, lower case (package names compare case-insensitively). */
  family: string;
  bundle: boolean;
}

export function parsePackageFullName(fullName: string): PackageId | null {
  const parts = fullName.split('_');
  if (parts.length !== 5) return null;
  const [name, version, architecture, resourceId, publisherId] = parts as [string, string, string, string, string];
  if (!/^\d+(\.\d+){3}$/.test(version) || !name || !publisherId) return null;
  return {
    fullName,
    name,
    version: version.split('.').map(Number),
    architecture,
    resourceId,
    publisherId,
    family: `${name}_${publisherId}`.toLowerCase(),
    bundle: resourceId === '~',
  };
}

/** Compares quad-notation versions (Major.Minor.Build.Revision). */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 4; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
