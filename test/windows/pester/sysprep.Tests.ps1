# src/probes/windows/collectors/sysprep.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
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

Describe 'Get-PresealSysprepBinary' {
  BeforeEach { $tree = New-FakeWindowsTree (Join-Path $TestDrive ([guid]::NewGuid())) }
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
  It 'reads the build of the system files from ntoskrnl.exe (enablement-package releases)' {
    Set-Content -LiteralPath (Join-Path $tree.Windows 'System32/Sysprep/sysprep.exe') -Value 'MZ'
    Set-Content -LiteralPath (Join-Path $tree.Windows 'System32/ntoskrnl.exe') -Value 'MZ'
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ CurrentBuildNumber = '19045' } }
    Mock Read-PresealFileVersion { [ordered]@{ fileVersion = '10.0.19041.3636 (WinBuild.160101.0800)'; fileBuild = 19041 } }
    $r = Get-PresealSysprepBinary
    $r.fileBuild | Should -Be 19041
    $r.kernelBuild | Should -Be 19041
    $r.osBuild | Should -Be 19045
    Should -Invoke Read-PresealFileVersion -Times 1 -ParameterFilter { $Path -like '*ntoskrnl.exe' }
  }
  It 'says when sysprep.exe is missing' {
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ CurrentBuildNumber = '20348' } }
    $r = Get-PresealSysprepBinary
    $r.exists | Should -BeFalse
    $r.fileBuild | Should -BeNullOrEmpty
    $r.kernelBuild | Should -BeNullOrEmpty
  }
}
