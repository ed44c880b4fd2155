# Win32_EncryptableVolume needs an elevated session; GetConversionStatus is a method, so it goes
# through Invoke-CimMethod (https://learn.microsoft.com/windows/win32/secprov/getconversionstatus-win32-encryptablevolume).
function Get-PresealBitlocker {
  $ns = 'root\cimv2\Security\MicrosoftVolumeEncryption'
  $vols = @(Get-CimInstance -Namespace $ns -ClassName Win32_EncryptableVolume -ErrorAction Stop)
  $list = New-Object System.Collections.ArrayList
  foreach ($v in $vols) {
    $conv = Invoke-CimMethod -InputObject $v -MethodName GetConversionStatus -ErrorAction Stop
    $pct = $null
    if ($null -ne $conv.EncryptionPercentage) { $pct = [double]$conv.EncryptionPercentage }
    [void]$list.Add([ordered]@{
      driveLetter = ConvertTo-PresealString $v.DriveLetter
      deviceId = [string]$v.DeviceID
      protectionStatus = [int]$v.ProtectionStatus
      conversionStatus = [int]$conv.ConversionStatus
      encryptionPercentage = $pct
    })
  }
  [ordered]@{ volumes = @($list) }
}
