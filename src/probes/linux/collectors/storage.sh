# Storage: fstab and crypttab entries (the one reading of each), swap units, the LVM devices file,
# other OS trees on the disk, disk and home encryption. Fields are kept as written (fstab's \040
# escapes included); target text is split into fields with globbing off (set -f).

# tab_entries TPATH: the non-comment lines of an fstab-like file as JSON objects of their fields.
tab_entries() {
  _f=$(rpath "$1") || return 0
  [ -f "$_f" ] || return 0
  set -f
  _n=0; _sep=''
  while IFS= read -r _line || [ -n "$_line" ]; do
    _n=$((_n + 1))
    case $_line in ''|[\ \	]*'#'*|'#'*) continue ;; esac
    # shellcheck disable=SC2086 # split into fields on purpose; globbing is off
    set -- $_line
    [ $# -gt 0 ] || continue
    printf '%s{"line":%s,"fields":[' "$_sep" "$_n"; _s2=''
    for _w in "$@"; do
      # A cifs credentials option (password=…) stays on the target.
      case $_w in *[Pp][Aa][Ss][Ss]*=*|*[Ss][Ee][Cc][Rr][Ee][Tt]*=*|*[Tt][Oo][Kk][Ee][Nn]*=*) _w=$(printf '%s\n' "$_w" | LC_ALL=C awk "$REDACT_AWK") ;; esac
      printf '%s%s' "$_s2" "$(json_str "$_w")"; _s2=','
    done
    printf ']}'; _sep=','
  done < "$_f"
  set +f
}

# os_tree TPATH [HOSTPATH]: TPATH holds another OS (an os-release file), resolved inside the root.
os_tree() {
  for _rel in etc/os-release usr/lib/os-release; do
    _x=$(rpath "$1/$_rel") || continue
    if [ -f "$_x" ]; then TREES="$TREES${TREES:+,}$(json_str "$1")"; return 0; fi
  done
}

c_storage() {
  for p in /etc/fstab /etc/crypttab /etc/lvm/devices/system.devices; do
    f=$(rpath "$p") || { unresolved "$p"; return 1; }
    if [ -e "$f" ] && [ ! -r "$f" ]; then need_root "$p"; return 1; fi
  done
  fstab=$(tab_entries /etc/fstab); crypttab=$(tab_entries /etc/crypttab)
  lvm=null
  f=$(rpath /etc/lvm/devices/system.devices)
  [ -f "$f" ] && lvm="{\"path\":\"/etc/lvm/devices/system.devices\",\"entries\":$(nc "$f" | wc -l | tr -d ' ')}"
  TREES=''
  # Mount points are target text: one a line, never globbed or split at blanks.
  mps=$(nc "$(rpath /etc/fstab)" | awk '$2 ~ /^\// && $2 != "/" { print $2 }')
  old=$IFS; IFS='
'; set -f
  for mp in $mps; do os_tree "$mp" "$mp"; done
  IFS=$old; set +f
  each_match os_tree '/var/lib/machines/*' '/var/lib/lxc/*/rootfs'
  printf '{"fstab":{"path":"/etc/fstab","present":%s,"entries":[%s]},"crypttab":{"path":"/etc/crypttab","present":%s,"entries":[%s]},"swapUnits":[%s],"lvmDevices":%s,"osTrees":[%s]}' \
    "$([ -f "$(rpath /etc/fstab)" ] && echo true || echo false)" "$fstab" \
    "$([ -f "$(rpath /etc/crypttab)" ] && echo true || echo false)" "$crypttab" \
    "$(paths_json '/etc/systemd/system/*.wants/*.swap')" "$lvm" "$TREES"
}

# azureDiskEncryption: ADE's config folder and extension folders under the waagent Lib.Dir (L007).
c_azureDiskEncryption() {
  if unreadable_dir /var/lib/waagent; then need_root /var/lib/waagent; return 1; fi
  out=''
  h=$(rpath /var/lib/azure_disk_encryption_config) && [ -e "$h" ] && out='"/var/lib/azure_disk_encryption_config"'
  if w=$(rpath /var/lib/waagent) && [ -d "$w" ]; then
    for h in "$w"/Microsoft.Azure.Security.AzureDiskEncryptionForLinux*; do
      [ -e "$h" ] && out="$out${out:+,}$(json_str "/var/lib/waagent/${h##*/}")"
    done
  fi
  printf '{"markers":[%s]}' "$out"
}

# home_dir TPATH HOSTPATH: a folder in /home, one a line in HOMES.
home_dir() {
  _h=$(rpath "$1") || return 0
  [ -d "$_h" ] && HOMES="$HOMES$1
"
  return 0
}

# encryptedHomes: eCryptfs and fscrypt state (L008, L009) in /home and each passwd home, bounded.
c_encryptedHomes() {
  p=$(rpath /etc/passwd) || { unresolved /etc/passwd; return 1; }
  HOMES=''
  each_match home_dir '/home/*'
  homes=$( { [ -r "$p" ] && passwd_homes "$p" | sed 's/^[^:]*://'; printf '%s' "$HOMES"; } | sort -u)
  eout=''; fout=''; bad=''; unres=''; n=0
  # PRESEAL_MAX_HOMES lowers the bound (tests); the default keeps the probe quick on big directories.
  max=${PRESEAL_MAX_HOMES:-2000}
  case $max in ''|*[!0-9]*) max=2000 ;; esac
  h=$(rpath /home/.ecryptfs) && [ -d "$h" ] && eout='"/home/.ecryptfs"'
  IFS='
'; set -f
  for home in $homes; do
    n=$((n + 1)); [ "$n" -gt "$max" ] && { partial "only the first $max home directories were checked"; break; }
    [ "$home" = / ] && continue
    h=$(rpath "$home") || { unres="$unres${unres:+ }$home"; continue; }
    [ -d "$h" ] || continue
    [ -x "$h" ] || { bad="$bad${bad:+ }$home"; continue; }
    x=$(rpath "$home/.ecryptfs") || { unres="$unres${unres:+ }$home/.ecryptfs"; continue; }
    [ -d "$x" ] && eout="$eout${eout:+,}$(json_str "$home/.ecryptfs")"
  done
  unset IFS; set +f
  for t in /.fscrypt/policies /home/.fscrypt/policies; do
    h=$(rpath "$t") || { unres="$unres${unres:+ }$t"; continue; }
    [ -d "$h" ] || continue
    { [ -r "$h" ] && [ -x "$h" ]; } || { bad="$bad${bad:+ }$t"; continue; }
    for x in "$h"/*; do [ -e "$x" ] || [ -L "$x" ] && fout="$fout${fout:+,}$(json_str "$t/${x##*/}")"; done
  done
  if [ -n "$unres" ]; then unresolved "$unres"; return 1; fi
  if [ -n "$bad" ]; then need_root "$bad"; return 1; fi
  printf '{"ecryptfs":[%s],"fscrypt":[%s]}' "$eout" "$fout"
}
