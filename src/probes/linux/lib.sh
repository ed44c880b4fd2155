# preseal Linux probe: shared helpers. POSIX sh (dash, busybox ash). Writes nothing on the target.
# Every path is read below $R, the root prefix ('' for a live system).

# json_str STRING: STRING as a JSON string literal. Control characters are escaped; bytes >= 0x80
# pass through unchanged.
json_str() {
  printf '%s' "$1" | LC_ALL=C awk '
    BEGIN { for (i = 1; i < 32; i++) ctl[sprintf("%c", i)] = sprintf("\\u%04x", i); ctl["\t"] = "\\t"; ctl["\r"] = "\\r" }
    { if (NR > 1) out = out "\\n"
      n = length($0)
      for (i = 1; i <= n; i++) { c = substr($0, i, 1)
        if (c == "\\") out = out "\\\\"; else if (c == "\"") out = out "\\\""; else if (c in ctl) out = out ctl[c]; else out = out c }
    }
    END { printf "\"%s\"", out }'
}

# json_bool VALUE: true when VALUE is 1/yes/true, else false.
json_bool() { case "$1" in 1|yes|true) printf true ;; *) printf false ;; esac; }

# file_size PATH: the size in bytes, or nothing.
file_size() { wc -c < "$1" 2>/dev/null | tr -d ' '; }

# first_line PATH: the first line of a file, without its newline.
first_line() { IFS= read -r line < "$1" 2>/dev/null; printf '%s' "$line"; }

# os_release_value KEY: a value from os-release, unquoted.
os_release_value() {
  for f in "$R/etc/os-release" "$R/usr/lib/os-release"; do
    [ -r "$f" ] || continue
    sed -n "s/^$1=//p" "$f" | head -n 1 | sed -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'\$/\1/"
    return
  done
}
