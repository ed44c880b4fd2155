# storage: fstab and crypttab entries, the LVM devices file and other OS trees on the disk (rules
# L006, L010, L011). Fields are kept as written (fstab's \040 escapes included).

# tab_entries TPATH: the non-comment lines of an fstab-like file as JSON objects of their fields.
tab_entries() {
  _f=$(rpath "$1") || return 0
  [ -f "$_f" ] || return 0
  _n=0; _sep=''
  while IFS= read -r _line || [ -n "$_line" ]; do
    _n=$((_n + 1))
    case $_line in ''|[\ \	]*'#'*|'#'*) continue ;; esac
    set -f; set -- $_line; set +f
    [ $# -gt 0 ] || continue
    printf '%s{"line":%s,"fields":[' "$_sep" "$_n"; _s2=''
    for _w in "$@"; do
      # A cifs credentials option (password=…) stays on the target.
      case $_w in *[Pp][Aa][Ss][Ss]*=*|*[Ss][Ee][Cc][Rr][Ee][Tt]*=*|*[Tt][Oo][Kk][Ee][Nn]*=*) _w=$(printf '%s\n' "$_w" | LC_ALL=C awk "$REDACT_AWK") ;; esac
      printf '%s%s' "$_s2" "$(json_str "$_w")"; _s2=','
    done
    printf ']}'; _sep=','
  done < "$_f"
}

c_storage() {
  for p in /etc/fstab /etc/crypttab /etc/lvm/devices/system.devices; do
    f=$(rpath "$p") || { echo "$p: symlink loop"; return 1; }
    if [ -e "$f" ] && [ ! -r "$f" ]; then need_root "$p"; return 1; fi
  done
  fstab=$(tab_entries /etc/fstab); crypttab=$(tab_entries /etc/crypttab)
  lvm=null
  f=$(rpath /etc/lvm/devices/system.devices)
  [ -f "$f" ] && lvm="{\"path\":\"/etc/lvm/devices/system.devices\",\"entries\":$(nc "$f" | wc -l | tr -d ' ')}"
  trees=''
  for mp in $(nc "$(rpath /etc/fstab)" | awk '$2 ~ /^\// && $2 != "/" { print $2 }'); do
    for rel in etc/os-release usr/lib/os-release; do
      h=$(rpath "$mp/$rel") || continue
      if [ -f "$h" ]; then trees="$trees${trees:+,}$(json_str "$mp")"; break; fi
    done
  done
  for h in "$R"/var/lib/machines/* "$R"/var/lib/lxc/*/rootfs; do
    [ -d "$h" ] || continue
    t=$(tpath "$h")
    for rel in etc/os-release usr/lib/os-release; do
      x=$(rpath "$t/$rel") || continue
      if [ -f "$x" ]; then trees="$trees${trees:+,}$(json_str "$t")"; break; fi
    done
  done
  printf '{"fstab":{"path":"/etc/fstab","present":%s,"entries":[%s]},"crypttab":{"path":"/etc/crypttab","present":%s,"entries":[%s]},"lvmDevices":%s,"osTrees":[%s]}' \
    "$([ -f "$(rpath /etc/fstab)" ] && echo true || echo false)" "$fstab" \
    "$([ -f "$(rpath /etc/crypttab)" ] && echo true || echo false)" "$crypttab" "$lvm" "$trees"
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

# encryptedHomes: eCryptfs and fscrypt state (L008, L009) in /home and each passwd home, bounded.
c_encryptedHomes() {
  p=$(rpath /etc/passwd) || p=$R/etc/passwd
  homes=$( { [ -r "$p" ] && awk -F: '$6 ~ /^\// { print $6 }' "$p"; for h in "$R"/home/*; do [ -d "$h" ] && tpath "$h" && echo; done; } | sort -u)
  eout=''; fout=''; bad=''; n=0
  # PRESEAL_MAX_HOMES lowers the bound (tests); the default keeps the probe quick on big directories.
  max=${PRESEAL_MAX_HOMES:-2000}
  case $max in ''|*[!0-9]*) max=2000 ;; esac
  for t in /home/.ecryptfs; do h=$(rpath "$t") && [ -d "$h" ] && eout=$(json_str "$t"); done
  IFS='
'
  for home in $homes; do
    n=$((n + 1)); [ "$n" -gt "$max" ] && { partial "only the first $max home directories were checked"; break; }
    [ "$home" = / ] && continue
    h=$(rpath "$home") || continue
    [ -d "$h" ] || continue
    [ -x "$h" ] || { bad="$bad${bad:+ }$home"; continue; }
    [ -d "$h/.ecryptfs" ] && eout="$eout${eout:+,}$(json_str "$home/.ecryptfs")"
  done
  unset IFS
  for t in /.fscrypt/policies /home/.fscrypt/policies; do
    h=$(rpath "$t") || continue
    [ -d "$h" ] || continue
    [ -r "$h" ] && [ -x "$h" ] || { bad="$bad${bad:+ }$t"; continue; }
    for x in "$h"/*; do [ -e "$x" ] && fout="$fout${fout:+,}$(json_str "$t/${x##*/}")"; done
  done
  if [ -n "$bad" ]; then need_root "$bad"; return 1; fi
  printf '{"ecryptfs":[%s],"fscrypt":[%s]}' "$eout" "$fout"
}
