# session: who runs the probe (L023, L026). The accounts in the image are read once, by accounts.sh.

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
