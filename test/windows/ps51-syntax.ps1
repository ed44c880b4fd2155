# Lists constructs of a PowerShell script that Windows PowerShell 5.1 cannot run, from the AST that
# pwsh's own parser builds. Prints one JSON array of "line N: what" strings.
param([Parameter(Mandatory = $true)][string]$Path)
$text = [IO.File]::ReadAllText($Path)
$tokens = $null; $parseErrors = $null
$ast = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref]$tokens, [ref]$parseErrors)
$found = New-Object System.Collections.Generic.List[string]
foreach ($e in $parseErrors) { $found.Add("line $($e.Extent.StartLineNumber): parse error: $($e.Message)") }
$ps6Cmdlets = @('Join-String', 'Get-Error', 'Test-Json', 'ConvertFrom-Markdown', 'Show-Markdown', 'Remove-Alias', 'Get-Uptime', 'Remove-Service', 'Get-MarkdownOption', 'Set-MarkdownOption')
$ps6Params = @{ 'ConvertFrom-Json' = @('AsHashtable', 'Depth', 'NoEnumerate'); 'ConvertTo-Json' = @('AsArray', 'EscapeHandling'); 'Get-Content' = @('AsByteStream'); 'Set-Content' = @('AsByteStream') }
$foreachNames = @('ForEach-Object', '%', 'foreach')
foreach ($n in $ast.FindAll({ param($x) $true }, $true)) {
  $line = $n.Extent.StartLineNumber
  $type = $n.GetType().Name
  switch ($type) {
    'TernaryExpressionAst' { $found.Add("line ${line}: ternary operator ? :") }
    'PipelineChainAst' { $found.Add("line ${line}: pipeline chain operator && or ||") }
    'BinaryExpressionAst' { if ([string]$n.Operator -eq 'QuestionQuestion') { $found.Add("line ${line}: null-coalescing operator ??") } }
    'AssignmentStatementAst' { if ([string]$n.Operator -eq 'QuestionQuestionEquals') { $found.Add("line ${line}: null-coalescing assignment ??=") } }
    'MemberExpressionAst' { if ($n.NullConditional) { $found.Add("line ${line}: null-conditional member access ?.") } }
    'InvokeMemberExpressionAst' {
      if ($n.NullConditional) { $found.Add("line ${line}: null-conditional member access ?.") }
      if ($n.Static -and $n.Expression -is [System.Management.Automation.Language.TypeExpressionAst] -and $n.Expression.TypeName.FullName -match '^(System\.)?IO\.Path$' -and [string]$n.Member.Value -eq 'Join') { $found.Add("line ${line}: [IO.Path]::Join is .NET Core only") }
    }
    'IndexExpressionAst' { if ($n.NullConditional) { $found.Add("line ${line}: null-conditional index ?[]") } }
    'ScriptBlockAst' { if ($null -ne $n.CleanBlock) { $found.Add("line ${line}: clean {} block") } }
    'CommandAst' {
      $name = $n.GetCommandName()
      if ($null -eq $name) { break }
      $params = @($n.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object { $_.ParameterName })
      if ($foreachNames -contains $name -and @($params | Where-Object { 'Parallel' -like "$_*" -or $_ -eq 'ThrottleLimit' -or $_ -eq 'AsJob' }).Count -gt 0) { $found.Add("line ${line}: ForEach-Object -Parallel") }
      if ($ps6Cmdlets -contains $name) { $found.Add("line ${line}: $name is PowerShell 6+ only") }
      if ($ps6Params.ContainsKey($name)) {
        foreach ($p in $params) { foreach ($bad in $ps6Params[$name]) { if ($bad -like "$p*" -and $p.Length -ge 2) { $found.Add("line ${line}: $name -$bad is PowerShell 6+ only") } } }
      }
    }
  }
}
ConvertTo-Json -InputObject @($found | Sort-Object -Unique) -Compress
