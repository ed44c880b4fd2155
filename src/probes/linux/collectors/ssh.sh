# The SSH server: its host keys, sshd_config with the files it includes, and how sshd starts.

# sshHostKeys: private host keys under /etc/ssh (stat only: their names and sizes).
c_sshHostKeys() {
  files_json '/etc/ssh/ssh_host_*_key'
  if [ -n "$UNREADABLE" ]; then why_unreadable; return 1; fi
  printf '{"keys":[%s]}' "$FILES_OUT"
}

# sshd_include TPATH HOSTPATH: a file an Include line names, read once.
sshd_include() {
  case $done_list in *" $1 "*) return 0 ;; esac
  done_list="$done_list$1 "; next="$next $1"
  files_add "$1" "$2"
}

# sshdConfig: /etc/ssh/sshd_config and every file its Include lines name (globs and relative paths
# resolved as sshd does, against /etc/ssh), in their own format; the rules apply sshd's
# first-value-wins order. Include patterns are target text: sshd globs them, so they are globbed
# here too, but only inside the root (each_match); `..` never climbs above it.
c_sshdConfig() {
  m=$(rpath /etc/ssh/sshd_config) || { unresolved /etc/ssh/sshd_config; return 1; }
  [ -f "$m" ] || { echo 'no /etc/ssh/sshd_config'; return 3; }
  [ -r "$m" ] || { need_root /etc/ssh/sshd_config; return 1; }
  files_json -c /etc/ssh/sshd_config
  done_list=' /etc/ssh/sshd_config '; todo=/etc/ssh/sshd_config; rounds=0
  while [ -n "$todo" ] && [ "$rounds" -lt 8 ]; do
    rounds=$((rounds + 1)); next=''
    set -f
    for p in $todo; do
      h=$(rpath "$p") || continue
      [ -r "$h" ] || continue
      pats=$(sed -n 's/^[[:space:]]*[Ii][Nn][Cc][Ll][Uu][Dd][Ee][[:space:]]\{1,\}//p' "$h")
      set --
      for pat in $pats; do case $pat in /*) ;; *) pat="/etc/ssh/$pat" ;; esac; set -- "$@" "$pat"; done
      set +f
      each_match sshd_include "$@"
      set -f
    done
    set +f
    todo=$next
  done
  printf '{"files":[%s],"unreadable":[%s]}' "$FILES_OUT" "$UNREADABLE_JSON"
}

# sshService: the sshd binary and the links that start it at boot (systemd, SysV, OpenRC).
c_sshService() {
  printf '{"binaries":[%s],"enabled":[%s]}' "$(paths_json /usr/sbin/sshd /usr/bin/sshd /sbin/sshd)" \
    "$(paths_json '/etc/systemd/system/*.wants/ssh.service' '/etc/systemd/system/*.wants/sshd.service' \
      '/etc/systemd/system/*.wants/ssh.socket' '/etc/systemd/system/*.wants/sshd.socket' /etc/systemd/system/sshd.service \
      '/etc/rc[2345].d/S*ssh' '/etc/rc[2345].d/S*sshd' /etc/runlevels/default/sshd)"
}
