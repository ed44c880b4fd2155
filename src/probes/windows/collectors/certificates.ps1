# Self-issued certificates (Issuer = Subject) in the machine stores GCESysprep clears before capture
# ("Clearing self signed certs": Cert:\LocalMachine\Remote Desktop and Cert:\LocalMachine\My). Read
# through .NET's X509Store, opened read-only and only if the store exists (OpenExistingOnly: opening
# a system store may otherwise create it). Only the thumbprint, subject and store are reported; the
# private key is never touched.
if ($null -eq $PresealCertStores) { $PresealCertStores = @('Remote Desktop', 'My') }
# A seam for tests: on Linux .NET has no LocalMachine personal stores, so they read CurrentUser stores.
if ($null -eq $PresealCertStoreLocation) { $PresealCertStoreLocation = 'LocalMachine' }

# The opened store, or $null when it does not exist (CertOpenStore: ERROR_FILE_NOT_FOUND, which .NET
# Framework's CryptographicException carries as 0x80070002). Access denied and the rest throw.
function Open-PresealCertStore([string]$Name) {
  $location = [Security.Cryptography.X509Certificates.StoreLocation]$PresealCertStoreLocation
  $store = New-Object Security.Cryptography.X509Certificates.X509Store($Name, $location)
  $flags = [Security.Cryptography.X509Certificates.OpenFlags]::ReadOnly -bor [Security.Cryptography.X509Certificates.OpenFlags]::OpenExistingOnly
  try {
    $store.Open($flags)
  } catch {
    $e = $_.Exception
    while ($null -ne $e.InnerException -and -not ($e -is [Security.Cryptography.CryptographicException])) { $e = $e.InnerException }
    if ($e -is [Security.Cryptography.CryptographicException] -and ($e.HResult -eq 2 -or $e.HResult -eq -2147024894)) { return $null }
    throw "the certificate store $PresealCertStoreLocation\$Name could not be opened: $(Format-PresealError $_.Exception)"
  }
  return $store
}

function Get-PresealSelfSignedCertificates {
  $stores = New-Object System.Collections.ArrayList
  $found = New-Object System.Collections.ArrayList
  foreach ($name in $PresealCertStores) {
    $store = Open-PresealCertStore $name
    [void]$stores.Add([ordered]@{ name = [string]$name; exists = ($null -ne $store) })
    if ($null -eq $store) { continue }
    try {
      foreach ($c in @($store.Certificates)) {
        # Self-issued: the issuer's distinguished name is the subject's, byte for byte.
        if ([Convert]::ToBase64String($c.IssuerName.RawData) -ne [Convert]::ToBase64String($c.SubjectName.RawData)) { continue }
        [void]$found.Add([ordered]@{
          store = "Cert:\$PresealCertStoreLocation\$name"
          thumbprint = [string]$c.Thumbprint
          subject = [string]$c.Subject
          notAfter = $c.NotAfter.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ', [Globalization.CultureInfo]::InvariantCulture)
        })
      }
    } finally {
      $store.Close()
    }
  }
  [ordered]@{ stores = @($stores); certificates = @($found | Sort-Object { $_.store }, { $_.thumbprint }) }
}
