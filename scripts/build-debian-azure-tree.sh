#!/bin/sh
# Builds, once, a Debian 12 (bookworm) root shaped like a Debian Azure image, for the tests that run
# the real generalizers (test/linux/generalizers-real.test.ts): debootstrap with the default mirror,
# then, in a chroot whose policy-rc.d forbids every service start, the packages of a Debian Azure
# image: waagent, cloud-init, openssh-server, linux-image-cloud-amd64, grub-pc-bin, sudo, netplan.io.
#
# Prints the tree's path on stdout (progress and timings go to stderr). The tree is cached under
# $PRESEAL_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/preseal), keyed by this script's hash, so a
# change here rebuilds it; a lock makes concurrent callers wait for one build. Callers must treat the
# cached tree as read-only and work on copies (cp -a).
#
# Needs root (debootstrap, chroot), debootstrap and util-linux's unshare (apt-get install -y
# debootstrap), and network access to deb.debian.org. The chroot runs in its own UTS, IPC, PID and
# mount namespaces, so nothing it does (hostname, /proc mount) reaches this machine, and no service
# is ever started: policy-rc.d exits 101, and systemctl refuses to start units in a chroot.
set -eu

script=$(readlink -f "$0")
key=$(sha256sum "$script" | cut -c1-16)
cache=${PRESEAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/preseal}
name=debian-azure-bookworm-$key
dest=$cache/$name
packages="waagent cloud-init openssh-server linux-image-cloud-amd64 grub-pc-bin sudo netplan.io"

log() { echo "build-debian-azure-tree: $*" >&2; }

[ "$(id -u)" = 0 ] || { log "must run as root (debootstrap and chroot)"; exit 2; }
command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install -y debootstrap"; exit 2; }
command -v unshare >/dev/null || { log "unshare is missing: apt-get install -y util-linux"; exit 2; }

mkdir -p "$cache"
exec 9>"$cache/$name.lock"
flock 9
if [ -f "$cache/$name.ok" ] && [ -x "$dest/bin/sh" ]; then
  log "cached: $dest"
  echo "$dest"
  exit 0
fi

# Older builds (another hash of this script) are dropped: only the current one is ever used.
for old in "$cache"/debian-azure-bookworm-*; do
  case $old in "$dest" | "$dest".*) continue ;; esac
  [ -e "$old" ] && rm -rf "$old"
done

tmp=$dest.tmp
rm -rf "$tmp" "$dest" "$cache/$name.ok"
start=$(date +%s)

log "debootstrap bookworm -> $tmp"
debootstrap bookworm "$tmp" http://deb.debian.org/debian >"$cache/$name.debootstrap.log" 2>&1 || {
  tail -n 30 "$cache/$name.debootstrap.log" >&2
  exit 1
}
booted=$(date +%s)
log "debootstrap took $((booted - start))s"

# What an image build does before installing packages: no service may start in the build root.
printf '#!/bin/sh\n# preseal fixture build: no service starts in the chroot\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
chmod 755 "$tmp/usr/sbin/policy-rc.d"

# One private mount namespace: /proc (which kernel and initramfs hooks read) is mounted for this
# chroot only and vanishes with it; the host's hostname is out of reach (own UTS namespace).
in_chroot() {
  unshare --uts --ipc --pid --fork --mount --mount-proc="$tmp/proc" \
    chroot "$tmp" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}

log "apt-get install --no-install-recommends $packages"
{
  in_chroot apt-get update -q &&
    in_chroot apt-get install -y -q --no-install-recommends $packages &&
    in_chroot apt-get clean
} >"$cache/$name.apt.log" 2>&1 || {
  tail -n 40 "$cache/$name.apt.log" >&2
  exit 1
}
rm -f "$tmp/usr/sbin/policy-rc.d"
installed=$(date +%s)
log "packages took $((installed - booted))s"

# Versions the tests and rule pages cite.
in_chroot dpkg-query -W -f '${Package} ${Version}\n' waagent cloud-init openssh-server linux-image-cloud-amd64 >&2

mv "$tmp" "$dest"
touch "$cache/$name.ok"
log "built in $((installed - start))s: $dest"
echo "$dest"
