# Registry side of NetGetAadJoinInformation (DSREG_JOIN_INFO); read-only and not localized.
function Get-PresealEntraJoin {
  Assert-PresealRegistry
  $base = 'HKLM:\SYSTEM\CurrentControlSet\Control\CloudDomainJoin'
  $joins = New-Object System.Collections.ArrayList
  foreach ($k in (Get-RegSubkeyName "$base\JoinInfo")) {
    $p = "$base\JoinInfo\$k"
    [void]$joins.Add([ordered]@{ key = "HKLM\SYSTEM\CurrentControlSet\Control\CloudDomainJoin\JoinInfo\$k"; tenantId = Get-RegString $p 'TenantId'; userEmail = Get-RegString $p 'UserEmail' })
  }
  $tenants = New-Object System.Collections.ArrayList
  foreach ($k in (Get-RegSubkeyName "$base\TenantInfo")) {
    $p = "$base\TenantInfo\$k"
    [void]$tenants.Add([ordered]@{ tenantId = [string]$k; displayName = Get-RegString $p 'DisplayName'; mdmEnrollmentUrl = Get-RegString $p 'MdmEnrollmentUrl' })
  }
  [ordered]@{ joins = @($joins); tenants = @($tenants) }
}

function Get-PresealMdmEnrollment {
  $base = 'HKLM:\SOFTWARE\Microsoft\Enrollments'
  Assert-PresealRegistry 'HKLM:\SOFTWARE\Microsoft'
  $list = New-Object System.Collections.ArrayList
  foreach ($k in (Get-RegSubkeyName $base)) {
    # Enrollment IDs are GUIDs; sibling keys such as Context or Status are not enrollments.
    if ($k -notmatch '^\{?[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}\}?$') { continue }
    $p = "$base\$k"
    [void]$list.Add([ordered]@{
      key = "HKLM\SOFTWARE\Microsoft\Enrollments\$k"
      enrollmentState = Get-RegInt $p 'EnrollmentState'
      enrollmentType = Get-RegInt $p 'EnrollmentType'
      providerId = Get-RegString $p 'ProviderID'
      upn = Get-RegString $p 'UPN'
    })
  }
  $accounts = @(Get-RegSubkeyName 'HKLM:\SOFTWARE\Microsoft\Provisioning\OMADM\Accounts' | ForEach-Object { "HKLM\SOFTWARE\Microsoft\Provisioning\OMADM\Accounts\$_" })
  [ordered]@{ enrollments = @($list); omadmAccounts = @($accounts) }
}
