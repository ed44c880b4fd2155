# Helpers of the collectors for rules L041-L084 (accounts, homes, network, boot, leftovers, sshd).
# POSIX sh (dash, busybox ash); reads only. Names start with x_ so they never shadow lib.sh.

# x_json_file PATH [MAXBYTES]: the first MAXBYTES (default 65536) bytes of a file as a JSON string,
# encoded as lib.sh's json_str does, with secret values redacted (lib.sh's REDACT_AWK).
x_json_file() {
  { head -c "${2:-65536}" "$1" 2>/dev/null | LC_ALL=C awk "$REDACT_AWK"; printf .; } | LC_ALL=C awk "$JSON_STR_AWK"
}

# x_need_root PATH: the reason a group could not be read, naming the path.
x_need_root() {
  if is_root; then printf '%s is not readable' "$1"; else printf '%s is not readable (needs root: run preseal with --sudo or as root)' "$1"; fi
}

# x_files_json GLOB...: the existing regular files among the glob results (links followed inside $R)
# as {"path","content"} objects with their first 64 KiB; unreadable ones go to X_UNREADABLE. The
# objects are separated by commas across calls until the caller resets X_SEP=''.
x_files_json() {
  _sep=${X_SEP:-}
  for _f in "$@"; do
    [ -e "$_f" ] || [ -L "$_f" ] || continue
    _h=$(rpath "$(tpath "$_f")") || _h=$_f
    [ -f "$_h" ] || continue
    if [ ! -r "$_h" ]; then X_UNREADABLE="$X_UNREADABLE${X_UNREADABLE:+,}$(json_str "$(tpath "$_f")")"; continue; fi
    printf '%s{"path":%s,"content":%s}' "$_sep" "$(json_str "$(tpath "$_f")")" "$(x_json_file "$_h")"
    _sep=','
  done
  X_SEP=$_sep
}

# x_paths_json PATH...: the given host paths that exist, as a JSON array of target paths.
x_paths_json() {
  _sep=''
  for _f in "$@"; do
    [ -e "$_f" ] || [ -L "$_f" ] || continue
    printf '%s%s' "$_sep" "$(json_str "$(tpath "$_f")")"; _sep=','
  done
}
