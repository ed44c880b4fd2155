# fstab: /etc/fstab as written, and swap units enabled in /etc/systemd/system.
c_fstab() {
  f=$(rpath /etc/fstab) || { echo '/etc/fstab: symlink loop'; return 1; }
  printf '{"path":"/etc/fstab",'
  if [ -f "$f" ]; then
    [ -r "$f" ] || { x_need_root /etc/fstab; return 1; }
    printf '"content":%s,' "$(x_json_file "$f" 262144)"
  else
    printf '"content":null,'
  fi
  printf '"swapUnits":[%s]}' "$(x_paths_json "$R"/etc/systemd/system/*.wants/*.swap)"
}
