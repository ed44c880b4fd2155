# Runs each collector (functions named Get-Preseal<Group>) in isolation and prints one envelope
# between markers. An exception becomes an error for that group only.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding($false) } catch { }
$presealStart = [Diagnostics.Stopwatch]::StartNew()
$script:PresealPartial = [ordered]@{}
$presealElevated = $false
try { $presealElevated = Test-PresealElevated } catch { }
$presealOnWindows = ($PSVersionTable.PSEdition -eq 'Desktop') -or ($IsWindows -eq $true)
$presealUser = $null
try { $presealUser = [Security.Principal.WindowsIdentity]::GetCurrent().Name } catch { try { $presealUser = [Environment]::UserName } catch { } }
$facts = [ordered]@{}; $errors = [ordered]@{}; $notApplicable = [ordered]@{}
foreach ($group in $PresealGroups) {
  $name = $group.Substring(0, 1).ToLowerInvariant() + $group.Substring(1)
  try {
    $value = & "Get-Preseal$group"
    if ($value -is [System.Collections.IDictionary] -and $value.Contains('__notApplicable')) { $notApplicable[$name] = [string]$value['__notApplicable'] }
    elseif ($null -eq $value) { $errors[$name] = "the collector Get-Preseal$group returned nothing" }
    else { $facts[$name] = $value }
  } catch {
    $why = ([string]$_.Exception.Message) -replace '\s*[\r\n]+\s*', ' '
    if (Test-PresealAccessDenied $_.Exception) {
      $why = "access denied; this group needs an elevated Administrator session: $why"
    } elseif ($presealOnWindows -and $PresealAdminGroups -contains $group -and -not $presealElevated) {
      $why = "$why (the probe was not elevated; this group needs an elevated Administrator session)"
    }
    $errors[$name] = $why
  }
}
# The raw registry reads of the groups derived in TypeScript (lib.ps1 Read-PresealRawReads): one
# entry per read of $PresealReadPlan; preseal turns them into those groups' facts.
$presealPlan = Get-Variable -Name PresealReadPlan -ValueOnly -ErrorAction SilentlyContinue
$rawReads = [ordered]@{ windowsDir = $env:WINDIR; systemDrive = $env:SystemDrive }
try { $rawReads['reads'] = Read-PresealRawReads $presealPlan } catch { $rawReads = [ordered]@{ error = Format-PresealError $_.Exception } }
$probeInfo = [ordered]@{ version = $PresealProbeVersion; live = $true; elevated = [bool]$presealElevated; durationMs = [int]$presealStart.ElapsedMilliseconds }
if ($null -ne $presealUser) { $probeInfo['user'] = [string]$presealUser }
if ($script:PresealPartial.Count -gt 0) { $probeInfo['partial'] = $script:PresealPartial }
$envelope = [ordered]@{
  schemaVersion = $PresealSchemaVersion; platform = 'windows'
  probe = $probeInfo
  facts = $facts; errors = $errors; notApplicable = $notApplicable
  rawReads = $rawReads
}
# The markers stand on lines of their own (ConvertTo-Json escapes every LF in a string) and carry the
# run's nonce ($PresealNonce, set by preseal in the script it sends), so no target text can forge them.
$presealMarkSuffix = ''
$presealRunNonce = Get-Variable -Name PresealNonce -ValueOnly -ErrorAction SilentlyContinue
if ($presealRunNonce) { $presealMarkSuffix = "-$presealRunNonce" }
[Console]::Out.Write("`n--preseal-facts-begin$presealMarkSuffix--`n" + (ConvertTo-PresealAsciiJson $envelope) + "`n--preseal-facts-end$presealMarkSuffix--`n")
[Console]::Out.Flush()
