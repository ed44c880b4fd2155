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
    { Get-PresealPagefile } | Should -Throw '*not*read*'
  }
}

Describe 'Test-PresealElevated' {
  It 'throws where there is no Windows token, so a group that needs it errs instead of guessing' -Skip:($IsWindows) {
    { Test-PresealElevated } | Should -Throw
  }
}

Describe 'registry helpers: missing is not unreadable' {
  BeforeEach {
    Set-FakeRegistry -Keys @{
      'HKLM:\SOFTWARE\Microsoft\Windows Advanced Threat Protection\Status' = @{ OnboardingState = 1 }
      'HKLM:\SOFTWARE\Contoso\Child' = @{ }
    } -Denied @('HKLM:\SOFTWARE\Microsoft\Windows Advanced Threat Protection')
  }
  It 'reads a missing key or value as nothing' {
    Get-RegValue 'HKLM:\SOFTWARE\Nowhere' 'X' | Should -BeNullOrEmpty
    Get-RegValue 'HKLM:\SOFTWARE\Contoso\Child' 'X' | Should -BeNullOrEmpty
    Test-RegKey 'HKLM:\SOFTWARE\Nowhere' | Should -BeFalse
    Test-RegKey 'HKLM:\SOFTWARE\Contoso' | Should -BeTrue
    @(Get-RegSubkeyName 'HKLM:\SOFTWARE\Nowhere').Count | Should -Be 0
    Get-RegSubkeyName 'HKLM:\SOFTWARE\Contoso' | Should -Be @('Child')
  }
  It 'throws on a key that exists but cannot be read, naming it' {
    { Get-RegValue 'HKLM:\SOFTWARE\Microsoft\Windows Advanced Threat Protection' 'senseGuid' } | Should -Throw '*Windows Advanced Threat Protection*Requested registry access is not allowed*'
    { Test-RegKey 'HKLM:\SOFTWARE\Microsoft\Windows Advanced Threat Protection' } | Should -Throw '*not allowed*'
    { Get-RegSubkeyName 'HKLM:\SOFTWARE\Microsoft\Windows Advanced Threat Protection' } | Should -Throw '*not allowed*'
    { Get-RegValueName 'HKLM:\SOFTWARE\Microsoft\Windows Advanced Threat Protection' } | Should -Throw '*not allowed*'
  }
  It 'makes a collector an error instead of reporting "not onboarded" for a key it could not read' {
    Mock Read-PresealService { $null }
    { Get-PresealDefenderEndpoint } | Should -Throw '*not allowed*'
  }
}

Describe 'Read-PresealService' {
  It 'is $null for a service that does not exist and throws on any other failure' {
    Mock Get-Service { Write-Error -Message "Cannot find any service with service name 'himds'." -ErrorId 'NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.GetServiceCommand' -Category ObjectNotFound }
    Read-PresealService 'himds' | Should -BeNullOrEmpty
    Mock Get-Service { Write-Error -Message 'Cannot open Service Control Manager on computer ''.''.' -ErrorId 'CouldNotGetServiceInfo,Microsoft.PowerShell.Commands.GetServiceCommand' -Category PermissionDenied }
    { Read-PresealService 'himds' } | Should -Throw '*Service Control Manager*'
  }
}

Describe 'ConvertTo-PresealAsciiJson' {
  It 'escapes every non-ASCII character so that the envelope survives any console encoding' {
    $value = [ordered]@{ name = "Jos$([char]0xE9) M$([char]0xFC)ller"; path = "C:\Users\$([char]0x5C71)$([char]0x7530)\$([char]0xD83D)$([char]0xDE00).txt"; n = 1 }
    $json = ConvertTo-PresealAsciiJson $value
    $json | Should -Match '^[\x00-\x7F]*$'
    $json | Should -Match 'Jos\\u00e9 M\\u00fcller'
    $json | Should -Match '\\ud83d\\ude00'
    $back = $json | ConvertFrom-Json
    $back.name | Should -Be $value.name
    $back.path | Should -Be $value.path
  }
}
