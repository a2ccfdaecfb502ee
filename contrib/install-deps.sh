#!/bin/sh
# Installs the Debian packages nines needs to build, test and run, when they are missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
#   contrib/install-deps.sh           build + test + demo packages
#   contrib/install-deps.sh --bench   also what `make bench` compares against
set -eu

pkgs="gcc make pkg-config iproute2 libsnmp-dev snmpd snmp librrd-dev rrdtool rrdcached libcmocka-dev libyaml-dev zlib1g-dev"
# The JSON output is validated against its schema; libFuzzer targets are built with clang.
pkgs="$pkgs python3-jsonschema clang libclang-rt-14-dev"
# The real schedulers the integration tests run the contrib files under (the daemon
# alone: nagios4 would pull in apache and PHP for its CGIs).
pkgs="$pkgs nagios4-core icinga2-bin"
# Nagios's own avail.cgi, the reference the import's figures are checked against.
pkgs="$pkgs nagios4-cgi"
# A real browser that opens the HTML reports in the tests (never used at run time).
pkgs="$pkgs chromium"
# The mail tool of nines-mail-report (a run-time dependency of the scheduled delivery only).
pkgs="$pkgs s-nail"
# PDF reports: cairo and pango to build, a font fontconfig finds at run time, and
# poppler's pdfinfo/pdftotext to read the documents back in the tests.
pkgs="$pkgs libcairo2-dev libpango1.0-dev fontconfig fonts-dejavu-core poppler-utils"
[ "${1:-}" = "--bench" ] && pkgs="$pkgs monitoring-plugins-standard"

missing=""
for p in $pkgs; do
	st=$(dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = "installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "nines: missing Debian packages; as root run:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
echo "nines: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# The package lists of a fresh machine are empty or stale.
apt-get update -qq || { echo "nines: apt-get update failed" >&2; exit 1; }
# Never let the packaged daemons start at install time: tests start their own.
policy=/usr/sbin/policy-rc.d
created=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && created=1
fi
rc=0
apt-get install -y -qq --no-install-recommends $missing >/dev/null || rc=$?
[ "$created" = 1 ] && rm -f "$policy"
if [ "$rc" != 0 ]; then
	echo "nines: apt-get install failed (exit $rc)" >&2
	exit 1
fi
