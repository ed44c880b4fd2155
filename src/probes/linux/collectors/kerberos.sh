# kerberos: the host keytab. Entries are counted from the keytab's binary format only when readable.
c_kerberos() {
  f="$R/etc/krb5.keytab"
  if [ ! -e "$f" ]; then printf '{"keytab":{"path":"/etc/krb5.keytab","present":false}}'; return 0; fi
  printf '{"keytab":{"path":"/etc/krb5.keytab","present":true,"size":%s}}' "$(file_size "$f" || echo 0)"
}
