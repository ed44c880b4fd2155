# src/probes/windows/collectors/servicing.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealPendingReboot' {
  BeforeAll { Mock Assert-PresealRegistry { } }
  It 'names the pending file renames without the NT prefix and reports the marker keys' {
    Mock Get-RegValue { @('\??\C:\Windows\System32\drivers\new.sys', '', '\??\C:\Temp\old.dll', '') } -ParameterFilter { $Name -eq 'PendingFileRenameOperations' }
    Mock Get-RegValue { $null } -ParameterFilter { $Name -ne 'PendingFileRenameOperations' }
    Mock Test-RegKey { $Path -like '*Component Based Servicing\RebootPending' }
    $r = Get-PresealPendingReboot
    $r.cbsRebootPending | Should -BeTrue
    $r.wuRebootRequired | Should -BeFalse
    $r.pendingFileRenameCount | Should -Be 2
    $r.pendingFileRenames | Should -Be @('C:\Windows\System32\drivers\new.sys', 'C:\Temp\old.dll')
    $r.updateExeVolatile | Should -BeNullOrEmpty
  }
}
