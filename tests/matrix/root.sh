#!/usr/bin/env bash
# tests/matrix/root.sh SUITE - build (once) a Debian root of release SUITE with the Postfix of that
# release, for the version matrix (./test.sh --postfix, tests/matrix/run.sh), and print its path.
#
#   tests/matrix/root.sh bullseye      Postfix 3.5, glibc 2.31, systemd 247 (also the sysroot of
#                                      make publish-portable: it holds libc6-dev and libsqlite3-dev)
#   tests/matrix/root.sh trixie        Postfix 3.10, glibc 2.41, systemd 257
#
# Roots are cached under $POSTTLS_ROOT_CACHE (default /var/cache/posttls-matrix) and reused when
# present: a root is complete only once its .posttls-root-ok marker exists, so a build that was
# cut short is started again. Needs root and mmdebstrap (installed here when missing); the
# packages come from the mirror in this machine's apt sources (default deb.debian.org).
set -euo pipefail

suite=${1:?usage: tests/matrix/root.sh bullseye|trixie}
case "$suite" in
    bullseye|bookworm|trixie) ;;
    *) echo "root.sh: unknown suite $suite (bullseye, bookworm or trixie)" >&2; exit 2 ;;
esac
cache=${POSTTLS_ROOT_CACHE:-/var/cache/posttls-matrix}
root="$cache/$suite"
if [ "$(id -u)" -ne 0 ]; then
    echo "root.sh: must run as root (it builds a Debian root with mmdebstrap)" >&2
    exit 1
fi
if ! command -v mmdebstrap >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >&2
fi
mirror=${POSTTLS_DEBIAN_MIRROR:-$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -n 1 | tr -d ' ' || true)}
mirror=${mirror:-http://deb.debian.org/debian}

# What the test bed runs inside the root (Postfix and its pcre tables, useradd, runuser, stat,
# id, python3 for a socket client), and what a native build links against when the root serves as its sysroot.
packages=postfix,postfix-pcre,passwd,util-linux,coreutils,ca-certificates,openssl,python3-minimal
packages=$packages,libc6-dev,libsqlite3-dev,zlib1g-dev,libgcc-s1
case "$suite" in
    bullseye) packages=$packages,libgcc-10-dev,libstdc++-10-dev ;;
    bookworm) packages=$packages,libgcc-12-dev,libstdc++-12-dev ;;
    trixie) packages=$packages,libgcc-14-dev,libstdc++-14-dev ;;
esac

# The test bed runs some commands inside the root and some outside (the tests, and posttls run as
# root): one user means one id in both. The root's postfix user and groups take this machine's ids.
align_ids() {
    local kind=$1 name=$2 here there
    here=$(getent "$kind" "$name" | cut -d: -f3) || return 0
    there=$(chroot "$root" getent "$kind" "$name" | cut -d: -f3)
    [ -n "$here" ] && [ -n "$there" ] && [ "$here" != "$there" ] || return 0
    if chroot "$root" getent "$kind" "$here" >/dev/null; then
        echo "root.sh: id $here of $kind $name is taken in $root by another entry" >&2
        exit 1
    fi
    # chown and chgrp clear set-id bits (postdrop and postqueue are setgid postdrop): put them back.
    local owner=-uid change="chown -h" setid
    [ "$kind" = passwd ] || { owner=-gid; change="chgrp -h"; }
    setid=$(find "$root" -xdev "$owner" "$there" -type f -perm /6000 -printf '%m %p\n')
    if [ "$kind" = passwd ]; then
        chroot "$root" usermod -u "$here" "$name"
    else
        chroot "$root" groupmod -g "$here" "$name"
    fi
    find "$root" -xdev "$owner" "$there" -exec $change "$here" {} +
    printf '%s\n' "$setid" | while read -r mode file; do
        [ -z "$file" ] || chmod "$mode" "$file"
    done
}
if [ -e "$root/.posttls-root-ok" ]; then
    # A cached root from before a package was added to the list above gets it now.
    if [ "$(cat "$root/.posttls-root-ok")" != "$packages" ]; then
        "$(dirname "$0")/in-root.sh" "$root" apt-get update -qq >&2
        "$(dirname "$0")/in-root.sh" "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages//,/ } >&2
        echo "$packages" >"$root/.posttls-root-ok"
    fi
    align_ids group postfix
    align_ids group postdrop
    align_ids passwd postfix
    echo "$root"
    exit 0
fi
mkdir -p "$cache"
rm -rf "$root.partial"
# "No configuration": the package must not set up a system Postfix inside the root either.
mmdebstrap --variant=minbase --include="$packages" \
    --essential-hook='echo "postfix postfix/main_mailer_type select No configuration" | chroot "$1" debconf-set-selections' \
    "$suite" "$root.partial" "$mirror" >&2
# As a sysroot the root is read from outside: the linker follows its symlinks on this machine,
# so the absolute ones among the libraries (Debian 11's libpthread.so, ld-linux-x86-64.so.2, ...)
# are made relative; inside the root they point at the same files as before.
find "$root.partial/lib64/" "$root.partial/lib/x86_64-linux-gnu/" "$root.partial/usr/lib/x86_64-linux-gnu/" \
    -maxdepth 1 -type l -lname '/*' -print0 |
    while IFS= read -r -d '' link; do
        ln -sfnr "$root.partial$(readlink "$link")" "$link"
    done
rm -rf "$root"
mv "$root.partial" "$root"
echo "$packages" >"$root/.posttls-root-ok"
align_ids group postfix
align_ids group postdrop
align_ids passwd postfix
echo "$root"
