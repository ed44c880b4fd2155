# Build a Windows Server image on Azure and gate Sysprep on preseal, run on the VM itself.
# Run: packer init . && packer build -var subscription_id=... -var resource_group=... -var preseal_sha256=... .
# preseal_sha256 is the line for preseal-win-x64.exe in the release's SHA256SUMS.

packer {
  required_plugins {
    azure = {
      source  = "github.com/hashicorp/azure"
      version = "~> 2"
    }
  }
}

variable "subscription_id" {
  type = string
}

variable "resource_group" {
  type        = string
  description = "Resource group that receives the managed image"
}

variable "image_name" {
  type    = string
  default = "win2022-base"
}

variable "preseal_version" {
  type    = string
  default = "0.1.0"
}

variable "preseal_sha256" {
  type        = string
  description = "SHA-256 of preseal-win-x64.exe for preseal_version, from the release's SHA256SUMS"
}

source "azure-arm" "windows" {
  use_azure_cli_auth                = true
  subscription_id                   = var.subscription_id
  managed_image_resource_group_name = var.resource_group
  managed_image_name                = var.image_name
  location                          = "westeurope"
  vm_size                           = "Standard_D2s_v5"

  os_type         = "Windows"
  image_publisher = "MicrosoftWindowsServer"
  image_offer     = "WindowsServer"
  image_sku       = "2022-datacenter-g2"

  communicator   = "winrm"
  winrm_use_ssl  = true
  winrm_insecure = true
  winrm_timeout  = "10m"
  winrm_username = "packer"
}

build {
  sources = ["source.azure-arm.windows"]

  provisioner "powershell" {
    inline = [
      "Install-WindowsFeature -Name Web-Server -IncludeManagementTools",
    ]
  }

  # Fetch the pinned release on the Packer host and check it before it goes near the VM.
  provisioner "shell-local" {
    inline = [
      "curl -fsSL -o preseal-win-x64.exe https://github.com/preseal/preseal/releases/download/v${var.preseal_version}/preseal-win-x64.exe",
      "echo '${var.preseal_sha256}  preseal-win-x64.exe' | sha256sum -c -",
    ]
  }

  provisioner "file" {
    source      = "preseal-win-x64.exe"
    destination = "C:/Windows/Temp/preseal.exe"
  }

  # The gate. preseal.exe is one file with no Node.js: it lints the VM it runs on with
  # Windows PowerShell 5.1, after the last change and before Sysprep; preseal itself opens
  # no connection to the VM. It is removed after, so nothing of the gate stays in the image; a
  # finding that fails (exit 1) or a probe that cannot run (exit 3) stops the build here,
  # with the findings in the Packer log, instead of leaving Sysprep to loop on
  # IMAGE_STATE_UNDEPLOYABLE.
  provisioner "powershell" {
    inline = [
      "C:\\Windows\\Temp\\preseal.exe lint local --generalizer sysprep --cloud azure --format pretty; $code = $LASTEXITCODE",
      "Remove-Item -Force C:\\Windows\\Temp\\preseal.exe",
      "exit $code",
    ]
  }

  # Generalize, as the azure-arm builder documentation gives it.
  provisioner "powershell" {
    inline = [
      "while ((Get-Service RdAgent).Status -ne 'Running') { Start-Sleep -s 5 }",
      "while ((Get-Service WindowsAzureGuestAgent).Status -ne 'Running') { Start-Sleep -s 5 }",
      "& $env:SystemRoot\\System32\\Sysprep\\Sysprep.exe /oobe /generalize /quiet /quit /mode:vm",
      "while($true) { $imageState = Get-ItemProperty HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State | Select ImageState; if($imageState.ImageState -ne 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE') { Write-Output $imageState.ImageState; Start-Sleep -s 10 } else { break } }",
    ]
  }
}
