# sssd, realmd, samba, ipa: domain and IdM membership (rules L001, L003, L004, L005).

# sssd: the [domain/*] sections of sssd.conf with their id_provider and ad_domain, and the cache files.
c_sssd() {
  f=$(rpath /etc/sssd/sssd.conf) || { unresolved /etc/sssd/sssd.conf; return 1; }
  if unreadable_dir /etc/sssd || { [ -e "$f" ] && [ ! -r "$f" ]; }; then need_root /etc/sssd/sssd.conf; return 1; fi
  files_json '/var/lib/sss/db/cache_*'
  if [ -n "$UNREADABLE" ]; then why_unreadable; return 1; fi
  caches=$FILES_OUT
  printf '{"config":{"path":"/etc/sssd/sssd.conf","present":%s,"domains":[' "$([ -f "$f" ] && echo true || echo false)"
  if [ -f "$f" ]; then
    sep=''
    nc "$f" | awk '
      function flush() { if (sec != "") print sec "\t" idp "\t" ad; sec = "" }
      /^[[:space:]]*\[/ { flush(); s = $0; gsub(/^[[:space:]]*\[|\][[:space:]]*$/, "", s)
        if (s ~ /^domain\//) { sec = s; idp = ""; ad = "" } next }
      sec != "" && /=/ { k = $0; sub(/=.*/, "", k); gsub(/[[:space:]]/, "", k); v = $0; sub(/^[^=]*=[[:space:]]*/, "", v); sub(/[[:space:]]+$/, "", v)
        k = tolower(k); if (k == "id_provider") idp = v; else if (k == "ad_domain") ad = v }
      END { flush() }' | while IFS='	' read -r sec idp ad; do
        printf '%s{"section":%s,"idProvider":%s,"adDomain":%s}' "$sep" "$(json_str "$sec")" "$(json_str "$idp")" "$(json_str "$ad")"; sep=','
      done
  fi
  printf ']},"caches":[%s]}' "$caches"
}

# realmd: realmd's state files (a realm joined through `realm join`).
c_realmd() { files_group '/var/lib/realmd/*'; }

# samba: the global security mode of smb.conf and its databases: the caches and state in
# /var/lib/samba, and the private ones (secrets.tdb, passdb.tdb, an AD DC's sam.ldb) that
# virt-sysprep's samba_db_log operation removes with them.
c_samba() {
  f=$(rpath /etc/samba/smb.conf) || { unresolved /etc/samba/smb.conf; return 1; }
  if unreadable_dir /etc/samba || { [ -e "$f" ] && [ ! -r "$f" ]; }; then need_root /etc/samba/smb.conf; return 1; fi
  files_json '/var/lib/samba/*.tdb' '/var/lib/samba/private/*.tdb' '/var/lib/samba/private/*.ldb'
  if [ -n "$UNREADABLE" ]; then why_unreadable; return 1; fi
  security=''; realm=''
  if [ -f "$f" ]; then
    security=$(nc "$f" | sed -n 's/^[[:space:]]*security[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1/Ip' | tail -n 1)
    realm=$(nc "$f" | sed -n 's/^[[:space:]]*realm[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1/Ip' | tail -n 1)
  fi
  printf '{"config":{"path":"/etc/samba/smb.conf","present":%s,"security":%s,"realm":%s},"databases":[%s]}' \
    "$([ -f "$f" ] && echo true || echo false)" "$(json_str "$security")" "$(json_str "$realm")" "$FILES_OUT"
}

# ipa: FreeIPA client enrollment files.
c_ipa() { files_group /etc/ipa/default.conf '/var/lib/ipa-client/sysrestore/*'; }
