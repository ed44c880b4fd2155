# The AWS and Google guest agents: whether the Google agent is installed and enabled, and the
# identity amazon-ssm-agent, the Google agent and OS Login keep (rules L085-L088).

# googleGuestAgent: the agent's binaries, its units and their enabled links (guest-agent's
# google-guest-agent.service and, from 2024, google-guest-agent-manager.service).
c_googleGuestAgent() {
  PATHS_OUT=''
  each_match paths_add /usr/bin/google_guest_agent /usr/bin/google_guest_agent_manager
  bins=$PATHS_OUT; PATHS_OUT=''
  each_match paths_add '/etc/systemd/system/google-guest-agent*.service' '/usr/lib/systemd/system/google-guest-agent*.service' '/lib/systemd/system/google-guest-agent*.service'
  units=$PATHS_OUT; PATHS_OUT=''
  each_match paths_add '/etc/systemd/system/*.wants/google-guest-agent.service' '/etc/systemd/system/*.wants/google-guest-agent-manager.service'
  enabled=$PATHS_OUT; PATHS_OUT=''
  # The legacy Python guest environment (compute-image-packages' python-google-compute-engine,
  # deprecated in 2020): its daemons' entry points and units.
  each_match paths_add /usr/bin/google_accounts_daemon /usr/bin/google_clock_skew_daemon /usr/bin/google_network_daemon /usr/bin/google_instance_setup \
    '/etc/systemd/system/google-accounts-daemon.service' '/lib/systemd/system/google-accounts-daemon.service' '/usr/lib/systemd/system/google-accounts-daemon.service'
  if [ -n "$UNREADABLE" ]; then why_unreadable; return 1; fi
  printf '{"binaries":[%s],"units":[%s],"enabled":[%s],"legacy":[%s]}' "$bins" "$units" "$enabled" "$PATHS_OUT"
}

# ssmAgentState: amazon-ssm-agent's per-machine identity (agent/agent.go registrationFile,
# agent/managedInstances/vault/fsvault: Vault/Store/<key>, appconfig DefaultEC2SharedCredentialsFilePath).
c_ssmAgentState() {
  files_group /var/lib/amazon/ssm/registration '/var/lib/amazon/ssm/Vault/Store/*' /var/lib/amazon/ssm/credentials
}

# googleGuestState: the guest agent's google_users file (cfg.DataPathPrefix + /google/google_users),
# OS Login's per-user sudoers and sshd files (guest-oslogin src/oslogin_utils.cc kSudoersDir,
# kUsersDir) and its NSS caches (src/include/compat.h).
c_googleGuestState() {
  files_group /var/lib/google/google_users '/var/google-sudoers.d/*' '/var/google-users.d/*' '/etc/oslogin_passwd.cache*' '/etc/oslogin_group.cache*'
}
