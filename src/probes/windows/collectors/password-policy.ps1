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
  [ordered]@{ settings = @($list) }
}
