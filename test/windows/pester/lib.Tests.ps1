# The probe library (src/probes/windows/lib.ps1) and the collector contract.
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'the collector contract' {
  It 'has one collector per group name across every collector file' {
    $names = Get-ChildItem (Join-Path $probeDir 'collectors') -Filter '*.ps1' | ForEach-Object { [regex]::Matches((Get-Content -Raw $_.FullName), '(?m)^function Get-Preseal(\w+)\b') } | ForEach-Object { $_.Groups[1].Value }
    $dupes = @($names | Group-Object | Where-Object { $_.Count -gt 1 } | ForEach-Object { $_.Name })
    $dupes | Should -BeNullOrEmpty
  }
}

Describe 'collectors on a machine whose registry cannot be read' {
  It 'make their group an error instead of reporting that nothing was found' {
    { Get-PresealPendingReboot } | Should -Throw '*is not readable*'
    { Get-PresealAzureNetwork } | Should -Throw '*is not readable*'
    { Get-PresealPagefile } | Should -Throw '*is not readable*'
  }
}

Describe 'Test-PresealElevated' {
  It 'throws where there is no Windows token, so a group that needs it errs instead of guessing' -Skip:($IsWindows) {
    { Test-PresealElevated } | Should -Throw
  }
}
