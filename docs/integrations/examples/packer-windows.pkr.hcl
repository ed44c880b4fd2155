# Build a Windows Server image on Azure and gate Sysprep on preseal.
# Run: packer init . && packer build -var subscription_id=... -var resource_group=... .
# Needs preseal on the machine that runs Packer: npm install --global preseal

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

  # The gate. It runs on the Packer host and lints the build VM over the same WinRM
  # endpoint Packer uses, after the last change and before Sysprep. A finding that fails
  # (exit 1) or a VM it cannot reach (exit 3) stops the build here, with the reason,
  # instead of leaving Sysprep to loop on IMAGE_STATE_UNDEPLOYABLE.
  provisioner "shell-local" {
    environment_vars = ["PRESEAL_PASSWORD=${build.Password}"]
    inline = [
      "preseal lint winrms://${build.User}@${build.Host}:${build.Port} --insecure-skip-tls-verify --generalizer sysprep --cloud azure --format pretty --format junit=preseal-windows.xml --format sarif=preseal-windows.sarif",
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
