# x_list_json MAX HOSTPATH...: up to MAX existing paths as JSON target paths; sets X_COUNT to the total.
x_list_json() {
  _max=$1; shift; X_COUNT=0; _sep=''
  for _f in "$@"; do
    [ -e "$_f" ] || [ -L "$_f" ] || continue
    X_COUNT=$((X_COUNT + 1))
    [ "$X_COUNT" -gt "$_max" ] && continue
    printf '%s%s' "$_sep" "$(json_str "$(tpath "$_f")")"; _sep=','
  done
}

# x_unreadable_dirs HOSTDIR: the directories below HOSTDIR this user cannot list, as JSON strings.
x_unreadable_dirs() {
  is_root && return 0
  find "$1" -type d 2>/dev/null | {
    _s=''
    while IFS= read -r _d; do
      [ -r "$_d" ] && [ -x "$_d" ] || { printf '%s%s' "$_s" "$(json_str "$(tpath "$_d")")"; _s=','; }
    done
  }
}

# logFiles: non-empty files below /var/log (the first 200 named, all counted).
c_logFiles() {
  d=$(rpath /var/log) || d=$R/var/log
  [ -d "$d" ] || { printf '{"count":0,"files":[],"unreadable":[]}'; return 0; }
  all=$(find "$d" -type f -size +0 2>/dev/null)
  count=0; sep=''
  printf '{"files":['
  old=$IFS; IFS='
'; set -f
  for f in $all; do
    count=$((count + 1)); [ "$count" -gt 200 ] && continue
    printf '%s%s' "$sep" "$(json_str "/var/log${f#"$d"}")"; sep=','
  done
  IFS=$old; set +f
  printf '],"count":%s,"unreadable":[%s]}' "$count" "$(x_unreadable_dirs "$d")"
}

# journalDirs: persistent journal directories and the machine ID they should match.
c_journalDirs() {
  mf=$(rpath /etc/machine-id) || mf=$R/etc/machine-id
  m=$(first_line "$mf")
  printf '{"machineId":%s,"dirs":[' "$(json_str "$m")"
  sep=''
  for f in "$R"/var/log/journal/*; do
    [ -d "$f" ] || continue
    n=${f##*/}
    case $n in *[!0-9a-f]*) continue ;; esac
    [ ${#n} -eq 32 ] || continue
    printf '%s%s' "$sep" "$(json_str "/var/log/journal/${f##*/}")"; sep=','
  done
  printf ']}'
}

# cloudInitState: whether cloud-init is enabled, its configuration files, the instance cache, the
# files it generates and the cached user-data.
c_cloudInitState() {
  installed=false; enabled=false
  for b in /usr/bin/cloud-init /usr/local/bin/cloud-init; do [ -e "$R$b" ] && installed=true; done
  if [ "$installed" = true ] && [ ! -e "$R/etc/cloud/cloud-init.disabled" ]; then
    for l in "$R"/etc/systemd/system/*.wants/cloud-init-local.service "$R"/lib/systemd/system/*.wants/cloud-init-local.service "$R"/usr/lib/systemd/system/*.wants/cloud-init-local.service "$R"/etc/systemd/system/*.wants/cloud-init.service; do
      [ -e "$l" ] || [ -L "$l" ] && enabled=true
    done
  fi
  X_UNREADABLE=''
  printf '{"installed":%s,"enabled":%s,"configs":[' "$installed" "$enabled"
  X_SEP=''; x_files_json "$R/etc/cloud/cloud.cfg" "$R"/etc/cloud/cloud.cfg.d/*.cfg
  printf '],"unreadable":[%s],"instanceCache":[%s]' "$X_UNREADABLE" "$(x_paths_json "$R/var/lib/cloud/instance" "$R"/var/lib/cloud/instances/*)"
  printf ',"generated":[%s]' "$(x_paths_json "$R/etc/netplan/50-cloud-init.yaml" "$R/etc/network/interfaces.d/50-cloud-init.cfg" \
    "$R/etc/network/interfaces.d/50-cloud-init" "$R/etc/ssh/sshd_config.d/50-cloud-init.conf" "$R/etc/sudoers.d/90-cloud-init-users" \
    "$R/etc/NetworkManager/conf.d/99-cloud-init.conf" "$R/etc/NetworkManager/conf.d/30-cloud-init-ip6-addr-gen-mode.conf" \
    "$R/etc/systemd/network/10-cloud-init-"*.network "$R/etc/sysconfig/network-scripts/ifcfg-"*cloud-init*)"
  ud=''
  for f in "$R"/var/lib/cloud/seed/*/user-data "$R"/var/lib/cloud/instances/*/user-data.txt "$R"/var/lib/cloud/instances/*/user-data.txt.i; do
    [ -s "$f" ] || continue
    ud="$ud${ud:+,}$(json_str "$(tpath "$f")")"
  done
  printf ',"userData":[%s]}' "$ud"
}

# cronSpools: user crontabs, at jobs and mail spools.
c_cronSpools() {
  for d in /var/spool/cron/crontabs /var/spool/cron /var/spool/cron/atjobs /var/spool/at /var/mail /var/spool/mail; do
    h=$R$d
    [ -d "$h" ] || continue
    [ -r "$h" ] && [ -x "$h" ] || { x_need_root "$d"; return 1; }
  done
  printf '{"crontabs":['
  sep=''
  for f in "$R"/var/spool/cron/crontabs/* "$R"/var/spool/cron/* "$R"/var/spool/cron/atjobs/* "$R"/var/spool/at/*; do
    [ -f "$f" ] && [ ! -L "$f" ] || continue
    case ${f##*/} in .*) continue ;; esac
    printf '%s%s' "$sep" "$(json_str "$(tpath "$f")")"; sep=','
  done
  printf '],"mail":['
  sep=''
  for f in "$R"/var/mail/* "$R"/var/spool/mail/*; do
    [ -f "$f" ] && [ ! -L "$f" ] && [ -s "$f" ] || continue
    printf '%s%s' "$sep" "$(json_str "$(tpath "$f")")"; sep=','
  done
  printf ']}'
}

# packageState: an interrupted dpkg run (journal in /var/lib/dpkg/updates, packages not fully
# installed in /var/lib/dpkg/status) or an unfinished yum transaction.
c_packageState() {
  s=$(rpath /var/lib/dpkg/status) || s=''
  y=$(rpath /var/lib/yum) || y=''
  if [ ! -f "$s" ] && [ ! -d "$y" ]; then echo 'no dpkg status file and no yum state directory'; return 3; fi
  printf '{"journal":[%s],' "$(x_paths_json "$R"/var/lib/dpkg/updates/* "$R"/var/lib/yum/transaction-all.*)"
  printf '"unfinished":['
  if [ -f "$s" ]; then
    [ -r "$s" ] || { x_need_root /var/lib/dpkg/status; return 1; }
    awk '
      /^Package:/ { p = $2 }
      /^Status:/ && $4 != "installed" && $4 != "not-installed" && $4 != "config-files" {
        gsub(/["\\]/, "", p); printf "%s{\"package\":\"%s\",\"status\":\"%s\"}", (c++ ? "," : ""), p, $4 }' "$s"
  fi
  printf ']}'
}

# packageCaches: downloaded packages kept by apt, dnf, yum and zypper.
c_packageCaches() {
  printf '{"caches":['
  sep=''
  for spec in "/var/cache/apt/archives:*.deb" "/var/cache/dnf:*" "/var/cache/yum:*" "/var/cache/zypp/packages:*"; do
    dir=${spec%%:*}; pat=${spec#*:}
    [ -d "$R$dir" ] || continue
    x_list_json 0 "$R$dir"/$pat >/dev/null
    [ "$X_COUNT" -gt 0 ] || continue
    printf '%s{"path":"%s","entries":%s}' "$sep" "$dir" "$X_COUNT"; sep=','
  done
  printf ']}'
}

# tmpFiles: entries in /tmp and /var/tmp (the first 50 named, all counted), without the sockets
# directories and private tmp directories a running system keeps there.
c_tmpFiles() {
  set --
  for f in "$R"/tmp/* "$R"/tmp/.[!.]* "$R"/var/tmp/* "$R"/var/tmp/.[!.]*; do
    case ${f##*/} in .X11-unix|.ICE-unix|.XIM-unix|.font-unix|.Test-unix|systemd-private-*|snap-private-tmp|cloud-init) continue ;; esac
    set -- "$@" "$f"
  done
  printf '{"entries":['
  x_list_json 50 "$@"
  printf '],"count":%s}' "$X_COUNT"
}

# backupFiles: editor and package-manager backup copies in /etc and /root (the first 200).
c_backupFiles() {
  # /root only near the top: deep tool caches there (~/.npm, ~/.cache) hold no admin's backups and
  # made this one scan the slowest part of the probe.
  all=$( { find "$R/etc" -type f \( -name '*~' -o -name '*.bak' -o -name '*.orig' -o -name '*.dpkg-old' -o -name '*.dpkg-dist' -o -name '*.rpmsave' -o -name '*.ucf-old' \) 2>/dev/null
    find "$R/root" -maxdepth 2 -type f \( -name '*~' -o -name '*.bak' -o -name '*.orig' \) 2>/dev/null; } | head -n 200)
  printf '{"files":['
  sep=''
  old=$IFS; IFS='
'; set -f
  for f in $all; do printf '%s%s' "$sep" "$(json_str "$(tpath "$f")")"; sep=','; done
  IFS=$old; set +f
  u=$(x_unreadable_dirs "$R/etc")
  if [ -d "$R/root" ] && { [ ! -r "$R/root" ] || [ ! -x "$R/root" ]; }; then u="$u${u:+,}\"/root\""; fi
  printf '],"unreadable":[%s]}' "$u"
}

# crashDumps: kernel and process crash dumps.
c_crashDumps() {
  printf '{"files":['
  x_list_json 100 "$R"/var/crash/* "$R"/var/lib/systemd/coredump/* "$R"/var/log/dump/*
  printf '],"count":%s}' "$X_COUNT"
}
