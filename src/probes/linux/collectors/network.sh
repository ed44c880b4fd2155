# networkConfig: network configuration files in their own formats (parsed by the rules), and the
# udev persistent-net rules. Files that cannot be read (NetworkManager keeps its keyfiles 0600)
# are listed in "unreadable".
c_networkConfig() {
  X_UNREADABLE=''
  nm=$(rpath /etc/NetworkManager/system-connections) || nm=$R/etc/NetworkManager/system-connections
  if [ -d "$nm" ] && { [ ! -r "$nm" ] || [ ! -x "$nm" ]; }; then X_UNREADABLE='"/etc/NetworkManager/system-connections"'; fi
  printf '{"files":['
  sep=''
  for spec in \
    "netplan:/etc/netplan:*.yaml" "netplan:/lib/netplan:*.yaml" "netplan:/usr/lib/netplan:*.yaml" \
    "networkmanager:/etc/NetworkManager/system-connections:*" \
    "ifupdown:/etc/network:interfaces" "ifupdown:/etc/network/interfaces.d:*" \
    "networkd:/etc/systemd/network:*.network" "networkd:/etc/systemd/network:*.link" \
    "ifcfg:/etc/sysconfig/network-scripts:ifcfg-*" "ifcfg:/etc/sysconfig/network:ifcfg-*" \
    "udev:/etc/udev/rules.d:*persistent-net*.rules"; do
    fmt=${spec%%:*}; rest=${spec#*:}; dir=${rest%%:*}; pat=${rest#*:}
    hd=$(rpath "$dir") || continue
    [ -d "$hd" ] || continue
    for f in "$hd"/$pat; do
      [ -e "$f" ] || [ -L "$f" ] || continue
      p="$dir/${f##*/}"
      h=$f; [ -L "$f" ] && { h=$(rpath "$p") || continue; }
      [ -f "$h" ] || continue
      if [ ! -r "$h" ]; then X_UNREADABLE="$X_UNREADABLE${X_UNREADABLE:+,}$(json_str "$p")"; continue; fi
      printf '%s{"path":%s,"format":"%s","content":%s}' "$sep" "$(json_str "$p")" "$fmt" "$(x_json_file "$h")"
      sep=','
    done
  done
  printf '],"unreadable":[%s]}' "$X_UNREADABLE"
}

# dhcpLeases: DHCP client lease files left from the build VM.
c_dhcpLeases() {
  printf '{"leases":['
  sep=''
  for dir in /var/lib/dhcp /var/lib/dhclient /var/lib/dhcpcd /var/lib/dhcpcd5 /var/lib/NetworkManager /var/lib/wicked /run/systemd/netif/leases; do
    case $dir in /run/*) [ "$LIVE" = 1 ] || continue ;; esac
    hd=$(rpath "$dir") || continue
    [ -d "$hd" ] || continue
    [ -r "$hd" ] && [ -x "$hd" ] || { x_need_root "$dir"; return 1; }
    for f in "$hd"/*; do
      [ -f "$f" ] && [ -s "$f" ] || continue
      b=${f##*/}
      case $dir in
        /var/lib/NetworkManager) case $b in *.lease) ;; *) continue ;; esac ;;
        /var/lib/dhcp|/var/lib/dhcpcd*) case $b in *.lease*|*.leases*) ;; *) continue ;; esac ;;
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
    f=$(rpath "$p") || f=$R$p
    key=hosts; [ "$p" = /etc/hostname ] && key=hostname
    if [ ! -e "$f" ]; then printf '"%s":null,' "$key"; continue; fi
    [ -r "$f" ] || { x_need_root "$p"; return 1; }
    printf '"%s":%s,' "$key" "$(x_json_file "$f")"
  done
  f=$R/etc/resolv.conf
  if [ -L "$f" ]; then
    printf '"resolvConf":{"kind":"symlink","target":%s}' "$(json_str "$(readlink "$f")")"
  elif [ -f "$f" ]; then
    [ -r "$f" ] || { x_need_root /etc/resolv.conf; return 1; }
    printf '"resolvConf":{"kind":"file","content":%s}' "$(x_json_file "$f")"
  else
    printf '"resolvConf":{"kind":"missing"}'
  fi
  printf '}'
}
