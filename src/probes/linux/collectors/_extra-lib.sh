# Helpers of the collectors for rules L041-L084 (accounts, homes, network, boot, leftovers, sshd).
# POSIX sh (dash, busybox ash); reads only. Names start with x_ so they never shadow lib.sh.

# x_json STRING: STRING as a JSON string, encoded as lib.sh's json_str does: control characters
# escaped, bytes that are not valid UTF-8 (file names are bytes) as lone surrogates \udcXX.
x_json() { json_str "$1"; }

# x_json_file PATH [MAXBYTES]: the first MAXBYTES (default 65536) bytes of a file as a JSON string,
# with the same encoding.
x_json_file() {
  { head -c "${2:-65536}" "$1" 2>/dev/null; printf .; } | LC_ALL=C awk "$X_JSON_AWK"
}

X_JSON_AWK='
BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
{ buf = buf (NR > 1 ? "\n" : "") $0 }
END {
  buf = substr(buf, 1, length(buf) - 1); n = length(buf); out = ""
  for (i = 1; i <= n; i++) {
    ch = substr(buf, i, 1); c = ord[ch]
    if (c < 128) {
      if (ch == "\\") out = out "\\\\"; else if (ch == "\"") out = out "\\\""
      else if (c == 10) out = out "\\n"; else if (c == 9) out = out "\\t"; else if (c == 13) out = out "\\r"
      else if (c < 32 || c == 127) out = out sprintf("\\u%04x", c); else out = out ch
      continue
    }
    len = 0; lo = 128; hi = 191
    if (c >= 194 && c <= 223) len = 2
    else if (c >= 224 && c <= 239) { len = 3; if (c == 224) lo = 160; if (c == 237) hi = 159 }
    else if (c >= 240 && c <= 244) { len = 4; if (c == 240) lo = 144; if (c == 244) hi = 143 }
    ok = len > 0 && i + len - 1 <= n
    for (k = 1; ok && k < len; k++) {
      d = ord[substr(buf, i + k, 1)]
      if (k == 1 && (d < lo || d > hi)) ok = 0; else if (d < 128 || d > 191) ok = 0
    }
    if (ok) { out = out substr(buf, i, len); i += len - 1 } else out = out sprintf("\\udc%02x", c)
  }
  printf "\"%s\"", out
}'

# x_is_root: the probe runs as root (then "permission denied" does not happen on a local disk).
x_is_root() { [ "$(id -u 2>/dev/null)" = 0 ]; }

# x_rpath PATH: where the target's absolute PATH is on this host. Offline, every symlink on the way
# is followed inside $R (an absolute link /x means $R/x, never the host's /x). Fails on a link loop.
x_rpath() {
  if [ -z "$R" ]; then printf '%s' "$1"; return 0; fi
  _todo=$1; _done=''; _hops=0
  while [ -n "$_todo" ]; do
    case $_todo in /*) _todo=${_todo#/}; continue ;; esac
    case $_todo in */*) _c=${_todo%%/*}; _todo=${_todo#*/} ;; *) _c=$_todo; _todo='' ;; esac
    case $_c in
      ''|.) continue ;;
      ..) _done=${_done%/*}; continue ;;
    esac
    if [ -L "$R$_done/$_c" ]; then
      _hops=$((_hops + 1)); [ "$_hops" -gt 40 ] && return 1
      _t=$(readlink "$R$_done/$_c") || return 1
      case $_t in /*) _done='' ;; esac
      _todo="$_t/$_todo"
    else
      _done="$_done/$_c"
    fi
  done
  printf '%s' "$R${_done:-/}"
}

# x_rel HOSTPATH: the target path of a host path below $R.
x_rel() { printf '%s' "${1#"$R"}"; }

# x_nc FILE: non-comment, non-blank lines.
x_nc() { grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1" 2>/dev/null; }

# x_need_root PATH: the reason a group could not be read, naming the path.
x_need_root() {
  if x_is_root; then printf '%s is not readable' "$1"; else printf '%s is not readable (needs root: run preseal with --sudo or as root)' "$1"; fi
}

# x_files_json GLOB...: the existing regular files among the glob results (links followed inside $R)
# as {"path","content"} objects with their first 64 KiB; unreadable ones go to X_UNREADABLE. The
# objects are separated by commas across calls until the caller resets X_SEP=''.
x_files_json() {
  _sep=${X_SEP:-}
  for _f in "$@"; do
    [ -e "$_f" ] || [ -L "$_f" ] || continue
    _h=$(x_rpath "$(x_rel "$_f")") || _h=$_f
    [ -f "$_h" ] || continue
    if [ ! -r "$_h" ]; then X_UNREADABLE="$X_UNREADABLE${X_UNREADABLE:+,}$(x_json "$(x_rel "$_f")")"; continue; fi
    printf '%s{"path":%s,"content":%s}' "$_sep" "$(x_json "$(x_rel "$_f")")" "$(x_json_file "$_h")"
    _sep=','
  done
  X_SEP=$_sep
}

# x_paths_json PATH...: the given host paths that exist, as a JSON array of target paths.
x_paths_json() {
  _sep=''
  for _f in "$@"; do
    [ -e "$_f" ] || [ -L "$_f" ] || continue
    printf '%s%s' "$_sep" "$(x_json "$(x_rel "$_f")")"; _sep=','
  done
}
