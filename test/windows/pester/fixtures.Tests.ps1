# The fixture machines' facts, re-derived: each collector runs against that machine's sources
# (CIM objects, registry values, files) mocked as Microsoft documents them, and must print exactly
# the group that fixtures/windows/<machine>.json holds.
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
  $fixtureDir = Join-Path $repo 'fixtures/windows'
  function Get-FixtureGroup([string]$Machine, [string]$Group) {
    $f = Get-Content -Raw (Join-Path $fixtureDir "$Machine.json") | ConvertFrom-Json
    return ($f.facts.$Group | ConvertTo-Json -Depth 12 -Compress)
  }
  # The collector's JSON with the fake tree's paths written as the machine's C:\ paths.
  function ConvertTo-MachineJson($Value, $Tree) {
    $json = ConvertTo-ProbeJson $Value
    if ($null -ne $Tree) {
      # Only strings that start with the fake drive are paths of the machine.
      $drive = [regex]::Escape(($Tree.Drive | ConvertTo-Json).Trim('"'))
      $json = [regex]::Replace($json, '"' + $drive + '([^"]*)"', { param($m) '"C:' + $m.Groups[1].Value.Replace('/', '\\') + '"' })
    }
    return ($json | ConvertFrom-Json | ConvertTo-Json -Depth 12 -Compress)
  }
}

Describe 'domain-member-wsus' {
  It 'computerSystem' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ComputerSystem' } -MockWith {
      [pscustomobject]@{ Name = 'WSUS01'; PartOfDomain = $true; Domain = 'shieldbase.local'; Workgroup = $null; DomainRole = [uint16]3; HypervisorPresent = $true; Manufacturer = 'Microsoft Corporation'; Model = 'Virtual Machine' }
    }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_BIOS' } -MockWith { [pscustomobject]@{ Manufacturer = 'Microsoft Corporation'; Version = 'VRTUAL - 12001807'; SerialNumber = '4617-2196-4577-1835-2469-5873-38' } }
    ConvertTo-MachineJson (Get-PresealComputerSystem) | Should -Be (Get-FixtureGroup 'domain-member-wsus' 'computerSystem')
  }
  It 'serverFeatures' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } -MockWith { [pscustomobject]@{ ProductType = [uint32]3 } }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ServerFeature' } -MockWith {
      # IDs as the Win32_ServerFeature documentation lists them for Windows Server 2012 R2 and later.
      foreach ($f in @(@(481, 0, 'File and Storage Services'), @(2, 0, 'Web Server (IIS)'), @(449, 404, 'WID Connectivity'), @(482, 481, 'Storage Services'), @(404, 0, 'Windows Server Update Services'), @(405, 404, 'API and PowerShell cmdlets'), @(407, 404, 'WSUS Services'), @(408, 404, 'User Interface Management Console'))) {
        [pscustomobject]@{ ID = [uint32]$f[0]; ParentID = [uint32]$f[1]; Name = $f[2] }
      }
    }
    ConvertTo-MachineJson (Get-PresealServerFeatures) | Should -Be (Get-FixtureGroup 'domain-member-wsus' 'serverFeatures')
  }
  It 'passwordPolicy' {
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon' = @{ Shell = 'explorer.exe' } }
    $gpo = 'cn={31B2F340-016D-11D2-945F-00C04FB984F9},cn=policies,cn=system,DC=shieldbase,DC=local'
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'RSOP_SecuritySettingBoolean' } -MockWith { [pscustomobject]@{ KeyName = 'PasswordComplexity'; Setting = $true; GPOID = $gpo; precedence = [uint32]1 } }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'RSOP_SecuritySettingNumeric' } -MockWith { [pscustomobject]@{ KeyName = 'MinimumPasswordLength'; Setting = [uint32]7; GPOID = $gpo; precedence = [uint32]1 } }
    ConvertTo-MachineJson (Get-PresealPasswordPolicy) | Should -Be (Get-FixtureGroup 'domain-member-wsus' 'passwordPolicy')
  }
}

Describe 'failed-sysprep' {
  BeforeEach {
    $tree = New-FakeWindowsTree (Join-Path $TestDrive ([guid]::NewGuid()))
    Set-FakeRegistry @{
      'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Setup\State' = @{ ImageState = 'IMAGE_STATE_UNDEPLOYABLE' }
      'HKLM:\SYSTEM\Setup\Status\SysprepStatus' = @{ GeneralizationState = 3; CleanupState = 2 }
      'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' = @{ SkipRearm = 1 }
    }
  }
  It 'licensing' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } -MockWith { [pscustomobject]@{ Version = '10.0.20348'; ProductType = [uint32]3 } }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'SoftwareLicensingService' } -MockWith { [pscustomobject]@{ RemainingWindowsReArmCount = [uint32]1000 } }
    ConvertTo-MachineJson (Get-PresealLicensing) | Should -Be (Get-FixtureGroup 'failed-sysprep' 'licensing')
  }
  It 'answerFiles' {
    Set-Content -LiteralPath (Join-Path $tree.Windows 'Panther/Unattend.xml') -Value @'
<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
  <settings pass="specialize">
    <component name="Microsoft-Windows-Deployment" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <RunSynchronous><RunSynchronousCommand wcm:action="add"><Order>1</Order><Path>C:\Windows\System32\Sysprep\sysprep.exe /generalize /oobe /quit</Path></RunSynchronousCommand></RunSynchronous>
    </component>
  </settings>
  <settings pass="oobeSystem">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <UserAccounts><AdministratorPassword><Value>UABAAHMAcwB3ADAAcgBkAFAAYQBzAHMAdwBvAHIAZAA=</Value><PlainText>false</PlainText></AdministratorPassword></UserAccounts>
      <AutoLogon><Password><Value>P@ssw0rd</Value><PlainText>true</PlainText></Password><Enabled>true</Enabled><LogonCount>1</LogonCount><Username>Administrator</Username></AutoLogon>
    </component>
  </settings>
</unattend>
'@
    Set-FakeRegistry @{ 'HKLM:\SYSTEM\Setup' = @{ } }
    ConvertTo-MachineJson (Get-PresealAnswerFiles) $tree | Should -Be (Get-FixtureGroup 'failed-sysprep' 'answerFiles')
  }
}

Describe 'win11-store-app' {
  # upgradeHistory comes from raw reads (test/windows/live-derived.test.ts derives this machine's).
  It 'sysprepBinary' {
    $tree = New-FakeWindowsTree (Join-Path $TestDrive 'w11')
    Set-Content -LiteralPath (Join-Path $tree.Windows 'System32/Sysprep/sysprep.exe') -Value 'MZ'
    Set-Content -LiteralPath (Join-Path $tree.Windows 'System32/ntoskrnl.exe') -Value 'MZ'
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ CurrentBuild = '22631'; CurrentBuildNumber = '22631' } }
    Mock Read-PresealFileVersion { [ordered]@{ fileVersion = '10.0.22621.1 (WinBuild.160101.0800)'; fileBuild = 22621 } }
    if ([Environment]::Is64BitProcess -and [Environment]::Is64BitOperatingSystem) {
      ConvertTo-MachineJson (Get-PresealSysprepBinary) $tree | Should -Be (Get-FixtureGroup 'win11-store-app' 'sysprepBinary')
    }
  }
}
