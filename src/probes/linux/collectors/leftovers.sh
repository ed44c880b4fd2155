# What the build left behind: logs, journals, spools, package caches, temporary and backup files,
# crash dumps, and the per-machine state of services.

# walk HOSTDIR TDIR DEPTH PRUNE TEST...: one find(1) over HOSTDIR (the host path of TDIR), which
# follows no link: DEPTH levels deep ('' for all), without entering the folders PRUNE names
# (space-separated, relative to HOSTDIR: lib/docker). The regular files the find primaries TEST
# accept are counted in WALK_N and the first WALK_MAX appended to WALK_OUT as JSON strings; as
# non-root, the folders the same walk could not list or search (whose entries lie within DEPTH) are
# appended to WALK_UNREAD. Only the collectors' own patterns reach find, never target text.
WALK_N=0; WALK_MAX=200; WALK_OUT=''; WALK_UNREAD=''
walk() {
  _wh=$1; _wt=$2; _wd=$3; _wp=$4; shift 4
  [ -d "$_wh" ] || return 0
  { [ -r "$_wh" ] && [ -x "$_wh" ]; } || { walk_unread "$_wt"; return 0; }
  # find's arguments in order: the start and its limits, then TEST (moved from the front), then the
  # folders that cannot be listed: those that lack a read or search bit for some class of user
  # (tested one by one below) and, where find knows -readable (GNU), those an ACL denies.
  _wn=$#
  set -- "$@" .
  [ -n "$_wd" ] && set -- "$@" -maxdepth "$_wd"
  if [ -n "$_wp" ]; then
    set -- "$@" '('; _wo=''
    for _x in $_wp; do set -- "$@" ${_wo:+"$_wo"} -path "./$_x"; _wo=-o; done
    set -- "$@" ')' -prune -o
  fi
  set -- "$@" -type f '('
  while [ "$_wn" -gt 0 ]; do _x=$1; shift; set -- "$@" "$_x"; _wn=$((_wn - 1)); done
  set -- "$@" ')' -print
  if ! is_root; then
    set -- "$@" -o -type d '(' ! -perm -555
    if find "$_wh" -prune -readable -executable >/dev/null 2>&1; then set -- "$@" -o ! -readable -o ! -executable; fi
    set -- "$@" ')' -print
  fi
  _wa=$(cd "$_wh" && find "$@" 2>/dev/null)
  _wo=$IFS; IFS='
'; set -f
  for _l in $_wa; do
    _x=$_wh${_l#.}
    if [ -d "$_x" ] && [ ! -L "$_x" ]; then
      { [ -r "$_x" ] && [ -x "$_x" ]; } && continue
      if [ -n "$_wd" ]; then
        _r=${_l#.}; _k=0
        while [ -n "$_r" ]; do _r=${_r%/*}; _k=$((_k + 1)); done
        [ "$_k" -lt "$_wd" ] || continue
      fi
      walk_unread "$_wt${_l#.}"
    elif [ -f "$_x" ] && [ ! -L "$_x" ]; then
      # A name with a newline reaches here in pieces that do not exist, and is dropped.
      WALK_N=$((WALK_N + 1))
      [ "$WALK_N" -gt "$WALK_MAX" ] || WALK_OUT="$WALK_OUT${WALK_OUT:+,}$(json_str "$_wt${_l#.}")"
    fi
  done
  IFS=$_wo; set +f
}
walk_unread() { WALK_UNREAD="$WALK_UNREAD${WALK_UNREAD:+,}$(json_str "$1")"; }

# log_add TPATH HOSTPATH: a non-empty regular file (not a link) kept outside /var/log.
log_add() {
  [ -f "$2" ] && [ ! -L "$2" ] && [ -s "$2" ] || return 0
  WALK_N=$((WALK_N + 1))
  [ "$WALK_N" -gt "$WALK_MAX" ] || WALK_OUT="$WALK_OUT${WALK_OUT:+,}$(json_str "$1")"
}

# logFiles: non-empty files below /var/log (the first 200 named, all counted), and first the logs
# virt-sysprep also clears outside it: RHEL's process accounting (/var/account/pacct*, its pacct_log
# operation) and BIND's /var/named/data/named.run (its logfiles operation).
c_logFiles() {
  d=$(rpath /var/log) || { unresolved /var/log; return 1; }
  each_match log_add '/var/account/pacct*' /var/named/data/named.run
  walk "$d" /var/log '' '' -size +0
  printf '{"files":[%s],"count":%s,"unreadable":[%s]}' "$WALK_OUT" "$WALK_N" "$UNREADABLE_JSON${UNREADABLE_JSON:+${WALK_UNREAD:+,}}$WALK_UNREAD"
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

# backupFiles: editor and package-manager backup copies in /etc and /root (two levels deep: deep
# tool caches there, ~/.npm and ~/.cache, hold no admin's backups), and the editor backups (*~, *.bak)
# virt-sysprep's backup_files operation also removes from /srv and /var (the first 200 named). One
# walk of each tree. In /var, find does not enter /var/tmp (L078's), /var/log (L072's: every non-empty
# file there) nor BACKUP_PRUNED, the stores of containers, VMs, snaps and databases: their files are
# not the builder's edits (a container store holds whole filesystems), and walking them would cost
# the one round trip most.
BACKUP_PRUNED='tmp log lib/docker lib/containers lib/containerd lib/kubelet lib/rancher lib/lxc lib/lxd lib/incus lib/machines lib/libvirt lib/snapd lib/flatpak lib/mysql lib/postgresql lib/pgsql'
c_backupFiles() {
  e=$(rpath /etc) || { unresolved /etc; return 1; }
  r=$(rpath /root) || { unresolved /root; return 1; }
  v=$(rpath /var) || { unresolved /var; return 1; }
  s=$(rpath /srv) || { unresolved /srv; return 1; }
  walk "$e" /etc '' '' -name '*~' -o -name '*.bak' -o -name '*.orig' -o -name '*.dpkg-old' -o -name '*.dpkg-dist' -o -name '*.rpmsave' -o -name '*.ucf-old'
  walk "$r" /root 2 '' -name '*~' -o -name '*.bak' -o -name '*.orig'
  walk "$s" /srv '' '' -name '*~' -o -name '*.bak'
  walk "$v" /var '' "$BACKUP_PRUNED" -name '*~' -o -name '*.bak'
  printf '{"files":[%s],"unreadable":[%s]}' "$WALK_OUT" "$WALK_UNREAD"
}

# crashDumps: kernel and process crash dumps, and ABRT's problem directories (virt-sysprep's
# crash-data and abrt-data operations).
c_crashDumps() {
  list_json 100 '/var/crash/*' '/var/lib/systemd/coredump/*' '/var/log/dump/*' '/var/spool/abrt/*' >/dev/null
  printf '{"files":[%s],"count":%s}' "$LIST_OUT" "$COUNT"
}

# state_add TPATH HOSTPATH: a regular file (links followed inside $R) with its size.
state_add() {
  _sa=$(rpath "$1" && printf x) || return 0; _sa=${_sa%x}
  [ -f "$_sa" ] || return 0
  state_ref "$(file_ref "$1" "$_sa")"
}

# state_ref JSON: one more match of the glob state_globs reads, named among its first 200.
state_ref() {
  COUNT=$((COUNT + 1))
  [ "$COUNT" -gt 200 ] || STATE_OUT="$STATE_OUT${STATE_OUT:+,}$1"
}

# puppet_entry TPATH HOSTPATH: an entry of a Puppet agent's data: a file as state_add has it, or a
# folder (not a link) that holds anything, with a null size and the number of its entries (the client
# bucket nests each backup ten folders deep, and pluginsync copies every module's facts and types
# into lib: their folders stand for them). A folder that cannot be listed goes to UNREADABLE.
puppet_entry() {
  if [ -d "$2" ] && [ ! -L "$2" ]; then
    { [ -r "$2" ] && [ -x "$2" ]; } || { unreadable_add "$1"; return 0; }
    _pn=0
    for _pe in "$2"/* "$2"/.[!.]* "$2"/..?*; do
      if [ -e "$_pe" ] || [ -L "$_pe" ]; then _pn=$((_pn + 1)); fi
    done
    [ "$_pn" -gt 0 ] || return 0
    state_ref "{\"path\":$(json_str "$1"),\"size\":null,\"entries\":$_pn}"
  else
    state_add "$1" "$2"
  fi
}

# puppet_vardir_add TPATH HOSTPATH: a folder of a Puppet agent's vardir (state, reports, ssl,
# clientbucket...; links followed inside $R): each entry in it, as puppet_entry has them, as
# virt-sysprep's /var/lib/puppet/*/* and */*/* reach them. A folder that cannot be listed goes to
# UNREADABLE, since a shell glob would pass over it in silence.
puppet_vardir_add() {
  _pv=$(rpath "$1" && printf x) || return 0; _pv=${_pv%x}
  [ -d "$_pv" ] || return 0
  { [ -r "$_pv" ] && [ -x "$_pv" ]; } || { unreadable_add "$1"; return 0; }
  for _pf in "$_pv"/*; do
    if [ -e "$_pf" ] || [ -L "$_pf" ]; then puppet_entry "$1/${_pf##*/}" "$_pf"; fi
  done
}

# state_globs FUNC TGLOB...: each glob on its own, {"glob","count","files"} with the first 200 of
# its matches named and all counted, appended to STATE_GLOBS when it matched anything. One busy
# folder then leaves only the rule that owns it unknown.
STATE_GLOBS=''
state_globs() {
  _sg_f=$1; shift
  for _sg_g in "$@"; do
    COUNT=0; STATE_OUT=''
    each_match "$_sg_f" "$_sg_g"
    [ "$COUNT" -eq 0 ] || STATE_GLOBS="$STATE_GLOBS${STATE_GLOBS:+,}{\"glob\":$(json_str "$_sg_g"),\"count\":$COUNT,\"files\":[$STATE_OUT]}"
  done
}

# serviceState: per-machine state that services and tools keep, as virt-sysprep's operations name
# it (guestfs-tools sysprep/sysprep_operation_*.ml): legacy blkid caches (blkid_tab), yum's UUID
# (yum_uuid), Dovecot's data (dovecot_data), the Puppet agent's vardir (puppet_data_log: the
# /var/lib/puppet of distribution packages, and of Puppet's own packages since Puppet 4 the vardir
# /opt/puppetlabs/puppet/cache and the ssldir /etc/puppetlabs/puppet/ssl), enrolled fingerprints,
# installer files in /root and OpenPegasus's certificates (logfiles). /dev and /var/run are tmpfs on
# a running system: only an offline root's are read. Folders that cannot be searched are listed in
# "unreadable"; a folder that cannot be searched is not fatal: only the rules whose paths lie below
# it become unknown (as non-root: /root, fprintd's 0700 store).
c_serviceState() {
  state_globs state_add /etc/blkid.tab /etc/blkid.tab.old /etc/blkid/blkid.tab /etc/blkid/blkid.tab.old \
    /var/lib/yum/uuid '/var/lib/dovecot/*' '/var/lib/fprint/*/*/*/*' \
    /root/anaconda-ks.cfg /root/original-ks.cfg /root/initial-setup-ks.cfg /root/anaconda-post.log /root/install.log /root/install.log.syslog \
    '/etc/Pegasus/*.pem' '/etc/Pegasus/*.crt' '/etc/Pegasus/*.csr' '/etc/Pegasus/*.srl' '/etc/Pegasus/*.cnf'
  state_globs puppet_vardir_add '/var/lib/puppet/*' '/opt/puppetlabs/puppet/cache/*'
  state_globs puppet_entry '/etc/puppetlabs/puppet/ssl/*'
  [ "$LIVE" = 1 ] || state_globs state_add /var/run/blkid.tab /var/run/blkid.tab.old /dev/.blkid.tab /dev/.blkid.tab.old
  printf '{"globs":[%s],"unreadable":[%s]}' "$STATE_GLOBS" "$UNREADABLE_JSON"
}
