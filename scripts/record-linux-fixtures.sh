#!/bin/sh
# Records the Linux facts fixtures from real probe runs (never written by hand):
#   fixtures/linux/this-machine.json          this machine, live (`preseal collect`)
#   fixtures/linux/debootstrap-bookworm.json  a Debian 12 minbase root made by debootstrap, offline
#   fixtures/linux/baseline.json              the same clean root: the snapshot rule examples start from
#   fixtures/linux/dirty-tree.json            the dirty root tree of test/linux/trees.ts, offline
# Rerun it after collectors change (run as root: debootstrap and the root-only groups need it).
# PRESEAL_DEBOOTSTRAP_ROOT reuses an existing debootstrap folder (default /var/tmp/preseal-bookworm).
set -eu
cd "$(dirname "$0")/.."
out=fixtures/linux
mkdir -p "$out"
npm run build >/dev/null || echo "warning: the TypeScript build reported errors; using what it emitted" >&2

node bin/preseal.js collect local -o "$out/this-machine.json"

root=${PRESEAL_DEBOOTSTRAP_ROOT:-/var/tmp/preseal-bookworm}
if [ ! -x "$root/bin/sh" ]; then
  command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
  debootstrap --variant=minbase bookworm "$root"
fi
node bin/preseal.js collect "root:$root" -o "$out/debootstrap-bookworm.json"
cp "$out/debootstrap-bookworm.json" "$out/baseline.json"

dirty=$(npx tsx -e "import { dirtySpec, makeTree } from './test/linux/trees.ts'; process.stdout.write(makeTree(dirtySpec()));")
trap 'rm -rf "$dirty"' EXIT
node bin/preseal.js collect "root:$dirty" -o "$out/dirty-tree.json"
echo "recorded: $(ls "$out")"
