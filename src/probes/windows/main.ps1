# Runs each collector (functions named Get-Preseal<Group>) in isolation and prints one envelope
# between markers. An exception becomes an error for that group only.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding($false) } catch { }
$facts = [ordered]@{}; $errors = [ordered]@{}; $notApplicable = [ordered]@{}
foreach ($group in $PresealGroups) {
  $name = $group.Substring(0, 1).ToLowerInvariant() + $group.Substring(1)
  try {
    $value = & "Get-Preseal$group"
    if ($value -is [System.Collections.IDictionary] -and $value.Contains('__notApplicable')) { $notApplicable[$name] = [string]$value['__notApplicable'] }
    else { $facts[$name] = $value }
  } catch {
    $errors[$name] = [string]$_.Exception.Message
  }
}
$envelope = [ordered]@{
  schemaVersion = 1; platform = 'windows'
  probe = [ordered]@{ version = $PresealProbeVersion; live = $true }
  facts = $facts; errors = $errors; notApplicable = $notApplicable
}
[Console]::Out.Write("`n--preseal-facts-begin--`n" + ($envelope | ConvertTo-Json -Depth 12 -Compress) + "`n--preseal-facts-end--`n")
