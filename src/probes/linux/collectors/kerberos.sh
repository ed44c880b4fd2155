# kerberos: the host keytab, and a KDC's database. Its principals are read from the keytab's binary format (MIT
# "keytab.txt": version 0x0502, then entries of a signed 32-bit length; negative lengths are holes)
# when the file is readable; otherwise only its size is known (stat needs no read permission).
# kdc_add TPATH HOSTPATH: a file of a KDC database (the ACL and kdc.conf, which are configuration, left out).
kdc_add() {
  case $1 in */kadm5.acl|*/kdc.conf) return 0 ;; esac
  files_add "$1" "$2"
}

c_kerberos() {
  f=$(rpath /etc/krb5.keytab) || { unresolved /etc/krb5.keytab; return 1; }
  # A KDC's database, its master key stash and kadmind's keytab: MIT's default paths on RHEL
  # (/var/kerberos/krb5kdc) and Debian (/var/lib/krb5kdc, stash in /etc/krb5kdc); virt-sysprep's
  # kerberos_data operation empties the former.
  FILES_CONTENT=0
  each_match kdc_add '/var/kerberos/krb5kdc/*' '/var/kerberos/krb5kdc/.k5.*' '/var/lib/krb5kdc/*' '/var/lib/krb5kdc/.k5.*' /etc/krb5kdc/stash
  if [ -n "$UNREADABLE" ]; then why_unreadable; return 1; fi
  kdc="\"kdc\":[$FILES_OUT]"
  if [ ! -f "$f" ]; then printf '{"keytab":{"path":"/etc/krb5.keytab","present":false},%s}' "$kdc"; return 0; fi
  size=$(file_size "$f")
  if [ ! -r "$f" ]; then
    printf '{"keytab":{"path":"/etc/krb5.keytab","present":true,"size":%s,"readable":false},%s}' "$(json_num "$size")" "$kdc"; return 0
  fi
  principals=$(head -c 65536 "$f" | od -An -v -tu1 | awk '
    { for (i = 1; i <= NF; i++) b[n++] = $i }
    function u16(p) { return b[p] * 256 + b[p + 1] }
    function u32(p) { return ((b[p] * 256 + b[p + 1]) * 256 + b[p + 2]) * 256 + b[p + 3] }
    function str(p, len,   s, j, c) { s = ""
      for (j = 0; j < len; j++) { c = b[p + j]; s = s ((c >= 33 && c <= 126 && c != 92) ? sprintf("%c", c) : sprintf("\\x%02x", c)) }
      return s }
    END {
      if (b[0] != 5 || b[1] != 2) { print "?"; exit }
      p = 2
      while (p + 4 <= n) {
        len = u32(p); p += 4
        if (len >= 2147483648) { p += 4294967296 - len; continue }
        if (len == 0) break
        e = p; nc = u16(e); e += 2
        rl = u16(e); realm = str(e + 2, rl); e += 2 + rl
        name = ""
        for (k = 0; k < nc; k++) { cl = u16(e); name = name (k ? "/" : "") str(e + 2, cl); e += 2 + cl }
        e += 4 + 4; kvno = b[e]; e += 1; etype = u16(e)
        print name "@" realm "\t" kvno "\t" etype
        p += len
      } }')
  count=0; sep=''; list=''
  if [ "$principals" != '?' ]; then
    while IFS='	' read -r pr kvno etype; do
      [ -n "$pr" ] || continue
      count=$((count + 1))
      list="$list$sep{\"principal\":$(json_str "$pr"),\"kvno\":$(json_num "$kvno"),\"enctype\":$(json_num "$etype")}"; sep=','
    done <<EOT
$principals
EOT
    printf '{"keytab":{"path":"/etc/krb5.keytab","present":true,"size":%s,"readable":true,"entries":%s,"keys":[%s]},%s}' "$(json_num "$size")" "$count" "$list" "$kdc"
  else
    printf '{"keytab":{"path":"/etc/krb5.keytab","present":true,"size":%s,"readable":true},%s}' "$(json_num "$size")" "$kdc"
  fi
}
