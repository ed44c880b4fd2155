# src/probes/windows/collectors/entra-mdm.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealEntraJoin and Get-PresealMdmEnrollment' {
  It 'reads CloudDomainJoin JoinInfo and TenantInfo' {
    Set-FakeRegistry @{
      'HKLM:\SYSTEM\CurrentControlSet\Control\CloudDomainJoin\JoinInfo\8C3A1B2D4E5F60718293A4B5C6D7E8F901234567' = @{ TenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47'; UserEmail = 'builder@contoso.com' }
      'HKLM:\SYSTEM\CurrentControlSet\Control\CloudDomainJoin\TenantInfo\72f988bf-86f1-41af-91ab-2d7cd011db47' = @{ DisplayName = 'Contoso'; MdmEnrollmentUrl = 'https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc' }
    }
    $r = Get-PresealEntraJoin
    $r.joins.Count | Should -Be 1
    $r.joins[0].key | Should -Be 'HKLM\SYSTEM\CurrentControlSet\Control\CloudDomainJoin\JoinInfo\8C3A1B2D4E5F60718293A4B5C6D7E8F901234567'
    $r.tenants[0].displayName | Should -Be 'Contoso'
  }
  It 'reports no join on a machine with the registry but no CloudDomainJoin' {
    Set-FakeRegistry @{ 'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa' = @{ } }
    ConvertTo-ProbeJson (Get-PresealEntraJoin) | Should -Be '{"joins":[],"tenants":[]}'
  }
  It 'fails when the registry is not there at all' {
    Set-FakeRegistry @{ }
    { Get-PresealEntraJoin } | Should -Throw '*not readable*'
  }
  It 'reads GUID enrollments and skips sibling keys' {
    Set-FakeRegistry @{
      'HKLM:\SOFTWARE\Microsoft\Enrollments\{0B5A2A41-8E36-4D9C-9C6B-6F0E2A3B4C5D}' = @{ EnrollmentState = 1; EnrollmentType = 6; ProviderID = 'MS DM Server'; UPN = 'builder@contoso.com' }
      'HKLM:\SOFTWARE\Microsoft\Enrollments\Context' = @{ }
      'HKLM:\SOFTWARE\Microsoft\Provisioning\OMADM\Accounts\{0B5A2A41-8E36-4D9C-9C6B-6F0E2A3B4C5D}' = @{ }
    }
    $r = Get-PresealMdmEnrollment
    @($r.enrollments).Count | Should -Be 1
    $r.enrollments[0].providerId | Should -Be 'MS DM Server'
    $r.enrollments[0].enrollmentState | Should -Be 1
    $r.omadmAccounts[0] | Should -Be 'HKLM\SOFTWARE\Microsoft\Provisioning\OMADM\Accounts\{0B5A2A41-8E36-4D9C-9C6B-6F0E2A3B4C5D}'
  }
}
