# Device policies that break provisioning: the removable-storage deny policy (RemovableStorage.admx).

function Get-PresealRemovableStoragePolicy {
  Assert-PresealRegistry 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
  $key = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\RemovableStorageDevices'
  [ordered]@{
    denyAll = Get-RegInt $key 'Deny_All'
    # The CD and DVD class ({53f56308-b6bf-11d0-94f2-00a0c91efb8b}): Azure delivers provisioning data on a DVD.
    cdDvdDenyRead = Get-RegInt "$key\{53f56308-b6bf-11d0-94f2-00a0c91efb8b}" 'Deny_Read'
  }
}
