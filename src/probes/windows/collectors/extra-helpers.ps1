# Helpers of the extra collectors (W012, W023-W044). Every registry read goes through them so that
# Pester can mock them on any OS; none of them writes or starts anything.
function Read-PxRegValue([string]$Path, [string]$Name) {
  $item = Get-ItemProperty -LiteralPath $Path -Name $Name -ErrorAction SilentlyContinue
  if ($null -eq $item) { return $null }
  return $item.$Name
}
function Read-PxRegValueRaw([string]$SubKey, [string]$Name) {
  # REG_EXPAND_SZ as stored (%SystemRoot%\TEMP), not expanded.
  $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey($SubKey)
  if ($null -eq $key) { return $null }
  try { return $key.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames) } finally { $key.Close() }
}
function Test-PxRegKey([string]$Path) {
  return [bool](Test-Path -LiteralPath $Path)
}
function Get-PxRegSubkeyNames([string]$Path) {
  if (-not (Test-Path -LiteralPath $Path)) { return @() }
  return @(Get-ChildItem -LiteralPath $Path -ErrorAction Stop | ForEach-Object { [string]$_.PSChildName })
}
function Get-PxRegValueNames([string]$Path) {
  if (-not (Test-Path -LiteralPath $Path)) { return @() }
  return @((Get-Item -LiteralPath $Path -ErrorAction Stop).GetValueNames() | Where-Object { $_ -ne '' })
}
function Get-PxService([string]$Name) {
  $s = Get-Service -Name $Name -ErrorAction SilentlyContinue
  if ($null -eq $s) { return $null }
  return [ordered]@{ status = [string]$s.Status; startType = [string]$s.StartType }
}
function Test-PxElevated {
  $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
  return $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
}
function ConvertTo-PxInt($Value) {
  if ($null -eq $Value) { return $null }
  try { return [int64]$Value } catch { return $null }
}
function ConvertTo-PxArray($Value) {
  if ($null -eq $Value) { return @() }
  return @($Value | Where-Object { $null -ne $_ -and [string]$_ -ne '' } | ForEach-Object { [string]$_ })
}
