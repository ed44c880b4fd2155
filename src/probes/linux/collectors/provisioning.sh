# provisioning: the provisioning agents (waagent, cloud-init), their configuration and cloud-init's
# cache (rules L027-L035, L038, and the default generalizer in src/platforms/linux.ts).

# waagent_conf HOSTFILE: waagent.conf settings as JSON members, parsed the way the agent does
# (azurelinuxagent/common/conf.py ConfigurationProvider.load: lines not starting with '#', split at
# the first '=', value cut at '#' and stripped of quotes and blanks; the last definition wins).
waagent_conf() {
  LC_ALL=C awk '
    BEGIN { for (i = 1; i < 32; i++) ctl[sprintf("%c", i)] = sprintf("\\u%04x", i); ctl[sprintf("%c", 127)] = "\\u007f" }
    function esc(s,   out, i, c) { out = ""
      for (i = 1; i <= length(s); i++) { c = substr(s, i, 1)
        if (c == "\\") out = out "\\\\"; else if (c == "\"") out = out "\\\""; else if (c in ctl) out = out ctl[c]; else out = out c }
      return out }
    /^#/ || !/=/ { next }
    { k = $0; sub(/=.*/, "", k); gsub(/^[[:space:]]+|[[:space:]]+$/, "", k)
      v = $0; sub(/^[^=]*=/, "", v); sub(/#.*/, "", v); gsub(/^[[:space:]"]+|[[:space:]"]+$/, "", v)
      if (k !~ /^[A-Za-z0-9_.]+$/) next
      if (!(k in val)) order[++n] = k; val[k] = v }
    END { for (i = 1; i <= n; i++) { k = order[i]; printf "%s\"%s\":\"%s\"", (i > 1 ? "," : ""), k, esc(val[k]) } }' "$1"
}

# cloud_cfg_keys HOSTFILE: the top-level keys preseal reads from a cloud-init config file, each with
# the YAML text of its value (a scalar, a flow list, or the indented block that follows).
cloud_cfg_keys() {
  LC_ALL=C awk '
    BEGIN { for (i = 1; i < 32; i++) ctl[sprintf("%c", i)] = sprintf("\\u%04x", i); ctl[sprintf("%c", 127)] = "\\u007f" }
    function esc(s,   out, i, c) { out = ""
      for (i = 1; i <= length(s); i++) { c = substr(s, i, 1)
        if (c == "\\") out = out "\\\\"; else if (c == "\"") out = out "\\\""; else if (c in ctl) out = out ctl[c]; else out = out c }
      return out }
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

# links_json TGLOB...: the target paths the globs match (links included), comma-joined.
links_json() {
  _out=''
  for _g in "$@"; do
    for _h in "$R"$_g; do
      [ -e "$_h" ] || [ -L "$_h" ] || continue
      _out="$_out${_out:+,}$(json_str "$(tpath "$_h")")"
    done
  done
  printf '%s' "$_out"
}

c_provisioning() {
  wa_bin=''
  for p in /usr/sbin/waagent /usr/bin/waagent /usr/local/sbin/waagent /usr/local/bin/waagent; do
    h=$(rpath "$p") && [ -f "$h" ] && { wa_bin=$p; break; }
  done
  version=''; source=''
  for h in "$R"/usr/lib/python3*/*-packages/WALinuxAgent-* "$R"/usr/lib/python3/dist-packages/WALinuxAgent-* "$R"/usr/local/lib/python3*/*-packages/WALinuxAgent-*; do
    [ -e "$h" ] || continue
    v=$(printf '%s' "${h##*/}" | sed -n 's/^WALinuxAgent-\([0-9][0-9.]*[0-9]\).*/\1/p')
    [ -n "$v" ] && { version=$v; source=$(tpath "$h"); break; }
  done
  if [ -z "$version" ] && s=$(rpath /var/lib/dpkg/status) && [ -r "$s" ]; then
    version=$(awk '/^Package: /{ p = ($2 == "walinuxagent") } p && /^Version: /{ print $2; exit }' "$s")
    [ -n "$version" ] && source=/var/lib/dpkg/status
  fi
  conf=$(rpath /etc/waagent.conf) || conf=$R/etc/waagent.conf
  if [ -e "$conf" ] && [ ! -r "$conf" ]; then need_root /etc/waagent.conf; return 1; fi
  printf '{"waagent":{"installed":%s,"path":%s,"version":%s,"versionSource":%s,"config":{"path":"/etc/waagent.conf","present":%s,"settings":{%s}}},' \
    "$([ -n "$wa_bin" ] && echo true || echo false)" "$(json_str "$wa_bin")" "$(json_str "$version")" "$(json_str "$source")" \
    "$([ -f "$conf" ] && echo true || echo false)" "$([ -f "$conf" ] && waagent_conf "$conf")"
  ci_bin=''
  for p in /usr/bin/cloud-init /usr/local/bin/cloud-init; do
    h=$(rpath "$p") && [ -f "$h" ] && { ci_bin=$p; break; }
  done
  printf '"cloudInit":{"installed":%s,"path":%s,"disabledBy":[%s],"enabledUnits":[%s],"config":[' \
    "$([ -n "$ci_bin" ] && echo true || echo false)" "$(json_str "$ci_bin")" "$(links_json /etc/cloud/cloud-init.disabled)" \
    "$(links_json '/etc/systemd/system/*.wants/cloud-init-local.service' '/usr/lib/systemd/system/*.wants/cloud-init-local.service' '/lib/systemd/system/*.wants/cloud-init-local.service')"
  sep=''
  d=$(rpath /etc/cloud) || d=$R/etc/cloud
  for h in "$d/cloud.cfg" "$d"/cloud.cfg.d/*.cfg; do
    [ -f "$h" ] || continue
    t=/etc/cloud${h#"$d"}
    if [ ! -r "$h" ]; then printf '%s{"path":%s,"readable":false,"settings":{}}' "$sep" "$(json_str "$t")"
    else printf '%s{"path":%s,"readable":true,"settings":{%s}}' "$sep" "$(json_str "$t")" "$(cloud_cfg_keys "$h")"; fi
    sep=','
  done
  printf '],"leftovers":[%s],"instanceCache":[%s]}}' \
    "$(links_json /etc/cloud/cloud.cfg.d/99-installer.cfg /etc/cloud/cloud.cfg.d/subiquity-disable-cloudinit-networking.cfg /etc/cloud/cloud.cfg.d/50-curtin-networking.cfg /etc/cloud/cloud.cfg.d/curtin-preserve-sources.cfg /etc/cloud/ds-identify.cfg)" \
    "$(links_json /var/lib/cloud/instance '/var/lib/cloud/instances/*')"
}

# waagentState: what the agent left in its Lib.Dir (/var/lib/waagent, readable by root only):
# the provisioned marker, ovf-env.xml (user name, whether CustomData is there) and secrets.
c_waagentState() {
  if unreadable_dir /var/lib/waagent; then need_root /var/lib/waagent; return 1; fi
  w=$(rpath /var/lib/waagent) || { echo '/var/lib/waagent: symlink loop'; return 1; }
  if [ ! -d "$w" ]; then printf '{"libDir":"/var/lib/waagent","present":false,"provisioned":false,"ovfEnv":null,"secrets":[]}'; return 0; fi
  ovf=null
  if [ -f "$w/ovf-env.xml" ]; then
    [ -r "$w/ovf-env.xml" ] || { need_root /var/lib/waagent/ovf-env.xml; return 1; }
    user=$(sed -n 's#.*<\([A-Za-z0-9_.-]*:\)\{0,1\}UserName>\([^<]*\)</.*#\2#p' "$w/ovf-env.xml" | head -n 1)
    custom=false; grep -q '<\([A-Za-z0-9_.-]*:\)\{0,1\}CustomData>[^<]' "$w/ovf-env.xml" && custom=true
    ovf="{\"path\":\"/var/lib/waagent/ovf-env.xml\",\"userName\":$(json_str "$user"),\"customData\":$custom}"
  fi
  files_json '/var/lib/waagent/*.prv' /var/lib/waagent/ovf-env.xml '/var/lib/waagent/*/config/*.settings'
  if [ -n "$UNREADABLE" ]; then need_root "$UNREADABLE"; return 1; fi
  printf '{"libDir":"/var/lib/waagent","present":true,"provisioned":%s,"ovfEnv":%s,"secrets":[%s]}' \
    "$([ -e "$w/provisioned" ] && echo true || echo false)" "$ovf" "$FILES_OUT"
}

# priorDeprovision: traces a finished `waagent -deprovision` leaves (L021). Only the shape of root's
# shadow entry is reported, never a hash.
c_priorDeprovision() {
  s=$(rpath /etc/shadow) || { echo '/etc/shadow: symlink loop'; return 1; }
  [ -f "$s" ] || { printf '{"shadow":{"path":"/etc/shadow","present":false,"rootLockedByWaagent":false}}'; return 0; }
  [ -r "$s" ] || { need_root /etc/shadow; return 1; }
  locked=false
  grep -q '^root:\*LOCK\*:14600:' "$s" && locked=true
  printf '{"shadow":{"path":"/etc/shadow","present":true,"rootLockedByWaagent":%s}}' "$locked"
}
