# sshdConfig: /etc/ssh/sshd_config and every file its Include lines name (globs and relative paths
# resolved as sshd does, against /etc/ssh), in their own format; the rules apply sshd's
# first-value-wins order.
c_sshdConfig() {
  m=$(rpath /etc/ssh/sshd_config) || m=$R/etc/ssh/sshd_config
  [ -f "$m" ] || { echo 'no /etc/ssh/sshd_config'; return 3; }
  [ -r "$m" ] || { x_need_root /etc/ssh/sshd_config; return 1; }
  X_UNREADABLE=''
  printf '{"files":['
  X_SEP=''; x_files_json "$R/etc/ssh/sshd_config"
  done_list=' /etc/ssh/sshd_config '; todo=/etc/ssh/sshd_config; rounds=0
  while [ -n "$todo" ] && [ "$rounds" -lt 8 ]; do
    rounds=$((rounds + 1)); next=''
    for p in $todo; do
      h=$(rpath "$p") || continue
      [ -r "$h" ] || continue
      pats=$(sed -n 's/^[[:space:]]*[Ii][Nn][Cc][Ll][Uu][Dd][Ee][[:space:]]\{1,\}//p' "$h")
      set -f; abs=''
      for pat in $pats; do case $pat in /*) ;; *) pat="/etc/ssh/$pat" ;; esac; abs="$abs $R$pat"; done
      set +f
      for f in $abs; do
        [ -e "$f" ] || continue
        q=$(tpath "$f")
        case $done_list in *" $q "*) continue ;; esac
        done_list="$done_list$q "; next="$next $q"
        x_files_json "$f"
      done
    done
    todo=$next
  done
  printf '],"unreadable":[%s]}' "$X_UNREADABLE"
}

# sshService: the sshd binary and the links that start it at boot (systemd, SysV, OpenRC).
c_sshService() {
  printf '{"binaries":[%s],"enabled":[%s]}' "$(x_paths_json "$R/usr/sbin/sshd" "$R/usr/bin/sshd" "$R/sbin/sshd")" \
    "$(x_paths_json "$R"/etc/systemd/system/*.wants/ssh.service "$R"/etc/systemd/system/*.wants/sshd.service \
      "$R"/etc/systemd/system/*.wants/ssh.socket "$R"/etc/systemd/system/*.wants/sshd.socket "$R"/etc/systemd/system/sshd.service \
      "$R"/etc/rc[2345].d/S*ssh "$R"/etc/rc[2345].d/S*sshd "$R"/etc/runlevels/default/sshd)"
}
