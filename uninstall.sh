#!/usr/bin/env bash
# uninstall.sh - remove what install.sh installed (sudo ./uninstall.sh [--purge]).
#
# Removes the program, its man pages, the reference snippets and the pcre tables that
# install.sh created and nobody changed since (with --purge changed ones too). Keeps /etc/posttls (configuration and secret
# key), /var/lib/posttls (database, audit log), /var/spool/posttls and the posttls user,
# unless --purge is given. Refuses while Postfix's master.cf still runs posttls, since mail
# would then be deferred by a missing program; --force removes it anyway.
set -euo pipefail

# PREFIX, MAIL_CONFIG and POSTTLS_CONFIG as for install.sh.
prefix=${PREFIX:-/usr/local}
libdir=$prefix/lib/posttls
bindir=$prefix/bin
mandir=$prefix/share/man
sharedir=$prefix/share/posttls
postfix_dir=${MAIL_CONFIG:-/etc/postfix}
config=${POSTTLS_CONFIG:-/etc/posttls/posttls.conf}

usage() {
    cat <<'EOF'
Usage: sudo ./uninstall.sh [--purge] [--force]

Removes what install.sh installed:
  /usr/local/bin/posttls, /usr/local/lib/posttls/, the man pages posttls(8) and
  posttls.conf(5), /usr/local/share/posttls/, and the /etc/postfix/posttls-*.pcre tables
  that install.sh created, if they are unchanged.

Kept unless --purge: /etc/posttls (posttls.conf, secret.key), /var/lib/posttls (the
database with the audit log), /var/spool/posttls, the log file, the user and group posttls,
and the pcre tables install.sh created that were changed since.

  --purge      remove those too
  --force      uninstall even though Postfix's master.cf still runs posttls
  -h, --help   show this help
EOF
}

purge=""
force=""
while [ $# -gt 0 ]; do
    case "$1" in
        --purge) purge=1; shift ;;
        --force) force=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "uninstall.sh: unknown argument: $1 (try --help)" >&2; exit 64 ;;
    esac
done

say() { printf '%s\n' "$*"; }
fail() { printf 'uninstall.sh: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "must run as root: sudo ./uninstall.sh"

conf_value() {
    [ -f "$config" ] || return 0
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\(.*[^[:space:]]\)[[:space:]]*\$/\1/p" "$config" | tail -n 1
}

# --- is PostTLS still in use? --------------------------------------------------------------
in_use=()
if command -v postconf >/dev/null 2>&1 && [ -f "$postfix_dir/main.cf" ]; then
    if postconf -M 2>/dev/null | grep -q 'posttls'; then
        in_use+=("/etc/postfix/master.cf has posttls services: remove the posttls-filter, posttls-decide, posttls-release, posttls-release-cleanup and smtp-insecure entries and every content_filter=posttls-filter:dummy (postconf -M, postconf -P), then postfix reload")
    fi
    if postconf -n 2>/dev/null | grep -q 'posttls'; then
        in_use+=("/etc/postfix/main.cf mentions posttls (postconf -n | grep posttls): remove those settings, then postfix reload")
    fi
fi
# The cron file posttls check looks for (sweep_cron_file), and the default one.
sweep_cron_file=$(conf_value sweep_cron_file); sweep_cron_file=${sweep_cron_file:-/etc/cron.d/posttls}
for cron_file in "$sweep_cron_file" /etc/cron.d/posttls; do
    if [ -e "$cron_file" ]; then
        in_use+=("$cron_file runs the sweep: rm $cron_file")
    fi
    [ "$sweep_cron_file" != /etc/cron.d/posttls ] || break
done
units=()
for unit in posttls-sweep.timer posttls-sweep.service posttls-apply.path posttls-apply.service; do
    if [ -e "/etc/systemd/system/$unit" ]; then units+=("$unit"); fi
done
if [ ${#units[@]} -gt 0 ]; then
    in_use+=("systemd units in /etc/systemd/system: systemctl disable --now ${units[*]}; then remove them: (cd /etc/systemd/system && rm ${units[*]}); systemctl daemon-reload")
fi
if [ ${#in_use[@]} -gt 0 ]; then
    printf 'uninstall.sh: PostTLS is still in use:\n' >&2
    printf '  - %s\n' "${in_use[@]}" >&2
    if [ -z "$force" ]; then
        printf 'Undo those first (mail that Postfix hands to a missing posttls stays queued), or run with --force.\n' >&2
        exit 1
    fi
    printf 'continuing (--force)\n' >&2
fi

# Read what --purge needs from the configuration before the program goes.
data_directory=$(conf_value data_directory); data_directory=${data_directory:-/var/lib/posttls}
spool_directory=$(conf_value spool_directory); spool_directory=${spool_directory:-/var/spool/posttls}
secret_key_file=$(conf_value secret_key_file); secret_key_file=${secret_key_file:-/etc/posttls/secret.key}
log_file=$(conf_value log_file)
# Written by posttls init from the key: the reinjection listener's secret HELO name.
reinject_helo=$(conf_value postfix_config_directory); reinject_helo=${reinject_helo:-/etc/postfix}/posttls-reinject-helo
# The user and group go with --purge only if install.sh created them.
accounts_file="$data_directory/accounts-created-by-install"
created_accounts=""
if [ -f "$accounts_file" ]; then created_accounts=$(cat "$accounts_file"); fi
created() { printf '%s\n' "$created_accounts" | grep -qxF "$1"; }

removed=0
# remove PATH...: rm -rf, reporting each path removed
remove() {
    local path
    for path in "$@"; do
        if [ -e "$path" ] || [ -L "$path" ]; then
            rm -rf -- "$path"
            say "removed $path"
            removed=$((removed + 1))
        fi
    done
}

# --- the program, man pages, snippets ----------------------------------------------------
if [ -L "$bindir/posttls" ]; then
    case "$(readlink "$bindir/posttls")" in
        "$libdir"/*) remove "$bindir/posttls" ;;
        *) say "kept $bindir/posttls: a symlink to $(readlink "$bindir/posttls"), not ours" ;;
    esac
elif [ -e "$bindir/posttls" ]; then
    say "kept $bindir/posttls: not the symlink install.sh makes (installed by hand?)"
fi
remove "$libdir" "$mandir/man8/posttls.8" "$mandir/man5/posttls.conf.5"
# install.sh may have created the man sections; leave no empty ones behind
rmdir "$mandir/man8" "$mandir/man5" 2>/dev/null || true

# --- pcre tables: only those install.sh created, and only while unchanged ----------------
# A changed one stays (until --purge) and is remembered in data_directory, which stays too:
# the manifest goes with $sharedir.
manifest="$sharedir/created-files.sha256"
kept_tables="$data_directory/tables-created-by-install"
lists=("$manifest")
if [ -n "$purge" ]; then lists+=("$kept_tables"); fi
for list in "${lists[@]}"; do
    [ -f "$list" ] || continue
    while read -r sum path; do
        [ -n "$path" ] || continue
        if [ ! -e "$path" ]; then
            continue
        fi
        if [ "$(sha256sum "$path" | cut -d' ' -f1)" = "$sum" ]; then
            remove "$path"
        elif [ -n "$purge" ]; then
            # Still ours: install.sh created it, the administrator only adapted it (a host
            # name filled in by hand, say).
            remove "$path"
        else
            say "kept $path: changed since install.sh created it (--purge removes it)"
            if [ -d "$data_directory" ] && ! grep -qF "  $path" "$kept_tables" 2>/dev/null; then
                printf '%s  %s\n' "$sum" "$path" >>"$kept_tables"
            fi
        fi
    done <"$list"
done
remove "$sharedir"

# --- state, only with --purge ------------------------------------------------------------
# purge_remove PATH...: remove, but only paths that are plainly PostTLS's own (a
# data_directory set to /var/lib by mistake must not take /var/lib with it)
purge_remove() {
    local path
    for path in "$@"; do
        case "$path" in
            /*posttls*) remove "$path" ;;
            *) if [ -e "$path" ]; then say "kept $path: not obviously PostTLS's own; remove it by hand"; fi ;;
        esac
    done
}
if [ -n "$purge" ]; then
    purge_remove "$data_directory" "$spool_directory" "$secret_key_file" "$reinject_helo" "$config"
    if [ -n "$log_file" ]; then
        purge_remove "$log_file" "$log_file".[0-9]*
    fi
    if [ -d /etc/posttls ] && [ -z "$(ls -A /etc/posttls)" ]; then
        rmdir /etc/posttls
        say "removed /etc/posttls"
    fi
    if id -u posttls >/dev/null 2>&1; then
        if created "user posttls"; then
            userdel posttls
            say "removed the user posttls"
        else
            say "kept the user posttls: install.sh did not create it (userdel posttls removes it)"
        fi
    fi
    # userdel may have taken the group along (USERGROUPS_ENAB); otherwise remove it here.
    if created "group posttls" && getent group posttls >/dev/null; then
        groupdel posttls
    fi
    if created "group posttls" && ! getent group posttls >/dev/null; then
        say "removed the group posttls"
    fi
    if getent group posttls >/dev/null; then
        if ! id -u posttls >/dev/null 2>&1; then
            say "kept the group posttls: install.sh did not create it (groupdel posttls removes it)"
        fi
    fi
else
    kept=()
    for path in /etc/posttls "$data_directory" "$spool_directory" ${log_file:+"$log_file"}; do
        if [ -e "$path" ]; then kept+=("$path"); fi
    done
    if id -u posttls >/dev/null 2>&1 && created "user posttls"; then kept+=("the user posttls"); fi
    if [ "$removed" -eq 0 ]; then
        say "the PostTLS program is not installed; nothing to remove"
    fi
    if [ ${#kept[@]} -gt 0 ]; then
        say "kept (remove with --purge): ${kept[*]}"
    fi
fi
if [ -n "$purge" ] && [ "$removed" -eq 0 ]; then
    say "nothing to remove: PostTLS is not installed"
fi
