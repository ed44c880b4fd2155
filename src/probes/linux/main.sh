# Runs each collector in a subshell and prints one envelope between markers.
# The collector contract: c_<group> prints its group's JSON on stdout and returns 0; returns 3 with
# the reason on stdout when the group does not apply to this target (live-only facts offline); any
# other status is an error, with the reason on stdout. A collector whose scan was cut short calls
# `partial WHY` (lib.sh) and still returns 0. Collectors run with stdin from /dev/null (the probe
# itself arrives on stdin) and stderr discarded.
R=''; LIVE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --root) R=${2%/}; LIVE=0; shift 2 ;;
    *) shift ;;
  esac
done
[ "$R" = / ] && R=''
PATH=$PATH:/usr/sbin:/usr/bin:/sbin:/bin
export LC_ALL=C

FACTS=''; ERRORS=''; NA=''; PARTIAL=''
run() {
  out=$("c_$1" 2>/dev/null </dev/null); rc=$?
  case $out in
    *'@@partial@@ '*)
      why=$(printf '%s\n' "$out" | sed -n 's/^@@partial@@ //p' | tr '\n' ';' | sed 's/;$//; s/;/; /g')
      out=$(printf '%s\n' "$out" | sed '/^@@partial@@ /d' | tr -d '\n')
      PARTIAL="$PARTIAL${PARTIAL:+,}\"$1\":$(json_str "$why")" ;;
  esac
  case $rc in
    0) FACTS="$FACTS${FACTS:+,}\"$1\":${out:-null}" ;;
    3) NA="$NA${NA:+,}\"$1\":$(json_str "$out")" ;;
    *) ERRORS="$ERRORS${ERRORS:+,}\"$1\":$(json_str "${out:-collector failed with status $rc}")" ;;
  esac
}
for g in $PRESEAL_GROUPS; do run "$g"; done

uid=$(id -u 2>/dev/null)
# The markers stand on lines of their own and carry the run's nonce (PRESEAL_NONCE, set by preseal in
# the script it sends): json_str escapes every LF, so no target string can form a marker line, and
# nothing on the target knows the nonce.
printf '\n%s\n' "--preseal-facts-begin${PRESEAL_NONCE:+-$PRESEAL_NONCE}--"
printf '{"schemaVersion":%s,"platform":"linux","probe":{"version":"%s","root":%s,"live":%s,"user":%s,"elevated":%s,"partial":{%s}},' \
  "$PRESEAL_SCHEMA_VERSION" "$PRESEAL_PROBE_VERSION" "$(json_str "${R:-/}")" "$(json_bool "$LIVE")" "$(json_str "$(id -un 2>/dev/null)")" "$(json_bool "$([ "$uid" = 0 ] && echo 1)")" "$PARTIAL"
printf '"facts":{%s},"errors":{%s},"notApplicable":{%s}}\n' "$FACTS" "$ERRORS" "$NA"
printf '%s\n' "--preseal-facts-end${PRESEAL_NONCE:+-$PRESEAL_NONCE}--"
