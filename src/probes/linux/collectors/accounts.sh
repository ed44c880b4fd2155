# localAccounts: /etc/passwd (name, uid, gid, home, shell), the one reading of it (rules pick the
# regular users, uid 1000-65533, themselves).
c_localAccounts() {
  f=$(rpath /etc/passwd) || { unresolved /etc/passwd; return 1; }
  [ -f "$f" ] || { echo '/etc/passwd is missing'; return 1; }
  [ -r "$f" ] || { need_root /etc/passwd; return 1; }
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
  f=$(rpath /etc/shadow) || { unresolved /etc/shadow; return 1; }
  [ -f "$f" ] || { echo '/etc/shadow is missing'; return 1; }
  [ -r "$f" ] || { need_root /etc/shadow; return 1; }
  sep=''
  printf '{"path":"/etc/shadow","entries":['
  while IFS=: read -r name pw _rest; do
    case $name in ''|'#'*) continue ;; esac
    case $pw in '') state='empty' ;; '!'*|'*'*) state='locked' ;; *) state='hash' ;; esac
    printf '%s{"name":%s,"state":"%s"}' "$sep" "$(json_str "$name")" "$state"
    sep=','
  done < "$f"
  printf '],"backups":['
  sep=''
  for p in /etc/shadow- /etc/gshadow-; do
    b=$(rpath "$p") || { unresolved "$p"; return 1; }
    [ -f "$b" ] || continue
    [ -r "$b" ] || { need_root "$p"; return 1; }
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
  d=$(rpath /etc/sudoers.d) || { unresolved /etc/sudoers.d; return 1; }
  m=$(rpath /etc/sudoers) || { unresolved /etc/sudoers; return 1; }
  if [ -d "$d" ] && { [ ! -r "$d" ] || [ ! -x "$d" ]; }; then need_root /etc/sudoers.d; return 1; fi
  sep=''
  printf '{"entries":['
  for e in "$m" "$d"/*; do
    if [ "$e" = "$m" ]; then p=/etc/sudoers; f=$m
    else
      case ${e##*/} in *~|*.*) continue ;; esac
      p="/etc/sudoers.d/${e##*/}"
      f=$(rpath "$p") || { unresolved "$p"; return 1; }
    fi
    [ -f "$f" ] || continue
    [ -r "$f" ] || { need_root "$p"; return 1; }
    pj=$(json_str "$p")
    out=$(P="$pj" awk '
      function j(s,  o, i, ch) { o = ""; for (i = 1; i <= length(s); i++) { ch = substr(s, i, 1)
          if (ch == "\\" || ch == "\"") o = o "\\" ch; else if (ch == "@") o = o "\\u0040"; else if (ch >= " ") o = o ch }
        return "\"" o "\"" }
      { line = $0; n = NR
        while (line ~ /\\$/ && (getline more) > 0) line = substr(line, 1, length(line) - 1) " " more }
      line ~ /^[[:space:]]*(#|$)/ { next }
      { split(line, w, /[[:space:]]+/); first = w[1]; if (first == "") first = w[2]
        if (first ~ /^(Defaults|User_Alias|Runas_Alias|Host_Alias|Cmnd_Alias|Cmd_Alias|@include|@includedir)/) next
        k = split(first, users, ",")
        for (i = 1; i <= k; i++) { u = users[i]; sub(/^!+/, "", u)
          if (u == "" || u == "ALL" || u ~ /^[%+#]/ || u ~ /=/) continue
          printf "%s{\"path\":%s,\"line\":%d,\"user\":%s}", (c++ ? "," : ""), ENVIRON["P"], n, j(u) } }' "$f") || { one_line "$p: cannot parse"; return 1; }
    [ -n "$out" ] || continue
    printf '%s%s' "$sep" "$out"; sep=','
  done
  printf ']}'
}
