# localAccounts: /etc/passwd (name, uid, gid, home, shell).
c_localAccounts() {
  f=$(rpath /etc/passwd) || { echo '/etc/passwd: symlink loop'; return 1; }
  [ -f "$f" ] || { echo '/etc/passwd is missing'; return 1; }
  [ -r "$f" ] || { x_need_root /etc/passwd; return 1; }
  sep=''
  printf '{"path":"/etc/passwd","users":['
  while IFS=: read -r name _pw uid gid _gecos home shell; do
    case $name in ''|'#'*|+*|-*) continue ;; esac
    case $uid in ''|*[!0-9]*) continue ;; esac
    case $gid in ''|*[!0-9]*) gid=0 ;; esac
    printf '%s{"name":%s,"uid":%s,"gid":%s,"home":%s,"shell":%s}' "$sep" "$(json_str "$name")" "$uid" "$gid" "$(json_str "$home")" "$(json_str "$shell")"
    sep=','
  done < "$f"
  printf ']}'
}

# passwordHashes: the state of each /etc/shadow password field (never the hash itself), and the
# accounts whose hashes survive in the /etc/shadow- and /etc/gshadow- backups.
c_passwordHashes() {
  f=$(rpath /etc/shadow) || { echo '/etc/shadow: symlink loop'; return 1; }
  [ -f "$f" ] || { echo '/etc/shadow is missing'; return 1; }
  [ -r "$f" ] || { x_need_root /etc/shadow; return 1; }
  sep=''
  printf '{"path":"/etc/shadow","entries":['
  while IFS=: read -r name pw _rest; do
    case $name in ''|'#'*) continue ;; esac
    case $pw in '') state=empty ;; '!'*|'*'*) state=locked ;; *) state=hash ;; esac
    printf '%s{"name":%s,"state":"%s"}' "$sep" "$(json_str "$name")" "$state"
    sep=','
  done < "$f"
  printf '],"backups":['
  sep=''
  for p in /etc/shadow- /etc/gshadow-; do
    b=$(rpath "$p") || continue
    [ -f "$b" ] || continue
    [ -r "$b" ] || { x_need_root "$p"; return 1; }
    printf '%s{"path":"%s","hashed":[' "$sep" "$p"
    s2=''
    while IFS=: read -r name pw _rest; do
      case $pw in '$'*|'!$'*|'!!$'*) printf '%s%s' "$s2" "$(json_str "$name")"; s2=',' ;; esac
    done < "$b"
    printf ']}'; sep=','
  done
  printf ']}'
}

# sudoersEntries: the user names that start a rule in /etc/sudoers and /etc/sudoers.d/* (aliases,
# %groups, Defaults and includes left out). sudo skips sudoers.d names ending in ~ or with a dot.
c_sudoersEntries() {
  d=$(rpath /etc/sudoers.d) || d=$R/etc/sudoers.d
  if [ -d "$d" ] && { [ ! -r "$d" ] || [ ! -x "$d" ]; }; then x_need_root /etc/sudoers.d; return 1; fi
  sep=''
  printf '{"entries":['
  for f in "$R/etc/sudoers" "$d"/*; do
    [ -f "$f" ] || continue
    case ${f##*/} in *~|*.*) continue ;; esac
    case $f in "$d"/*) p="/etc/sudoers.d/${f##*/}" ;; *) p=/etc/sudoers ;; esac
    [ -r "$f" ] || { x_need_root "$p"; return 1; }
    pj=$(json_str "$p")
    out=$(P="$pj" awk '
      function j(s,  o, i, ch) { o = ""; for (i = 1; i <= length(s); i++) { ch = substr(s, i, 1)
          if (ch == "\\" || ch == "\"") o = o "\\" ch; else if (ch >= " ") o = o ch }
        return "\"" o "\"" }
      { line = $0; n = NR
        while (line ~ /\\$/ && (getline more) > 0) line = substr(line, 1, length(line) - 1) " " more }
      line ~ /^[[:space:]]*(#|$)/ { next }
      { split(line, w, /[[:space:]]+/); first = w[1]; if (first == "") first = w[2]
        if (first ~ /^(Defaults|User_Alias|Runas_Alias|Host_Alias|Cmnd_Alias|Cmd_Alias|@include|@includedir)/) next
        k = split(first, users, ",")
        for (i = 1; i <= k; i++) { u = users[i]; sub(/^!+/, "", u)
          if (u == "" || u == "ALL" || u ~ /^[%+#]/ || u ~ /=/) continue
          printf "%s{\"path\":%s,\"line\":%d,\"user\":%s}", (c++ ? "," : ""), ENVIRON["P"], n, j(u) } }' "$f") || { echo "$p: cannot parse"; return 1; }
    [ -n "$out" ] || continue
    printf '%s%s' "$sep" "$out"; sep=','
  done
  printf ']}'
}

# waagentDeprovision: what `waagent -deprovision[+user]` will do here: lock root
# (Provisioning.DeleteRootPassword) and the user +user deletes (<UserName> in ovf-env.xml).
c_waagentDeprovision() {
  conf=$(rpath /etc/waagent.conf) || conf=$R/etc/waagent.conf
  del=false
  if [ -f "$conf" ]; then
    [ -r "$conf" ] || { x_need_root /etc/waagent.conf; return 1; }
    v=$(sed -n 's/^[[:space:]]*Provisioning\.DeleteRootPassword[[:space:]]*=[[:space:]]*\([^[:space:]#]*\).*/\1/p' "$conf" | tail -n 1)
    case $v in y|Y|yes|true) del=true ;; esac
  fi
  printf '{"confPresent":%s,"deleteRootPassword":%s,' "$([ -f "$conf" ] && echo true || echo false)" "$del"
  ovf=$(rpath /var/lib/waagent/ovf-env.xml) || ovf=$R/var/lib/waagent/ovf-env.xml
  if [ ! -e "$ovf" ]; then
    d=$(rpath /var/lib/waagent) || d=$R/var/lib/waagent
    if [ -d "$d" ] && [ ! -x "$d" ]; then printf '"ovfEnv":{"state":"unreadable"}}'; return 0; fi
    printf '"ovfEnv":{"state":"missing"}}'; return 0
  fi
  if [ ! -r "$ovf" ]; then printf '"ovfEnv":{"state":"unreadable"}}'; return 0; fi
  user=$(sed -n 's|.*<[A-Za-z0-9]*:*UserName>\([^<]*\)</[A-Za-z0-9]*:*UserName>.*|\1|p' "$ovf" | head -n 1)
  custom=false
  grep -q '<[A-Za-z0-9]*:*CustomData>[^<]' "$ovf" && custom=true
  printf '"ovfEnv":{"state":"read","userName":%s,"customData":%s}}' "$(json_str "$user")" "$custom"
}
