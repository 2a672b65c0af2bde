#!/usr/bin/env bash
# packaging/deb/build.sh PUBLISH_DIR OUT_DIR - build posttls_<version>_amd64.deb from the
# native build in PUBLISH_DIR (make deb: the portable one, glibc 2.31) with dpkg-deb.
# Paths follow the Debian layout: /usr/bin/posttls; the snippets, as examples, refer to it.
set -euo pipefail
cd "$(dirname "$0")/../.."
publish=${1:?usage: build.sh PUBLISH_DIR OUT_DIR}
out=${2:?usage: build.sh PUBLISH_DIR OUT_DIR}
[ -x "$publish/posttls" ] || { echo "build.sh: $publish/posttls missing (dotnet publish src/PostTls -c Release)" >&2; exit 1; }
version=$(sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' src/PostTls/PostTls.csproj)
[ -n "$version" ] || { echo "build.sh: no <Version> in src/PostTls/PostTls.csproj" >&2; exit 1; }

root=$(mktemp -d /tmp/posttls-deb.XXXXXX)
chmod 0755 "$root"
trap 'rm -rf "$root"' EXIT
umask 022
doc=$root/usr/share/doc/posttls

install -D -m 0755 "$publish/posttls" "$root/usr/bin/posttls"
for page in man/posttls.8 man/posttls.conf.5; do
    section=${page##*.}
    install -d "$root/usr/share/man/man$section"
    gzip -9n <"$page" >"$root/usr/share/man/man$section/$(basename "$page").gz"
done
install -d "$doc/examples/postfix-snippets"
for file in postfix-snippets/*; do
    sed 's|/usr/local/bin/posttls|/usr/bin/posttls|g' "$file" >"$doc/examples/postfix-snippets/$(basename "$file")"
done
chmod 0644 "$doc/examples/postfix-snippets/"*
install -m 0644 packaging/deb/copyright "$doc/copyright"
install -D -m 0644 packaging/deb/lintian-overrides "$root/usr/share/lintian/overrides/posttls"
gzip -9n <README.md >"$doc/README.md.gz"
printf 'posttls (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- PostTLS developers <posttls@example.org>  %s\n' \
    "$version" "$version" "$(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")" \
    | gzip -9n >"$doc/changelog.gz"

# systemd units, installed but not enabled (postinst says how, once Postfix is wired).
for unit in posttls-sweep.service posttls-sweep.timer posttls-apply.path posttls-apply.service; do
    sed 's|/usr/local/bin/posttls|/usr/bin/posttls|g; s|^# /etc/systemd/system/|# /usr/lib/systemd/system/|' "postfix-snippets/$unit" \
        | install -D -m 0644 /dev/stdin "$root/usr/lib/systemd/system/$unit"
done
install -D -m 0644 postfix-snippets/logrotate-posttls "$root/etc/logrotate.d/posttls"
install -D -m 0644 postfix-snippets/posttls.conf "$root/etc/posttls/posttls.conf"

# The newest glibc symbol version the binary needs is its libc6 dependency.
glibc=$(objdump -T "$publish/posttls" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
install -d -m 0755 "$root/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed "s/@VERSION@/$version/; s/@SIZE@/$size/; s/@LIBC@/libc6 (>= $glibc)/" packaging/deb/control.in >"$root/DEBIAN/control"
install -m 0644 packaging/deb/conffiles "$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
    install -m 0755 "packaging/deb/$script" "$root/DEBIAN/$script"
done
(cd "$root" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/posttls_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
