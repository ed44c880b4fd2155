# Network identity: configuration files, DHCP leases, hostname, hosts and resolv.conf.

# net_add TPATH HOSTPATH: one network configuration file in format $fmt, with its content.
net_add() {
  _h=$(rpath "$1" && printf x) || return 0; _h=${_h%x}
  [ -f "$_h" ] || return 0
  if [ ! -r "$_h" ]; then unreadable_add "$1"; return 0; fi
  NET_OUT="$NET_OUT${NET_OUT:+,}{\"path\":$(json_str "$1"),\"format\":\"$fmt\",\"content\":$(json_file "$_h")}"
}

# networkConfig: network configuration files in their own formats (parsed by the rules), and the
# udev persistent-net rules. Files that cannot be read (NetworkManager keeps its keyfiles 0600)
# are listed in "unreadable".
c_networkConfig() {
  NET_OUT=''
  for spec in \
    "netplan:/etc/netplan/*.yaml" "netplan:/lib/netplan/*.yaml" "netplan:/usr/lib/netplan/*.yaml" \
    "networkmanager:/etc/NetworkManager/system-connections/*" \
    "ifupdown:/etc/network/interfaces" "ifupdown:/etc/network/interfaces.d/*" \
    "networkd:/etc/systemd/network/*.network" "networkd:/etc/systemd/network/*.link" \
    "ifcfg:/etc/sysconfig/network-scripts/ifcfg-*" "ifcfg:/etc/sysconfig/network/ifcfg-*" \
    "udev:/etc/udev/rules.d/*persistent-net*.rules"; do
    fmt=${spec%%:*}
    each_match net_add "${spec#*:}"
  done
  printf '{"files":[%s],"unreadable":[%s]}' "$NET_OUT" "$UNREADABLE_JSON"
}

# dhcpLeases: DHCP client lease files left from the build VM.
c_dhcpLeases() {
  printf '{"leases":['
  sep=''
  for dir in /var/lib/dhcp /var/lib/dhclient /var/lib/dhcpcd /var/lib/dhcpcd5 /var/lib/NetworkManager /var/lib/wicked /run/systemd/netif/leases; do
    case $dir in /run/*) [ "$LIVE" = 1 ] || continue ;; esac
    hd=$(rpath "$dir") || { unresolved "$dir"; return 1; }
    [ -d "$hd" ] || continue
    { [ -r "$hd" ] && [ -x "$hd" ]; } || { need_root "$dir"; return 1; }
    for f in "$hd"/*; do
      b=${f##*/}
      h=$(rpath "$dir/$b") || continue
      { [ -f "$h" ] && [ -s "$h" ]; } || continue
      case $dir in
        /var/lib/NetworkManager) case $b in *.lease) ;; *) continue ;; esac ;;
        /var/lib/dhcp|/var/lib/dhcpcd*) case $b in *.lease*) ;; *) continue ;; esac ;;
        /var/lib/wicked) case $b in lease-*) ;; *) continue ;; esac ;;
      esac
      printf '%s%s' "$sep" "$(json_str "$dir/$b")"; sep=','
    done
  done
  printf ']}'
}

# hostIdentity: /etc/hostname, /etc/hosts and /etc/resolv.conf as the clones would get them.
c_hostIdentity() {
  printf '{'
  for p in /etc/hostname /etc/hosts; do
    f=$(rpath "$p") || { unresolved "$p"; return 1; }
    key=hosts; [ "$p" = /etc/hostname ] && key=hostname
    if [ ! -e "$f" ]; then printf '"%s":null,' "$key"; continue; fi
    [ -r "$f" ] || { need_root "$p"; return 1; }
    printf '"%s":%s,' "$key" "$(json_file "$f")"
  done
  # resolv.conf itself may be a link (to systemd-resolved's stub): report the link, never follow it
  # out of the root.
  e=$(rpath /etc) || { unresolved /etc; return 1; }
  f=$e/resolv.conf
  if [ -L "$f" ]; then
    printf '"resolvConf":{"kind":"symlink","target":%s}' "$(json_str "$(readlink "$f")")"
  elif [ -f "$f" ]; then
    [ -r "$f" ] || { need_root /etc/resolv.conf; return 1; }
    printf '"resolvConf":{"kind":"file","content":%s}' "$(json_file "$f")"
  else
    printf '"resolvConf":{"kind":"missing"}'
  fi
  printf '}'
}
