# Answer files persist in the implicit search locations of Windows Setup
# (https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-automation-overview).
# Only the names of secret-bearing elements are recorded, never their values.

function Find-PresealAnswerFileCandidates {
  $win = $env:WINDIR
  if ([string]::IsNullOrEmpty($win)) { throw 'the Windows directory is unknown (no %WINDIR%)' }
  $drive = $env:SystemDrive
  if ([string]::IsNullOrEmpty($drive)) { $drive = 'C:' }
  $list = New-Object System.Collections.ArrayList
  $pointer = Get-RegString 'HKLM:\SYSTEM\Setup' 'UnattendFile'
  if (-not [string]::IsNullOrEmpty($pointer)) { [void]$list.Add(@{ path = [Environment]::ExpandEnvironmentVariables($pointer); source = 'HKLM\SYSTEM\Setup UnattendFile' }) }
  foreach ($rel in @('Panther\Unattend\Unattend.xml', 'Panther\Unattend\Autounattend.xml', 'Panther\Unattend.xml', 'Panther\Autounattend.xml', 'System32\Sysprep\Unattend.xml', 'System32\Sysprep\Autounattend.xml')) {
    [void]$list.Add(@{ path = Join-PresealPath $win $rel; source = 'implicit search location' })
  }
  foreach ($name in @('Unattend.xml', 'Autounattend.xml')) { [void]$list.Add(@{ path = Join-PresealPath "$drive\" $name; source = 'implicit search location' }) }
  # The answer files the cloud launch agents pass to Sysprep: EC2Config's sysprep2008.xml (which
  # holds a "Specify" Administrator password "in unencrypted form") and GCESysprep's unattended.xml.
  $pf = $env:ProgramFiles
  if (-not [string]::IsNullOrEmpty($pf)) {
    foreach ($rel in @('Amazon\Ec2ConfigService\sysprep2008.xml', 'Google\Compute Engine\sysprep\unattended.xml')) {
      [void]$list.Add(@{ path = Join-PresealPath $pf $rel; source = 'cloud launch agent answer file' })
    }
  }
  return $list
}

# Element path from the component down: Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword.
function Format-PresealXmlPath($Node) {
  $parts = New-Object System.Collections.ArrayList
  $n = $Node
  while ($null -ne $n -and $n.NodeType -eq [Xml.XmlNodeType]::Element) {
    if ($n.LocalName -eq 'component') { $parts.Insert(0, [string]$n.GetAttribute('name')); break }
    $parts.Insert(0, [string]$n.LocalName)
    $n = $n.ParentNode
  }
  return ($parts -join '/')
}

function Find-PresealSettingsPass($Node) {
  $n = $Node
  while ($null -ne $n -and $n.NodeType -eq [Xml.XmlNodeType]::Element) {
    if ($n.LocalName -eq 'settings') { $p = $n.GetAttribute('pass'); if ($p) { return [string]$p } else { return $null } }
    $n = $n.ParentNode
  }
  return $null
}

function Read-PresealAnswerFile([string]$Path) {
  $settings = New-Object Xml.XmlReaderSettings
  $settings.DtdProcessing = [Xml.DtdProcessing]::Prohibit
  $settings.XmlResolver = $null
  $reader = [Xml.XmlReader]::Create($Path, $settings)
  try {
    $doc = New-Object Xml.XmlDocument
    $doc.XmlResolver = $null
    $doc.Load($reader)
  } finally {
    $reader.Close()
  }
  $secrets = New-Object System.Collections.ArrayList
  # Passwords with a Value child (UserAccounts, AutoLogon), and the domain-join secrets that the
  # unattend reference defines as plain strings: Microsoft-Windows-UnattendedJoin
  # Identification/Credentials/Password, Identification/MachinePassword and the offline-join
  # [Offline]Identification/Provisioning/AccountData blob.
  foreach ($el in @($doc.SelectNodes("//*[local-name()='Password' or local-name()='AdministratorPassword' or local-name()='MachinePassword' or local-name()='AccountData']"))) {
    $value = $el.SelectSingleNode("*[local-name()='Value']")
    $plainText = $null
    if ($null -ne $value) {
      if ([string]::IsNullOrEmpty($value.InnerText)) { continue }
      $plain = $el.SelectSingleNode("*[local-name()='PlainText']")
      if ($null -ne $plain) { $plainText = [bool]($plain.InnerText.Trim() -eq 'true') }
    } else {
      if ($null -ne $el.SelectSingleNode('*') -or [string]::IsNullOrEmpty($el.InnerText.Trim())) { continue }
      $plainText = $true
    }
    [void]$secrets.Add([ordered]@{ element = Format-PresealXmlPath $el; pass = Find-PresealSettingsPass $el; plainText = $plainText })
  }
  foreach ($el in @($doc.SelectNodes("//*[local-name()='ProductKey']"))) {
    $key = $el.SelectSingleNode("*[local-name()='Key']")
    $text = if ($null -ne $key) { $key.InnerText } elseif (-not $el.HasChildNodes -or $el.FirstChild.NodeType -eq [Xml.XmlNodeType]::Text) { $el.InnerText } else { '' }
    if ([string]::IsNullOrEmpty($text.Trim())) { continue }
    [void]$secrets.Add([ordered]@{ element = Format-PresealXmlPath $el; pass = Find-PresealSettingsPass $el; plainText = $true })
  }
  $commands = New-Object System.Collections.ArrayList
  foreach ($el in @($doc.SelectNodes("//*[local-name()='RunSynchronousCommand' or local-name()='SynchronousCommand' or local-name()='RunAsynchronousCommand' or local-name()='AsynchronousCommand']"))) {
    foreach ($c in @($el.SelectNodes("*[local-name()='Path' or local-name()='CommandLine']"))) {
      $line = [string]$c.InnerText
      if ($line -notmatch '(?i)sysprep') { continue }
      if ($line.Length -gt 300) { $line = $line.Substring(0, 300) }
      [void]$commands.Add([ordered]@{ element = Format-PresealXmlPath $c; pass = Find-PresealSettingsPass $el; commandLine = $line.Trim() })
    }
  }
  return [ordered]@{ secrets = @($secrets); sysprepCommands = @($commands) }
}

function Get-PresealAnswerFiles {
  $files = New-Object System.Collections.ArrayList
  $seen = @{}
  foreach ($c in (Find-PresealAnswerFileCandidates)) {
    $key = $c.path.ToLowerInvariant()
    if ($seen.ContainsKey($key)) { continue }
    $seen[$key] = $true
    if (-not (Test-Path -LiteralPath $c.path -PathType Leaf)) { continue }
    $entry = [ordered]@{ path = $c.path; source = $c.source; error = $null; secrets = @(); sysprepCommands = @() }
    try {
      $r = Read-PresealAnswerFile $c.path
      $entry.secrets = $r.secrets
      $entry.sysprepCommands = $r.sysprepCommands
    } catch {
      $msg = [string]$_.Exception.Message
      if (Test-PresealAccessDenied $_.Exception) { $msg = "access denied (run elevated): $msg" }
      $entry.error = $msg
    }
    [void]$files.Add($entry)
  }
  [ordered]@{ files = @($files) }
}
