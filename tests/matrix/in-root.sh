#!/usr/bin/env bash
# tests/matrix/in-root.sh ROOT PROGRAM [ARG...] - run PROGRAM inside the Debian root ROOT (made by
# root.sh), in a mount namespace of its own where /tmp, /dev, /proc and this directory are the
# machine's. The test bed keeps its instance under /tmp, so a Postfix started in the root and the
# tests outside it see the same files; network, PIDs and users are shared (root.sh gives the
# root's postfix and postdrop the ids they have here), so "postfix stop" or a kill by pid from
# outside reaches what was started inside. The process keeps its pid through every exec.
set -euo pipefail

if [ "${1:-}" = --inside ]; then
    root=$2 here=$3
    shift 3
    mount --rbind /tmp "$root/tmp"
    mount --rbind /dev "$root/dev"
    mount -t proc proc "$root/proc"
    mkdir -p "$root$here"
    mount --bind "$here" "$root$here"
    exec chroot "$root" "$@"
fi

root=${1:?usage: tests/matrix/in-root.sh ROOT PROGRAM [ARG...]}
shift
if [ ! -e "$root/.posttls-root-ok" ]; then
    echo "in-root.sh: $root is not a complete root made by tests/matrix/root.sh" >&2
    exit 1
fi
here=$(cd "$(dirname "$0")" && pwd -P)
exec unshare --mount --propagation private -- "$here/in-root.sh" --inside "$root" "$here" "$@"
