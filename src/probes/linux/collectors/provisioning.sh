# Provisioning agents: waagent and cloud-init, their configuration and state, and what a prior
# deprovision left (the provisioning rules, and the default generalizer in src/platforms/linux.ts).

# The awk prologue both parsers below share: esc(s) writes s as the inside of a JSON string, as
# lib.sh's json_str does (control characters and @ as \u escapes, so target text cannot show a marker).
AWK_JSON_ESC='
    BEGIN { for (i = 1; i < 32; i++) ctl[sprintf("%c", i)] = sprintf("\\u%04x", i); ctl[sprintf("%c", 127)] = "\\u007f" }
    function esc(s,   out, i, c) { out = ""
      for (i = 1; i <= length(s); i++) { c = substr(s, i, 1)
        if (c == "\\") out = out "\\\\"; else if (c == "\"") out = out "\\\""; else if (c in ctl) out = out ctl[c]; else if (c == "@") out = out "\\u0040"; else out = out c }
      return out }
'

# waagent_conf HOSTFILE: the Provisioning, ResourceDisk, AutoUpdate and Extensions settings of
# waagent.conf as JSON members, parsed the way the agent does
# (azurelinuxagent/common/conf.py ConfigurationProvider.load: lines not starting with '#', split at
# the first '=', value cut at '#' and stripped of quotes and blanks; the last definition wins).
waagent_conf() {
  LC_ALL=C awk "$AWK_JSON_ESC"'
    /^#/ || !/=/ { next }
    { k = $0; sub(/=.*/, "", k); gsub(/^[[:space:]]+|[[:space:]]+$/, "", k)
      v = $0; sub(/^[^=]*=/, "", v); sub(/#.*/, "", v); gsub(/^[[:space:]"]+|[[:space:]"]+$/, "", v)
      # Only the setting families the rules read: HttpProxy.* and the like may hold credentials.
      if (k !~ /^(Provisioning|ResourceDisk|AutoUpdate|Extensions)\.[A-Za-z0-9_.]+$/) next
      if (tolower(k) ~ /pass|secret|token|credential/ && tolower(v) !~ /^(y|n|yes|no|true|false|[0-9]*)$/) v = "***"
      if (!(k in val)) order[++n] = k; val[k] = v }
    END { for (i = 1; i <= n; i++) { k = order[i]; printf "%s\"%s\":\"%s\"", (i > 1 ? "," : ""), k, esc(val[k]) } }' "$1"
}

# cloud_cfg_keys HOSTFILE: the top-level keys preseal reads from a cloud-init config file, each with
# the YAML text of its value (a scalar, a flow list, or the indented block that follows).
cloud_cfg_keys() {
  LC_ALL=C awk "$AWK_JSON_ESC"'
    function flush(   text, i, last) { if (key == "") return
      last = nl; while (last > 1 && lines[last] ~ /^[[:space:]]*$/) last--
      text = esc(lines[1]); for (i = 2; i <= last; i++) text = text "\\n" esc(lines[i])
      printf "%s\"%s\":\"%s\"", (n++ ? "," : ""), key, text; key = "" }
    /^[A-Za-z_][A-Za-z0-9_]*[[:space:]]*:/ { flush(); k = $0; sub(/[[:space:]]*:.*/, "", k)
      if (k ~ /^(datasource_list|manual_cache_clean|ssh_deletekeys|preserve_hostname)$/) { key = k; v = $0; sub(/^[^:]*:[[:space:]]*/, "", v); nl = 1; lines[1] = v }
      next }
    key != "" && /^([[:space:]]|-|$)/ { lines[++nl] = $0; next }
    key != "" { flush() }
    END { flush() }' "$1"
}

# wa_version TPATH HOSTPATH: the version in a WALinuxAgent-<version>-py*.egg-info folder name.
wa_version() {
  [ -z "$version" ] || return 0
  _v=$(printf '%s' "${1##*/}" | sed -n 's/^WALinuxAgent-\([0-9][0-9.]*[0-9]\).*/\1/p')
  [ -n "$_v" ] && { version=$_v; source=$1; }
  return 0
}

# ci_config TPATH HOSTPATH: one cloud-init configuration file as {"path","readable","settings"}.
ci_config() {
  _h=$(rpath "$1" && printf x) || return 0; _h=${_h%x}
  [ -f "$_h" ] || return 0
  if [ -r "$_h" ]; then _c="{\"path\":$(json_str "$1"),\"readable\":true,\"settings\":{$(cloud_cfg_keys "$_h")}}"
  else _c="{\"path\":$(json_str "$1"),\"readable\":false,\"settings\":{}}"; fi
  CI_CONFIG="$CI_CONFIG${CI_CONFIG:+,}$_c"
}

# ci_user_data TPATH HOSTPATH: a non-empty cached user-data file.
ci_user_data() {
  _h=$(rpath "$1") || return 0
  [ -s "$_h" ] && CI_USER_DATA="$CI_USER_DATA${CI_USER_DATA:+,}$(json_str "$1")"
  return 0
}

# provisioning: waagent (binary, version, waagent.conf) and cloud-init (binary, whether it is
# disabled, its enabled Local/Network stage units, the settings of cloud.cfg and cloud.cfg.d in
# reading order, installer leftovers, the instance cache, files it generated and cached user-data).
c_provisioning() {
  wa_bin=''
  for p in /usr/sbin/waagent /usr/bin/waagent /usr/local/sbin/waagent /usr/local/bin/waagent; do
    h=$(rpath "$p") && [ -f "$h" ] && { wa_bin=$p; break; }
  done
  version=''; source=''
  each_match wa_version '/usr/lib/python3*/*-packages/WALinuxAgent-*' '/usr/lib/python3/dist-packages/WALinuxAgent-*' '/usr/local/lib/python3*/*-packages/WALinuxAgent-*'
  if [ -z "$version" ] && s=$(rpath /var/lib/dpkg/status) && [ -r "$s" ]; then
    version=$(awk '/^Package: /{ p = ($2 == "walinuxagent") } p && /^Version: /{ print $2; exit }' "$s")
    [ -n "$version" ] && source=/var/lib/dpkg/status
  fi
  conf=$(rpath /etc/waagent.conf) || { unresolved /etc/waagent.conf; return 1; }
  if [ -e "$conf" ] && [ ! -r "$conf" ]; then need_root /etc/waagent.conf; return 1; fi
  printf '{"waagent":{"installed":%s,"path":%s,"version":%s,"versionSource":%s,"config":{"path":"/etc/waagent.conf","present":%s,"settings":{%s}}},' \
    "$([ -n "$wa_bin" ] && echo true || echo false)" "$(json_str "$wa_bin")" "$(json_str "$version")" "$(json_str "$source")" \
    "$([ -f "$conf" ] && echo true || echo false)" "$([ -f "$conf" ] && waagent_conf "$conf")"
  ci_bin=''
  for p in /usr/bin/cloud-init /usr/local/bin/cloud-init; do
    h=$(rpath "$p") && [ -f "$h" ] && { ci_bin=$p; break; }
  done
  units=''
  for u in cloud-init-local.service cloud-init.service cloud-init-network.service; do
    units="$units /etc/systemd/system/*.wants/$u /usr/lib/systemd/system/*.wants/$u /lib/systemd/system/*.wants/$u"
  done
  CI_CONFIG=''; CI_USER_DATA=''
  each_match ci_config /etc/cloud/cloud.cfg '/etc/cloud/cloud.cfg.d/*.cfg'
  each_match ci_user_data '/var/lib/cloud/seed/*/user-data' '/var/lib/cloud/instances/*/user-data.txt' '/var/lib/cloud/instances/*/user-data.txt.i'
  # $units holds the collector's own patterns: split them without globbing; each_match globs them.
  set -f
  # shellcheck disable=SC2086
  set -- $units
  set +f
  printf '"cloudInit":{"installed":%s,"path":%s,"disabledBy":[%s],"enabledUnits":[%s],"config":[%s],' \
    "$([ -n "$ci_bin" ] && echo true || echo false)" "$(json_str "$ci_bin")" "$(paths_json /etc/cloud/cloud-init.disabled)" \
    "$(paths_json "$@")" "$CI_CONFIG"
  printf '"leftovers":[%s],"instanceCache":[%s],"generated":[%s],"userData":[%s]}}' \
    "$(paths_json /etc/cloud/cloud.cfg.d/99-installer.cfg /etc/cloud/cloud.cfg.d/subiquity-disable-cloudinit-networking.cfg /etc/cloud/cloud.cfg.d/50-curtin-networking.cfg /etc/cloud/cloud.cfg.d/curtin-preserve-sources.cfg /etc/cloud/ds-identify.cfg)" \
    "$(paths_json /var/lib/cloud/instance '/var/lib/cloud/instances/*')" \
    "$(paths_json /etc/netplan/50-cloud-init.yaml /etc/network/interfaces.d/50-cloud-init.cfg /etc/network/interfaces.d/50-cloud-init \
      /etc/ssh/sshd_config.d/50-cloud-init.conf /etc/sudoers.d/90-cloud-init-users /etc/NetworkManager/conf.d/99-cloud-init.conf \
      /etc/NetworkManager/conf.d/30-cloud-init-ip6-addr-gen-mode.conf '/etc/systemd/network/10-cloud-init-*.network' \
      '/etc/sysconfig/network-scripts/ifcfg-*cloud-init*')" \
    "$CI_USER_DATA"
}

# waagentState: what the agent left in its Lib.Dir (/var/lib/waagent, readable by root only):
# the provisioned marker, ovf-env.xml (the <UserName> deprovision+user deletes, whether CustomData
# is there) and secrets. The one reading of ovf-env.xml; its password never leaves the target.
c_waagentState() {
  if unreadable_dir /var/lib/waagent; then need_root /var/lib/waagent; return 1; fi
  w=$(rpath /var/lib/waagent) || { unresolved /var/lib/waagent; return 1; }
  if [ ! -d "$w" ]; then printf '{"libDir":"/var/lib/waagent","present":false,"provisioned":false,"ovfEnv":null,"secrets":[]}'; return 0; fi
  ovf=null
  o=$(rpath /var/lib/waagent/ovf-env.xml) || { unresolved /var/lib/waagent/ovf-env.xml; return 1; }
  if [ -f "$o" ]; then
    [ -r "$o" ] || { need_root /var/lib/waagent/ovf-env.xml; return 1; }
    user=$(sed -n 's#.*<\([A-Za-z0-9_.-]*:\)\{0,1\}UserName>\([^<]*\)</\([A-Za-z0-9_.-]*:\)\{0,1\}UserName>.*#\2#p' "$o" | head -n 1)
    custom=false; grep -q '<\([A-Za-z0-9_.-]*:\)\{0,1\}CustomData>[^<]' "$o" && custom=true
    ovf="{\"path\":\"/var/lib/waagent/ovf-env.xml\",\"userName\":$(json_str "$user"),\"customData\":$custom}"
  fi
  files_json '/var/lib/waagent/*.prv' /var/lib/waagent/ovf-env.xml '/var/lib/waagent/*/config/*.settings'
  if [ -n "$UNREADABLE" ]; then why_unreadable; return 1; fi
  m=$(rpath /var/lib/waagent/provisioned) || m=''
  printf '{"libDir":"/var/lib/waagent","present":true,"provisioned":%s,"ovfEnv":%s,"secrets":[%s]}' \
    "$([ -n "$m" ] && [ -e "$m" ] && echo true || echo false)" "$ovf" "$FILES_OUT"
}

# priorDeprovision: traces a finished `waagent -deprovision` leaves (L021). Only the shape of root's
# shadow entry is reported, never a hash.
c_priorDeprovision() {
  s=$(rpath /etc/shadow) || { unresolved /etc/shadow; return 1; }
  [ -f "$s" ] || { printf '{"shadow":{"path":"/etc/shadow","present":false,"rootLockedByWaagent":false}}'; return 0; }
  [ -r "$s" ] || { need_root /etc/shadow; return 1; }
  locked=false
  grep -q '^root:\*LOCK\*:14600:' "$s" && locked=true
  printf '{"shadow":{"path":"/etc/shadow","present":true,"rootLockedByWaagent":%s}}' "$locked"
}
