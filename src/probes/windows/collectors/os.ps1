function Get-PresealOs {
  $os = Get-CimInstance -ClassName Win32_OperatingSystem -ErrorAction Stop
  [ordered]@{ name = [string]$os.Caption; version = [string]$os.Version; build = [string]$os.BuildNumber; arch = [string]$os.OSArchitecture }
}
