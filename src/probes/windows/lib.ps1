# preseal Windows probe: shared helpers. Windows PowerShell 5.1 syntax; nothing beyond Windows itself.
function Get-RegValue([string]$Path, [string]$Name) {
  $item = Get-ItemProperty -LiteralPath $Path -Name $Name -ErrorAction SilentlyContinue
  if ($null -eq $item) { return $null }
  return $item.$Name
}
