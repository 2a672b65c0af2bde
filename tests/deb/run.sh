#!/usr/bin/env bash
# tests/deb/run.sh [SUITE] - the Debian package's life in a clean Debian root (as root):
# make deb from the portable build, then in a fresh copy of the SUITE root (tests/matrix/root.sh,
# default bullseye: the oldest release posttls supports) install it with dpkg, check what
# postinst did, run one message end to end through a Postfix wired from the package's example
# snippets (tests/testbed/instance.sh, with the installed /usr/bin/posttls), upgrade over
# itself (key, configuration and database kept), remove (they stay) and purge (they go).
# lintian runs on the package. Run by ./test.sh after the version matrix, and so by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd -P)
suite=${1:-bullseye}
[ "$(id -u)" -eq 0 ] || { echo "tests/deb/run.sh: run as root" >&2; exit 1; }

work=$(mktemp -d /tmp/posttls-deb-test.XXXXXX)
chmod 755 "$work"
root="$work/root"
cleanup() {
    # Whatever the test started inside the root: the instance (by its pids, through instance.sh).
    if [ -e "$root/tmp/instance/instance.env" ]; then
        inside "$repo/tests/testbed/instance.sh" down /tmp/instance >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

step() { echo "-- $*"; }
fail() { echo "tests/deb/run.sh: FAILED: $*" >&2; exit 1; }
# inside PROGRAM ARGS: run in the root's copy, with /proc, /dev and the checkout mounted (a mount
# namespace of its own: nothing stays mounted afterwards).
inside() {
    unshare --mount --propagation private -- bash -c '
        root=$1 repo=$2; shift 2
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        mkdir -p "$root$repo"
        mount --bind "$repo" "$root$repo"
        exec chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"' inside "$root" "$repo" "$@"
}

step "make deb (portable build)"
make -s deb PUBLISH_DIR="$work/publish" DEB_DIR="$work" >/dev/null
deb=$(ls "$work"/posttls_*_amd64.deb)
command -v lintian >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lintian >/dev/null
step "lintian $(basename "$deb")"
lintian --fail-on warning "$deb" 2>&1 | grep -v "running with root privileges" || true
lintian --fail-on warning "$deb" >/dev/null 2>&1 || fail "lintian reports warnings or errors"

step "a clean $suite root"
cache=$(tests/matrix/root.sh "$suite")
cp -a "$cache" "$root"
cp "$deb" "$root/tmp/posttls.deb"
! inside dpkg -s posttls >/dev/null 2>&1 || fail "the root has posttls already"

step "dpkg -i: postinst creates the user, the key and the directories"
inside dpkg -i /tmp/posttls.deb
inside id posttls >/dev/null || fail "no user posttls"
[ "$(inside stat -c '%U:%G %a' /etc/posttls/secret.key)" = "root:posttls 640" ] || fail "secret.key not root:posttls 0640"
[ "$(inside stat -c '%U %a' /var/lib/posttls)" = "root 700" ] || fail "/var/lib/posttls not root 0700"
[ "$(inside stat -c '%U %a' /var/spool/posttls)" = "posttls 700" ] || fail "/var/spool/posttls not posttls 0700"
inside dpkg-query -W -f='${Conffiles}\n' posttls | grep -q ' /etc/posttls/posttls.conf ' || fail "posttls.conf is not a conffile"
cmp -s "$root/etc/posttls/posttls.conf" postfix-snippets/posttls.conf || fail "/etc/posttls/posttls.conf is not the default file"
inside posttls --version >/dev/null || fail "posttls does not start in the $suite root"
for unit in posttls-sweep.timer posttls-apply.path; do
    [ -f "$root/usr/lib/systemd/system/$unit" ] || fail "$unit not installed"
    [ ! -e "$root/etc/systemd/system/timers.target.wants/$unit" ] && [ ! -e "$root/etc/systemd/system/paths.target.wants/$unit" ] \
        || fail "$unit enabled before the snippets are merged"
done

step "one message end to end, through a Postfix wired from the package's snippets"
mkdir -p "$root/tmp/installed"
ln -s /usr/bin/posttls "$root/tmp/installed/posttls"
mkdir -p "$root/tmp/instance"
inside "$repo/tests/testbed/instance.sh" up /tmp/instance --binary /tmp/installed --mailbox alice --mailbox bob >/dev/null
eval "$(inside "$repo/tests/testbed/instance.sh" env /tmp/instance)"
python3 - "$INSTANCE_SUBMISSION_PORT" <<'PY'
import smtplib, sys
with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30) as smtp:
    smtp.sendmail("alice@posttls.test", ["bob@posttls.test"],
                  b"From: alice@posttls.test\r\nTo: bob@posttls.test\r\nSubject: deb test\r\n\r\nhello from the package\r\n")
PY
delivered=""
for _ in $(seq 1 300); do
    delivered=$(grep -rl "hello from the package" "$root$INSTANCE_MAIL/bob/new" 2>/dev/null | head -n 1 || true)
    [ -n "$delivered" ] && break
    sleep 0.1
done
[ -n "$delivered" ] || fail "the message was not delivered to bob (see $root$INSTANCE_MAILLOG)"
grep -q '^X-PostTLS-ID: ' "$delivered" || fail "the delivered message has no X-PostTLS-ID tag: the filter did not run"
inside posttls sweep --config "$INSTANCE_CONF" || fail "posttls sweep failed"
# The schedule as the README's cron alternative has it, from the package's example (a root has
# no systemd to enable the timer), and a stand-in for the cron daemon a real machine runs
# (posttls check looks for one in /proc), stopped by its pid.
mkdir -p "$root/etc/cron.d"
sed "s|posttls sweep\$|posttls sweep --config $INSTANCE_CONF|" "$root/usr/share/doc/posttls/examples/postfix-snippets/cron.d-posttls" \
    >"$root/etc/cron.d/posttls"
grep -q "^\* \* \* \* \* root /usr/bin/posttls sweep --config " "$root/etc/cron.d/posttls" || fail "the example cron file does not run /usr/bin/posttls sweep"
cp /bin/sleep "$work/cron"
"$work/cron" 600 &
cron_pid=$!
checked=0
inside posttls check --config "$INSTANCE_CONF" >"$work/check.out" 2>&1 || checked=$?
kill "$cron_pid"; wait "$cron_pid" 2>/dev/null || true
[ "$checked" -eq 0 ] || { cat "$work/check.out"; fail "posttls check exits $checked on the instance wired from the package's snippets"; }
grep "warning" "$work/check.out" || true
inside "$repo/tests/testbed/instance.sh" down /tmp/instance >/dev/null

step "the database of the package's own configuration"
# Postfix of the root is not running: the sweep opens (creates) the database, then stops at postqueue.
inside posttls sweep >/dev/null 2>&1 || true
[ -s "$root/var/lib/posttls/posttls.db" ] || fail "no database in /var/lib/posttls"
key_before=$(sha256sum <"$root/etc/posttls/secret.key")
echo "# the administrator's change" >>"$root/etc/posttls/posttls.conf"
conf_before=$(sha256sum <"$root/etc/posttls/posttls.conf")

step "upgrade over itself: key, configuration and database kept"
inside dpkg -i /tmp/posttls.deb
[ "$(sha256sum <"$root/etc/posttls/secret.key")" = "$key_before" ] || fail "the upgrade replaced the secret key"
[ "$(sha256sum <"$root/etc/posttls/posttls.conf")" = "$conf_before" ] || fail "the upgrade replaced the changed posttls.conf"
[ -s "$root/var/lib/posttls/posttls.db" ] || fail "the upgrade lost the database"
inside posttls list >/dev/null || fail "posttls list cannot read the database after the upgrade"

step "dpkg -r: the program goes, configuration, key, database and spool stay"
inside dpkg -r posttls
[ ! -e "$root/usr/bin/posttls" ] || fail "/usr/bin/posttls still there after remove"
for kept in /etc/posttls/posttls.conf /etc/posttls/secret.key /var/lib/posttls /var/spool/posttls; do
    [ -e "$root$kept" ] || fail "remove took $kept"
done

step "dpkg -P: they go too"
inside dpkg -P posttls
for gone in /etc/posttls /var/lib/posttls /var/spool/posttls /etc/logrotate.d/posttls; do
    [ ! -e "$root$gone" ] || fail "purge left $gone"
done
! inside dpkg -s posttls >/dev/null 2>&1 || fail "posttls still known to dpkg after purge"
echo "tests/deb/run.sh: passed ($suite: install, one message end to end, upgrade, remove, purge; lintian clean)"
