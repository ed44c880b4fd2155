# Lists the .NET types and static members the probe names (type literals, [Type]::Member, New-Object
# TypeName) that the .NET Framework 4.6.2 reference assemblies do not have. Reads the assemblies'
# metadata with System.Reflection.Metadata (nothing is loaded). Prints one JSON object:
# { checked: [...], missing: ["line N: what"], powershell: [...] }.
param([Parameter(Mandatory = $true)][string]$Path, [Parameter(Mandatory = $true)][string]$ReferenceDir)
$ErrorActionPreference = 'Stop'

# Type name -> set of member names, from every reference assembly (facades only forward types).
$types = @{}
foreach ($dll in Get-ChildItem -LiteralPath $ReferenceDir -Filter '*.dll') {
  $stream = [IO.File]::OpenRead($dll.FullName)
  try {
    $pe = New-Object System.Reflection.PortableExecutable.PEReader($stream)
    if (-not $pe.HasMetadata) { continue }
    $md = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
    foreach ($h in $md.TypeDefinitions) {
      $t = $md.GetTypeDefinition($h)
      $name = $md.GetString($t.Name)
      $ns = $md.GetString($t.Namespace)
      $decl = $t.GetDeclaringType()
      if (-not $decl.IsNil) { continue }
      $full = if ($ns) { "$ns.$name" } else { $name }
      $members = New-Object 'System.Collections.Generic.HashSet[string]' ([StringComparer]::OrdinalIgnoreCase)
      foreach ($m in $t.GetMethods()) { [void]$members.Add(($md.GetString($md.GetMethodDefinition($m).Name) -replace '^(get_|set_|add_|remove_)', '')) }
      foreach ($f in $t.GetFields()) { [void]$members.Add($md.GetString($md.GetFieldDefinition($f).Name)) }
      foreach ($p in $t.GetProperties()) { [void]$members.Add($md.GetString($md.GetPropertyDefinition($p).Name)) }
      $base = $null
      if (-not $t.BaseType.IsNil -and $t.BaseType.Kind -eq [System.Reflection.Metadata.HandleKind]::TypeReference) {
        $br = $md.GetTypeReference([System.Reflection.Metadata.TypeReferenceHandle]$t.BaseType)
        $base = "$($md.GetString($br.Namespace)).$($md.GetString($br.Name))"
      }
      $types[$full] = [pscustomobject]@{ Members = $members; Base = $base }
    }
  } finally { $stream.Dispose() }
}

# PowerShell's own accelerators and types (System.Management.Automation is not part of .NET Framework).
$accelerators = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')::Get
function Resolve-ProbeType([string]$Name) {
  $n = $Name -replace '\[\]$', ''
  # A generic type (Queue[object]) is Queue`1 in metadata.
  if ($n -match '^([^\[]+)\[(.+)\]$') { $n = '{0}`{1}' -f $Matches[1], ($Matches[2].Split(',').Count) }
  $acc = $accelerators[$n]
  if ($null -ne $acc) { $n = $acc.FullName }
  foreach ($candidate in @($n, "System.$n")) {
    if ($types.ContainsKey($candidate)) { return $candidate }
  }
  if ($n -like 'System.Management.Automation.*' -or $n -like 'Management.Automation.*') { return 'powershell' }
  return $null
}
function Test-ProbeMember([string]$Type, [string]$Member) {
  $t = $Type
  while ($t -and $types.ContainsKey($t)) {
    if ($types[$t].Members.Contains($Member)) { return $true }
    $t = $types[$t].Base
  }
  return $false
}

$tokens = $null; $errors = $null
$ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
$checked = New-Object System.Collections.Generic.List[string]
$missing = New-Object System.Collections.Generic.List[string]
$powershell = New-Object System.Collections.Generic.List[string]
$seen = @{}
function Add-Finding($List, [string]$Text) { if (-not $seen.ContainsKey($Text)) { $seen[$Text] = $true; $List.Add($Text) } }

foreach ($n in $ast.FindAll({ param($x) $x -is [System.Management.Automation.Language.TypeExpressionAst] -or $x -is [System.Management.Automation.Language.TypeConstraintAst] }, $true)) {
  $name = $n.TypeName.FullName
  if ($name -in @('ordered', 'ref', 'pscustomobject', 'psobject', 'scriptblock', 'type')) { continue }
  $r = Resolve-ProbeType $name
  if ($r -eq 'powershell') { Add-Finding $powershell $name; continue }
  if ($null -eq $r) { Add-Finding $missing "line $($n.Extent.StartLineNumber): type [$name]"; continue }
  Add-Finding $checked $r
  $parent = $n.Parent
  if ($n -is [System.Management.Automation.Language.TypeExpressionAst] -and $parent -is [System.Management.Automation.Language.MemberExpressionAst] -and $parent.Static -and $parent.Expression -eq $n) {
    $member = [string]$parent.Member.Value
    if (-not (Test-ProbeMember $r $member)) { Add-Finding $missing "line $($n.Extent.StartLineNumber): [$name]::$member" } else { Add-Finding $checked "${r}::$member" }
  }
}
foreach ($c in $ast.FindAll({ param($x) $x -is [System.Management.Automation.Language.CommandAst] -and $x.GetCommandName() -eq 'New-Object' }, $true)) {
  $els = @($c.CommandElements)
  for ($i = 1; $i -lt $els.Count; $i++) {
    $e = $els[$i]
    if ($e -is [System.Management.Automation.Language.CommandParameterAst]) {
      if ($e.ParameterName -eq 'ComObject') { break }
      if ($e.ParameterName -eq 'TypeName') { continue }
      $i++; continue
    }
    if ($e -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
      $name = [string]$e.Value
      $r = Resolve-ProbeType $name
      if ($null -eq $r) { Add-Finding $missing "line $($c.Extent.StartLineNumber): New-Object $name" } else { Add-Finding $checked $r }
    }
    break
  }
}
ConvertTo-Json -InputObject ([ordered]@{ checked = @($checked); missing = @($missing); powershell = @($powershell) }) -Depth 3 -Compress
