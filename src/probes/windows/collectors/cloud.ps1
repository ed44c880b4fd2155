# The cloud, from SMBIOS through CIM: Azure sets the chassis asset tag 7783-7084-3265-9085-8269-3286-77
# (the documented Azure marker, also read by the Linux probe), EC2 puts "EC2" at the start of the
# system UUID, and Google names itself the manufacturer.
function Get-PresealCloud {
  $cs = Get-CimInstance -ClassName Win32_ComputerSystem -ErrorAction Stop
  $evidence = New-Object System.Collections.ArrayList
  $provider = 'none'
  $tag = $null
  try { $tag = [string](Get-CimInstance -ClassName Win32_SystemEnclosure -ErrorAction Stop | Select-Object -First 1).SMBIOSAssetTag } catch { }
  $uuid = $null
  try { $uuid = [string](Get-CimInstance -ClassName Win32_ComputerSystemProduct -ErrorAction Stop | Select-Object -First 1).UUID } catch { }
  if ($tag -eq '7783-7084-3265-9085-8269-3286-77') {
    $provider = 'azure'; [void]$evidence.Add("Win32_SystemEnclosure.SMBIOSAssetTag = $tag")
  } elseif ([string]$cs.Manufacturer -eq 'Amazon EC2' -or ($null -ne $uuid -and $uuid -like 'EC2*')) {
    $provider = 'aws'; [void]$evidence.Add("Win32_ComputerSystem.Manufacturer = $($cs.Manufacturer); Win32_ComputerSystemProduct.UUID = $uuid")
  } elseif ([string]$cs.Manufacturer -eq 'Google') {
    $provider = 'gcp'; [void]$evidence.Add('Win32_ComputerSystem.Manufacturer = Google')
  }
  [ordered]@{ provider = $provider; evidence = @($evidence) }
}
