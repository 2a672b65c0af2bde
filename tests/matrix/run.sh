#!/usr/bin/env bash
# tests/matrix/run.sh VERSIONS - the version matrix: the end-to-end integration tests on each
# Postfix version in VERSIONS (comma-separated: 3.5, 3.7, 3.10), with one portable posttls
# (make publish-portable) for all of them, then a requirements table of what passed.
#
#   3.5   Debian 11 bullseye root        3.7   Debian 12 bookworm (this machine when it is one,
#   3.10  Debian 13 trixie root                 else a bookworm root)
#
# Run by ./test.sh --postfix VERSIONS (or POSTTLS_POSTFIX_VERSIONS), as root, after the whole
# suite; roots are built once and cached by root.sh. Exit status 1 when a version failed.
set -euo pipefail
cd "$(dirname "$0")/../.."

versions=${1:?usage: tests/matrix/run.sh 3.5,3.7,3.10}
results=${POSTTLS_MATRIX_RESULTS:-$(mktemp -d /tmp/posttls-matrix.XXXXXX)}
mkdir -p "$results"
# The tests that run mail through Postfix from end to end, and posttls check against it.
filter="FullyQualifiedName~FilterThroughPostfix|FullyQualifiedName~ReleaseThroughPostfix|FullyQualifiedName~RememberedChoiceThroughPostfix"
filter="$filter|FullyQualifiedName~PostTls.IntegrationTests.Sweep.|FullyQualifiedName~PostTls.IntegrationTests.Check."

host_version=$(postconf -d -h mail_version 2>/dev/null | cut -d. -f1,2 || true)
publish="$results/publish"
mkdir -p "$publish"
chmod 755 "$results" "$publish"
echo "== matrix: portable build (make publish-portable)"
# Quiet when it works; everything it said when it does not (MSBuild writes errors to stdout).
quietly() { "$@" >"$results/build.log" 2>&1 || { cat "$results/build.log" >&2; echo "run.sh: $* failed" >&2; return 1; }; }
quietly dotnet build PostTls.sln -c Debug --nologo -v quiet
quietly make -s publish-portable PUBLISH_DIR="$publish"

status=0
table="$results/requirements.md"
printf '| distribution | glibc | Postfix | systemd | end-to-end tests |\n|---|---|---|---|---|\n' >"$table"
IFS=, read -ra wanted <<<"$versions"
for version in "${wanted[@]}"; do
    case "$version" in
        3.5) suite=bullseye systemd=247 ;;
        3.7) suite=bookworm systemd=252 ;;
        3.10) suite=trixie systemd=257 ;;
        *) echo "run.sh: no root for Postfix $version (3.5, 3.7 or 3.10)" >&2; exit 2 ;;
    esac
    if [ "$version" = "$host_version" ]; then
        root="" run=(env) system=/
    else
        root=$(tests/matrix/root.sh "$suite")
        run=(tests/matrix/in-root.sh "$root") system=$root
    fi
    mail_version=$("${run[@]}" postconf -d -h mail_version)
    glibc=$("${run[@]}" ldd --version | sed -n 1p | grep -oE '[0-9]+\.[0-9]+$')
    distribution=$(. "$system/etc/os-release" && echo "$PRETTY_NAME")
    echo "== matrix: Postfix $mail_version on $distribution${root:+ (root $root)}"
    start=$SECONDS
    if POSTTLS_TEST_POSTFIX_ROOT=$root POSTTLS_TEST_BINARY="$publish/posttls" \
        dotnet test tests/PostTls.IntegrationTests --no-build --nologo --filter "$filter" \
        --logger "trx;LogFileName=matrix-$version.trx" --results-directory "$results"; then
        outcome=passed
    else
        outcome=FAILED
        status=1
    fi
    counts=$(python3 -c 'import sys, xml.etree.ElementTree as ET; c = ET.parse(sys.argv[1]).getroot().find(".//{*}Counters"); print(c.get("passed"), "of", c.get("total"))' \
        "$results/matrix-$version.trx" 2>/dev/null || echo "?")
    printf '| %s | %s | %s | %s | %s %s (%ss) |\n' "$distribution" "$glibc" "$mail_version" "$systemd" "$counts" "$outcome" $((SECONDS - start)) >>"$table"
done
echo "== matrix: requirements proven (README, Requirements)"
cat "$table"
exit $status
