# Group Policy password settings through the RSoP WMI provider (read-only; secedit /export would
# write a file). https://learn.microsoft.com/previous-versions/windows/desktop/policy/rsop-securitysettingboolean
function Get-PresealPasswordPolicy {
  $ns = 'root\rsop\computer'
  $list = New-Object System.Collections.ArrayList
  $bools = @(Get-CimInstance -Namespace $ns -ClassName RSOP_SecuritySettingBoolean -Filter "KeyName='PasswordComplexity'" -ErrorAction Stop)
  $nums = @(Get-CimInstance -Namespace $ns -ClassName RSOP_SecuritySettingNumeric -Filter "KeyName='MinimumPasswordLength'" -ErrorAction Stop)
  foreach ($s in $bools) {
    [void]$list.Add([ordered]@{ keyName = [string]$s.KeyName; value = [bool]$s.Setting; gpoId = ConvertTo-PresealString $s.GPOID; precedence = ConvertTo-PresealInt $s.precedence })
  }
  foreach ($s in $nums) {
    [void]$list.Add([ordered]@{ keyName = [string]$s.KeyName; value = [int]$s.Setting; gpoId = ConvertTo-PresealString $s.GPOID; precedence = ConvertTo-PresealInt $s.precedence })
  }
  # "RSoP data logging is enabled by default. To disable logging, use one of the following registry
  # keys: HKEY_LOCAL_MACHINE\Software\Policies\Microsoft\Windows\System\RSoPLogging (REG_DWORD 1,0)
  # ... Winlogon\RSoPLogging" (Developing an RSoP Management Tool). With logging off the namespace
  # holds no (or stale) settings, which must not read as "no password policy".
  $off = $null
  foreach ($k in @('HKLM:\SOFTWARE\Policies\Microsoft\Windows\System', 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon')) {
    if ($null -eq $off -and (Get-RegInt $k 'RSoPLogging') -eq 0) { $off = ($k -replace '^HKLM:', 'HKLM') + '\RSoPLogging' }
  }
  [ordered]@{ settings = @($list); rsopLoggingDisabled = $off }
}
