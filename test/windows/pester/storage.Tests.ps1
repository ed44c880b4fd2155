# src/probes/windows/collectors/storage.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealSystemDrive' {
  BeforeEach { $script:oldDrive = $env:SystemDrive; $env:SystemDrive = 'C:' }
  AfterEach { $env:SystemDrive = $script:oldDrive }
  It 'reads MSFT_Partition through Get-Partition (Storage module)' {
    Mock Get-Partition { [pscustomobject]@{ NoDefaultDriveLetter = $false; GptType = '{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}' } }
    $r = Get-PresealSystemDrive
    $r.systemDrive | Should -Be 'C:'
    $r.partition.gptType | Should -Be '{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}'
  }
  It 'still reports the system drive, without partition details, when Get-Partition fails or is missing' {
    Mock Get-Partition { throw 'Invalid class' }
    $r = Get-PresealSystemDrive
    $r.systemDrive | Should -Be 'C:'
    $r.partition | Should -BeNullOrEmpty
  }
}
