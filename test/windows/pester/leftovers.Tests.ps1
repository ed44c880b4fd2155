# src/probes/windows/collectors/leftovers.ps1 on real files in a temporary folder.
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
  $script:root = Join-Path ([IO.Path]::GetTempPath()) ("preseal-leftovers-" + [guid]::NewGuid())
  $tree = New-FakeWindowsTree $script:root
  $env:SystemRoot = $tree.Windows
  $env:ProgramData = Join-Path $tree.Drive 'ProgramData'
  New-Item -ItemType Directory -Force -Path (Join-Path $tree.Windows 'Temp'), (Join-Path $tree.Windows 'Minidump'), (Join-PresealPath $env:ProgramData 'Microsoft\Windows\WER\ReportArchive\AppCrash_x') | Out-Null
  Set-Content -LiteralPath (Join-Path $tree.Windows 'Temp/setup.log') -Value 'installer log'
  Set-Content -LiteralPath (Join-Path $tree.Windows 'Minidump/112625-01.dmp') -Value 'MDMP'
  Set-Content -LiteralPath (Join-Path $tree.Windows 'Minidump/readme.txt') -Value 'not a dump'
  Set-Content -LiteralPath (Join-PresealPath $env:ProgramData 'Microsoft\Windows\WER\ReportArchive\AppCrash_x\Report.wer') -Value 'Version=1'
  $script:tree = $tree
}
AfterAll { Remove-Item -Recurse -Force $script:root }

Describe 'Get-PresealBuildLeftovers' {
  It 'counts temp files, WER reports and dumps per location, and skips empty ones' {
    $userHome = Join-Path $script:tree.Drive 'Users/packer'
    New-Item -ItemType Directory -Force -Path (Join-PresealPath $userHome 'AppData\Local\Temp') | Out-Null
    Set-FakeRegistry @{
      'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\S-1-5-21-1004336348-1177238915-682003330-1001' = @{ ProfileImagePath = $userHome }
      'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\S-1-5-18' = @{ ProfileImagePath = '%systemroot%\system32\config\systemprofile' }
    }
    $r = Get-PresealBuildLeftovers
    $byPath = @{}; foreach ($l in $r.locations) { $byPath[$l.path] = $l }
    $byPath[(Join-PresealPath $script:tree.Windows 'Temp')].files | Should -Be 1
    $byPath[(Join-PresealPath $script:tree.Windows 'Minidump')].files | Should -Be 1
    $byPath[(Join-PresealPath $script:tree.Windows 'Minidump')].kind | Should -Be 'dump'
    $byPath[(Join-PresealPath $env:ProgramData 'Microsoft\Windows\WER\ReportArchive')].kind | Should -Be 'wer'
    @($r.locations).Count | Should -Be 3
  }
}
