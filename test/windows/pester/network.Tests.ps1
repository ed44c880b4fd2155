# src/probes/windows/collectors/network.ps1 under real pwsh. remoteAccess's registry values are
# derived in TypeScript from the probe's raw reads (test/windows/live-derived.test.ts); the
# collector gives only the WinRM service's state.
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealRemoteAccess' {
  It 'gives the WinRM service as the service controller reports it, and reads no registry value' {
    Mock Read-PresealService { [ordered]@{ status = 'Running'; startType = 'Automatic' } } -ParameterFilter { $Name -eq 'WinRM' }
    Mock Get-RegValue { throw 'the registry is read raw, not by this collector' }
    Mock Get-ItemProperty { throw 'the registry is read raw, not by this collector' }
    ConvertTo-ProbeJson (Get-PresealRemoteAccess) | Should -Be '{"winRm":{"status":"Running","startType":"Automatic"}}'
  }
  It 'gives null for a machine without the WinRM service, and fails when the service controller cannot be read' {
    Mock Read-PresealService { $null }
    ConvertTo-ProbeJson (Get-PresealRemoteAccess) | Should -Be '{"winRm":null}'
    Mock Read-PresealService { throw 'Cannot open Service Control Manager on computer ''.''.' }
    { Get-PresealRemoteAccess } | Should -Throw '*Service Control Manager*'
  }
}
