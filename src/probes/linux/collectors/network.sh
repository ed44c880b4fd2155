# Network identity: configuration files, DHCP leases, hostname, hosts and resolv.conf.

# Only what the network rules read leaves the target (line numbers kept, the rest blanked): of a
# NetworkManager keyfile the [connection], [match], [ethernet], [wifi], [ipv4] and [ipv6] sections
# (never [wifi-security], [802-1x] or [vpn-secrets]); of an ifcfg file the interface, MAC and
# address variables and the HOSTNAME= / DHCP_HOSTNAME= it sends (never KEY1=, WPA_PSK=, IEEE_8021X_PASSWORD=). Other formats are read whole and
# redacted (REDACT_AWK).
# shellcheck disable=SC2016 # awk programs: their $ fields are awk's, not the shell's
NM_KEEP_AWK='
/^[ \t]*\[/ { s = tolower($0); gsub(/^[ \t]*\[|\][ \t]*$/, "", s)
  keep = s ~ /^(connection|match|ethernet|802-3-ethernet|wifi|802-11-wireless|ipv4|ipv6)$/; print; next }
keep { print; next }
{ print "" }'
# shellcheck disable=SC2016 # an awk program: its $ fields are awk's, not the shell's
IFCFG_KEEP_AWK='
/^[ \t]*(DEVICE|NAME|TYPE|ONBOOT|HWADDR|MACADDR|BOOTPROTO|IPADDR[0-9]*|PREFIX[0-9]*|NETMASK[0-9]*|GATEWAY|HOSTNAME|DHCP_HOSTNAME)=/ { print; next }
{ print "" }'

# net_add TPATH HOSTPATH: one network configuration file in format $fmt, with its content.
net_add() {
  _h=$(rpath "$1" && printf x) || return 0; _h=${_h%x}
  [ -f "$_h" ] || return 0
  if [ ! -r "$_h" ]; then unreadable_add "$1"; return 0; fi
  case $fmt in networkmanager) _k=$NM_KEEP_AWK ;; ifcfg) _k=$IFCFG_KEEP_AWK ;; *) _k=1 ;; esac
  NET_OUT="$NET_OUT${NET_OUT:+,}{\"path\":$(json_str "$1"),\"format\":\"$fmt\",\"content\":$(json_file "$_h" 65536 "$_k")}"
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

# dhcpLeases: DHCP client lease files left from the build VM, and the lease database of an ISC DHCP
# server (Debian keeps dhcpd.leases in /var/lib/dhcp, RHEL in /var/lib/dhcpd).
c_dhcpLeases() {
  printf '{"leases":['
  sep=''
  for dir in /var/lib/dhcp /var/lib/dhcpd /var/lib/dhclient /var/lib/dhcpcd /var/lib/dhcpcd5 /var/lib/NetworkManager /var/lib/wicked /run/systemd/netif/leases; do
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
        /var/lib/dhcp|/var/lib/dhcpd|/var/lib/dhcpcd*) case $b in *.lease*) ;; *) continue ;; esac ;;
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
