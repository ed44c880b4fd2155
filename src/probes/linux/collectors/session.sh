# humanAccounts and session: who would ship in the image and who runs the probe (L023, L025, L026).

# humanAccounts: /etc/passwd accounts in the regular-user uid range (1000-65533).
c_humanAccounts() {
  f=$(rpath /etc/passwd) || { echo '/etc/passwd: symlink loop'; return 1; }
  [ -f "$f" ] || { echo '/etc/passwd is missing'; return 1; }
  [ -r "$f" ] || { need_root /etc/passwd; return 1; }
  sep=''
  printf '{"path":"/etc/passwd","accounts":['
  while IFS=: read -r name _pw uid _gid _gecos home shell; do
    case $name in ''|'#'*|+*|-*) continue ;; esac
    case $uid in ''|*[!0-9]*) continue ;; esac
    [ "$uid" -ge 1000 ] && [ "$uid" -lt 65534 ] || continue
    printf '%s{"name":%s,"uid":%s,"home":%s,"shell":%s}' "$sep" "$(json_str "$name")" "$uid" "$(json_str "$home")" "$(json_str "$shell")"
    sep=','
  done < "$f"
  printf ']}'
}

# session (live only): the user running the probe, the sudo caller, users with a login session
# (the audit login uid of running processes, /proc/*/loginuid) and the probe's ancestor processes.
c_session() {
  [ "$LIVE" = 1 ] || { echo 'an offline root has no running session'; return 3; }
  users=$(for l in /proc/[0-9]*/loginuid; do read -r u < "$l" 2>/dev/null && [ "$u" != 4294967295 ] && echo "$u"; done | sort -u)
  logins=''
  for u in $users; do
    n=$(awk -F: -v u="$u" '$3 == u { print $1; exit }' /etc/passwd 2>/dev/null)
    logins="$logins${logins:+,}$(json_str "${n:-$u}")"
  done
  anc=''; p=$$; hops=0
  while [ -n "$p" ] && [ "$p" -gt 1 ] && [ "$hops" -lt 64 ]; do
    hops=$((hops + 1))
    [ -r "/proc/$p/status" ] || break
    name=$(sed -n 's/^Name:[[:space:]]*//p' "/proc/$p/status")
    cmd=$(tr '\000' ' ' < "/proc/$p/cmdline" 2>/dev/null | sed 's/ $//')
    anc="$anc${anc:+,}{\"pid\":$p,\"name\":$(json_str "$name"),\"cmdline\":$(json_str "$cmd")}"
    p=$(sed -n 's/^PPid:[[:space:]]*//p' "/proc/$p/status")
  done
  printf '{"user":%s,"uid":%s,"sudoUser":%s,"loginUsers":[%s],"ancestors":[%s]}' \
    "$(json_str "$(id -un 2>/dev/null)")" "$(json_num "$(id -u 2>/dev/null)")" "$(json_str "${SUDO_USER:-}")" "$logins" "$anc"
}
