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

function Get-PresealHyperV {
  if ($null -eq (Read-PresealService 'vmms')) { return New-PresealNotApplicable 'Hyper-V is not installed (no vmms service)' }
  $switches = @(Get-CimInstance -Namespace 'root\virtualization\v2' -ClassName Msvm_VirtualEthernetSwitch -ErrorAction Stop |
    ForEach-Object { [ordered]@{ name = [string]$_.ElementName; id = [string]$_.Name } })
  [ordered]@{ switches = $switches }
}

function Format-PresealConfigPath($Element) {
  $parts = New-Object System.Collections.ArrayList
  $node = $Element
  while ($null -ne $node -and $node.NodeType -eq [System.Xml.XmlNodeType]::Element) {
    $part = $node.LocalName
    $name = $node.GetAttribute('name')
    if ($name) { $part = "$part[@name='$name']" }
    [void]$parts.Insert(0, $part)
    $node = $node.ParentNode
  }
  return ($parts -join '/')
}

function Get-PresealIis {
  $path = Join-Path $env:WINDIR 'System32\inetsrv\config\applicationHost.config'
  if (-not (Test-Path -LiteralPath $path)) { return New-PresealNotApplicable 'IIS is not installed (no applicationHost.config)' }
  $xml = New-Object System.Xml.XmlDocument
  $xml.Load($path)
  $found = New-Object System.Collections.ArrayList
  # Only where an encrypted value sits and which provider encrypted it; the value itself is never read out.
  foreach ($attr in @($xml.SelectNodes('//@*'))) {
    if ([string]$attr.Value -match '^\[enc:([^:\]]+):') {
      [void]$found.Add([ordered]@{ element = (Format-PresealConfigPath $attr.OwnerElement); attribute = [string]$attr.Name; provider = [string]$Matches[1] })
    }
  }
  [ordered]@{ configPath = $path; encryptedAttributes = @($found) }
}

function Get-PresealNps {
  $path = Join-Path $env:WINDIR 'System32\ias\ias.xml'
  if (-not (Test-Path -LiteralPath $path)) { return New-PresealNotApplicable 'Network Policy Server is not configured (no ias.xml)' }
  $xml = New-Object System.Xml.XmlDocument
  $xml.Load($path)
  # Names only: each client element also holds its shared secret, which is never read out.
  $clients = @($xml.SelectNodes("//*[local-name()='Clients' or local-name()='RadiusClients']/Children/*") | ForEach-Object { [string]$_.GetAttribute('name') } | Where-Object { $_ })
  $groups = @($xml.SelectNodes("//*[local-name()='Proxy_Server_Groups' or local-name()='RadiusServerGroups']/Children/*") | ForEach-Object { [string]$_.GetAttribute('name') } | Where-Object { $_ })
  [ordered]@{ configPath = $path; radiusClients = $clients; remoteServerGroups = $groups }
}

function Get-PresealDsc {
  $dir = Join-Path $env:WINDIR 'System32\Configuration'
  if (-not [IO.Directory]::Exists($dir)) { return [ordered]@{ documents = @() } }
  # GetFiles throws on an access-denied folder, so a non-elevated run is an error, not an empty list.
  $docs = @([IO.Directory]::GetFiles($dir, '*.mof') | Where-Object { (Split-Path -Leaf $_) -match '^(Current|Pending|Previous)\.mof$' } | Sort-Object)
  [ordered]@{ documents = $docs }
}
