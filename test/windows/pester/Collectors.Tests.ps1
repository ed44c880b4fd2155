# Collectors of rules W001–W022 under real pwsh, with Windows-only sources mocked in the shapes
# Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealComputerSystem' {
  It 'reads Win32_ComputerSystem and Win32_BIOS' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ComputerSystem' } -MockWith {
      [pscustomobject]@{ Name = 'APP01'; PartOfDomain = $true; Domain = 'corp.example.com'; Workgroup = $null; DomainRole = [uint16]3; HypervisorPresent = $true; Manufacturer = 'Microsoft Corporation'; Model = 'Virtual Machine' }
    }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_BIOS' } -MockWith {
      [pscustomobject]@{ Manufacturer = 'Microsoft Corporation'; Version = 'VRTUAL - 1'; SerialNumber = '0000-0002-1234' }
    }
    $r = Get-PresealComputerSystem
    $r.partOfDomain | Should -BeTrue
    $r.domainRole | Should -Be 3
    $r.domainRole | Should -BeOfType [int]
    $r.workgroup | Should -BeNullOrEmpty
    $r.bios.version | Should -Be 'VRTUAL - 1'
  }
  It 'still answers when Win32_BIOS fails' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ComputerSystem' } -MockWith {
      [pscustomobject]@{ Name = 'WS'; PartOfDomain = $false; Domain = 'WORKGROUP'; Workgroup = 'WORKGROUP'; DomainRole = [uint16]0; HypervisorPresent = $null; Manufacturer = 'Dell Inc.'; Model = 'OptiPlex 7090' }
    }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_BIOS' } -MockWith { throw 'Access denied' }
    $r = Get-PresealComputerSystem
    $r.bios | Should -BeNullOrEmpty
    $r.hypervisorPresent | Should -BeNullOrEmpty
  }
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
  It 'fails for the group when the namespace is denied' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_EncryptableVolume' } -MockWith { throw [UnauthorizedAccessException]::new('Access denied') }
    { Get-PresealBitlocker } | Should -Throw
  }
}

Describe 'Get-PresealSysprepState and Get-PresealSetupStatus' {
  BeforeEach {
    $tree = New-FakeWindowsTree (Join-Path $TestDrive ([guid]::NewGuid()))
  }
  It 'reads ImageState, State.ini and SysprepStatus' {
    Set-Content -LiteralPath (Join-Path $tree.Windows 'Setup/State/State.ini') -Value "[State]`r`nImageState=IMAGE_STATE_COMPLETE`r`n"
    Set-FakeRegistry @{
      'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Setup\State' = @{ ImageState = 'IMAGE_STATE_COMPLETE' }
      'HKLM:\SYSTEM\Setup\Status\SysprepStatus' = @{ GeneralizationState = 7; CleanupState = 2 }
    }
    $r = Get-PresealSysprepState
    $r.imageState | Should -Be 'IMAGE_STATE_COMPLETE'
    $r.stateIniImageState | Should -Be 'IMAGE_STATE_COMPLETE'
    $r.generalizationState | Should -Be 7
    $r.cleanupState | Should -Be 2
  }
  It 'gives nulls for absent values' {
    Set-FakeRegistry @{ 'HKLM:\SYSTEM\Setup' = @{ } }
    $r = Get-PresealSysprepState
    $r.imageState | Should -BeNullOrEmpty
    $r.stateIniImageState | Should -BeNullOrEmpty
    $r.generalizationState | Should -BeNullOrEmpty
  }
  It 'throws when HKLM\SYSTEM\Setup cannot be read' {
    Set-FakeRegistry @{ }
    { Get-PresealSysprepState } | Should -Throw '*not readable*'
  }
  It 'reads the Setup values (audit mode)' {
    Set-FakeRegistry @{
      'HKLM:\SYSTEM\Setup' = @{ SystemSetupInProgress = 0; OOBEInProgress = 0; SetupType = 0; SetupPhase = 0 }
      'HKLM:\SYSTEM\Setup\Status' = @{ AuditBoot = 1 }
      'HKLM:\SYSTEM\Setup\Status\ChildCompletion' = @{ 'setup.exe' = 3 }
    }
    $r = Get-PresealSetupStatus
    $r.auditBoot | Should -Be 1
    $r.childCompletionSetup | Should -Be 3
    $r.systemSetupInProgress | Should -Be 0
  }
}

Describe 'Get-PresealServerFeatures' {
  It 'is not applicable on a client SKU' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } -MockWith { [pscustomobject]@{ ProductType = [uint32]1 } }
    $r = Get-PresealServerFeatures
    $r.__notApplicable | Should -Match 'client'
  }
  It 'lists features by ID, sorted' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } -MockWith { [pscustomobject]@{ ProductType = [uint32]3 } }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ServerFeature' } -MockWith {
      [pscustomobject]@{ ID = [uint32]404; ParentID = [uint32]21; Name = 'WSUS Services' }
      [pscustomobject]@{ ID = [uint32]21; ParentID = [uint32]0; Name = 'Windows Server Update Services' }
    }
    $r = Get-PresealServerFeatures
    @($r.features).Count | Should -Be 2
    $r.features[0].id | Should -Be 21
    $r.features[1].parentId | Should -Be 21
  }
  It 'gives a one-element array for one feature' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } -MockWith { [pscustomobject]@{ ProductType = [uint32]3 } }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ServerFeature' } -MockWith { [pscustomobject]@{ ID = [uint32]481; ParentID = [uint32]0; Name = 'File and Storage Services' } }
    ConvertTo-ProbeJson (Get-PresealServerFeatures) | Should -Be '{"features":[{"id":481,"parentId":0,"name":"File and Storage Services"}]}'
  }
}

Describe 'Get-PresealPasswordPolicy' {
  It 'reads the RSoP password settings with their GPO' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'RSOP_SecuritySettingBoolean' } -MockWith { [pscustomobject]@{ KeyName = 'PasswordComplexity'; Setting = $true; GPOID = 'cn={31B2F340-016D-11D2-945F-00C04FB984F9},cn=policies,cn=system,DC=corp,DC=example,DC=com'; precedence = [uint32]1 } }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'RSOP_SecuritySettingNumeric' } -MockWith { [pscustomobject]@{ KeyName = 'MinimumPasswordLength'; Setting = [uint32]14; GPOID = 'cn={31B2F340-016D-11D2-945F-00C04FB984F9},cn=policies,cn=system,DC=corp,DC=example,DC=com'; precedence = [uint32]1 } }
    $r = Get-PresealPasswordPolicy
    $r.settings.Count | Should -Be 2
    $r.settings[0].value | Should -BeTrue
    $r.settings[1].value | Should -Be 14
    Should -Invoke Get-CimInstance -ParameterFilter { $Namespace -eq 'root\rsop\computer' } -Times 2 -Exactly
  }
  It 'gives an empty list when no policy is applied' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -like 'RSOP_*' } -MockWith { }
    ConvertTo-ProbeJson (Get-PresealPasswordPolicy) | Should -Be '{"settings":[]}'
  }
}

Describe 'Get-PresealEntraJoin and Get-PresealMdmEnrollment' {
  It 'reads CloudDomainJoin JoinInfo and TenantInfo' {
    Set-FakeRegistry @{
      'HKLM:\SYSTEM\CurrentControlSet\Control\CloudDomainJoin\JoinInfo\8C3A1B2D4E5F60718293A4B5C6D7E8F901234567' = @{ TenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47'; UserEmail = 'builder@contoso.com' }
      'HKLM:\SYSTEM\CurrentControlSet\Control\CloudDomainJoin\TenantInfo\72f988bf-86f1-41af-91ab-2d7cd011db47' = @{ DisplayName = 'Contoso'; MdmEnrollmentUrl = 'https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc' }
    }
    $r = Get-PresealEntraJoin
    $r.joins.Count | Should -Be 1
    $r.joins[0].key | Should -Be 'HKLM\SYSTEM\CurrentControlSet\Control\CloudDomainJoin\JoinInfo\8C3A1B2D4E5F60718293A4B5C6D7E8F901234567'
    $r.tenants[0].displayName | Should -Be 'Contoso'
  }
  It 'reports no join on a machine with the registry but no CloudDomainJoin' {
    Set-FakeRegistry @{ 'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa' = @{ } }
    ConvertTo-ProbeJson (Get-PresealEntraJoin) | Should -Be '{"joins":[],"tenants":[]}'
  }
  It 'fails when the registry is not there at all' {
    Set-FakeRegistry @{ }
    { Get-PresealEntraJoin } | Should -Throw '*not readable*'
  }
  It 'reads GUID enrollments and skips sibling keys' {
    Set-FakeRegistry @{
      'HKLM:\SOFTWARE\Microsoft\Enrollments\{0B5A2A41-8E36-4D9C-9C6B-6F0E2A3B4C5D}' = @{ EnrollmentState = 1; EnrollmentType = 6; ProviderID = 'MS DM Server'; UPN = 'builder@contoso.com' }
      'HKLM:\SOFTWARE\Microsoft\Enrollments\Context' = @{ }
      'HKLM:\SOFTWARE\Microsoft\Provisioning\OMADM\Accounts\{0B5A2A41-8E36-4D9C-9C6B-6F0E2A3B4C5D}' = @{ }
    }
    $r = Get-PresealMdmEnrollment
    @($r.enrollments).Count | Should -Be 1
    $r.enrollments[0].providerId | Should -Be 'MS DM Server'
    $r.enrollments[0].enrollmentState | Should -Be 1
    $r.omadmAccounts[0] | Should -Be 'HKLM\SOFTWARE\Microsoft\Provisioning\OMADM\Accounts\{0B5A2A41-8E36-4D9C-9C6B-6F0E2A3B4C5D}'
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
  It 'counts a folder it cannot read and goes on' -Skip:($IsWindows -or (id -u) -eq '0') {
    $locked = Join-Path $root 'data/locked'
    New-Item -ItemType Directory -Path $locked | Out-Null
    chmod 000 $locked
    try { $r = Get-PresealEfsScan } finally { chmod 755 $locked }
    $r.volumes[0].inaccessibleFolders | Should -Be 1
    $r.encryptedTotal | Should -Be 3
  }
}

Describe 'Get-PresealWindowsInstallations' {
  It 'finds a second Windows on another fixed volume' {
    $tree = New-FakeWindowsTree (Join-Path $TestDrive 'inst')
    $other = Join-Path $TestDrive 'inst/D'
    foreach ($w in @($tree.Windows, (Join-Path $other 'Windows'))) {
      New-Item -ItemType Directory -Force -Path (Join-Path $w 'System32/config') | Out-Null
      Set-Content -LiteralPath (Join-Path $w 'System32/config/SYSTEM') -Value ''
    }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_Volume' } -MockWith {
      [pscustomobject]@{ Name = $tree.Drive; DriveType = [uint32]3 }
      [pscustomobject]@{ Name = $other; DriveType = [uint32]3 }
      [pscustomobject]@{ Name = $null; DriveType = [uint32]3 }
    }
    $r = Get-PresealWindowsInstallations
    $r.installations.Count | Should -Be 2
    @($r.installations | Where-Object { $_.running }).Count | Should -Be 1
    ($r.installations | Where-Object { -not $_.running }).volume | Should -Be $other
  }
}

Describe 'Get-PresealLicensing' {
  It 'reads the rearm count and SkipRearm' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } -MockWith { [pscustomobject]@{ Version = '10.0.20348'; ProductType = [uint32]3 } }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'SoftwareLicensingService' } -MockWith { [pscustomobject]@{ Version = '10.0.20348.1'; RemainingWindowsReArmCount = [uint32]1001 } }
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' = @{ SkipRearm = 1 } }
    $r = Get-PresealLicensing
    $r.remainingWindowsRearmCount | Should -Be 1001
    $r.skipRearm | Should -Be 1
    $r.osVersion | Should -Be '10.0.20348'
  }
}

Describe 'Get-PresealIdentity and Get-PresealSysprepProcesses' {
  It 'fails on a platform without Windows identities' -Skip:($IsWindows) {
    { Get-PresealIdentity } | Should -Throw
  }
  It 'lists running sysprep.exe with path and command line' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_Process' -and $Filter -eq "Name='sysprep.exe'" } -MockWith {
      [pscustomobject]@{ ProcessId = [uint32]4242; ExecutablePath = 'C:\Windows\System32\Sysprep\sysprep.exe'; CommandLine = 'C:\Windows\System32\Sysprep\sysprep.exe /generalize /oobe /quit /mode:vm' }
    }
    $r = Get-PresealSysprepProcesses
    $r.processes[0].pid | Should -Be 4242
    $r.processes[0].commandLine | Should -Match '/mode:vm'
  }
  It 'gives an empty list when none runs' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_Process' } -MockWith { }
    ConvertTo-ProbeJson (Get-PresealSysprepProcesses) | Should -Be '{"processes":[]}'
  }
}

Describe 'Get-PresealUpgradeHistory and Get-PresealSysprepBinary' {
  BeforeEach { $tree = New-FakeWindowsTree (Join-Path $TestDrive ([guid]::NewGuid())) }
  It 'finds Source OS keys and Windows.old' {
    New-Item -ItemType Directory -Path (Join-Path $tree.Drive 'Windows.old') | Out-Null
    Set-FakeRegistry @{
      'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ CurrentBuild = '22631'; CurrentBuildNumber = '22631' }
      'HKLM:\SYSTEM\Setup' = @{ Upgrade = 0 }
      'HKLM:\SYSTEM\Setup\Source OS (Updated on 3/14/2024 10:02:11)' = @{ ProductName = 'Windows 10 Enterprise'; CurrentBuild = '19045' }
      'HKLM:\SYSTEM\Setup\Status' = @{ }
    }
    $r = Get-PresealUpgradeHistory
    $r.currentBuild | Should -Be 22631
    $r.sourceOs.Count | Should -Be 1
    $r.sourceOs[0].key | Should -Be 'HKLM\SYSTEM\Setup\Source OS (Updated on 3/14/2024 10:02:11)'
    $r.sourceOs[0].currentBuild | Should -Be 19045
    $r.windowsOld | Should -BeTrue
    $r.upgradeValue | Should -Be 0
  }
  It 'compares sysprep.exe with the OS build' {
    Set-Content -LiteralPath (Join-Path $tree.Windows 'System32/Sysprep/sysprep.exe') -Value 'MZ'
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ CurrentBuildNumber = '20348' } }
    Mock Read-PresealFileVersion { [ordered]@{ fileVersion = '10.0.17763.1 (WinBuild.160101.0800)'; fileBuild = 17763 } }
    $r = Get-PresealSysprepBinary
    $r.exists | Should -BeTrue
    $r.fileBuild | Should -Be 17763
    $r.osBuild | Should -Be 20348
    $r.path | Should -Match 'Sysprep'
  }
  It 'says when sysprep.exe is missing' {
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ CurrentBuildNumber = '20348' } }
    $r = Get-PresealSysprepBinary
    $r.exists | Should -BeFalse
    $r.fileBuild | Should -BeNullOrEmpty
  }
}

Describe 'Get-PresealAnswerFiles' {
  BeforeEach {
    $tree = New-FakeWindowsTree (Join-Path $TestDrive ([guid]::NewGuid()))
    Set-FakeRegistry @{ 'HKLM:\SYSTEM\Setup' = @{ } }
  }
  It 'records secret elements and sysprep commands, never values' {
    $xml = @'
<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
  <settings pass="specialize">
    <component name="Microsoft-Windows-Deployment" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <RunSynchronous>
        <RunSynchronousCommand wcm:action="add"><Order>1</Order><Path>C:\Windows\System32\Sysprep\sysprep.exe /generalize /oobe /mode:vm</Path></RunSynchronousCommand>
        <RunSynchronousCommand wcm:action="add"><Order>2</Order><Path>cmd /c echo hi</Path></RunSynchronousCommand>
      </RunSynchronous>
    </component>
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <ProductKey>VK7JG-NPHTM-C97JM-9MPGT-3V66T</ProductKey>
    </component>
  </settings>
  <settings pass="oobeSystem">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <UserAccounts>
        <AdministratorPassword><Value>UABhAHMAcwB3AG8AcgBkAA==</Value><PlainText>false</PlainText></AdministratorPassword>
        <LocalAccounts><LocalAccount wcm:action="add"><Password><Value></Value><PlainText>true</PlainText></Password><Name>empty</Name></LocalAccount></LocalAccounts>
      </UserAccounts>
      <AutoLogon><Password><Value>Hunter2!</Value><PlainText>true</PlainText></Password><Enabled>true</Enabled><Username>Administrator</Username></AutoLogon>
    </component>
  </settings>
</unattend>
'@
    Set-Content -LiteralPath (Join-Path $tree.Windows 'Panther/Unattend.xml') -Value $xml
    $r = Get-PresealAnswerFiles
    $r.files.Count | Should -Be 1
    $f = $r.files[0]
    $f.error | Should -BeNullOrEmpty
    $f.source | Should -Be 'implicit search location'
    $elements = @($f.secrets | ForEach-Object { $_.element })
    $elements | Should -Contain 'Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword'
    $elements | Should -Contain 'Microsoft-Windows-Shell-Setup/AutoLogon/Password'
    $elements | Should -Contain 'Microsoft-Windows-Shell-Setup/ProductKey'
    $elements.Count | Should -Be 3
    ($f.secrets | Where-Object { $_.element -like '*AdministratorPassword' }).plainText | Should -BeFalse
    ($f.secrets | Where-Object { $_.element -like '*AdministratorPassword' }).pass | Should -Be 'oobeSystem'
    $f.sysprepCommands.Count | Should -Be 1
    $f.sysprepCommands[0].element | Should -Be 'Microsoft-Windows-Deployment/RunSynchronous/RunSynchronousCommand/Path'
    $f.sysprepCommands[0].pass | Should -Be 'specialize'
    $json = ConvertTo-ProbeJson $r
    $json | Should -Not -Match 'Hunter2'
    $json | Should -Not -Match 'UABhAHMA'
    $json | Should -Not -Match 'VK7JG'
  }
  It 'follows the UnattendFile pointer and reports unparsable files' {
    $p = Join-Path $tree.Drive 'custom.xml'
    Set-Content -LiteralPath $p -Value '<unattend><broken>'
    Set-FakeRegistry @{ 'HKLM:\SYSTEM\Setup' = @{ UnattendFile = $p } }
    $r = Get-PresealAnswerFiles
    $r.files[0].source | Should -Be 'HKLM\SYSTEM\Setup UnattendFile'
    $r.files[0].error | Should -Not -BeNullOrEmpty
  }
  It 'refuses DTDs' {
    Set-Content -LiteralPath (Join-Path $tree.Windows 'System32/Sysprep/Unattend.xml') -Value '<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]><unattend>&x;</unattend>'
    $r = Get-PresealAnswerFiles
    $r.files[0].error | Should -Match 'DTD'
  }
  It 'gives an empty list when there is none' {
    ConvertTo-ProbeJson (Get-PresealAnswerFiles) | Should -Be '{"files":[]}'
  }
}

Describe 'Get-PresealOs' {
  It 'reads Win32_OperatingSystem' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } -MockWith { [pscustomobject]@{ Caption = 'Microsoft Windows Server 2022 Datacenter'; Version = '10.0.20348'; BuildNumber = '20348'; OSArchitecture = '64-bit'; ProductType = [uint32]3 } }
    ConvertTo-ProbeJson (Get-PresealOs) | Should -Be '{"name":"Microsoft Windows Server 2022 Datacenter","version":"10.0.20348","build":"20348","arch":"64-bit"}'
  }
}

Describe 'Get-PresealCloud' {
  BeforeEach {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ComputerSystem' } -MockWith { [pscustomobject]@{ Manufacturer = 'Microsoft Corporation'; Model = 'Virtual Machine' } }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ComputerSystemProduct' } -MockWith { [pscustomobject]@{ UUID = '4C4C4544-004D-3510-804B-B4C04F4E3432' } }
  }
  It 'detects Azure by the chassis asset tag' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_SystemEnclosure' } -MockWith { [pscustomobject]@{ SMBIOSAssetTag = '7783-7084-3265-9085-8269-3286-77' } }
    $r = Get-PresealCloud
    $r.provider | Should -Be 'azure'
    $r.evidence[0] | Should -Match 'SMBIOSAssetTag'
  }
  It 'says none for a Hyper-V VM on premises' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_SystemEnclosure' } -MockWith { [pscustomobject]@{ SMBIOSAssetTag = '1234-5678' } }
    ConvertTo-ProbeJson (Get-PresealCloud) | Should -Be '{"provider":"none","evidence":[]}'
  }
  It 'detects EC2 by the UUID' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_SystemEnclosure' } -MockWith { throw 'denied' }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ComputerSystemProduct' } -MockWith { [pscustomobject]@{ UUID = 'EC2AE145-D1DC-13B2-94ED-01234ABCDEF' } }
    (Get-PresealCloud).provider | Should -Be 'aws'
  }
}

Describe 'the collector contract' {
  It 'has one collector per group name across every collector file' {
    $names = Get-ChildItem (Join-Path $probeDir 'collectors') -Filter '*.ps1' | ForEach-Object { [regex]::Matches((Get-Content -Raw $_.FullName), '(?m)^function Get-Preseal(\w+)\b') } | ForEach-Object { $_.Groups[1].Value }
    $dupes = @($names | Group-Object | Where-Object { $_.Count -gt 1 } | ForEach-Object { $_.Name })
    $dupes | Should -BeNullOrEmpty
  }
}
