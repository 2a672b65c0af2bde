#!/usr/bin/env bash
# install.sh - install PostTLS on this mail server (sudo ./install.sh).
#
# Installs the posttls program, its man pages and reference copies of postfix-snippets/,
# creates the posttls system user, runs "posttls init", and copies the pcre tables into
# /etc/postfix when they are not there yet (or replaces its own, unchanged copies with
# newer ones). It does NOT change Postfix's main.cf or
# master.cf, and does not enable cron or systemd units: it prints the exact commands for
# that. Safe to run again (an upgrade is the same command). Undo with ./uninstall.sh.
set -euo pipefail

# PREFIX, MAIL_CONFIG (Postfix's own variable: the instance's configuration directory) and
# POSTTLS_CONFIG move the installation, e.g. into a scratch root for the tests.
prefix=${PREFIX:-/usr/local}
libdir=$prefix/lib/posttls
bindir=$prefix/bin
mandir=$prefix/share/man
sharedir=$prefix/share/posttls
postfix_dir=${MAIL_CONFIG:-/etc/postfix}
config=${POSTTLS_CONFIG:-/etc/posttls/posttls.conf}

usage() {
    cat <<'EOF'
Usage: sudo ./install.sh [--from DIR]

Installs PostTLS:
  /usr/local/lib/posttls/posttls                    the program (one native executable)
  /usr/local/bin/posttls                            symlink to it
  /usr/local/share/man/man8/posttls.8, man5/posttls.conf.5
  /usr/local/share/posttls/postfix-snippets/        reference copies of the snippets
  /etc/postfix/posttls-*.pcre, posttls-loopback.cidr only the ones that do not exist yet, or
                                                    that install.sh wrote and nobody changed
and creates the system user posttls and, with "posttls init", /etc/posttls/posttls.conf,
the secret key, /var/lib/posttls and /var/spool/posttls.

Postfix's main.cf and master.cf are not changed and no cron job or systemd unit is
enabled: the script ends with the exact commands for that.

  --from DIR   install the build in DIR (the output of
               "dotnet publish src/PostTls -c Release -o DIR") instead of building
  -h, --help   show this help

Run it again to upgrade; it keeps your configuration, key and database. Set myhostname in
main.cf first: posttls-transport.pcre gets that name (run install.sh again after changing it).

Environment: PREFIX (instead of /usr/local), MAIL_CONFIG (the Postfix configuration directory,
instead of /etc/postfix), POSTTLS_CONFIG (instead of /etc/posttls/posttls.conf).
EOF
}

from=""
while [ $# -gt 0 ]; do
    case "$1" in
        --from) [ $# -ge 2 ] || { usage >&2; exit 64; }; from=$2; shift 2 ;;
        --from=*) from=${1#--from=}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown argument: $1 (try --help)" >&2; exit 64 ;;
    esac
done

cd "$(dirname "$0")"
repo=$(pwd)

say() { printf '%s\n' "$*"; }
# conf_value NAME: a setting of posttls.conf as written there (empty when it is not set)
conf_value() {
    [ -f "$config" ] || return 0
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\(.*[^[:space:]]\)[[:space:]]*\$/\1/p" "$config" | tail -n 1
}

fail() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "must run as root: sudo ./install.sh"

# --- the build ---------------------------------------------------------------------------
build=""
cleanup() { if [ -n "$build" ]; then rm -rf "$build"; fi; }
trap cleanup EXIT
if [ -z "$from" ]; then
    if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
        fail "the .NET 10 SDK is needed to build posttls (Debian: apt-get install dotnet-sdk-10.0 from Microsoft's package feed), or build elsewhere and run: sudo ./install.sh --from DIR"
    fi
    # The native build (NativeAOT) needs a C toolchain, zlib and SQLite's static library.
    build_packages=(clang zlib1g-dev libsqlite3-dev)
    missing=()
    for package in "${build_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        command -v apt-get >/dev/null 2>&1 || fail "the native build needs ${build_packages[*]} (or their equivalents: a C compiler, zlib and SQLite's static library); install them, or build elsewhere and run: sudo ./install.sh --from DIR"
        say "installing ${missing[*]} for the build (apt-get) ..."
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || fail "apt-get install ${missing[*]} failed"
    fi
    build=$(mktemp -d /tmp/posttls-install.XXXXXX)
    say "building posttls (dotnet publish -c Release, native) ..."
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    if ! dotnet publish src/PostTls -c Release -o "$build" --nologo -v quiet >"$build/publish.log" 2>&1; then
        cat "$build/publish.log" >&2
        fail "dotnet publish failed"
    fi
    from=$build
fi
[ -f "$from/posttls" ] || fail "$from/posttls does not exist (expected the output of dotnet publish -c Release)"

# --- the program -------------------------------------------------------------------------
# One native executable (SQLite is linked in). Every directory on the way must be
# traversable by user posttls (pipe(8)).
install -d -o root -g root -m 0755 "$libdir" "$bindir"
# Install under a temporary name and rename, so a running Postfix never sees half a file.
install -o root -g root -m 0755 "$from/posttls" "$libdir/.posttls.new"
mv -f "$libdir/.posttls.new" "$libdir/posttls"
# Older builds needed libe_sqlite3.so beside the program; the native one has SQLite inside.
if [ -e "$libdir/libe_sqlite3.so" ]; then
    rm -f "$libdir/libe_sqlite3.so"
    say "removed $libdir/libe_sqlite3.so (no longer needed: SQLite is linked into posttls)"
fi
if [ -e "$bindir/posttls" ] && [ ! -L "$bindir/posttls" ]; then
    fail "$bindir/posttls exists and is not our symlink; move it away first (an install by hand, per an older README?)"
fi
ln -sfn "$libdir/posttls" "$bindir/posttls"
say "installed $libdir/posttls, symlink $bindir/posttls"

install -d -m 0755 "$mandir/man8" "$mandir/man5"
install -o root -g root -m 0644 man/posttls.8 "$mandir/man8/posttls.8"
install -o root -g root -m 0644 man/posttls.conf.5 "$mandir/man5/posttls.conf.5"
say "installed $mandir/man8/posttls.8 and $mandir/man5/posttls.conf.5"

install -d -m 0755 "$sharedir/postfix-snippets"
for file in "$repo"/postfix-snippets/*; do
    install -o root -g root -m 0644 "$file" "$sharedir/postfix-snippets/"
done
say "installed the snippets into $sharedir/postfix-snippets/ (for reference; nothing is active)"

# --- the user, the key, the directories --------------------------------------------------
created_accounts=()
if ! getent group posttls >/dev/null; then
    groupadd --system posttls
    created_accounts+=("group posttls")
    say "created the system group posttls"
fi
if ! id -u posttls >/dev/null 2>&1; then
    useradd --system --gid posttls --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin posttls
    created_accounts+=("user posttls")
    say "created the system user posttls"
fi
"$bindir/posttls" init | sed 's/^/  /'

# uninstall.sh --purge removes the user and group only if install.sh created them. The
# note lives in data_directory, which is kept, like the user, until --purge.
data_directory=$(conf_value data_directory)
accounts="${data_directory:-/var/lib/posttls}/accounts-created-by-install"
for account in ${created_accounts[@]+"${created_accounts[@]}"}; do
    if ! grep -qxF "$account" "$accounts" 2>/dev/null; then
        printf '%s\n' "$account" >>"$accounts"
    fi
done

# --- pcre tables: where there is none yet, or where install.sh's own copy is older -------
# The manifest remembers which tables install.sh created and what they held, so that
# uninstall.sh removes them only while they are unchanged, and a later install.sh replaces
# them with a newer version only while they are unchanged (an old posttls-release.pcre cannot
# route every next hop; posttls check reports it).
manifest="$sharedir/created-files.sha256"
touch "$manifest"
chmod 0644 "$manifest"
# The domain of the action addresses: action_domain, else Postfix's myhostname.
action_domain=$(conf_value action_domain)
hostname_note=""
if [ -z "$action_domain" ]; then
    action_domain=$(postconf -h myhostname 2>/dev/null || hostname -f 2>/dev/null || hostname)
    # Before myhostname is set (the order a new installation often takes), Postfix's name is
    # the machine's short name: the table would route action addresses nobody gets.
    if [ -z "$(postconf -n myhostname 2>/dev/null)" ] || [ "${action_domain#*.}" = "$action_domain" ] || [ "${action_domain%.localdomain}" != "$action_domain" ]; then
        hostname_note="myhostname is not set in $postfix_dir/main.cf, or not a name the internet knows: Postfix calls itself $action_domain, so the action addresses are posttls-...@$action_domain and $postfix_dir/posttls-transport.pcre routes that name. Set it first (postconf -e 'myhostname = mail.example.com'), then run install.sh again: it rewrites its own table while you have not changed it."
    fi
fi
if [ -d "$postfix_dir" ]; then
    for table in posttls-actions.pcre posttls-loopback.cidr posttls-reinject-received.pcre posttls-release.pcre posttls-sender-login.pcre posttls-strip.pcre posttls-transport.pcre; do
        target="$postfix_dir/$table"
        if [ "$table" = posttls-transport.pcre ]; then
            # Fill in the domain of the action addresses, dots escaped.
            escaped=${action_domain//./\\\\.}
            sed "s/mail\\\\.example\\\\.com/$escaped/g" "postfix-snippets/$table" >"$target.new"
        else
            cp "postfix-snippets/$table" "$target.new"
        fi
        chmod 0644 "$target.new"
        if [ -e "$target" ] && cmp -s "$target" "$target.new"; then
            rm -f "$target.new"
            say "kept $target (current)"
            # Its own table, brought up to date by hand: what install.sh writes now, so
            # uninstall.sh and a later install.sh treat it as unchanged again.
            if grep -qF "  $target" "$manifest" && ! grep -qxF "$(sha256sum "$target")" "$manifest"; then
                { grep -vF "  $target" "$manifest" || true; sha256sum "$target"; } >"$manifest.new"
                mv "$manifest.new" "$manifest"
            fi
            continue
        fi
        if [ -e "$target" ] && ! grep -qxF "$(sha256sum "$target")" "$manifest"; then
            rm -f "$target.new"
            say "kept $target (it exists, and not as install.sh wrote it); it differs from $sharedir/postfix-snippets/$table: compare them, posttls check says what is missing"
            pattern=${action_domain//./\\.}
            if [ "$table" = posttls-transport.pcre ] && ! grep -qF "@$pattern\$/" "$target"; then
                say "  it does not route the action addresses of $action_domain: edit its line to end in @$pattern\$/ (or remove the file and run install.sh again), then postfix reload"
            fi
            continue
        fi
        verb=installed
        [ -e "$target" ] && verb=updated
        chown root:root "$target.new"
        mv "$target.new" "$target"
        grep -vF "  $target" "$manifest" >"$manifest.new" || true
        sha256sum "$target" >>"$manifest.new"
        mv "$manifest.new" "$manifest"
        say "$verb $target"
    done
else
    say "no $postfix_dir: Postfix is not installed; the pcre tables are in $sharedir/postfix-snippets/"
fi
if [ -n "$hostname_note" ]; then
    say "warning: $hostname_note"
fi

# --- what the administrator does next ----------------------------------------------------
# Each step is printed with the exact commands, or marked done when Postfix has it already.
snip="$sharedir/postfix-snippets"
have_postfix=""
if command -v postconf >/dev/null 2>&1 && [ -f "$postfix_dir/main.cf" ]; then have_postfix=1; fi
main_value() { if [ -n "$have_postfix" ]; then postconf -h "$1" 2>/dev/null || true; fi; }
has_service() { [ -n "$have_postfix" ] && [ -n "$(postconf -M "$1" 2>/dev/null)" ]; }
done_mark() { if "$@"; then printf '(done) '; fi; }
contains() { case "$1" in *"$2"*) return 0 ;; *) return 1 ;; esac; }

current_restrictions=$(main_value smtpd_recipient_restrictions)
current_classes=$(main_value smtpd_restriction_classes)
current_transport=$(main_value transport_maps)
if [ -n "$current_restrictions" ]; then
    restrictions="check_recipient_access pcre:/etc/postfix/posttls-actions.pcre, $current_restrictions"
else
    restrictions="check_recipient_access pcre:/etc/postfix/posttls-actions.pcre, permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination"
fi
if [ -n "$current_transport" ]; then
    transport="pcre:/etc/postfix/posttls-transport.pcre, $current_transport"
else
    transport="pcre:/etc/postfix/posttls-transport.pcre"
fi
limits_done() { [ -n "$(main_value posttls-filter_destination_recipient_limit)" ] && [ "$(main_value posttls-decide_destination_recipient_limit)" = 1 ]; }
transport_done() { contains "$current_transport" posttls-transport.pcre || contains "$current_transport" posttls-decide; }
# An action domain in mydestination (Postfix's default for myhostname) is a local domain:
# smtpd rejects unknown local users, so local_recipient_maps must know the action addresses.
current_local_recipients=$(main_value local_recipient_maps)
local_recipients_done() { contains "$current_local_recipients" posttls-transport.pcre; }
local_recipients_step=""
if [ -n "$have_postfix" ] && [ -n "$current_local_recipients" ]; then
    for destination in $(postconf -xh mydestination 2>/dev/null | tr ',' ' '); do
        if [ "${destination,,}" = "${action_domain,,}" ]; then
            local_recipients_step="
     $(done_mark local_recipients_done)postconf -e 'local_recipient_maps = pcre:/etc/postfix/posttls-transport.pcre, $current_local_recipients'
                 ($action_domain is in mydestination: smtpd accepts only local users it knows)"
            break
        fi
    done
fi
restrictions_done() { contains "$current_restrictions" posttls-actions.pcre; }
strip_value() { local v; v=$(main_value "$1"); if [ -n "$v" ]; then echo "pcre:/etc/postfix/posttls-strip.pcre, $v"; else echo "pcre:/etc/postfix/posttls-strip.pcre"; fi; }
smtp_strip=$(strip_value smtp_header_checks)
lmtp_strip=$(strip_value lmtp_header_checks)
strip_done() { contains "$(main_value smtp_header_checks)" posttls-strip.pcre && contains "$(main_value lmtp_header_checks)" posttls-strip.pcre; }
classes_done() { contains "$current_classes" posttls_decision_clients; }
login_maps_done() { [ -n "$(main_value smtpd_sender_login_maps)" ]; }
login_mismatch_done() { [ -n "$have_postfix" ] && postconf -P 2>/dev/null | grep -q 'smtpd_sender_restrictions=.*sender_login_mismatch'; }
# reinject_address: its default unless posttls.conf sets it (empty: reinjection with sendmail).
reinject_address=127.0.0.1:10026
if grep -q '^[[:space:]]*reinject_address[[:space:]]*=' "$config" 2>/dev/null; then reinject_address=$(conf_value reinject_address); fi
services_done() {
    has_service posttls-filter/unix && has_service posttls-decide/unix && has_service posttls-release/unix \
        && has_service posttls-release-cleanup/unix && has_service smtp-insecure/unix \
        && has_service posttls-reinject-cleanup/unix && has_service posttls-notify/unix \
        && { [ -z "$reinject_address" ] || has_service "$reinject_address/inet"; }
}
submission_done() {
    [ -n "$have_postfix" ] && postconf -P 2>/dev/null | grep -q '^submission.*content_filter=posttls-filter:'
}
pickup_done() { [ -n "$have_postfix" ] && postconf -P 2>/dev/null | grep -q '^pickup/unix/content_filter=posttls-filter:'; }
# An earlier PostTLS reinjected with sendmail and had the submission services turn address
# mappings off; with SMTP reinjection they happen before the filter, so that must go.
old_mappings=$([ -n "$have_postfix" ] && postconf -P 2>/dev/null | sed -n 's|^\(submissions\{0,1\}/inet\)/receive_override_options = .*no_address_mappings.*|\1/receive_override_options|p' | tr '\n' ' ' || true)
# postconf -P on a service master.cf does not have only warns (and exits 0); Debian ships
# submission and submissions commented out. Those get the lines to add instead.
submission_steps=""
filter_args=()
login_args=()
for service in submission submissions; do
    if [ -z "$have_postfix" ] || has_service "$service/inet"; then
        filter_args+=("'$service/inet/content_filter=posttls-filter:dummy'")
        login_args+=("'$service/inet/smtpd_sender_restrictions=reject_authenticated_sender_login_mismatch'")
    else
        submission_steps+="
   master.cf has no $service service (Debian ships it commented out), so postconf -P
   cannot set its options: uncomment it in /etc/postfix/master.cf, or add these lines
   (from $snip/master.cf; keep the -o lines your setup needs):

$(awk -v name="$service" '$1 == name && $2 == "inet" { on = 1; print; next } on && /^[ \t]/ { print; next } { on = 0 }' "$repo/postfix-snippets/master.cf" | sed 's/^/     /')
"
    fi
done
submission_steps=${submission_steps%$'\n'}
continued() { local first=1 arg; for arg in "$@"; do if [ -n "$first" ]; then printf '%s' "$arg"; first=""; else printf ' \\\n                 %s' "$arg"; fi; done; }
if [ ${#filter_args[@]} -gt 0 ]; then
    submission_steps="     $(done_mark submission_done)postconf -P $(continued "${filter_args[@]}")
     $(done_mark login_mismatch_done)postconf -P $(continued "${login_args[@]}")
$submission_steps"
fi
# Mail submitted with the local sendmail: tagged too (the filter reinjects over SMTP).
if [ -n "$reinject_address" ]; then
    submission_steps+="
     $(done_mark pickup_done)postconf -P 'pickup/unix/content_filter=posttls-filter:dummy'"
fi
if [ -n "$old_mappings" ]; then
    submission_steps+="
     postconf -PX $old_mappings
                 (from an earlier PostTLS: address mappings now happen before the filter)"
fi
# A fresh installation's Postfix often is not running yet: reload would only complain.
load_command="postfix check && postfix reload"
if [ -n "$have_postfix" ] && ! postfix status >/dev/null 2>&1; then
    load_command="postfix check && postfix start     (Postfix is not running: postfix status; later: postfix reload)"
fi
# Postfix 3.10 and later honour a sender's "TLS-Required: no" (postfix-snippets/main-3.10.cf).
tls_required_step=""
mail_version=$(main_value mail_version)
if [ -n "$mail_version" ] && [ "$(printf '%s\n3.10\n' "$mail_version" | sort -V | head -n 1)" = 3.10 ]; then
    tls_required_done() { [ "$(main_value tls_required_enable)" = no ]; }
    tls_required_step="

   Postfix $mail_version sends mail whose sender wrote \"TLS-Required: no\" without mandatory
   TLS; turn that off, so PostTLS decides instead (honour_tls_required_no; $snip/main-3.10.cf):

     $(done_mark tls_required_done)postconf -e 'tls_required_enable = no'"
fi
tls_done() {
    case "$(main_value smtp_tls_security_level)" in
        encrypt|verify|secure|dane|dane-only|fingerprint) return 0 ;;
        *) return 1 ;;
    esac
}
log_file=$(conf_value log_file)

version=$("$bindir/posttls" --version)
cat <<EOF

PostTLS ${version%%+*} is installed. Postfix does not use it yet. Next steps, as root
(a step marked "(done)" is in place already; the README and the files in
$snip/ explain every line):

1. main.cf: recipient limits; the action addresses (posttls-send-...@$action_domain) routed to
   posttls decide, and accepted from your own users only:

     $(done_mark limits_done)postconf -e 'posttls-filter_destination_recipient_limit = 1000' \\
                 'posttls-filter_time_limit = 1000s' \\
                 'posttls-decide_destination_recipient_limit = 1'
     $(done_mark transport_done)postconf -e 'transport_maps = $transport'$local_recipients_step
     $(done_mark restrictions_done)postconf -e 'smtpd_recipient_restrictions = $restrictions'
     $(done_mark classes_done)postconf -e 'smtpd_restriction_classes = posttls_decision_clients${current_classes:+, $current_classes}' \\
                 'posttls_decision_clients = permit_sasl_authenticated, check_client_access cidr:/etc/postfix/posttls-loopback.cidr, reject'

   Who owns which sender address (each address belongs to the login of the same name;
   if your logins are not full addresses, edit the table first, see its comments):

     $(done_mark login_maps_done)postconf -e 'smtpd_sender_login_maps = pcre:/etc/postfix/posttls-sender-login.pcre'

   and the tag stripped from every message that leaves (smtp and lmtp clients):

     $(done_mark strip_done)postconf -e 'smtp_header_checks = $smtp_strip' 'lmtp_header_checks = $lmtp_strip'$tls_required_step

2. master.cf: append the PostTLS services (the filter, its reinjection listener on
   ${reinject_address:-(none: reinject_address is empty)}, the notify, decide and release listeners); tag the mail of
   your submission services and of the local sendmail:

     $(done_mark services_done)sed -n '/^# 2\. The filter/,\$p' $snip/master.cf >> /etc/postfix/master.cf
$submission_steps

3. Check and load:

     $load_command

4. Run the sweep every minute, and carry out decisions as soon as they arrive (systemd):

     (cd $snip && install -m 0644 posttls-sweep.service posttls-sweep.timer \\
         posttls-apply.service posttls-apply.path /etc/systemd/system/)
     systemctl daemon-reload
     systemctl enable --now posttls-sweep.timer posttls-apply.path

   or, without systemd (decisions are then carried out by the sweep, within a minute):

     install -m 0644 $snip/cron.d-posttls /etc/cron.d/posttls

5. Send a test mail through port 587 and look for "posttls/filter" in the mail log.
   Meanwhile trial_mode = yes in $config lets posttls check pass with
   opportunistic TLS. When a few test senders are happy, require TLS for every
   destination (and set trial_mode = no):

     $(done_mark tls_done)postconf -e 'smtp_tls_security_level = encrypt' && postfix reload
EOF
if [ "$log_file" = /var/log/posttls.log ]; then
    cat <<EOF

6. log_file = $log_file is set in $config; rotate it:

     install -m 0644 $snip/logrotate-posttls /etc/logrotate.d/posttls
EOF
elif [ -n "$log_file" ]; then
    cat <<EOF

6. log_file = $log_file is set in $config; rotate it:

     sed 's|/var/log/posttls.log|$log_file|' $snip/logrotate-posttls > /etc/logrotate.d/posttls
EOF
fi
if [ -n "$hostname_note" ]; then
    printf '\nwarning: %s\n' "$hostname_note"
fi
cat <<EOF

Manual: man posttls, man 5 posttls.conf. Configuration: $config.
EOF
