# Build an Ubuntu image on Azure and gate waagent -deprovision+user on preseal.
# Run: packer init . && packer build -var subscription_id=... -var resource_group=... .
# Needs preseal on the machine that runs Packer, pinned: see packer.md (preseal-linux-x64 checked against SHA256SUMS).

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
  default = "ubuntu2404-base"
}

source "azure-arm" "linux" {
  use_azure_cli_auth                = true
  subscription_id                   = var.subscription_id
  managed_image_resource_group_name = var.resource_group
  managed_image_name                = var.image_name
  location                          = "westeurope"
  vm_size                           = "Standard_D2s_v5"

  os_type         = "Linux"
  image_publisher = "Canonical"
  image_offer     = "ubuntu-24_04-lts"
  image_sku       = "server"

  communicator = "ssh"
  ssh_username = "packer"
}

build {
  sources = ["source.azure-arm.linux"]

  provisioner "shell" {
    execute_command = "chmod +x {{ .Path }}; {{ .Vars }} sudo -E sh '{{ .Path }}'"
    inline = [
      "apt-get update",
      "DEBIAN_FRONTEND=noninteractive apt-get install -y nginx",
    ]
  }

  # The gate. It runs on the Packer host and lints the build VM over SSH with the key
  # Packer generated for this build, after the last change and before deprovisioning.
  # The host key is recorded in a throw-away known_hosts file: the VM is new every build.
  # A finding that fails (exit 1) or a VM it cannot reach (exit 3) stops the build here.
  provisioner "shell-local" {
    environment_vars = ["PRESEAL_SSH_KEY=${build.SSHPrivateKey}"]
    inline = [
      "key=$(mktemp) && trap 'rm -f \"$key\" \"$key.known_hosts\"' EXIT",
      "printf '%s\\n' \"$PRESEAL_SSH_KEY\" > \"$key\"",
      "preseal lint ssh://${build.User}@${build.Host}:${build.Port} --identity \"$key\" --known-hosts \"$key.known_hosts\" --accept-new-host-key --sudo --generalizer waagent+user --cloud azure --format pretty --format junit=preseal-linux.xml --format sarif=preseal-linux.sarif",
    ]
  }

  # Generalize, as the azure-arm builder documentation gives it.
  provisioner "shell" {
    execute_command = "chmod +x {{ .Path }}; {{ .Vars }} sudo -E sh '{{ .Path }}'"
    inline_shebang  = "/bin/sh -x"
    inline = [
      "/usr/sbin/waagent -force -deprovision+user && export HISTSIZE=0 && sync",
    ]
  }
}
