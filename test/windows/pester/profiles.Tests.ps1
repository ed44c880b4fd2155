# src/probes/windows/collectors/profiles.ps1 under real pwsh, with Win32_UserAccount mocked in the shape
# Microsoft documents (learn.microsoft.com/windows/win32/cimwin32prov/win32-useraccount: Name, SID,
# Disabled boolean, LocalAccount boolean).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealLocalUserAccounts' {
  It 'asks CIM for local accounts only and reports name, SID and Disabled, sorted by SID' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_UserAccount' } -MockWith {
      [pscustomobject]@{ Name = 'packer'; SID = 'S-1-5-21-3623811015-3361044348-30300820-1000'; Disabled = $false; LocalAccount = $true }
      [pscustomobject]@{ Name = 'Administrator'; SID = 'S-1-5-21-3623811015-3361044348-30300820-500'; Disabled = $false; LocalAccount = $true }
      [pscustomobject]@{ Name = 'Guest'; SID = 'S-1-5-21-3623811015-3361044348-30300820-501'; Disabled = $true; LocalAccount = $true }
    }
    $r = Get-PresealLocalUserAccounts
    Should -Invoke Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_UserAccount' -and $Filter -eq 'LocalAccount=True' } -Times 1 -Exactly
    @($r.accounts | ForEach-Object { $_.name }) | Should -Be @('packer', 'Administrator', 'Guest')
    $r.accounts[2].disabled | Should -BeTrue
    $r.accounts[0].disabled | Should -BeFalse
    $r.accounts[0].sid | Should -Be 'S-1-5-21-3623811015-3361044348-30300820-1000'
  }
  It 'keeps a Disabled the provider did not give as null, never as enabled' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_UserAccount' } -MockWith {
      [pscustomobject]@{ Name = 'builder'; SID = 'S-1-5-21-1-2-3-1001'; Disabled = $null; LocalAccount = $true }
    }
    $json = ConvertTo-ProbeJson (Get-PresealLocalUserAccounts)
    $json | Should -Be '{"accounts":[{"name":"builder","sid":"S-1-5-21-1-2-3-1001","disabled":null}]}'
  }
  It 'reports an empty list as an empty array' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_UserAccount' } -MockWith { }
    ConvertTo-ProbeJson (Get-PresealLocalUserAccounts) | Should -Be '{"accounts":[]}'
  }
  It 'fails for the group when CIM fails (access denied is not "no accounts")' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_UserAccount' } -MockWith { throw (New-FakeCimException 'Access denied ' 'AccessDenied') }
    { Get-PresealLocalUserAccounts } | Should -Throw '*Access denied*'
  }
}
