# Runs each collector in a subshell and prints one envelope between markers.
# A collector prints its group's JSON and returns 0; returns 3 with a reason when its group does not
# apply to this target; any other status is an error, with the reason on stdout.
R=''; LIVE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --root) R=${2%/}; LIVE=0; shift 2 ;;
    *) shift ;;
  esac
done
[ "$R" = / ] && R=''
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export LC_ALL=C

FACTS=''; ERRORS=''; NA=''
run() {
  out=$("c_$1" 2>/dev/null); rc=$?
  case $rc in
    0) FACTS="$FACTS${FACTS:+,}\"$1\":$out" ;;
    3) NA="$NA${NA:+,}\"$1\":$(json_str "$out")" ;;
    *) ERRORS="$ERRORS${ERRORS:+,}\"$1\":$(json_str "${out:-collector failed with status $rc}")" ;;
  esac
}
for g in $PRESEAL_GROUPS; do run "$g"; done

uid=$(id -u 2>/dev/null)
printf '\n%s\n' '--preseal-facts-begin--'
printf '{"schemaVersion":1,"platform":"linux","probe":{"version":"%s","root":%s,"live":%s,"user":%s,"elevated":%s},' \
  "$PRESEAL_PROBE_VERSION" "$(json_str "${R:-/}")" "$(json_bool "$LIVE")" "$(json_str "$(id -un 2>/dev/null)")" "$(json_bool "$([ "$uid" = 0 ] && echo 1)")"
printf '"facts":{%s},"errors":{%s},"notApplicable":{%s}}\n' "$FACTS" "$ERRORS" "$NA"
printf '%s\n' '--preseal-facts-end--'
