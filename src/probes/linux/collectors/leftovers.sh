# What the build left behind: logs, journals, spools, package caches, temporary and backup files,
# crash dumps, and the per-machine state of services.

# unreadable_dirs_json HOSTDIR TDIR [PRUNED...]: the directories below HOSTDIR (the host path of
# TDIR) this user cannot list, as JSON target paths; PRUNED host directories are not walked.
unreadable_dirs_json() {
  is_root && return 0
  _h=$1; _t=$2; shift 2
  _p=''
  for _x in "$@"; do _p="$_p${_p:+
}$_x"; done
  find "$_h" -type d 2>/dev/null | P=$_p awk 'BEGIN { n = split(ENVIRON["P"], p, "\n") }
    { for (i = 1; i <= n; i++) if ($0 == p[i] || index($0, p[i] "/") == 1) next; print }' | {
    _s=''
    while IFS= read -r _d; do
      { [ -r "$_d" ] && [ -x "$_d" ]; } || { printf '%s%s' "$_s" "$(json_str "$_t${_d#"$_h"}")"; _s=','; }
    done
  }
}

# log_add TPATH HOSTPATH: a non-empty regular file (not a link) kept outside /var/log.
log_add() {
  [ -f "$2" ] && [ ! -L "$2" ] && [ -s "$2" ] || return 0
  count=$((count + 1)); printf '%s%s' "$sep" "$(json_str "$1")"; sep=','
}

# logFiles: non-empty files below /var/log (the first 200 named, all counted), and first the logs
# virt-sysprep also clears outside it: RHEL's process accounting (/var/account/pacct*, its pacct_log
# operation) and BIND's /var/named/data/named.run (its logfiles operation).
c_logFiles() {
  d=$(rpath /var/log) || { unresolved /var/log; return 1; }
  count=0; sep=''
  printf '{"files":['
  each_match log_add '/var/account/pacct*' /var/named/data/named.run
  if [ ! -d "$d" ]; then printf '],"count":%s,"unreadable":[%s]}' "$count" "$UNREADABLE_JSON"; return 0; fi
  all=$(find "$d" -type f -size +0 2>/dev/null)
  old=$IFS; IFS='
'; set -f
  for f in $all; do
    count=$((count + 1)); [ "$count" -gt 200 ] && continue
    printf '%s%s' "$sep" "$(json_str "/var/log${f#"$d"}")"; sep=','
  done
  IFS=$old; set +f
  u=$(unreadable_dirs_json "$d" /var/log)
  printf '],"count":%s,"unreadable":[%s]}' "$count" "$UNREADABLE_JSON${UNREADABLE_JSON:+${u:+,}}$u"
}

# journal_add TPATH HOSTPATH: a persistent journal directory named by a machine ID.
journal_add() {
  _n=${1##*/}
  case $_n in *[!0-9a-f]*) return 0 ;; esac
  [ ${#_n} -eq 32 ] && [ -d "$2" ] && [ ! -L "$2" ] && JOURNALS="$JOURNALS${JOURNALS:+,}$(json_str "$1")"
  return 0
}

# journalDirs: persistent journal directories and the machine ID they should match.
c_journalDirs() {
  mf=$(rpath /etc/machine-id) || { unresolved /etc/machine-id; return 1; }
  JOURNALS=''
  each_match journal_add '/var/log/journal/*'
  printf '{"machineId":%s,"dirs":[%s]}' "$(json_str "$(first_line "$mf")")" "$JOURNALS"
}

# spool_add TPATH HOSTPATH: a regular file (not a link, not a dot file) in a spool; with
# SPOOL_NONEMPTY=1 only a non-empty one.
spool_add() {
  case ${1##*/} in .*) return 0 ;; esac
  [ -f "$2" ] && [ ! -L "$2" ] || return 0
  [ "$SPOOL_NONEMPTY" = 1 ] && [ ! -s "$2" ] && return 0
  SPOOL="$SPOOL${SPOOL:+,}$(json_str "$1")"
}

# cronSpools: user crontabs, at jobs and mail spools.
c_cronSpools() {
  for d in /var/spool/cron/crontabs /var/spool/cron /var/spool/cron/atjobs /var/spool/at /var/mail /var/spool/mail; do
    h=$(rpath "$d") || { unresolved "$d"; return 1; }
    [ -d "$h" ] || continue
    { [ -r "$h" ] && [ -x "$h" ]; } || { need_root "$d"; return 1; }
  done
  SPOOL=''; SPOOL_NONEMPTY=0
  each_match spool_add '/var/spool/cron/crontabs/*' '/var/spool/cron/*' '/var/spool/cron/atjobs/*' '/var/spool/at/*'
  crontabs=$SPOOL
  SPOOL=''; SPOOL_NONEMPTY=1
  each_match spool_add '/var/mail/*' '/var/spool/mail/*'
  printf '{"crontabs":[%s],"mail":[%s]}' "$crontabs" "$SPOOL"
}

# packageState: an interrupted dpkg run (journal in /var/lib/dpkg/updates, packages not fully
# installed in /var/lib/dpkg/status) or an unfinished yum transaction.
c_packageState() {
  s=$(rpath /var/lib/dpkg/status) || { unresolved /var/lib/dpkg/status; return 1; }
  y=$(rpath /var/lib/yum) || { unresolved /var/lib/yum; return 1; }
  if [ ! -f "$s" ] && [ ! -d "$y" ]; then echo 'no dpkg status file and no yum state directory'; return 3; fi
  printf '{"journal":[%s],' "$(paths_json '/var/lib/dpkg/updates/*' '/var/lib/yum/transaction-all.*')"
  printf '"unfinished":['
  if [ -f "$s" ]; then
    [ -r "$s" ] || { need_root /var/lib/dpkg/status; return 1; }
    awk '
      /^Package:/ { p = $2 }
      /^Status:/ && $4 != "installed" && $4 != "not-installed" && $4 != "config-files" {
        # Package names and status words are [a-z0-9.+-]; anything else is replaced, so no byte of
        # the file can break the JSON.
        s = $4; gsub(/[^A-Za-z0-9.+~:_-]/, "?", p); gsub(/[^A-Za-z0-9._-]/, "?", s)
        printf "%s{\"package\":\"%s\",\"status\":\"%s\"}", (c++ ? "," : ""), p, s }' "$s"
  fi
  printf ']}'
}

# packageCaches: downloaded packages kept by apt, dnf, yum and zypper.
c_packageCaches() {
  printf '{"caches":['
  sep=''
  for g in '/var/cache/apt/archives/*.deb' '/var/cache/dnf/*' '/var/cache/yum/*' '/var/cache/zypp/packages/*'; do
    list_json 0 "$g" >/dev/null
    [ "$COUNT" -gt 0 ] || continue
    printf '%s{"path":"%s","entries":%s}' "$sep" "${g%/*}" "$COUNT"; sep=','
  done
  printf ']}'
}

# tmp_add TPATH HOSTPATH: an entry of /tmp or /var/tmp, without the sockets directories and private
# tmp directories a running system keeps there.
tmp_add() {
  case ${1##*/} in .X11-unix|.ICE-unix|.XIM-unix|.font-unix|.Test-unix|systemd-private-*|snap-private-tmp|cloud-init) return 0 ;; esac
  list_add "$1"
}

# tmpFiles: entries in /tmp and /var/tmp (the first 50 named, all counted).
c_tmpFiles() {
  LIST_MAX=50; COUNT=0; LIST_OUT=''
  each_match tmp_add '/tmp/*' '/tmp/.[!.]*' '/var/tmp/*' '/var/tmp/.[!.]*'
  printf '{"entries":[%s],"count":%s}' "$LIST_OUT" "$COUNT"
}

# backupFiles: editor and package-manager backup copies in /etc and /root, and the editor backups
# (*~, *.bak) virt-sysprep's backup_files operation also removes from /srv and /var (the first 200).
# /var/tmp is L078's; container and database stores are not walked (their files are not the
# builder's edits, and walking them would cost the one round trip most).
c_backupFiles() {
  e=$(rpath /etc) || { unresolved /etc; return 1; }
  r=$(rpath /root) || { unresolved /root; return 1; }
  v=$(rpath /var) || { unresolved /var; return 1; }
  s=$(rpath /srv) || { unresolved /srv; return 1; }
  # /root only near the top: deep tool caches there (~/.npm, ~/.cache) hold no admin's backups and
  # made this one scan the slowest part of the probe. find does not follow links (-P).
  all=$( { find "$e" -type f \( -name '*~' -o -name '*.bak' -o -name '*.orig' -o -name '*.dpkg-old' -o -name '*.dpkg-dist' -o -name '*.rpmsave' -o -name '*.ucf-old' \) 2>/dev/null | retarget "$e" /etc
    [ -d "$r" ] && find "$r" -maxdepth 2 -type f \( -name '*~' -o -name '*.bak' -o -name '*.orig' \) 2>/dev/null | retarget "$r" /root
    [ -d "$s" ] && find "$s" -type f \( -name '*~' -o -name '*.bak' \) 2>/dev/null | retarget "$s" /srv
    [ -d "$v" ] && find "$v" \( -path "$v/tmp" -o -path "$v/lib/docker" -o -path "$v/lib/containers" -o -path "$v/lib/mysql" -o -path "$v/lib/postgresql" -o -path "$v/lib/pgsql" \) -prune \
      -o -type f \( -name '*~' -o -name '*.bak' \) -print 2>/dev/null | retarget "$v" /var; } | head -n 200)
  printf '{"files":['
  sep=''
  old=$IFS; IFS='
'; set -f
  for f in $all; do printf '%s%s' "$sep" "$(json_str "$f")"; sep=','; done
  IFS=$old; set +f
  u=$(unreadable_dirs_json "$e" /etc)
  if [ -d "$s" ]; then w=$(unreadable_dirs_json "$s" /srv); u="$u${u:+${w:+,}}$w"; fi
  if [ -d "$v" ]; then
    w=$(unreadable_dirs_json "$v" /var "$v/tmp" "$v/lib/docker" "$v/lib/containers" "$v/lib/mysql" "$v/lib/postgresql" "$v/lib/pgsql")
    u="$u${u:+${w:+,}}$w"
  fi
  if [ -d "$r" ] && { [ ! -r "$r" ] || [ ! -x "$r" ]; }; then u="$u${u:+,}\"/root\""; fi
  printf '],"unreadable":[%s]}' "$u"
}

# crashDumps: kernel and process crash dumps, and ABRT's problem directories (virt-sysprep's
# crash-data and abrt-data operations).
c_crashDumps() {
  list_json 100 '/var/crash/*' '/var/lib/systemd/coredump/*' '/var/log/dump/*' '/var/spool/abrt/*' >/dev/null
  printf '{"files":[%s],"count":%s}' "$LIST_OUT" "$COUNT"
}

# state_add TPATH HOSTPATH: a regular file (links followed inside $R) with its size; the first 200
# named, all counted.
state_add() {
  _sa=$(rpath "$1" && printf x) || return 0; _sa=${_sa%x}
  [ -f "$_sa" ] || return 0
  COUNT=$((COUNT + 1))
  [ "$COUNT" -gt 200 ] || STATE_OUT="$STATE_OUT${STATE_OUT:+,}$(file_ref "$1" "$_sa")"
}

# state_dir_add TPATH HOSTPATH: a directory (not a link), named with a null size.
state_dir_add() {
  [ -d "$2" ] && [ ! -L "$2" ] || return 0
  COUNT=$((COUNT + 1))
  [ "$COUNT" -gt 200 ] || STATE_OUT="$STATE_OUT${STATE_OUT:+,}{\"path\":$(json_str "$1"),\"size\":null}"
}

# serviceState: per-machine state that services and tools keep, as virt-sysprep's operations name
# it (guestfs-tools sysprep/sysprep_operation_*.ml): legacy blkid caches (blkid_tab), yum's UUID
# (yum_uuid), Dovecot's data (dovecot_data), the Puppet agent's vardir (puppet_data_log), enrolled
# fingerprints, installer files in /root and OpenPegasus's certificates (logfiles). /dev and
# /var/run are tmpfs on a running system: only an offline root's are read. Folders that cannot be
# searched are listed in "unreadable".
c_serviceState() {
  STATE_OUT=''; COUNT=0
  each_match state_add /etc/blkid.tab /etc/blkid.tab.old /etc/blkid/blkid.tab /etc/blkid/blkid.tab.old \
    /var/lib/yum/uuid '/var/lib/dovecot/*' '/var/lib/puppet/*/*' '/var/lib/puppet/*/*/*' '/var/lib/fprint/*/*/*/*' \
    /root/anaconda-ks.cfg /root/original-ks.cfg /root/initial-setup-ks.cfg /root/anaconda-post.log /root/install.log /root/install.log.syslog \
    '/etc/Pegasus/*.pem' '/etc/Pegasus/*.crt' '/etc/Pegasus/*.csr' '/etc/Pegasus/*.srl' '/etc/Pegasus/*.cnf'
  # The client bucket nests its backups ten folders deep: its top folders stand for them.
  each_match state_dir_add '/var/lib/puppet/clientbucket/*'
  [ "$LIVE" = 1 ] || each_match state_add /var/run/blkid.tab /var/run/blkid.tab.old /dev/.blkid.tab /dev/.blkid.tab.old
  # A folder that cannot be searched (as non-root: /root, fprintd's 0700 store) is listed, not
  # fatal: only the rules whose paths lie below it become unknown.
  printf '{"files":[%s],"count":%s,"unreadable":[%s]}' "$STATE_OUT" "$COUNT" "$UNREADABLE_JSON"
}
