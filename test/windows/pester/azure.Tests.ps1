# src/probes/windows/collectors/azure.ps1 under real pwsh.
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealAzureAgentServices' {
  It 'gives each VM Agent service with Status and StartType, null for the telemetry service a current agent does not install' {
    Mock Get-Service { [pscustomobject]@{ Name = 'WindowsAzureGuestAgent'; Status = 'Running'; StartType = 'Automatic' } } -ParameterFilter { $Name -eq 'WindowsAzureGuestAgent' }
    Mock Get-Service { [pscustomobject]@{ Name = 'RdAgent'; Status = 'StartPending'; StartType = 'Automatic' } } -ParameterFilter { $Name -eq 'RdAgent' }
    Mock Get-Service {
      Write-Error -Message "Cannot find any service with service name 'WindowsAzureTelemetryService'." -ErrorId 'NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.GetServiceCommand' -Category ObjectNotFound
    } -ParameterFilter { $Name -eq 'WindowsAzureTelemetryService' }
    ConvertTo-ProbeJson (Get-PresealAzureAgentServices) | Should -Be (
      '{"services":[{"name":"WindowsAzureGuestAgent","service":{"status":"Running","startType":"Automatic"}},' +
      '{"name":"RdAgent","service":{"status":"StartPending","startType":"Automatic"}},{"name":"WindowsAzureTelemetryService","service":null}]}')
  }
  It 'fails when the Service Control Manager cannot be read, so W054 is unknown rather than passing' {
    Mock Get-Service { Write-Error -Message 'Cannot open Service Control Manager on computer ''.''.' -ErrorId 'CouldNotGetServiceInfo,Microsoft.PowerShell.Commands.GetServiceCommand' -Category PermissionDenied }
    { Get-PresealAzureAgentServices } | Should -Throw '*Service Control Manager*'
  }
}
