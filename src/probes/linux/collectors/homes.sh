# homeFiles: history files, authorized_keys, private keys and cloud credentials in every home
# (passwd homes, then $R/home/*). Bounded: PRESEAL_MAX_HOMES homes (default 1000), about
# PRESEAL_SCAN_SECONDS seconds (default 60) and 200 entries per ~/.ssh; a cut-short scan says so in
# "truncated". Homes or files that cannot be read are listed in "unreadable" (never reported clean).
X_HOME_HISTORY='.bash_history .zsh_history .ash_history .sh_history .python_history .mysql_history .psql_history .lesshst .viminfo .node_repl_history .sqlite_history .rediscli_history .local/share/fish/fish_history'
X_HOME_SECRETS='.ssh/id_rsa .ssh/id_ecdsa .ssh/id_ed25519 .ssh/id_dsa .ssh/id_ecdsa_sk .ssh/id_ed25519_sk .azure/msal_token_cache.json .azure/msal_token_cache.bin .azure/accessTokens.json .azure/service_principal_entries.json .aws/credentials .config/gcloud/credentials.db .config/gcloud/access_tokens.db .kube/config .docker/config.json .git-credentials .netrc .pgpass .vault-token'

x_home_add() { # x_home_add VAR JSON
  eval "_v=\$$1"
  eval "$1=\"\${_v}\${_v:+,}\$2\""
}

x_home_scan() { # x_home_scan TARGETHOME HOSTHOME USER
  _th=$1; _hh=$2; _uj=$(json_str "$3")
  if [ ! -r "$_hh" ] || [ ! -x "$_hh" ]; then x_home_add XH_UNREAD "$(json_str "$_th")"; return; fi
  for _n in $X_HOME_HISTORY; do
    _f="$_hh/$_n"
    [ -f "$_f" ] && [ ! -L "$_f" ] && [ -s "$_f" ] || continue
    x_home_add XH_HIST "{\"path\":$(json_str "$_th/$_n"),\"user\":$_uj}"
  done
  if [ -d "$_hh/.ssh" ] && { [ ! -r "$_hh/.ssh" ] || [ ! -x "$_hh/.ssh" ]; }; then
    x_home_add XH_UNREAD "$(json_str "$_th/.ssh")"
  fi
  for _n in authorized_keys authorized_keys2; do
    _f="$_hh/.ssh/$_n"
    [ -e "$_f" ] || [ -L "$_f" ] || continue
    [ -L "$_f" ] && { _f=$(rpath "$(tpath "$_f")") || continue; }
    [ -f "$_f" ] || continue
    if [ ! -r "$_f" ]; then x_home_add XH_UNREAD "$(json_str "$_th/.ssh/$_n")"; continue; fi
    _k=$(grep -c '^[[:space:]]*[^#[:space:]]' "$_f" 2>/dev/null)
    [ "${_k:-0}" -gt 0 ] && x_home_add XH_AUTH "{\"path\":$(json_str "$_th/.ssh/$_n"),\"user\":$_uj,\"keys\":$_k}"
  done
  for _n in $X_HOME_SECRETS; do
    _f="$_hh/$_n"
    [ -f "$_f" ] && [ -s "$_f" ] || continue
    if [ "$_n" = .docker/config.json ]; then
      [ -r "$_f" ] || { x_home_add XH_UNREAD "$(json_str "$_th/$_n")"; continue; }
      grep -q '"auth"[[:space:]]*:' "$_f" || continue
    fi
    x_home_add XH_SECRET "{\"path\":$(json_str "$_th/$_n"),\"user\":$_uj,\"kind\":$(json_str "$_n")}"
  done
  # Private keys under other names: a PEM or OpenSSH private key header in ~/.ssh.
  [ -d "$_hh/.ssh" ] && [ -x "$_hh/.ssh" ] || return
  _c=0
  for _f in "$_hh"/.ssh/*; do
    [ -f "$_f" ] && [ ! -L "$_f" ] || continue
    _c=$((_c + 1))
    if [ "$_c" -gt 200 ]; then XH_PART="$XH_PART${XH_PART:+; }$_th/.ssh has more than 200 entries, the rest were not read"; break; fi
    _b=${_f##*/}
    case " $X_HOME_SECRETS " in *" .ssh/$_b "*) continue ;; esac
    case $_b in *.pub|authorized_keys*|known_hosts*|config) continue ;; esac
    if [ ! -r "$_f" ]; then x_home_add XH_UNREAD "$(json_str "$_th/.ssh/$_b")"; continue; fi
    IFS= read -r _l < "$_f" 2>/dev/null
    case $_l in '-----BEGIN '*'PRIVATE KEY-----'*)
      x_home_add XH_SECRET "{\"path\":$(json_str "$_th/.ssh/$_b"),\"user\":$_uj,\"kind\":\"private key\"}" ;;
    esac
  done
}

# x_home_budget: true (and XH_TRUNC set) when the scan must stop.
x_home_budget() {
  if [ "$n" -ge "$max" ]; then XH_TRUNC="stopped after $max home directories (PRESEAL_MAX_HOMES=$max)"; return 0; fi
  if [ "$n" -gt 0 ] && [ $((n % 25)) -eq 0 ] && [ $(( $(date +%s) - start )) -ge "$secs" ]; then
    XH_TRUNC="stopped after $secs seconds and $n home directories (PRESEAL_SCAN_SECONDS=$secs)"; return 0
  fi
  return 1
}

c_homeFiles() {
  max=${PRESEAL_MAX_HOMES:-1000}; secs=${PRESEAL_SCAN_SECONDS:-60}
  start=$(date +%s); n=0; seen=' '
  XH_HIST=''; XH_AUTH=''; XH_SECRET=''; XH_UNREAD=''; XH_TRUNC=''; XH_PART=''
  pw=$(rpath /etc/passwd) || pw=$R/etc/passwd
  [ -r "$pw" ] || { x_need_root /etc/passwd; return 1; }
  # Passwd homes first (with their owner), then the directories in /home nobody owns.
  homes=$(awk -F: '$6 != "" && $6 != "/" && $1 !~ /^[#+-]/ { print $1 ":" $6 }' "$pw")
  old=$IFS; IFS='
'
  set -f
  for e in $homes; do
    IFS=$old; set +f
    u=${e%%:*}; h=${e#*:}
    case $seen in *" $h "*) continue ;; esac
    seen="$seen$h "
    hh=$(rpath "$h") || continue
    [ -d "$hh" ] || continue
    x_home_budget && break
    x_home_scan "$h" "$hh" "$u"; n=$((n + 1))
  done
  IFS=$old; set +f
  hd=$(rpath /home) || hd=$R/home
  if [ -d "$hd" ] && { [ ! -r "$hd" ] || [ ! -x "$hd" ]; }; then x_home_add XH_UNREAD '"/home"'; fi
  for hh in "$hd"/*; do
    [ -d "$hh" ] || continue
    [ "${hh##*/}" = lost+found ] && continue
    [ -n "$XH_TRUNC" ] && break
    h="/home/${hh##*/}"
    case $seen in *" $h "*) continue ;; esac
    [ -L "$hh" ] && { hh=$(rpath "$h") || continue; }
    x_home_budget && break
    x_home_scan "$h" "$hh" ''; n=$((n + 1))
  done
  printf '{"homes":%s,"history":[%s],"authorizedKeys":[%s],"secrets":[%s],"unreadable":[%s]' "$n" "$XH_HIST" "$XH_AUTH" "$XH_SECRET" "$XH_UNREAD"
  XH_TRUNC="$XH_TRUNC${XH_TRUNC:+${XH_PART:+; }}$XH_PART"
  [ -n "$XH_TRUNC" ] && printf ',"truncated":%s' "$(json_str "$XH_TRUNC")"
  printf '}'
  # Also in the envelope's probe.partial, where reporters show it as a note on the run.
  if [ -n "$XH_TRUNC" ] && command -v partial >/dev/null 2>&1; then partial "$XH_TRUNC"; fi
  return 0
}
