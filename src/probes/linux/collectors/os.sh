# os: os-release, and the running kernel when live.
c_os() {
  name=$(os_release_value NAME); version=$(os_release_value VERSION_ID); id=$(os_release_value ID)
  [ -n "$name" ] || { echo "no os-release under $R/etc or $R/usr/lib"; return 1; }
  printf '{"name":%s,"version":%s,"id":%s' "$(json_str "$name")" "$(json_str "$version")" "$(json_str "$id")"
  if [ "$LIVE" = 1 ]; then
    printf ',"kernel":%s,"arch":%s' "$(json_str "$(uname -r)")" "$(json_str "$(uname -m)")"
  fi
  printf '}'
}
