# src/probes/windows/collectors/certificates.ps1 under real pwsh with real .NET X509Store objects.
# .NET on Linux has no LocalMachine personal stores, so the stores read are CurrentUser stores with
# names unique to the run, holding certificates made here with CertificateRequest: self-issued ones,
# and one issued by a test CA (its Issuer differs from its Subject).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
  $script:run = [guid]::NewGuid().ToString('N').Substring(0, 8)
  $script:rdp = "preseal-$run-Remote Desktop"
  $script:my = "preseal-$run-My"
  $script:absent = "preseal-$run-absent"
  function New-TestCertificate([string]$Subject, $Issuer = $null) {
    $rsa = [Security.Cryptography.RSA]::Create(2048)
    $req = [Security.Cryptography.X509Certificates.CertificateRequest]::new($Subject, $rsa, [Security.Cryptography.HashAlgorithmName]::SHA256, [Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $from = [DateTimeOffset]::new(2026, 1, 1, 0, 0, 0, [TimeSpan]::Zero)
    if ($null -eq $Issuer) { return $req.CreateSelfSigned($from, $from.AddDays(180)) }
    $serial = [byte[]](1, 2, 3, 4, 5, 6, 7, 8)
    return $req.Create($Issuer, $from, $from.AddDays(90), $serial)
  }
  function Add-TestCertificate([string]$Store, $Certificate) {
    $s = [Security.Cryptography.X509Certificates.X509Store]::new($Store, [Security.Cryptography.X509Certificates.StoreLocation]::CurrentUser)
    $s.Open([Security.Cryptography.X509Certificates.OpenFlags]::ReadWrite)
    $s.Add($Certificate)
    $s.Close()
  }
  $ca = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=Contoso Issuing CA', [Security.Cryptography.RSA]::Create(2048), [Security.Cryptography.HashAlgorithmName]::SHA256, [Security.Cryptography.RSASignaturePadding]::Pkcs1)
  $ca.CertificateExtensions.Add([Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($true, $false, 0, $true))
  $from = [DateTimeOffset]::new(2026, 1, 1, 0, 0, 0, [TimeSpan]::Zero)
  $script:caCert = $ca.CreateSelfSigned($from, $from.AddYears(5))
  $script:rdpCert = New-TestCertificate 'CN=BUILD01'
  $script:winrmCert = New-TestCertificate 'CN=packer'
  $script:issued = New-TestCertificate 'CN=build01.contoso.com' $caCert
  Add-TestCertificate $rdp $rdpCert
  Add-TestCertificate $my $winrmCert
  Add-TestCertificate $my $issued
  $script:savedStores = $PresealCertStores
  $script:savedLocation = $PresealCertStoreLocation
}

AfterAll {
  foreach ($name in @($rdp, $my)) {
    $s = [Security.Cryptography.X509Certificates.X509Store]::new($name, [Security.Cryptography.X509Certificates.StoreLocation]::CurrentUser)
    $s.Open([Security.Cryptography.X509Certificates.OpenFlags]::ReadWrite)
    foreach ($c in @($s.Certificates)) { $s.Remove($c) }
    $s.Close()
  }
  # .NET keeps CurrentUser stores on Linux as folders; the emptied ones of this run go too.
  $dir = Join-Path $HOME '.dotnet/corefx/cryptography/x509stores'
  if (Test-Path -LiteralPath $dir) { Get-ChildItem -LiteralPath $dir -Directory | Where-Object { $_.Name -like "preseal-$run-*" } | Remove-Item -Recurse -Force }
  $PresealCertStores = $savedStores
  $PresealCertStoreLocation = $savedLocation
}

Describe 'Get-PresealSelfSignedCertificates' {
  BeforeEach {
    $PresealCertStoreLocation = 'CurrentUser'
    $PresealCertStores = @($rdp, $my, $absent)
    # What CertOpenStore gives .NET Framework for a missing store (ERROR_FILE_NOT_FOUND, below): .NET on
    # Linux words it differently, without that code, so the missing store's open is the one stand-in.
    Mock Open-PresealCertStore -ParameterFilter { $Name -eq $absent } -MockWith { $null }
  }
  It 'lists the self-issued certificates of each store by thumbprint and subject, not the CA-issued one' {
    $r = Get-PresealSelfSignedCertificates
    @($r.certificates).Count | Should -Be 2
    $byThumb = @{}
    foreach ($c in $r.certificates) { $byThumb[$c.thumbprint] = $c }
    $byThumb[$rdpCert.Thumbprint].subject | Should -Be 'CN=BUILD01'
    $byThumb[$rdpCert.Thumbprint].store | Should -Be "Cert:\CurrentUser\$rdp"
    $byThumb[$winrmCert.Thumbprint].store | Should -Be "Cert:\CurrentUser\$my"
    $byThumb[$winrmCert.Thumbprint].notAfter | Should -Be '2026-06-30T00:00:00Z'
    $byThumb.ContainsKey($issued.Thumbprint) | Should -BeFalse
  }
  It 'says which stores exist; a missing store is no error' {
    $r = Get-PresealSelfSignedCertificates
    ConvertTo-ProbeJson $r.stores | Should -Be ('[{"name":"' + $rdp + '","exists":true},{"name":"' + $my + '","exists":true},{"name":"' + $absent + '","exists":false}]')
  }
  It 'never reads private key material: the facts hold store, thumbprint, subject and expiry only' {
    $json = ConvertTo-ProbeJson (Get-PresealSelfSignedCertificates)
    $keys = @((Get-PresealSelfSignedCertificates).certificates[0].Keys)
    $keys | Should -Be @('store', 'thumbprint', 'subject', 'notAfter')
    $json | Should -Not -Match 'PRIVATE|BEGIN'
  }
  It 'gives an empty list, not an error, when no store exists' {
    $PresealCertStores = @($absent)
    ConvertTo-ProbeJson (Get-PresealSelfSignedCertificates) | Should -Be ('{"stores":[{"name":"' + $absent + '","exists":false}],"certificates":[]}')
  }
}

Describe 'Open-PresealCertStore' {
  It 'opens read-only and only an existing store: a missing one is never created' {
    $PresealCertStoreLocation = 'CurrentUser'
    $name = "preseal-$run-never"
    { Open-PresealCertStore $name } | Should -Throw
    $s = [Security.Cryptography.X509Certificates.X509Store]::new($name, [Security.Cryptography.X509Certificates.StoreLocation]::CurrentUser)
    { $s.Open([Security.Cryptography.X509Certificates.OpenFlags]::OpenExistingOnly) } | Should -Throw
    $store = Open-PresealCertStore $rdp
    try { { $store.Add($winrmCert) } | Should -Throw } finally { $store.Close() }
  }
  It 'returns null for a store that does not exist, only on ERROR_FILE_NOT_FOUND' {
    $PresealCertStoreLocation = 'CurrentUser'
    Mock New-Object -ParameterFilter { $TypeName -eq 'Security.Cryptography.X509Certificates.X509Store' } -MockWith {
      $o = [pscustomobject]@{}
      $o | Add-Member -MemberType ScriptMethod -Name Open -Value { throw [Security.Cryptography.CryptographicException]::new(-2147024894) }
      $o
    }
    Open-PresealCertStore 'Remote Desktop' | Should -BeNullOrEmpty
  }
  It 'throws on access denied (0x80070005): an unreadable store is not an empty one' {
    $PresealCertStoreLocation = 'CurrentUser'
    Mock New-Object -ParameterFilter { $TypeName -eq 'Security.Cryptography.X509Certificates.X509Store' } -MockWith {
      $o = [pscustomobject]@{}
      $o | Add-Member -MemberType ScriptMethod -Name Open -Value { throw [Security.Cryptography.CryptographicException]::new(-2147024891) }
      $o
    }
    { Open-PresealCertStore 'My' } | Should -Throw '*could not be opened*'
  }
}
