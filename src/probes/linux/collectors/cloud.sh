# cloud: DMI identifiers (live) and agent files (live or offline): waagent's ovf-env.xml, cloud-init's datasource.
c_cloud() {
  provider=none; evidence=''
  add() { evidence="$evidence${evidence:+,}$(json_str "$1")"; }
  if [ "$LIVE" = 1 ]; then
    vendor=$(first_line /sys/class/dmi/id/sys_vendor); asset=$(first_line /sys/class/dmi/id/chassis_asset_tag)
    case "$asset" in 7783-7084-3265-9085-8269-3286-77) provider=azure; add "/sys/class/dmi/id/chassis_asset_tag = $asset" ;; esac
    case "$vendor" in
      'Amazon EC2') provider=aws; add "/sys/class/dmi/id/sys_vendor = $vendor" ;;
      'Google') provider=gcp; add "/sys/class/dmi/id/sys_vendor = $vendor" ;;
    esac
  fi
  if [ "$provider" = none ] && w=$(rpath /var/lib/waagent/ovf-env.xml) && [ -e "$w" ]; then provider=azure; add "/var/lib/waagent/ovf-env.xml exists"; fi
  # The datasource cloud-init last ran with (cloudinit/stages.py writes "<class>: <datasource>").
  if [ "$provider" = none ] && d=$(rpath /var/lib/cloud/instance/datasource) && [ -f "$d" ] && [ -r "$d" ]; then
    case $(first_line "$d") in
      DataSourceEc2*) provider=aws; add '/var/lib/cloud/instance/datasource names DataSourceEc2' ;;
      DataSourceGCE*) provider=gcp; add '/var/lib/cloud/instance/datasource names DataSourceGCE' ;;
    esac
  fi
  printf '{"provider":"%s","evidence":[%s]}' "$provider" "$evidence"
}
