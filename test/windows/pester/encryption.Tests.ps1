# src/probes/windows/collectors/encryption.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealBitlocker' {
  It 'calls GetConversionStatus for every volume' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_EncryptableVolume' } -MockWith {
      [pscustomobject]@{ DeviceID = '\\?\Volume{a}\'; DriveLetter = 'C:'; ProtectionStatus = [uint32]1 }
      [pscustomobject]@{ DeviceID = '\\?\Volume{b}\'; DriveLetter = $null; ProtectionStatus = [uint32]0 }
    }
    Mock Invoke-CimMethod -ParameterFilter { $MethodName -eq 'GetConversionStatus' } -MockWith {
      if ($InputObject.DriveLetter -eq 'C:') { [pscustomobject]@{ ConversionStatus = [uint32]1; EncryptionPercentage = [uint32]100; ReturnValue = [uint32]0 } }
      else { [pscustomobject]@{ ConversionStatus = [uint32]0; EncryptionPercentage = [uint32]0; ReturnValue = [uint32]0 } }
    }
    $r = Get-PresealBitlocker
    $r.volumes.Count | Should -Be 2
    $r.volumes[0].conversionStatus | Should -Be 1
    $r.volumes[0].encryptionPercentage | Should -Be 100
    $r.volumes[1].driveLetter | Should -BeNullOrEmpty
  }
  It 'checks the return code of GetConversionStatus: a failed call is not FullyDecrypted' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_EncryptableVolume' } -MockWith {
      [pscustomobject]@{ DeviceID = '\\?\Volume{a}\'; DriveLetter = 'C:'; ProtectionStatus = [uint32]2 }
    }
    # A failed call leaves its out parameters at their defaults (0 = FullyDecrypted); 0x80310000 is FVE_E_LOCKED_VOLUME.
    Mock Invoke-CimMethod -ParameterFilter { $MethodName -eq 'GetConversionStatus' } -MockWith {
      [pscustomobject]@{ ConversionStatus = [uint32]0; EncryptionPercentage = [uint32]0; ReturnValue = [uint32]2150694912 }
    }
    $v = (Get-PresealBitlocker).volumes[0]
    $v.conversionStatus | Should -BeNullOrEmpty
    $v.encryptionPercentage | Should -BeNullOrEmpty
    $v.conversionError | Should -Be 'GetConversionStatus returned 0x80310000'
  }
  It 'is not applicable where the MicrosoftVolumeEncryption namespace does not exist (no BitLocker feature)' {
    # What the CIM cmdlets throw for WBEM_E_INVALID_NAMESPACE: a CimException with NativeErrorCode InvalidNamespace.
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_EncryptableVolume' } -MockWith { throw (New-FakeCimException 'Invalid namespace ' 'InvalidNamespace') }
    (Get-PresealBitlocker)['__notApplicable'] | Should -Match 'BitLocker is not installed'
    # The same namespace failing for any other reason stays an error.
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_EncryptableVolume' } -MockWith { throw (New-FakeCimException 'Access denied ' 'AccessDenied') }
    { Get-PresealBitlocker } | Should -Throw '*Access denied*'
  }
  It 'fails for the group when the namespace is denied' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_EncryptableVolume' } -MockWith { throw [UnauthorizedAccessException]::new('Access denied') }
    { Get-PresealBitlocker } | Should -Throw
  }
}

Describe 'Get-PresealEfsScan' {
  BeforeAll {
    $script:savedAttr = $PresealEfsAttribute
    # Linux has no EFS bit; dot files carry FileAttributes.Hidden, which stands in for it here.
    $PresealEfsAttribute = [IO.FileAttributes]::Hidden
  }
  AfterAll { $PresealEfsAttribute = $script:savedAttr }
  BeforeEach {
    $root = Join-Path $TestDrive ([guid]::NewGuid())
    New-Item -ItemType Directory -Force -Path (Join-Path $root 'Users/alice/.secretdir'), (Join-Path $root 'data/a/b') | Out-Null
    Set-Content -LiteralPath (Join-Path $root 'Users/alice/.payroll.xlsx') -Value 'x'
    Set-Content -LiteralPath (Join-Path $root 'data/a/b/plain.txt') -Value 'x'
    Set-Content -LiteralPath (Join-Path $root 'data/a/b/.key.pfx') -Value 'x'
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_Volume' } -MockWith { [pscustomobject]@{ Name = $root; Label = 'OS'; DriveType = [uint32]3; FileSystem = 'NTFS' } }
    # The one elevation test of lib.ps1, as on a filtered (non-elevated) token.
    Mock Test-PresealElevated { $false }
  }
  It 'finds every entry with the attribute, folders included' {
    $r = Get-PresealEfsScan
    Should -Invoke Get-CimInstance -ParameterFilter { $Filter -match 'DriveType=3' -and $Filter -match 'NTFS' } -Times 1
    $v = $r.volumes[0]
    $v.truncated | Should -BeNullOrEmpty
    $paths = @($v.encrypted | ForEach-Object { $_.path }) | Sort-Object
    $paths.Count | Should -Be 3
    ($paths -join ',') | Should -Match 'payroll'
    (@($v.encrypted | Where-Object { $_.directory }).Count) | Should -Be 1
    $r.encryptedTotal | Should -Be 3
    $v.scannedEntries | Should -BeGreaterThan 6
  }
  It 'stops at the entry budget and says so' {
    $PresealEfsMaxEntries = 2
    $script:PresealPartial = [ordered]@{}
    $r = Get-PresealEfsScan
    $r.volumes[0].truncated | Should -Match 'entry budget'
    $script:PresealPartial['efsScan'] | Should -Match 'cut short'
  }
  It 'stops at the time budget and says so' {
    $PresealEfsMaxSeconds = 0
    $r = Get-PresealEfsScan
    $r.volumes[0].truncated | Should -Match 'budget was used up|stopped after 0 s'
  }
  It 'says when a volume root cannot be read, and whether it ran elevated' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_Volume' } -MockWith { [pscustomobject]@{ Name = (Join-Path $root 'missing-volume'); Label = $null; DriveType = [uint32]3; FileSystem = 'NTFS' } }
    $r = Get-PresealEfsScan
    $r.volumes[0].truncated | Should -Match 'could not be read'
    $r.elevated | Should -BeFalse
  }
  It 'lists at most the list limit but counts all' {
    $PresealEfsListLimit = 1
    $r = Get-PresealEfsScan
    @($r.volumes[0].encrypted).Count | Should -Be 1
    $r.encryptedTotal | Should -Be 3
  }
  It 'names a folder whose listing failed part-way, keeps what it read before, and goes on (elevated too)' {
    Mock Test-PresealElevated { $true }
    $deep = Join-Path $root 'Users/alice'
    Mock Read-PresealDirectoryEntries -ParameterFilter { $Directory.FullName.TrimEnd('/') -eq $deep } -MockWith { New-FailingDirectoryEntries $Directory 1 }
    $r = Get-PresealEfsScan
    $r.elevated | Should -BeTrue
    $v = $r.volumes[0]
    $v.inaccessibleFolders | Should -Be 1
    $v.unreadFolders[0].path.TrimEnd('/') | Should -Be $deep
    $v.unreadFolders[0].error | Should -Match '^stopped after 1 entries: The specified path, file name, or both are too long'
    # The rest of the volume was still walked: data/a/b/.key.pfx is found.
    @($v.encrypted | Where-Object { $_.path -like '*.key.pfx' }).Count | Should -Be 1
  }
  It 'records an unreadable volume root on that volume only' {
    Mock Read-PresealDirectoryEntries -ParameterFilter { $Directory.FullName.TrimEnd('/') -eq $root.TrimEnd('/') } -MockWith { throw [UnauthorizedAccessException]::new("Access to the path '$root' is denied.") }
    $r = Get-PresealEfsScan
    $r.volumes[0].truncated | Should -Match 'the volume root could not be read: Access to the path'
  }
  It 'counts a folder it cannot read and goes on' -Skip:($IsWindows -or (id -u) -eq '0') {
    $locked = Join-Path $root 'data/locked'
    New-Item -ItemType Directory -Path $locked | Out-Null
    chmod 000 $locked
    try { $r = Get-PresealEfsScan } finally { chmod 755 $locked }
    $r.volumes[0].inaccessibleFolders | Should -Be 1
    $r.encryptedTotal | Should -Be 3
  }
}
