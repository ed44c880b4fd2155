# Sysprep "cannot be run under the context of a System account" and "Only an administrator can run
# Sysprep" (Sysprep overview, Sysprep process overview).
function Get-PresealIdentity {
  $id = [Security.Principal.WindowsIdentity]::GetCurrent()
  [ordered]@{
    name = [string]$id.Name
    sid = [string]$id.User.Value
    isSystem = [bool]($id.IsSystem -or $id.User.Value -eq 'S-1-5-18')
    isElevatedAdmin = Test-PresealElevated
  }
}
