# SoftwareLicensingService.RemainingWindowsReArmCount
# (https://learn.microsoft.com/previous-versions/windows/desktop/sppwmi/softwarelicensingservice).
function Get-PresealLicensing {
  $os = Get-CimInstance -ClassName Win32_OperatingSystem -ErrorAction Stop
  $spp = Get-CimInstance -ClassName SoftwareLicensingService -ErrorAction Stop | Select-Object -First 1
  $remaining = $null
  if ($null -ne $spp) { $remaining = ConvertTo-PresealInt $spp.RemainingWindowsReArmCount }
  [ordered]@{
    remainingWindowsRearmCount = $remaining
    skipRearm = Get-RegInt 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' 'SkipRearm'
    osVersion = [string]$os.Version
  }
}
