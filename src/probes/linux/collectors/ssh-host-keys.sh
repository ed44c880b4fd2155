# sshHostKeys: private host keys under /etc/ssh (stat only: their names and sizes).
c_sshHostKeys() {
  files_json '/etc/ssh/ssh_host_*_key'
  if [ -n "$UNREADABLE" ]; then need_root "$UNREADABLE"; return 1; fi
  printf '{"keys":[%s]}' "$FILES_OUT"
}
