function Get-PresealComputerSystem {
  $cs = Get-CimInstance -ClassName Win32_ComputerSystem -ErrorAction Stop
  $bios = $null
  try {
    $b = Get-CimInstance -ClassName Win32_BIOS -ErrorAction Stop | Select-Object -First 1
    if ($null -ne $b) {
      $bios = [ordered]@{ manufacturer = ConvertTo-PresealString $b.Manufacturer; version = ConvertTo-PresealString $b.Version; serialNumber = ConvertTo-PresealString $b.SerialNumber }
    }
  } catch { }
  $hv = $null
  if ($null -ne $cs.HypervisorPresent) { $hv = [bool]$cs.HypervisorPresent }
  [ordered]@{
    name = [string]$cs.Name
    partOfDomain = [bool]$cs.PartOfDomain
    domain = [string]$cs.Domain
    workgroup = ConvertTo-PresealString $cs.Workgroup
    domainRole = [int]$cs.DomainRole
    hypervisorPresent = $hv
    manufacturer = ConvertTo-PresealString $cs.Manufacturer
    model = ConvertTo-PresealString $cs.Model
    bios = $bios
  }
}
