# Sysprep "cannot be run under the context of a System account" and "Only an administrator can run
# Sysprep" (Sysprep overview, Sysprep process overview).
function Get-PresealIdentity {
  $id = [Security.Principal.WindowsIdentity]::GetCurrent()
  $principal = New-Object Security.Principal.WindowsPrincipal($id)
  [ordered]@{
    name = [string]$id.Name
    sid = [string]$id.User.Value
    isSystem = [bool]($id.IsSystem -or $id.User.Value -eq 'S-1-5-18')
    isElevatedAdmin = [bool]$principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
  }
}

# "Only one instance of Sysprep can run at a time."
function Get-PresealSysprepProcesses {
  $list = New-Object System.Collections.ArrayList
  foreach ($p in @(Get-CimInstance -ClassName Win32_Process -Filter "Name='sysprep.exe'" -ErrorAction Stop)) {
    [void]$list.Add([ordered]@{ pid = [int]$p.ProcessId; path = ConvertTo-PresealString $p.ExecutablePath; commandLine = ConvertTo-PresealString $p.CommandLine })
  }
  [ordered]@{ processes = @($list) }
}
