# homeFiles: history files, authorized_keys, private keys and cloud credentials in every home
# (passwd homes, then /home/*). Bounded: PRESEAL_MAX_HOMES homes (default 1000), about
# PRESEAL_SCAN_SECONDS seconds (default 60) and 200 entries per ~/.ssh; a cut-short scan says so in
# "truncated". Homes or files that cannot be read are listed in "unreadable" (never reported clean).
# Every file is resolved inside the root: a home, ~/.ssh or ~/.aws that links out of the image is
# read inside it or not at all, and a home that cannot be resolved cuts the scan short, saying so.

# home_file TARGETHOME REL: the host path of TARGETHOME/REL resolved inside the root (offline), or
# status 1. Live, the path is the machine's own.
home_file() {
  if [ -z "$R" ]; then printf '%s' "$_hh/$2"; else rpath "$1/$2"; fi
}
HOME_HISTORY='.bash_history .zsh_history .ash_history .sh_history .python_history .mysql_history .psql_history .lesshst .viminfo .node_repl_history .sqlite_history .rediscli_history .local/share/fish/fish_history'
HOME_SECRETS='.ssh/id_rsa .ssh/id_ecdsa .ssh/id_ed25519 .ssh/id_dsa .ssh/id_ecdsa_sk .ssh/id_ed25519_sk .azure/msal_token_cache.json .azure/msal_token_cache.bin .azure/accessTokens.json .azure/service_principal_entries.json .aws/credentials .config/gcloud/credentials.db .config/gcloud/access_tokens.db .kube/config .docker/config.json .git-credentials .netrc .pgpass .vault-token'

home_add() { # home_add VAR JSON
  eval "_v=\$$1"
  eval "$1=\"\${_v}\${_v:+,}\$2\""
}

home_scan() { # home_scan TARGETHOME HOSTHOME USER
  _th=$1; _hh=$2; _uj=$(json_str "$3")
  if [ ! -r "$_hh" ] || [ ! -x "$_hh" ]; then home_add HF_UNREAD "$(json_str "$_th")"; return; fi
  for _n in $HOME_HISTORY; do
    _f=$(home_file "$_th" "$_n") || continue
    { [ -f "$_f" ] && [ ! -L "$_f" ] && [ -s "$_f" ]; } || continue
    home_add HF_HIST "{\"path\":$(json_str "$_th/$_n"),\"user\":$_uj}"
  done
  _ssh=$(home_file "$_th" .ssh) || { HF_PART="$HF_PART${HF_PART:+; }$_th/.ssh cannot be resolved inside the root"; return; }
  if [ -d "$_ssh" ] && { [ ! -r "$_ssh" ] || [ ! -x "$_ssh" ]; }; then
    home_add HF_UNREAD "$(json_str "$_th/.ssh")"
  fi
  for _n in authorized_keys authorized_keys2; do
    _f="$_ssh/$_n"
    [ -e "$_f" ] || [ -L "$_f" ] || continue
    [ -L "$_f" ] && { _f=$(home_file "$_th" ".ssh/$_n") || continue; }
    [ -f "$_f" ] || continue
    if [ ! -r "$_f" ]; then home_add HF_UNREAD "$(json_str "$_th/.ssh/$_n")"; continue; fi
    _k=$(grep -c '^[[:space:]]*[^#[:space:]]' "$_f" 2>/dev/null)
    [ "${_k:-0}" -gt 0 ] && home_add HF_AUTH "{\"path\":$(json_str "$_th/.ssh/$_n"),\"user\":$_uj,\"keys\":$_k}"
  done
  for _n in $HOME_SECRETS; do
    _f=$(home_file "$_th" "$_n") || continue
    { [ -f "$_f" ] && [ -s "$_f" ]; } || continue
    if [ "$_n" = .docker/config.json ]; then
      [ -r "$_f" ] || { home_add HF_UNREAD "$(json_str "$_th/$_n")"; continue; }
      grep -q '"auth"[[:space:]]*:' "$_f" || continue
    fi
    home_add HF_SECRET "{\"path\":$(json_str "$_th/$_n"),\"user\":$_uj,\"kind\":$(json_str "$_n")}"
  done
  # Private keys under other names: a PEM or OpenSSH private key header in ~/.ssh.
  [ -d "$_ssh" ] && [ -x "$_ssh" ] || return
  _c=0
  for _f in "$_ssh"/*; do
    { [ -f "$_f" ] && [ ! -L "$_f" ]; } || continue
    _c=$((_c + 1))
    if [ "$_c" -gt 200 ]; then HF_PART="$HF_PART${HF_PART:+; }$_th/.ssh has more than 200 entries, the rest were not read"; break; fi
    _b=${_f##*/}
    case " $HOME_SECRETS " in *" .ssh/$_b "*) continue ;; esac
    case $_b in *.pub|authorized_keys*|known_hosts*|config) continue ;; esac
    if [ ! -r "$_f" ]; then home_add HF_UNREAD "$(json_str "$_th/.ssh/$_b")"; continue; fi
    IFS= read -r _l < "$_f" 2>/dev/null
    case $_l in '-----BEGIN '*'PRIVATE KEY-----'*)
      home_add HF_SECRET "{\"path\":$(json_str "$_th/.ssh/$_b"),\"user\":$_uj,\"kind\":\"private key\"}" ;;
    esac
  done
}

# home_budget: true (and HF_TRUNC set) when the scan must stop.
home_budget() {
  if [ "$n" -ge "$max" ]; then HF_TRUNC="stopped after $max home directories (PRESEAL_MAX_HOMES=$max)"; return 0; fi
  if [ "$n" -gt 0 ] && [ $((n % 25)) -eq 0 ] && [ $(( $(date +%s) - start )) -ge "$secs" ]; then
    HF_TRUNC="stopped after $secs seconds and $n home directories (PRESEAL_SCAN_SECONDS=$secs)"; return 0
  fi
  return 1
}

c_homeFiles() {
  max=${PRESEAL_MAX_HOMES:-1000}; secs=${PRESEAL_SCAN_SECONDS:-60}
  start=$(date +%s); n=0; seen=' '
  HF_HIST=''; HF_AUTH=''; HF_SECRET=''; HF_UNREAD=''; HF_TRUNC=''; HF_PART=''
  pw=$(rpath /etc/passwd) || { unresolved /etc/passwd; return 1; }
  [ -r "$pw" ] || { need_root /etc/passwd; return 1; }
  # Passwd homes first (with their owner), then the directories in /home nobody owns.
  homes=$(passwd_homes "$pw")
  old=$IFS; IFS='
'
  set -f
  for e in $homes; do
    IFS=$old; set +f
    u=${e%%:*}; h=${e#*:}
    case $seen in *" $h "*) continue ;; esac
    seen="$seen$h "
    hh=$(rpath "$h") || { HF_PART="$HF_PART${HF_PART:+; }$h cannot be resolved inside the root"; continue; }
    [ -d "$hh" ] || continue
    home_budget && break
    home_scan "$h" "$hh" "$u"; n=$((n + 1))
  done
  IFS=$old; set +f
  hd=$(rpath /home) || { unresolved /home; return 1; }
  if [ -d "$hd" ] && { [ ! -r "$hd" ] || [ ! -x "$hd" ]; }; then home_add HF_UNREAD '"/home"'; fi
  for hh in "$hd"/*; do
    [ -e "$hh" ] || [ -L "$hh" ] || continue
    [ "${hh##*/}" = lost+found ] && continue
    [ -n "$HF_TRUNC" ] && break
    h="/home/${hh##*/}"
    case $seen in *" $h "*) continue ;; esac
    [ -L "$hh" ] && { hh=$(rpath "$h") || { HF_PART="$HF_PART${HF_PART:+; }$h cannot be resolved inside the root"; continue; }; }
    [ -d "$hh" ] || continue
    home_budget && break
    home_scan "$h" "$hh" ''; n=$((n + 1))
  done
  printf '{"homes":%s,"history":[%s],"authorizedKeys":[%s],"secrets":[%s],"unreadable":[%s]' "$n" "$HF_HIST" "$HF_AUTH" "$HF_SECRET" "$HF_UNREAD"
  HF_TRUNC="$HF_TRUNC${HF_TRUNC:+${HF_PART:+; }}$HF_PART"
  [ -n "$HF_TRUNC" ] && printf ',"truncated":%s' "$(json_str "$HF_TRUNC")"
  printf '}'
  # Also in the envelope's probe.partial, where reporters show it as a note on the run.
  if [ -n "$HF_TRUNC" ]; then partial "$HF_TRUNC"; fi
  return 0
}
