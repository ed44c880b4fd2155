# Lists every command the probe calls (not its own functions) with the parameter names it passes,
# from the AST that pwsh's parser builds. Prints one JSON array of { name, parameters, line }.
param([Parameter(Mandatory = $true)][string]$Path)
$tokens = $null; $errors = $null
$ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
$defined = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true) | ForEach-Object { $_.Name })
$out = foreach ($c in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)) {
  $name = $c.GetCommandName()
  if (-not $name -or $defined -contains $name) { continue }
  [ordered]@{ name = $name; parameters = @($c.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object { $_.ParameterName }); line = $c.Extent.StartLineNumber }
}
ConvertTo-Json -InputObject @($out) -Depth 4 -Compress
