# src/probes/windows/collectors/password-policy.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealPasswordPolicy' {
  BeforeEach { Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon' = @{ Shell = 'explorer.exe' } } }
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
    ConvertTo-ProbeJson (Get-PresealPasswordPolicy) | Should -Be '{"settings":[],"rsopLoggingDisabled":null}'
  }
  It 'says when RSoP logging is turned off, so that an empty list is not read as no policy' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -like 'RSOP_*' } -MockWith { }
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\System' = @{ RSoPLogging = 0 } }
    (Get-PresealPasswordPolicy).rsopLoggingDisabled | Should -Be 'HKLM\SOFTWARE\Policies\Microsoft\Windows\System\RSoPLogging'
  }
}
