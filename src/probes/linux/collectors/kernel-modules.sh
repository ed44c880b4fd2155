# Cloud boot drivers in each installed kernel (rules L089, L090): read from the module indexes that
# depmod and the kernel build write (modules.builtin, modules.dep), never from the initramfs itself.

# The drivers looked for, with dashes as underscores (the kernel treats both alike).
# shellcheck disable=SC2016 # an awk program: its $ fields are awk's, not the shell's
CLOUD_DRIVERS_AWK='
{ p = $0; if (dep) sub(/:.*/, "", p); n = p; sub(/.*\//, "", n)
  if (n !~ /\.ko(\.[a-z0-9]+)?$/) next
  sub(/\.ko.*/, "", n); gsub(/-/, "_", n)
  if (n == "nvme" || n == "nvme_core" || n == "ena" || n == "gve") { print n "\t" p; if (++c >= 32) exit } }'

# cd_index HOSTFILE DEP: the drivers an index lists, as "name<TAB>path" lines (first 16 MiB read).
cd_index() { head -c 16777216 "$1" 2>/dev/null | LC_ALL=C awk -v dep="$2" "$CLOUD_DRIVERS_AWK"; }

# cd_kernel TPATH HOSTPATH: one kernel in /boot and the drivers its module tree has.
cd_kernel() {
  _h=$(rpath "$1") || return 0
  [ -f "$_h" ] || return 0
  _v=${1##*/vmlinu?-}
  case $_v in *.hmac|*.sig) return 0 ;; esac
  CD_N=$((CD_N + 1))
  if [ "$CD_N" -gt 16 ]; then CD_MORE=1; return 0; fi
  _md=''; _mh=''
  for _t in "/lib/modules/$_v" "/usr/lib/modules/$_v"; do
    _x=$(rpath "$_t") || { unreadable_add "$_t"; continue; }
    if [ -d "$_x" ]; then _md=$_t; _mh=$_x; break; fi
  done
  _bi=false; _di=false; _builtin=''; _mods=''
  if [ -n "$_mh" ]; then
    { [ -r "$_mh" ] && [ -x "$_mh" ]; } || unreadable_add "$_md"
    _tab=$(printf '\t')
    if _f=$(rpath "$_md/modules.builtin") && [ -f "$_f" ]; then
      if [ -r "$_f" ]; then
        _bi=true
        for _n in $(cd_index "$_f" 0 | cut -f1 | sort -u); do _builtin="$_builtin${_builtin:+,}\"$_n\""; done
      else unreadable_add "$_md/modules.builtin"; fi
    fi
    if _f=$(rpath "$_md/modules.dep") && [ -f "$_f" ]; then
      if [ -r "$_f" ]; then
        _di=true
        _lines=$(cd_index "$_f" 1)
        while IFS="$_tab" read -r _n _p; do
          [ -n "$_n" ] && _mods="$_mods${_mods:+,}{\"name\":\"$_n\",\"path\":$(json_str "$_p")}"
        done <<EOT
$_lines
EOT
      else unreadable_add "$_md/modules.dep"; fi
    fi
  fi
  CD_OUT="$CD_OUT${CD_OUT:+,}{\"version\":$(json_str "$_v"),\"modulesDir\":$([ -n "$_md" ] && json_str "$_md" || printf null),\"indexed\":{\"builtin\":$_bi,\"dep\":$_di},\"builtin\":[$_builtin],\"modules\":[$_mods]}"
}

# cloudDrivers: for each kernel in /boot, the NVMe, ENA and gVNIC drivers built in or indexed as
# modules; when live, those the running kernel has (/sys/module/<name>).
c_cloudDrivers() {
  b=$(rpath /boot) || { unresolved /boot; return 1; }
  [ -d "$b" ] || { echo "no /boot directory under ${R:-/}"; return 1; }
  { [ -r "$b" ] && [ -x "$b" ]; } || { need_root /boot; return 1; }
  CD_OUT=''; CD_N=0; CD_MORE=0
  each_match cd_kernel '/boot/vmlinuz-*' '/boot/vmlinux-*'
  printf '{"kernels":[%s],"running":' "$CD_OUT"
  if [ "$LIVE" = 1 ]; then
    printf '['; sep=''
    for n in nvme nvme_core ena gve; do
      [ -d "/sys/module/$n" ] && { printf '%s"%s"' "$sep" "$n"; sep=','; }
    done
    printf ']'
  else printf null; fi
  printf ',"unreadable":[%s]}' "$UNREADABLE_JSON"
  [ "$CD_MORE" = 1 ] && partial "more than 16 kernels in /boot: the first 16 were read"
  return 0
}
