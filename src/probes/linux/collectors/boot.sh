# kernelCmdline: what sets the kernel command line of the clones (/etc/default/grub and its .d
# files, /etc/kernel/cmdline), and on a live system the running /proc/cmdline.
c_kernelCmdline() {
  files_json -c /etc/default/grub '/etc/default/grub.d/*.cfg' /etc/kernel/cmdline
  printf '{"files":[%s],"unreadable":[%s]' "$FILES_OUT" "$UNREADABLE_JSON"
  if [ "$LIVE" = 1 ] && [ -r /proc/cmdline ]; then printf ',"running":%s' "$(json_str "$(first_line /proc/cmdline)")"; fi
  printf '}'
}

# grub_newer TPATH HOSTPATH: a GRUB defaults file modified after the grub.cfg at $c (find -newer:
# test -nt is not POSIX).
grub_newer() {
  _h=$(rpath "$1") || return 0
  [ -f "$_h" ] && [ -n "$(find "$_h" -prune -newer "$c" 2>/dev/null)" ] && NEWER="$NEWER${NEWER:+,}$(json_str "$1")"
  return 0
}

# grubConfig: each generated grub.cfg and the /etc/default/grub files modified after it.
c_grubConfig() {
  for p in /boot/grub /boot/grub2; do
    d=$(rpath "$p") || { unresolved "$p"; return 1; }
    if [ -d "$d" ] && [ ! -x "$d" ]; then need_root "$p"; return 1; fi
  done
  printf '{"configs":['
  sep=''
  for p in /boot/grub/grub.cfg /boot/grub2/grub.cfg; do
    c=$(rpath "$p") || continue
    [ -f "$c" ] || continue
    NEWER=''
    each_match grub_newer /etc/default/grub '/etc/default/grub.d/*.cfg'
    printf '%s{"path":"%s","olderThan":[%s]}' "$sep" "$p" "$NEWER"; sep=','
  done
  printf ']}'
}

# kernel_add TPATH HOSTPATH: a kernel in /boot and the initramfs made for it.
kernel_add() {
  _h=$(rpath "$1") || return 0
  [ -f "$_h" ] || return 0
  _v=${1##*/vmlinu?-}
  case $_v in *.hmac|*.sig) return 0 ;; esac
  _i=null
  for _n in "initrd.img-$_v" "initramfs-$_v.img" "initrd-$_v" "initramfs-$_v"; do
    _x=$(rpath "/boot/$_n") || continue
    [ -s "$_x" ] && { _i=$(json_str "/boot/$_n"); break; }
  done
  KERNELS="$KERNELS${KERNELS:+,}{\"path\":$(json_str "$1"),\"version\":$(json_str "$_v"),\"initramfs\":$_i}"
}

# efi_dir TPATH HOSTPATH: a vendor directory of the ESP.
efi_dir() {
  _h=$(rpath "$1") || return 0
  [ -d "$_h" ] && EFI_DIRS="$EFI_DIRS${EFI_DIRS:+,}$(json_str "${1##*/}")"
  return 0
}

# efi_fallback TPATH HOSTPATH: the removable-media loader (EFI/BOOT/BOOTX64.EFI or BOOTAA64.EFI).
efi_fallback() {
  case ${1##*/} in [Bb][Oo][Oo][Tt][Xx]64.[Ee][Ff][Ii]|[Bb][Oo][Oo][Tt][Aa][Aa]64.[Ee][Ff][Ii]) ;; *) return 0 ;; esac
  _h=$(rpath "$1") || return 0
  [ -f "$_h" ] && [ -s "$_h" ] && EFI_FALLBACK="$EFI_FALLBACK${EFI_FALLBACK:+,}$(json_str "$1")"
  return 0
}

# bootFiles: installed kernels with their initramfs, and the EFI system partition's loaders.
c_bootFiles() {
  b=$(rpath /boot) || { unresolved /boot; return 1; }
  [ -d "$b" ] || { echo "no /boot directory under ${R:-/}"; return 1; }
  { [ -r "$b" ] && [ -x "$b" ]; } || { need_root /boot; return 1; }
  printf '{"kernels":['
  sep=''
  KERNELS=''
  each_match kernel_add '/boot/vmlinuz-*' '/boot/vmlinux-*'
  printf '%s' "$KERNELS"
  printf '],"efi":'
  # A folder that does not resolve inside the root is as unknown as one that cannot be read.
  esp=$(rpath /boot/efi) || { printf 'null,"unreadable":["/boot/efi"]}'; return 0; }
  if [ -d "$esp" ] && { [ ! -r "$esp" ] || [ ! -x "$esp" ]; }; then printf 'null,"unreadable":["/boot/efi"]}'; return 0; fi
  e=$(rpath /boot/efi/EFI) || { printf 'null,"unreadable":["/boot/efi/EFI"]}'; return 0; }
  if [ -d "$e" ]; then
    { [ -r "$e" ] && [ -x "$e" ]; } || { printf 'null,"unreadable":["/boot/efi/EFI"]}'; return 0; }
    EFI_DIRS=''; EFI_FALLBACK=''
    each_match efi_dir '/boot/efi/EFI/*'
    each_match efi_fallback '/boot/efi/EFI/[Bb][Oo][Oo][Tt]/*'
    printf '{"dirs":[%s],"fallback":[%s]},"unreadable":[]}' "$EFI_DIRS" "$EFI_FALLBACK"
  else
    printf 'null,"unreadable":[]}'
  fi
}

# initramfsConfig: initramfs-tools and dracut settings that decide which drivers the initramfs holds.
# mkinitramfs always adds the modules that /etc/initramfs-tools/modules and the package-shipped
# /usr/share/initramfs-tools/modules.d/* list (initramfs.conf(5), initramfs-tools 0.142).
c_initramfsConfig() {
  files_json -c /etc/initramfs-tools/initramfs.conf '/etc/initramfs-tools/conf.d/*' /etc/initramfs-tools/modules '/usr/share/initramfs-tools/modules.d/*'
  tools=$FILES_OUT; FILES_OUT=''
  files_json -c /etc/dracut.conf '/etc/dracut.conf.d/*.conf' '/usr/lib/dracut/dracut.conf.d/*.conf'
  printf '{"initramfsTools":[%s],"dracut":[%s],"unreadable":[%s],"generators":[' "$tools" "$FILES_OUT" "$UNREADABLE_JSON"
  sep=''; seen=' '
  for g in /usr/sbin/update-initramfs /sbin/update-initramfs /usr/bin/dracut /usr/sbin/dracut /sbin/dracut; do
    h=$(rpath "$g") || continue
    [ -e "$h" ] || continue
    case $g in *dracut) n=dracut ;; *) n=initramfs-tools ;; esac
    case $seen in *" $n "*) continue ;; esac
    printf '%s"%s"' "$sep" "$n"; sep=','; seen="$seen$n "
  done
  printf ']}'
}

# modprobeConfig: modprobe.d files (install/blacklist lines decide whether udf and vfat load).
c_modprobeConfig() {
  files_json -c '/etc/modprobe.d/*.conf' '/lib/modprobe.d/*.conf' '/usr/lib/modprobe.d/*.conf' '/run/modprobe.d/*.conf'
  printf '{"files":[%s],"unreadable":[%s]}' "$FILES_OUT" "$UNREADABLE_JSON"
}

# rebootState (live only): /run/reboot-required and the running kernel against the installed ones.
c_rebootState() {
  [ "$LIVE" = 1 ] || { echo 'a pending reboot exists only on a running system'; return 3; }
  running=$(first_line /proc/sys/kernel/osrelease)
  [ -n "$running" ] || { echo '/proc/sys/kernel/osrelease is not readable'; return 1; }
  printf '{"rebootRequired":%s,"running":%s,"installed":[' "$([ -e /run/reboot-required ] && echo true || echo false)" "$(json_str "$running")"
  sep=''
  for k in /boot/vmlinuz-*; do
    [ -f "$k" ] || continue
    printf '%s%s' "$sep" "$(json_str "${k#/boot/vmlinuz-}")"; sep=','
  done
  printf ']'
  [ -r /run/reboot-required.pkgs ] && printf ',"packages":%s' "$(json_str "$(tr '\n' ' ' < /run/reboot-required.pkgs)")"
  printf '}'
}
