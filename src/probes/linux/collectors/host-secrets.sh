# Per-host secrets created at package install or first boot (rules L039, L040).
c_sslSnakeoil() { files_group /etc/ssl/private/ssl-cert-snakeoil.key; }
c_systemdSecrets() { files_group /var/lib/systemd/credential.secret /var/lib/systemd/random-seed; }
