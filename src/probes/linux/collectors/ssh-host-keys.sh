# sshHostKeys: private host keys under /etc/ssh.
c_sshHostKeys() {
  sep=''
  printf '{"keys":['
  for f in "$R"/etc/ssh/ssh_host_*_key; do
    [ -e "$f" ] || continue
    printf '%s{"path":%s,"size":%s}' "$sep" "$(json_str "${f#"$R"}")" "$(file_size "$f" || echo 0)"
    sep=','
  done
  printf ']}'
}
