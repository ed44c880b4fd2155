# src/probes/windows/collectors/answer-files.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealAnswerFiles' {
  BeforeEach {
    $tree = New-FakeWindowsTree (Join-Path $TestDrive ([guid]::NewGuid()))
    Set-FakeRegistry @{ 'HKLM:\SYSTEM\Setup' = @{ } }
  }
  It 'records secret elements and sysprep commands, never values' {
    $xml = @'
<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
  <settings pass="specialize">
    <component name="Microsoft-Windows-Deployment" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <RunSynchronous>
        <RunSynchronousCommand wcm:action="add"><Order>1</Order><Path>C:\Windows\System32\Sysprep\sysprep.exe /generalize /oobe /mode:vm</Path></RunSynchronousCommand>
        <RunSynchronousCommand wcm:action="add"><Order>2</Order><Path>cmd /c echo hi</Path></RunSynchronousCommand>
      </RunSynchronous>
    </component>
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <ProductKey>VK7JG-NPHTM-C97JM-9MPGT-3V66T</ProductKey>
    </component>
  </settings>
  <settings pass="oobeSystem">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <UserAccounts>
        <AdministratorPassword><Value>UABhAHMAcwB3AG8AcgBkAA==</Value><PlainText>false</PlainText></AdministratorPassword>
        <LocalAccounts><LocalAccount wcm:action="add"><Password><Value></Value><PlainText>true</PlainText></Password><Name>empty</Name></LocalAccount></LocalAccounts>
      </UserAccounts>
      <AutoLogon><Password><Value>Hunter2!</Value><PlainText>true</PlainText></Password><Enabled>true</Enabled><Username>Administrator</Username></AutoLogon>
    </component>
  </settings>
</unattend>
'@
    Set-Content -LiteralPath (Join-Path $tree.Windows 'Panther/Unattend.xml') -Value $xml
    $r = Get-PresealAnswerFiles
    $r.files.Count | Should -Be 1
    $f = $r.files[0]
    $f.error | Should -BeNullOrEmpty
    $f.source | Should -Be 'implicit search location'
    $elements = @($f.secrets | ForEach-Object { $_.element })
    $elements | Should -Contain 'Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword'
    $elements | Should -Contain 'Microsoft-Windows-Shell-Setup/AutoLogon/Password'
    $elements | Should -Contain 'Microsoft-Windows-Shell-Setup/ProductKey'
    $elements.Count | Should -Be 3
    ($f.secrets | Where-Object { $_.element -like '*AdministratorPassword' }).plainText | Should -BeFalse
    ($f.secrets | Where-Object { $_.element -like '*AdministratorPassword' }).pass | Should -Be 'oobeSystem'
    $f.sysprepCommands.Count | Should -Be 1
    $f.sysprepCommands[0].element | Should -Be 'Microsoft-Windows-Deployment/RunSynchronous/RunSynchronousCommand/Path'
    $f.sysprepCommands[0].pass | Should -Be 'specialize'
    $json = ConvertTo-ProbeJson $r
    $json | Should -Not -Match 'Hunter2'
    $json | Should -Not -Match 'UABhAHMA'
    $json | Should -Not -Match 'VK7JG'
  }
  It 'records the domain-join secrets of Microsoft''s own UnattendedJoin samples, which are plain strings' {
    # The Identification and OfflineIdentification XML examples of the unattend reference
    # (learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-unattendedjoin-identification-credentials-password,
    # .../microsoft-windows-unattendedjoin-offlineidentification), each inside its component.
    $xml = @'
<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
  <settings pass="offlineServicing">
    <component name="Microsoft-Windows-UnattendedJoin" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <OfflineIdentification>
         <Provisioning>
            <AccountData>BASE64-ENCODED-BLOB</AccountData>
         </Provisioning>
      </OfflineIdentification>
    </component>
  </settings>
  <settings pass="specialize">
    <component name="Microsoft-Windows-UnattendedJoin" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <Identification>
         <Credentials>
            <Domain>fabrikam.com</Domain>
            <Password>MyPassword</Password>
            <Username>MyUserName</Username>
         </Credentials>
         <JoinDomain>fabrikam.com</JoinDomain>
         <MachinePassword>ComputerPassword</MachinePassword>
      </Identification>
    </component>
  </settings>
</unattend>
'@
    Set-Content -LiteralPath (Join-Path $tree.Windows 'Panther/Unattend.xml') -Value $xml
    $f = (Get-PresealAnswerFiles).files[0]
    $f.error | Should -BeNullOrEmpty
    @($f.secrets | ForEach-Object { "$($_.pass) $($_.element) $($_.plainText)" }) | Should -Be @(
      'offlineServicing Microsoft-Windows-UnattendedJoin/OfflineIdentification/Provisioning/AccountData True',
      'specialize Microsoft-Windows-UnattendedJoin/Identification/Credentials/Password True',
      'specialize Microsoft-Windows-UnattendedJoin/Identification/MachinePassword True'
    )
    $json = ConvertTo-ProbeJson $f
    $json | Should -Not -Match 'MyPassword'
    $json | Should -Not -Match 'ComputerPassword'
    $json | Should -Not -Match 'BASE64-ENCODED-BLOB'
  }
  It 'follows the UnattendFile pointer and reports unparsable files' {
    $p = Join-Path $tree.Drive 'custom.xml'
    Set-Content -LiteralPath $p -Value '<unattend><broken>'
    Set-FakeRegistry @{ 'HKLM:\SYSTEM\Setup' = @{ UnattendFile = $p } }
    $r = Get-PresealAnswerFiles
    $r.files[0].source | Should -Be 'HKLM\SYSTEM\Setup UnattendFile'
    $r.files[0].error | Should -Not -BeNullOrEmpty
  }
  It 'refuses DTDs' {
    Set-Content -LiteralPath (Join-Path $tree.Windows 'System32/Sysprep/Unattend.xml') -Value '<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]><unattend>&x;</unattend>'
    $r = Get-PresealAnswerFiles
    $r.files[0].error | Should -Match 'DTD'
  }
  It 'gives an empty list when there is none' {
    ConvertTo-ProbeJson (Get-PresealAnswerFiles) | Should -Be '{"files":[]}'
  }
}
