# src/probes/windows/collectors/setup-state.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
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
