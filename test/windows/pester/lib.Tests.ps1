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

# The raw reads of the groups derived in TypeScript. Open-PresealRegistryKey is lib.ps1's .NET seam;
# here it returns a RegistryKey stand-in whose GetValue hands each value over as .NET Framework's
# RegistryKey does (REG_DWORD Int32, REG_QWORD Int64, REG_SZ/REG_EXPAND_SZ a string without its
# NUL, REG_MULTI_SZ string[], REG_BINARY/REG_NONE byte[]). test/hive/live-parity.test.ts runs the
# same function on values served from real hives.
Describe 'Read-PresealRawRead: the exact type and bytes of each value kind' {
  BeforeAll {
    function New-StandInKey([hashtable]$Values, [hashtable]$Kinds, [string[]]$Subkeys = @()) {
      $key = [pscustomobject]@{ Values = $Values; Kinds = $Kinds; Subkeys = $Subkeys }
      Add-Member -InputObject $key -MemberType ScriptMethod -Name GetValueNames -Value { , [string[]]@($this.Values.Keys | Sort-Object) }
      Add-Member -InputObject $key -MemberType ScriptMethod -Name GetValueKind -Value { param($n) [Microsoft.Win32.RegistryValueKind]$this.Kinds[$n] }
      Add-Member -InputObject $key -MemberType ScriptMethod -Name GetValue -Value {
        param($n, $default, $options)
        if ($options -ne [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames) { throw 'read expanded' }
        $v = $this.Values[$n]
        if ($v -is [array]) { return , $v }
        return $v
      }
      Add-Member -InputObject $key -MemberType ScriptMethod -Name GetSubKeyNames -Value { , [string[]]$this.Subkeys }
      Add-Member -InputObject $key -MemberType ScriptMethod -Name OpenSubKey -Value { param($n, $writable) if ($writable) { throw 'opened writable' }; $global:PresealStandInChild }
      Add-Member -InputObject $key -MemberType ScriptMethod -Name Close -Value { }
      return $key
    }
    function ConvertTo-Hex([string]$Base64) { return ([BitConverter]::ToString([Convert]::FromBase64String($Base64)) -replace '-', '').ToLowerInvariant() }
    $values = @{
      None = [byte[]]@(); Sz = 'Contoso'; ExpandSz = '%SystemRoot%\TEMP'; Binary = [byte[]](0, 255, 16); Dword = [int]-2
      MultiSz = [string[]]@('\??\C:\a.dll', '', 'C:\c.dll'); Qword = [long]4294967297; Link = $null
    }
    $kinds = @{ None = 'None'; Sz = 'String'; ExpandSz = 'ExpandString'; Binary = 'Binary'; Dword = 'DWord'; MultiSz = 'MultiString'; Qword = 'QWord'; Link = 'Unknown' }
    $global:PresealStandInKey = New-StandInKey $values $kinds @('Child')
    $global:PresealStandInChild = New-StandInKey @{ Leaf = [int]7 } @{ Leaf = 'DWord' }
  }
  BeforeEach {
    Mock Open-PresealRegistryKey { if ($Path -eq 'SYSTEM\Kinds') { $global:PresealStandInKey } }
  }
  It 'gives each kind its registry type number and the bytes Windows stores' {
    $expected = @{
      None = @(0, ''); Sz = @(1, '43006f006e0074006f0073006f000000'); Binary = @(3, '00ff10'); Dword = @(4, 'feffffff'); Qword = @(11, '0100000001000000')
      ExpandSz = @(2, (([BitConverter]::ToString([Text.Encoding]::Unicode.GetBytes("%SystemRoot%\TEMP$([char]0)")) -replace '-', '').ToLowerInvariant()))
      MultiSz = @(7, (([BitConverter]::ToString([Text.Encoding]::Unicode.GetBytes("\??\C:\a.dll$([char]0)$([char]0)C:\c.dll$([char]0)$([char]0)")) -replace '-', '').ToLowerInvariant()))
    }
    foreach ($name in $expected.Keys) {
      $r = Read-PresealRawRead ([pscustomobject]@{ hive = 'SYSTEM'; key = 'Kinds'; value = $name })
      $r.Contains('error') | Should -BeFalse -Because $name
      $r.type | Should -Be $expected[$name][0] -Because $name
      ConvertTo-Hex $r.data | Should -Be $expected[$name][1] -Because $name
      $r.hive | Should -Be 'SYSTEM'
      $r.value | Should -Be $name
    }
  }
  It 'says absent for a missing value or key, and that a key exists (REG_NONE without data)' {
    (Read-PresealRawRead ([pscustomobject]@{ hive = 'SYSTEM'; key = 'Kinds'; value = 'Missing' })).absent | Should -BeTrue
    $k = Read-PresealRawRead ([pscustomobject]@{ hive = 'SYSTEM'; key = 'Nowhere'; value = $null })
    $k.absent | Should -BeTrue
    $k.Contains('value') | Should -BeTrue
    $e = Read-PresealRawRead ([pscustomobject]@{ hive = 'SYSTEM'; key = 'Kinds'; value = $null })
    $e.type | Should -Be 0
    $e.data | Should -Be ''
  }
  It 'makes a value of a type .NET does not read an error, not a guess' {
    (Read-PresealRawRead ([pscustomobject]@{ hive = 'SYSTEM'; key = 'Kinds'; value = 'Link' })).error | Should -BeLike '*Kinds Link could not be read*type*'
  }
  It 'makes an unreadable key an access-denied error, never absent, and any other failure an error without that claim' {
    Mock Open-PresealRegistryKey { throw (New-Object System.Security.SecurityException 'Requested registry access is not allowed.') }
    $r = Read-PresealRawRead ([pscustomobject]@{ hive = 'SECURITY'; key = 'Policy\PolPrDmS'; value = '' })
    $r.Contains('absent') | Should -BeFalse
    $r.error | Should -BeLike 'access denied: the registry key HKLM\SECURITY\Policy\PolPrDmS could not be read (Requested registry access is not allowed.)*elevated*'
    Mock Open-PresealRegistryKey { throw (New-Object System.IO.IOException 'The handle is invalid.') }
    (Read-PresealRawRead ([pscustomobject]@{ hive = 'SYSTEM'; key = 'Setup'; value = 'X' })).error | Should -Be 'the registry key HKLM\SYSTEM\Setup could not be read: The handle is invalid.'
  }
  It 'reads a key tree: values with their bytes, subkeys one level down' {
    $plain = New-StandInKey @{ Sz = 'x' } @{ Sz = 'String' } @('Child')
    Mock Open-PresealRegistryKey { $plain }
    $r = Read-PresealRawRead ([pscustomobject]@{ hive = 'SOFTWARE'; key = 'A\Plain'; tree = 1 })
    $r.keyTree.name | Should -Be 'Plain'
    $r.keyTree.values[0].name | Should -Be 'Sz'
    ConvertTo-Hex $r.keyTree.values[0].data | Should -Be '78000000'
    $r.keyTree.subkeys[0].name | Should -Be 'Child'
    $r.keyTree.subkeys[0].values[0].type | Should -Be 4
    ConvertTo-Hex $r.keyTree.subkeys[0].values[0].data | Should -Be '07000000'
    $r.keyTree.subkeys[0].subkeys.Count | Should -Be 0
  }
  It 'reads a key tree with a data pattern: only the REG_SZ and REG_EXPAND_SZ values it matches, every subkey name, the pattern echoed' {
    # 'a\.dll' matches the REG_MULTI_SZ's first string too: a multi-string is never kept; nor is the
    # value of a type .NET does not read (an error without a pattern), nor the child's REG_DWORD.
    $r = Read-PresealRawRead ([pscustomobject]@{ hive = 'SYSTEM'; key = 'Kinds'; tree = 1; match = 'CONTOSO|\\temp|a\.dll' })
    $r.Contains('error') | Should -BeFalse
    $r.match | Should -Be 'CONTOSO|\\temp|a\.dll'
    @($r.keyTree.values | ForEach-Object { $_.name }) | Should -Be @('ExpandSz', 'Sz')
    ConvertTo-Hex ($r.keyTree.values | Where-Object { $_.name -eq 'Sz' }).data | Should -Be '43006f006e0074006f0073006f000000'
    $r.keyTree.subkeys[0].name | Should -Be 'Child'
    $r.keyTree.subkeys[0].values.Count | Should -Be 0
    (Read-PresealRawRead ([pscustomobject]@{ hive = 'SYSTEM'; key = 'Kinds'; tree = 0; match = 'Fabrikam' })).keyTree.values.Count | Should -Be 0
  }
  It 'matches as JavaScript RegExp with the i flag does: case-insensitive, culture-invariant, anywhere in the string' {
    Test-PresealValueMatch 'String' 'v2.10|lport=3389|' '\|LPort=(3389|5985)\|' | Should -BeTrue
    Test-PresealValueMatch 'ExpandString' 'v2.10|LPort=33890|' '\|LPort=(3389|5985)\|' | Should -BeFalse
    Test-PresealValueMatch 'MultiString' @('|LPort=3389|') '\|LPort=3389\|' | Should -BeFalse
    Test-PresealValueMatch 'Binary' ([byte[]](1, 2)) '\|' | Should -BeFalse
    $saved = [Threading.Thread]::CurrentThread.CurrentCulture
    try {
      # Under Turkish casing rules I and i are different letters; the probe's match does not depend on the culture.
      [Threading.Thread]::CurrentThread.CurrentCulture = [Globalization.CultureInfo]::GetCultureInfo('tr-TR')
      Test-PresealValueMatch 'String' '|EMBEDCTXT=@FIREWALLAPI.DLL,-28752|' 'EmbedCtxt=@FirewallAPI\.dll' | Should -BeTrue
    } finally { [Threading.Thread]::CurrentThread.CurrentCulture = $saved }
  }
  It 'returns a file below %WINDIR% as its bytes, and a missing one as absent' {
    $win = Join-Path $TestDrive 'Windows'
    $null = New-Item -ItemType Directory -Path (Join-Path $win 'Setup/State') -Force
    [IO.File]::WriteAllBytes((Join-Path $win 'Setup/State/State.ini'), [byte[]](0xff, 0xfe, 0x5b, 0))
    $saved = $env:WINDIR
    try {
      $env:WINDIR = $win
      ConvertTo-Hex (Read-PresealRawRead ([pscustomobject]@{ windowsFile = 'Setup\State\State.ini' })).data | Should -Be 'fffe5b00'
      (Read-PresealRawRead ([pscustomobject]@{ windowsFile = 'Setup\State\Missing.ini' })).absent | Should -BeTrue
      (Read-PresealRawRead ([pscustomobject]@{ windowsFile = 'Setup\State' })).directory | Should -BeTrue
      [IO.File]::WriteAllBytes((Join-Path $win 'Setup/State/Big.ini'), (New-Object byte[] ($PresealMaxRawFileBytes + 1)))
      (Read-PresealRawRead ([pscustomobject]@{ windowsFile = 'Setup\State\Big.ini' })).error | Should -BeLike '*Big.ini could not be read: it is larger than*'
      (Read-PresealRawRead ([pscustomobject]@{ windowsFile = 'Setup\State\Big.ini'; presence = $true })).data | Should -Be ''
    } finally { $env:WINDIR = $saved }
  }
  It 'reads the whole plan in its order, and an unreadable registry makes each read an error' {
    $plan = @([pscustomobject]@{ hive = 'SYSTEM'; key = 'Kinds'; value = 'Dword' }, [pscustomobject]@{ hive = 'SYSTEM'; key = 'Kinds'; value = 'Sz' })
    $reads = Read-PresealRawReads $plan
    $reads.Count | Should -Be 2
    $reads[1].type | Should -Be 1
    Mock Open-PresealRegistryKey { throw (New-Object System.PlatformNotSupportedException 'Registry is not supported on this platform.') }
    $failed = Read-PresealRawReads $plan
    @($failed | Where-Object { $_.error -like '*could not be read: Registry is not supported*' }).Count | Should -Be 2
  }
}
