# Win32_ServerFeature: "Instances of this class are not available on client computers"
# (https://learn.microsoft.com/windows/win32/wmisdk/win32-serverfeature). IDs are stable, Name is localized.
function Get-PresealServerFeatures {
  $os = Get-CimInstance -ClassName Win32_OperatingSystem -ErrorAction Stop
  if ([int]$os.ProductType -eq 1) { return New-PresealNotApplicable 'a client SKU (Win32_OperatingSystem.ProductType = 1) has no server roles' }
  $list = New-Object System.Collections.ArrayList
  foreach ($f in @(Get-CimInstance -ClassName Win32_ServerFeature -ErrorAction Stop)) {
    [void]$list.Add([ordered]@{ id = [int]$f.ID; parentId = ConvertTo-PresealInt $f.ParentID; name = [string]$f.Name })
  }
  [ordered]@{ features = @($list | Sort-Object { $_.id }) }
}
