# machineId: /etc/machine-id and the D-Bus copy.
c_machineId() {
  sep=''
  printf '{"files":['
  for p in /etc/machine-id /var/lib/dbus/machine-id; do
    d=$(rpath "${p%/*}") || { unresolved "${p%/*}"; return 1; }
    f="$d/${p##*/}"
    if [ -L "$f" ]; then state='link'
    elif [ ! -e "$f" ]; then state='missing'
    elif [ ! -r "$f" ]; then need_root "$p"; return 1
    else
      value=$(first_line "$f")
      case "$value" in '') state='empty' ;; uninitialized) state='uninitialized' ;; *) state='set' ;; esac
    fi
    # A link to /etc/machine-id is the healthy D-Bus layout: it is no separate copy.
    [ "$state" = link ] && state='missing'
    printf '%s{"path":%s,"state":"%s"' "$sep" "$(json_str "$p")" "$state"
    [ "$state" = set ] && printf ',"value":%s' "$(json_str "$value")"
    printf '}'; sep=','
  done
  printf ']}'
}
