# src/probes/windows/collectors/cloud-agents.ps1 on real files in a temporary folder. The
# agent-config.yml shapes are EC2Launch v2's (setAdminAccount with password type random/static).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
  $script:root = Join-Path ([IO.Path]::GetTempPath()) ("preseal-cloud-" + [guid]::NewGuid())
  $env:ProgramFiles = Join-Path $script:root 'Program Files'
  $env:ProgramData = Join-Path $script:root 'ProgramData'
  New-Item -ItemType Directory -Force -Path $env:ProgramFiles, $env:ProgramData | Out-Null
}
AfterAll { Remove-Item -Recurse -Force $script:root }

Describe 'Read-PresealEc2LaunchPassword' {
  It 'sees a static password without keeping it, and ignores other tasks' {
    $yml = "version: 1.0`nconfig:`n  - stage: preReady`n    tasks:`n      - task: setDnsSuffix`n        inputs:`n          password:`n            type: static`n            data: notthisone`n      - task: setAdminAccount`n        inputs:`n          name: Administrator`n          password:`n            type: static`n            data: Canary-Pa55word`n"
    $r = Read-PresealEc2LaunchPassword $yml
    $r.passwordType | Should -Be 'static'
    $r.passwordSet | Should -BeTrue
    ConvertTo-ProbeJson $r | Should -Not -Match 'Canary'
  }
  It 'reads the default random password as not set' {
    $r = Read-PresealEc2LaunchPassword "  - stage: preReady`n    tasks:`n      - task: setAdminAccount`n        inputs:`n          password:`n            type: random`n"
    $r.passwordType | Should -Be 'random'
    $r.passwordSet | Should -BeFalse
  }
}

Describe 'Get-PresealAwsAdminPasswords and Get-PresealAwsLaunchAgents' {
  It 'finds LaunchConfig.json with a specified password and never returns it' {
    $dir = Join-PresealPath $env:ProgramData 'Amazon\EC2-Windows\Launch\Config'
    New-Item -ItemType Directory -Force -Path $dir | Out-Null
    Set-Content -LiteralPath (Join-Path $dir 'LaunchConfig.json') -Value '{"setComputerName": false, "setWallpaper": true, "addDnsSuffixList": true, "extendBootVolumeSize": true, "handleUserData": true, "adminPasswordType": "Specify", "adminPassword": "Canary-Pa55word"}'
    $json = ConvertTo-ProbeJson (Get-PresealAwsAdminPasswords)
    $json | Should -Match '"agent":"EC2Launch v1","passwordType":"Specify","passwordSet":true'
    $json | Should -Not -Match 'Canary'
    (Get-PresealAwsLaunchAgents).ec2LaunchV1.present | Should -BeFalse
  }
}

Describe 'Get-PresealGoogleGuestEnvironment' {
  It 'reads the GCESysprep folder and the GCEAgent service' {
    New-Item -ItemType Directory -Force -Path (Join-PresealPath $env:ProgramFiles 'Google\Compute Engine\sysprep') | Out-Null
    Mock Get-Service { [pscustomobject]@{ Name = 'GCEAgent'; Status = 'Running'; StartType = 'Automatic' } } -ParameterFilter { $Name -eq 'GCEAgent' }
    $r = Get-PresealGoogleGuestEnvironment
    $r.sysprepFolder.present | Should -BeTrue
    $r.agent.status | Should -Be 'Running'
  }
}
