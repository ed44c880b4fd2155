# kernelCmdline: what sets the kernel command line of the clones (/etc/default/grub and its .d
# files, /etc/kernel/cmdline), and on a live system the running /proc/cmdline.
c_kernelCmdline() {
  X_UNREADABLE=''
  printf '{"files":['
  X_SEP=''; x_files_json "$R/etc/default/grub" "$R"/etc/default/grub.d/*.cfg "$R/etc/kernel/cmdline"
  printf '],"unreadable":[%s]' "$X_UNREADABLE"
  if [ "$LIVE" = 1 ] && [ -r /proc/cmdline ]; then printf ',"running":%s' "$(json_str "$(first_line /proc/cmdline)")"; fi
  printf '}'
}

# grubConfig: each generated grub.cfg and the /etc/default/grub files modified after it.
c_grubConfig() {
  for p in /boot/grub /boot/grub2; do
    d=$(rpath "$p") || continue
    if [ -d "$d" ] && [ ! -x "$d" ]; then x_need_root "$p"; return 1; fi
  done
  printf '{"configs":['
  sep=''
  for p in /boot/grub/grub.cfg /boot/grub2/grub.cfg; do
    c=$(rpath "$p") || continue
    [ -f "$c" ] || continue
    printf '%s{"path":"%s","olderThan":[' "$sep" "$p"
    s2=''
    for d in "$R/etc/default/grub" "$R"/etc/default/grub.d/*.cfg; do
      [ -f "$d" ] && [ "$d" -nt "$c" ] || continue
      printf '%s%s' "$s2" "$(json_str "$(tpath "$d")")"; s2=','
    done
    printf ']}'; sep=','
  done
  printf ']}'
}

# bootFiles: installed kernels with their initramfs, and the EFI system partition's loaders.
c_bootFiles() {
  b=$(rpath /boot) || b=$R/boot
  [ -d "$b" ] || { echo "no /boot directory under ${R:-/}"; return 1; }
  [ -r "$b" ] && [ -x "$b" ] || { x_need_root /boot; return 1; }
  printf '{"kernels":['
  sep=''
  for k in "$b"/vmlinuz-* "$b"/vmlinux-*; do
    [ -f "$k" ] || continue
    v=${k##*/vmlinu?-}
    case $v in *.hmac|*.sig) continue ;; esac
    init=null
    for i in "initrd.img-$v" "initramfs-$v.img" "initrd-$v" "initramfs-$v"; do
      [ -s "$b/$i" ] && { init=$(json_str "/boot/$i"); break; }
    done
    printf '%s{"path":%s,"version":%s,"initramfs":%s}' "$sep" "$(json_str "/boot/${k##*/}")" "$(json_str "$v")" "$init"; sep=','
  done
  printf '],"efi":'
  esp=$(rpath /boot/efi) || esp=''
  if [ -n "$esp" ] && [ -d "$esp" ] && { [ ! -r "$esp" ] || [ ! -x "$esp" ]; }; then printf 'null,"unreadable":["/boot/efi"]}'; return 0; fi
  e=$(rpath /boot/efi/EFI) || e=''
  if [ -n "$e" ] && [ -d "$e" ]; then
    [ -r "$e" ] && [ -x "$e" ] || { printf 'null,"unreadable":["/boot/efi/EFI"]}'; return 0; }
    printf '{"dirs":[%s],"fallback":[' "$(for d in "$e"/*; do [ -d "$d" ] && printf '%s,' "$(json_str "${d##*/}")"; done | sed 's/,$//')"
    sep=''
    for d in "$e"/*; do
      case ${d##*/} in [Bb][Oo][Oo][Tt]) ;; *) continue ;; esac
      for f in "$d"/*; do
        case ${f##*/} in [Bb][Oo][Oo][Tt][Xx]64.[Ee][Ff][Ii]|[Bb][Oo][Oo][Tt][Aa][Aa]64.[Ee][Ff][Ii]) ;; *) continue ;; esac
        [ -s "$f" ] || continue
        printf '%s%s' "$sep" "$(json_str "/boot/efi/EFI/${d##*/}/${f##*/}")"; sep=','
      done
    done
    printf ']},"unreadable":[]}'
  else
    printf 'null,"unreadable":[]}'
  fi
}

# initramfsConfig: initramfs-tools and dracut settings that decide which drivers the initramfs holds.
c_initramfsConfig() {
  X_UNREADABLE=''
  printf '{"initramfsTools":['
  X_SEP=''; x_files_json "$R/etc/initramfs-tools/initramfs.conf" "$R"/etc/initramfs-tools/conf.d/* "$R/etc/initramfs-tools/modules"
  printf '],"dracut":['
  X_SEP=''; x_files_json "$R/etc/dracut.conf" "$R"/etc/dracut.conf.d/*.conf "$R"/usr/lib/dracut/dracut.conf.d/*.conf
  printf '],"unreadable":[%s],"generators":[' "$X_UNREADABLE"
  sep=''; seen=' '
  for g in /usr/sbin/update-initramfs /sbin/update-initramfs /usr/bin/dracut /usr/sbin/dracut /sbin/dracut; do
    [ -e "$R$g" ] || [ -L "$R$g" ] || continue
    case $g in *dracut) n=dracut ;; *) n=initramfs-tools ;; esac
    case $seen in *" $n "*) continue ;; esac
    printf '%s"%s"' "$sep" "$n"; sep=','; seen="$seen$n "
  done
  printf ']}'
}

# modprobeConfig: modprobe.d files (install/blacklist lines decide whether udf and vfat load).
c_modprobeConfig() {
  X_UNREADABLE=''
  printf '{"files":['
  X_SEP=''; x_files_json "$R"/etc/modprobe.d/*.conf "$R"/lib/modprobe.d/*.conf "$R"/usr/lib/modprobe.d/*.conf "$R"/run/modprobe.d/*.conf
  printf '],"unreadable":[%s]}' "$X_UNREADABLE"
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
