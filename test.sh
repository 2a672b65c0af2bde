#!/usr/bin/env bash
# test.sh - run the whole PostTLS test suite (sudo ./test.sh).
#
# On a Debian or Ubuntu machine, as root: installs the packages the tests need (postfix,
# postfix-pcre, time, mandoc, python3, and clang, zlib1g-dev and libsqlite3-dev for the native
# build), publishes the posttls binary as it is installed (NativeAOT), runs the
# fast unit tests, then the integration tests against a private Postfix instance that the
# tests create, start and stop themselves. The system's Postfix is left alone apart from an
# alternate_config_directories entry that is added and removed again.
#
#   ./test.sh          the whole suite, reliability tests in their short variants (a few minutes)
#   ./test.sh --long   the same with the long reliability variants (more faults, more processes)
#   ./test.sh --postfix 3.5,3.7,3.10
#                      then the end-to-end tests on each of these Postfix versions, in Debian roots
#                      built and cached by tests/matrix/ (also: POSTTLS_POSTFIX_VERSIONS=3.5,3.10),
#                      and the Debian package's install, upgrade, remove and purge (tests/deb/run.sh)
set -euo pipefail
cd "$(dirname "$0")"

versions=${POSTTLS_POSTFIX_VERSIONS:-}
while [ $# -gt 0 ]; do
    case "$1" in
        --long) export POSTTLS_LONG_TESTS=1 ;;
        --postfix) versions=${2:-}; shift ;;
        *) echo "usage: ./test.sh [--long] [--postfix 3.5,3.7,3.10]" >&2; exit 2 ;;
    esac
    shift
done

if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: must run as root (it installs packages and runs a private Postfix): sudo ./test.sh" >&2
    exit 1
fi
if ! command -v dotnet >/dev/null 2>&1; then
    echo "test.sh: the .NET 10 SDK is missing: install the dotnet-sdk-10.0 package (see the README, Requirements)" >&2
    exit 1
fi

echo "== installing packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# "No configuration": the package must not set up or start the system's own Postfix.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get install -y -qq postfix postfix-pcre time mandoc python3 clang zlib1g-dev libsqlite3-dev >/dev/null

publish=$(mktemp -d /tmp/posttls-publish.XXXXXX)
results=$(mktemp -d /tmp/posttls-results.XXXXXX)
trap 'rm -rf "$publish" "$results"' EXIT
chmod 755 "$publish"

echo "== building"
dotnet build PostTls.sln -c Debug --nologo -v quiet
dotnet publish src/PostTls -c Release -o "$publish" --nologo -v quiet
export POSTTLS_TEST_BINARY="$publish/posttls"
# Reliability tests append one line per injected fault kind: area, fault, injected, lost.
export POSTTLS_FAULT_REPORT="$results/faults.tsv"
: >"$POSTTLS_FAULT_REPORT"

status=0
echo "== man pages (mandoc -T lint)"
if ! mandoc -T lint -W warning man/posttls.8 man/posttls.conf.5; then
    echo "mandoc found problems in man/" >&2
    status=1
fi

for project in PostTls.Tests PostTls.IntegrationTests; do
    echo "== $project"
    if ! dotnet test "tests/$project" --no-build --nologo \
        --logger "trx;LogFileName=$project.trx" --results-directory "$results"; then
        status=1
    fi
done

if [ -n "$versions" ]; then
    echo "== version matrix: Postfix $versions"
    if ! POSTTLS_MATRIX_RESULTS="$results/matrix" tests/matrix/run.sh "$versions"; then
        status=1
    fi
    # The Debian package in a clean Debian 11 root (the matrix's 3.5 root, built once).
    echo "== Debian package (make deb, tests/deb/run.sh)"
    if ! tests/deb/run.sh bullseye; then
        status=1
    fi
fi

# The injected faults, then one closing line with the totals over both projects.
python3 - "$results" <<'PY'
import collections, glob, sys, xml.etree.ElementTree as ET
faults = collections.OrderedDict()
with open(sys.argv[1] + "/faults.tsv", encoding="utf-8") as report:
    for line in report:
        area, fault, injected, lost = line.rstrip("\n").split("\t")
        total = faults.setdefault((area, fault), [0, 0])
        total[0] += int(injected)
        total[1] += int(lost)
if faults:
    print("== injected faults")
    width = max(len(f"{a}: {f}") for a, f in faults)
    for (area, fault), (injected, lost) in faults.items():
        print(f"{area + ': ' + fault:<{width}}  {injected:>5} injected  {lost} lost")
    injected = sum(v[0] for v in faults.values())
    lost = sum(v[1] for v in faults.values())
    print(f"{len(faults)} kinds of fault, {injected} injected, {lost} messages or decisions lost")
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
print(f"{passed} passed, {failed} failed")
PY
exit $status
