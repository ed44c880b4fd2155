# preseal Linux probe: shared helpers. POSIX sh (dash, busybox ash). Writes nothing on the target.
# Every path is read below $R, the root prefix ('' for a live system). Collectors name files by their
# target path (/etc/x) and read them at the host path that `rpath` gives, resolved inside $R; a path
# that does not resolve there is never read (its group says why). Target text reaches stdout only
# through json_str / json_file, or one_line for the reasons main.sh encodes.

# The awk program behind json_str. Strings are bytes: valid UTF-8 passes through, control characters
# are escaped, and every byte that is not part of valid UTF-8 becomes the lone surrogate \udcXX
# (Python's "surrogateescape", PEP 383). Valid text can never hold a lone surrogate, so the path
# stays unambiguous and the bytes can be recovered (src/facts/linux/bytes.ts: decodeProbeBytes).
# shellcheck disable=SC2016 # an awk program: its $ fields are awk's, not the shell's
JSON_STR_AWK='
BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
{ buf = buf (NR > 1 ? "\n" : "") $0 }
END {
  buf = substr(buf, 1, length(buf) - 1); n = length(buf); out = ""
  for (i = 1; i <= n; i++) {
    ch = substr(buf, i, 1); c = ord[ch]
    if (c < 128) {
      if (ch == "\\") out = out "\\\\"; else if (ch == "\"") out = out "\\\""
      else if (ch == "@") out = out "\\u0040"
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

# Secret values met in configuration files never leave the target. The value after a secret-looking
# key (password=, "password": , psk=, wep-key0=, KEY1= of ifcfg, a cifs pass= with ,, inside) is
# replaced by "***", so that rules still see that one is set, and where; a bare keyword and its value
# (ifupdown's wpa-psk X, wireless-key X) likewise. A secret key that opens a block (YAML `password: |`,
# `chpasswd:` followed by its list, a flow [ or {) hides every more-indented line after it as a
# `# ***` comment, so the line numbers stay. Booleans and numbers (lock_passwd: false, psk-flags=0)
# are kept: they are settings, not secrets. "***" is quoted so that YAML cannot read it as an alias.
# shellcheck disable=SC2016 # an awk program: its $ fields are awk's, not the shell's
REDACT_AWK='
function indent(s) { match(s, /^[ \t]*/); return RLENGTH }
function redact(line,   low, out, v, q, r) {
  out = ""; low = tolower(line)
  if (match(low, /^[ \t]*[#;]?[ \t]*-?[ \t]*(wpa-psk|wpa-password|wpa-passphrase|wpa-wep-key[0-9]*|wireless-key[0-9]*|wep-key[0-9]*|password|passwd|psk|pre-shared-key|secret)[ \t]+[^ \t=:]/))
    return substr(line, 1, RSTART + RLENGTH - 2) "\"***\""
  while (match(low, /((pass|pwd|secret|token|psk|credential)[a-z0-9_-]*|wep[-_]?key[0-9]*|(^|[^a-z0-9_-])key[0-9]+)["\047]?[ \t]*[=:][ \t]*/)) {
    out = out substr(line, 1, RSTART + RLENGTH - 1)
    line = substr(line, RSTART + RLENGTH); low = substr(low, RSTART + RLENGTH)
    if (line ~ /^(#|$)/) { block = ind; continue }
    q = substr(line, 1, 1)
    if (q == "[" || q == "{") { out = out "\"***\""; line = ""; low = ""; block = ind; break }
    if (match(line, /^"([^"\\]|\\.)*"?/) || match(line, /^\047[^\047]*\047?/) || match(line, /^([^,; \t]|,,)+/)) {
      v = tolower(substr(line, 1, RLENGTH))
      if (v ~ /^[|>][-+0-9]*$/) { out = out "\"***\""; block = ind }
      else if (v ~ /^(true|false|yes|no|on|off|[0-9]+|null|none|~)$/) out = out substr(line, 1, RLENGTH)
      else if (q == "\047") out = out "\047***\047"
      else out = out "\"***\""
      line = substr(line, RLENGTH + 1); low = substr(low, RLENGTH + 1)
    }
  }
  return out line
}
BEGIN { block = -1 }
{
  ind = indent($0)
  if (block >= 0) {
    if ($0 ~ /^[ \t]*$/) { print; next }
    if (ind > block) { print substr($0, 1, ind) "# ***"; next }
    block = -1
  }
  print redact($0)
}'

# json_str STRING: STRING as a JSON string literal (see JSON_STR_AWK). Plain strings skip the awk.
# The awk writes @ as \u0040, so target text never shows main.sh's @@partial@@ marker.
json_str() {
  case $1 in
    *[!A-Za-z0-9_./:@=+,%\ -]*|*@@*) printf '%s.' "$1" | LC_ALL=C awk "$JSON_STR_AWK" ;;
    *) printf '"%s"' "$1" ;;
  esac
}

# json_bool VALUE: true when VALUE is 1/yes/true, else false.
json_bool() { case "$1" in 1|yes|true) printf true ;; *) printf false ;; esac; }

# json_num VALUE: VALUE when it is a whole number, else null.
json_num() { case $1 in ''|*[!0-9]*) printf null ;; *) printf '%s' "$1" ;; esac; }

# file_size PATH: the size in bytes, or nothing (needs no read permission on the file). ls -ln, not
# find -printf or stat: POSIX, and busybox has it.
# shellcheck disable=SC2012
file_size() {
  if [ -r "$1" ]; then wc -c < "$1" 2>/dev/null | tr -d ' '
  else ls -ln "$1" 2>/dev/null | awk '{ print $5; exit }'
  fi
}

# first_line PATH: the first line of a file, without its newline.
first_line() { line=''; IFS= read -r line < "$1" 2>/dev/null; printf '%s' "$line"; }

# is_root: the probe runs as uid 0.
is_root() { [ "$(id -u 2>/dev/null)" = 0 ]; }

# rpath PATH: the host path of the target's absolute PATH. Offline, each symlink on the way is
# followed inside $R: an absolute link /x means $R/x, never the host's /x. Fails on a link loop.
rpath() {
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

# retarget HOSTDIR TDIR: a filter that turns host paths below HOSTDIR (one a line) into target paths below TDIR.
retarget() { H=$1 T=$2 awk 'index($0, ENVIRON["H"] "/") == 1 { print ENVIRON["T"] substr($0, length(ENVIRON["H"]) + 1) }'; }

# passwd_homes HOSTFILE: `user:home` for each account of a passwd file whose home is an absolute
# path other than / (NIS +/- lines and comments left out). The one reading of homes from passwd.
passwd_homes() { awk -F: '$6 ~ /^\// && $6 != "/" && $1 !~ /^[#+-]/ { print $1 ":" $6 }' "$1"; }

# nc FILE: the non-comment, non-blank lines of a host file.
nc() { grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1" 2>/dev/null; }

# one_line TEXT...: TEXT with each newline written as \n. Messages that name target paths (a file
# name may hold a newline) stay one line, so none can pass for a marker line main.sh looks for;
# main.sh encodes them with json_str like every other string.
one_line() { printf '%s' "$*" | awk 'NR > 1 { printf "\\n" } { printf "%s", $0 }'; }

# need_root TPATH...: the reason a group could not be read, naming the paths.
need_root() {
  if is_root; then printf '%s: not readable' "$(one_line "$*")"; else printf '%s: not readable (needs root: run preseal as root or with --sudo)' "$(one_line "$*")"; fi
}

# unresolved TPATH...: the reason a group could not be read: a path under the root that does not
# resolve inside it (a symlink loop or more than 40 links). It is never read at its unresolved host path.
unresolved() { printf '%s: cannot be resolved inside the root (a symlink loop or too many links)' "$(one_line "$*")"; }

# partial WHY: marks the collector's group as read only in part (a bounded scan was cut short).
# main.sh moves the line out of the group's JSON into the envelope's probe.partial (json_str). WHY
# may name target paths: one_line keeps it on the marker line, so it adds nothing to the group's JSON.
partial() { printf '\n@@partial@@ %s\n' "$(one_line "$*")"; }

# unreadable_dir TPATH: true when the directory exists but cannot be listed or searched, so that
# "no file found below it" would be a guess.
unreadable_dir() {
  _d=$(rpath "$1") || return 1
  { [ -d "$_d" ] && { [ ! -r "$_d" ] || [ ! -x "$_d" ]; }; } || hidden "$_d"
}

# hidden HOSTPATH: true when HOSTPATH does not seem to exist only because a folder on its way cannot
# be searched (e.g. /var/lib/docker is 0710 root, so a non-root probe cannot see state.json).
hidden() {
  [ -e "$1" ] && return 1
  _a=$1
  while [ -n "$_a" ] && [ "$_a" != "$R" ]; do
    _a=${_a%/*}
    [ -e "${_a:-/}" ] || continue
    [ -x "${_a:-/}" ] || return 0
    return 1
  done
  return 1
}

# json_file HOSTPATH [MAXBYTES [KEEP_AWK]]: the first MAXBYTES (default 65536) bytes of a file as a
# JSON string (see JSON_STR_AWK), with secret values redacted (REDACT_AWK). KEEP_AWK, an awk program
# that prints one line for each line read, first blanks the lines the rules never read.
json_file() {
  { head -c "${2:-65536}" "$1" 2>/dev/null | LC_ALL=C awk "${3:-1}" | LC_ALL=C awk "$REDACT_AWK"; printf .; } | LC_ALL=C awk "$JSON_STR_AWK"
}

# UNREADABLE: target paths (space-joined, for need_root) of folders that cannot be searched and
# files that cannot be read; UNREADABLE_JSON: the same as comma-joined JSON strings. Each collector
# runs in its own subshell, so both start empty for every group.
UNREADABLE=''; UNREADABLE_JSON=''; UNRESOLVED=''
unreadable_add() {
  UNREADABLE="$UNREADABLE${UNREADABLE:+ }$1"
  UNREADABLE_JSON="$UNREADABLE_JSON${UNREADABLE_JSON:+,}$(json_str "$1")"
}

# why_unreadable: the reason for UNREADABLE (a path that does not resolve inside the root, or one
# that needs root).
why_unreadable() {
  if [ -n "$UNRESOLVED" ]; then unresolved "$UNRESOLVED"; else need_root "$UNREADABLE"; fi
}

# each_match FUNC TGLOB...: calls `FUNC TPATH HOSTPATH` for every entry (links included, not
# followed) a target glob matches. The glob's fixed part (before the first wildcard) is resolved
# inside $R and the wildcards expand only below it; the folder of each match is resolved inside $R
# again, so that a link on the way never leads out of the root. A fixed part that cannot be
# searched goes to UNREADABLE, since an entry below it cannot be seen; one that does not resolve
# inside the root goes to UNRESOLVED too. Only the collectors' own
# patterns are globbed, never target text. FUNC must not call each_match.
each_match() {
  _em_f=$1; shift
  for _em_g in "$@"; do
    _em_fixed=${_em_g%%[*?[]*}; _em_fixed=${_em_fixed%/*}; _em_rest=${_em_g#"$_em_fixed"}
    _em_base=$(rpath "${_em_fixed:-/}" && printf x) || {
      UNRESOLVED="$UNRESOLVED${UNRESOLVED:+ }${_em_fixed:-/}"; unreadable_add "${_em_fixed:-/}"; continue
    }
    _em_base=${_em_base%x}; _em_base=${_em_base%/}
    if { [ -e "${_em_base:-/}" ] && { [ ! -x "${_em_base:-/}" ] || { [ "$_em_rest" != "${_em_rest#*[*?[]}" ] && [ ! -r "${_em_base:-/}" ]; }; }; } || hidden "${_em_base:-/}"; then
      unreadable_add "${_em_fixed:-/}"; continue
    fi
    for _em_h in "$_em_base"$_em_rest; do
      [ -e "$_em_h" ] || [ -L "$_em_h" ] || continue
      _em_t=$_em_fixed${_em_h#"$_em_base"}
      # The x keeps a trailing newline of a file name through the command substitution.
      _em_p=$(rpath "${_em_t%/*}" && printf x) || continue
      _em_p=${_em_p%x}; _em_p="${_em_p%/}/${_em_t##*/}"
      [ -e "$_em_p" ] || [ -L "$_em_p" ] || continue
      "$_em_f" "$_em_t" "$_em_p"
    done
  done
}

# paths_json TGLOB...: the target paths the globs match (links included), comma-joined JSON strings.
paths_json() { PATHS_OUT=''; each_match paths_add "$@"; printf '%s' "$PATHS_OUT"; }
paths_add() { PATHS_OUT="$PATHS_OUT${PATHS_OUT:+,}$(json_str "$1")"; }

# list_json MAX TGLOB...: like paths_json, but names only the first MAX and counts all in COUNT.
# Collectors that filter names call `each_match` with their own function that calls list_add.
COUNT=0; LIST_MAX=0; LIST_OUT=''
list_json() { LIST_MAX=$1; shift; COUNT=0; LIST_OUT=''; each_match list_add "$@"; printf '%s' "$LIST_OUT"; }
list_add() {
  COUNT=$((COUNT + 1))
  [ "$COUNT" -gt "$LIST_MAX" ] || LIST_OUT="$LIST_OUT${LIST_OUT:+,}$(json_str "$1")"
}

# files_json [-c] TGLOB...: the regular files the target globs match (links followed inside $R),
# appended to FILES_OUT as comma-joined objects: {"path","size"}, or with -c {"path","content"}
# (the first 64 KiB, secret values redacted; a file that cannot be read goes to UNREADABLE).
FILES_OUT=''; FILES_CONTENT=0
files_json() {
  FILES_CONTENT=0; [ "$1" = -c ] && { FILES_CONTENT=1; shift; }
  each_match files_add "$@"
}
files_add() {
  _fa=$(rpath "$1" && printf x) || return 0; _fa=${_fa%x}
  [ -f "$_fa" ] || return 0
  if [ "$FILES_CONTENT" = 1 ]; then
    if [ ! -r "$_fa" ]; then unreadable_add "$1"; return 0; fi
    FILES_OUT="$FILES_OUT${FILES_OUT:+,}{\"path\":$(json_str "$1"),\"content\":$(json_file "$_fa")}"
  else
    FILES_OUT="$FILES_OUT${FILES_OUT:+,}$(file_ref "$1" "$_fa")"
  fi
}

# file_ref TPATH HOSTPATH: {"path","size"} of one file.
file_ref() { printf '{"path":%s,"size":%s}' "$(json_str "$1")" "$(json_num "$(file_size "$2")")"; }

# guard_dirs TGLOB...: adds to UNREADABLE the directories the globs match that cannot be searched.
guard_dirs() { each_match guard_add "$@"; }
guard_add() {
  [ -d "$2" ] || return 0
  { [ -r "$2" ] && [ -x "$2" ]; } || unreadable_add "$1"
}

# files_group TGLOB...: a whole collector for a group that is a list of identity files: prints
# {"files":[...]} or, when a directory on the way cannot be searched, the reason and status 1.
files_group() {
  files_json "$@"
  if [ -n "$UNREADABLE" ]; then why_unreadable; return 1; fi
  printf '{"files":[%s]}' "$FILES_OUT"
}

# os_release_value KEY: a value from os-release, unquoted.
os_release_value() {
  for _p in /etc/os-release /usr/lib/os-release; do
    _f=$(rpath "$_p") || continue
    [ -r "$_f" ] || continue
    sed -n "s/^$1=//p" "$_f" | head -n 1 | sed -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'\$/\1/"
    return
  done
}
