#!/usr/bin/env bash
# tests/testbed/system.sh - the only changes a private Postfix instance makes to the machine,
# for every test bed: tests/testbed/instance.sh (demo.sh, bench/) and the C# test bed
# (PostfixTestBed.cs, SystemPostfixEntry.cs). As root.
#
#   system.sh user
#       Creates the system user posttls unless it exists (install.sh, the product's installer,
#       has its own); prints "created" when it did. With POSTTLS_TEST_POSTFIX_ROOT (tests/matrix/)
#       also the same user, with the same ids, inside that root.
#   system.sh alternate add|remove ETC
#       "postfix -c ETC" refuses a directory that the system main.cf does not list in
#       alternate_config_directories: adds or removes exactly that entry, in one
#       read-modify-write under /run/lock/posttls-testbed.lock, which every test bed takes, so
#       that beds running at the same time keep each other's entries. Creates the system main.cf
#       if it is missing, and removes it again on "remove" if it created it and it is empty.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd -P)
lock=/run/lock/posttls-testbed.lock
main_cf=${POSTTLS_TEST_POSTFIX_ROOT:-}/etc/postfix/main.cf

die() { echo "system.sh: $*" >&2; exit 1; }

ensure_user() {
    local created=""
    if ! id -u posttls >/dev/null 2>&1; then
        useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin posttls
        created=1
    fi
    # A root's Postfix runs posttls as the root's posttls user: the same ids as here, since the
    # files are shared (the secret key is root:posttls) and posttls also runs out here.
    local root=${POSTTLS_TEST_POSTFIX_ROOT:-} in_root=$repo/tests/matrix/in-root.sh
    if [ -n "$root" ] && ! "$in_root" "$root" id -u posttls >/dev/null 2>&1; then
        "$in_root" "$root" groupadd --system --gid "$(id -g posttls)" posttls
        "$in_root" "$root" useradd --system --uid "$(id -u posttls)" --gid "$(id -g posttls)" \
            --home-dir /nonexistent --shell /usr/sbin/nologin posttls
    fi
    [ -z "$created" ] || echo created
}

alternate() {  # add|remove ETC
    local what=$1 etc=$2 marker=$2/.posttls-created-main-cf
    (
        flock -w 60 9 || die "cannot lock $lock within 60 s"
        if [ "$what" = add ] && [ ! -e "$main_cf" ]; then
            : > "$main_cf"
            : > "$marker"
        fi
        local entry entries=()
        for entry in $(postconf -h alternate_config_directories | tr ',' ' '); do
            [ "$entry" = "$etc" ] || entries+=("$entry")
        done
        [ "$what" = remove ] || entries+=("$etc")
        if [ ${#entries[@]} -eq 0 ]; then
            postconf -X alternate_config_directories
        else
            postconf -e "alternate_config_directories = $(printf '%s, ' "${entries[@]}" | sed 's/, $//')"
        fi
        if [ "$what" = remove ] && [ -e "$marker" ]; then
            if [ ! -s "$main_cf" ]; then rm -f "$main_cf"; fi
            rm -f "$marker"
        fi
    ) 9>>"$lock"
}

[ "$(id -u)" -eq 0 ] || die "must run as root"
case ${1:-} in
    user) ensure_user ;;
    alternate)
        case ${2:-} in add|remove) ;; *) die "usage: system.sh alternate add|remove ETC" ;; esac
        alternate "$2" "${3:?usage: system.sh alternate add|remove ETC}" ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 64 ;;
esac
