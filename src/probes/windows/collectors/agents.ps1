function Get-PresealDefenderEndpoint {
  $atp = 'HKLM:\SOFTWARE\Microsoft\Windows Advanced Threat Protection'
  [ordered]@{
    onboardingState = Get-RegInt "$atp\Status" 'OnboardingState'
    senseGuidPresent = ($null -ne (Get-RegValue $atp 'senseGuid'))
    senseService = Read-PresealService 'Sense'
  }
}

function Get-PresealDefender {
  $policy = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows Defender'
  $am = $null; $av = $null; $rtp = $null
  if (Get-Command -Name Get-MpComputerStatus -ErrorAction SilentlyContinue) {
    try {
      $s = Get-MpComputerStatus -ErrorAction Stop
      $am = [bool]$s.AMServiceEnabled; $av = [bool]$s.AntivirusEnabled; $rtp = [bool]$s.RealTimeProtectionEnabled
    } catch { }
  }
  [ordered]@{
    disableAntiSpywarePolicy = Get-RegInt $policy 'DisableAntiSpyware'
    disableRealtimeMonitoringPolicy = Get-RegInt "$policy\Real-Time Protection" 'DisableRealtimeMonitoring'
    windefendService = Read-PresealService 'WinDefend'
    amServiceEnabled = $am; antivirusEnabled = $av; realTimeProtectionEnabled = $rtp
  }
}

function Get-PresealAzureArc {
  $himds = Read-PresealService 'himds'
  $config = Join-Path $env:ProgramData 'AzureConnectedMachineAgent\Config\agentconfig.json'
  $hasConfig = Test-Path -LiteralPath $config
  if ($null -eq $himds -and -not $hasConfig) { return New-PresealNotApplicable 'the Azure Connected Machine agent is not installed' }
  $resourceId = $null; $tenantId = $null
  if ($hasConfig) {
    $json = Get-Content -LiteralPath $config -Raw -ErrorAction Stop | ConvertFrom-Json
    if ($json.resourceId) { $resourceId = [string]$json.resourceId }
    if ($json.tenantId) { $tenantId = [string]$json.tenantId }
  }
  [ordered]@{ himds = $himds; configPath = $config; resourceId = $resourceId; tenantId = $tenantId }
}

function Get-PresealConfigMgr {
  [ordered]@{
    ccmExec = Read-PresealService 'CcmExec'
    ccmKeyPresent = Test-RegKey 'HKLM:\SOFTWARE\Microsoft\CCM'
    smsCfgIni = [bool](Test-Path -LiteralPath (Join-Path $env:WINDIR 'SMSCFG.ini'))
    smsCertificateCount = @(Get-RegSubkeyName 'HKLM:\SOFTWARE\Microsoft\SystemCertificates\SMS\Certificates').Count
  }
}

function Get-PresealMonitoringAgents {
  $services = New-Object System.Collections.ArrayList
  foreach ($name in @('HealthService', 'AzureMonitorAgent', 'MonAgentCore')) {
    $s = Read-PresealService $name
    if ($null -ne $s) { [void]$services.Add([ordered]@{ name = $name; status = $s.status; startType = $s.startType }) }
  }
  $plugins = @()
  $dir = Join-Path $env:SystemDrive 'Packages\Plugins'
  if (Test-Path -LiteralPath $dir) { $plugins = @(Get-ChildItem -LiteralPath $dir -Directory -ErrorAction Stop | ForEach-Object { [string]$_.Name } | Sort-Object) }
  [ordered]@{
    services = @($services)
    mmaManagementGroups = @(Get-RegSubkeyName 'HKLM:\SOFTWARE\Microsoft\Microsoft Operations Manager\3.0\Agent Management Groups')
    extensionPlugins = $plugins
  }
}

function Get-PresealAzureGuestAgent {
  [ordered]@{ guestAgent = Read-PresealService 'WindowsAzureGuestAgent'; rdAgent = Read-PresealService 'RdAgent' }
}
