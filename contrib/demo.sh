#!/bin/sh
# make demo: a private snmpd on a free 127.0.0.1 port, check_snmp_avail run against it a few
# times (and once against a port where nothing answers), what landed in the archives, and an
# SLA report over a generated history.  Everything it starts is stopped by pid on exit.
set -eu
O=${O:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case "$O" in /*) ;; *) O="$top/$O" ;; esac
bin="$O/plugins"
work=$(mktemp -d /tmp/nines-demo.XXXXXX)
snmpd_pid=""
cleanup() {
	if [ -n "$snmpd_pid" ]; then
		kill "$snmpd_pid" 2>/dev/null || true
		wait "$snmpd_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export NINES_STATE_DIR="$work/state" MIBS= MIBDIRS=/nonexistent

free_port() {
	# A UDP port on 127.0.0.1 nobody listens on (from the ephemeral range, checked with ss).
	p=$(( ( $$ % 20000 ) + 30000 ))
	while ss -Hlnu "sport = :$p" | grep -q . || ss -Hlnt "sport = :$p" | grep -q .; do
		p=$((p + 1))
	done
	echo "$p"
}

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*" | sed "s|$work|\$DEMO|g; s|$O/|build/|g"; "$@" || echo "(exit status $?)"; }

port=$(free_port)
cat > "$work/snmpd.conf" <<CONF
rocommunity public 127.0.0.1
createUser demo SHA "demo-auth-pass" AES "demo-priv-pass"
rouser demo priv
sysLocation nines demo
CONF
/usr/sbin/snmpd -f -Lf "$work/snmpd.log" -C -c "$work/snmpd.conf" -p "$work/snmpd.pid" \
	--persistentDir="$work/persist" -I -smux "udp:127.0.0.1:$port" &
snmpd_pid=$!
for i in $(seq 50); do
	"$bin/check_snmp_avail" -H 127.0.0.1 -p "$port" -t 0.2 >/dev/null 2>&1 && break
	sleep 0.1
done

say "snmpd (pid $snmpd_pid) listens on 127.0.0.1:$port; each check records one sample"
rrd="$work/rrd"
mkdir -p "$rrd"	# like /var/lib/nines/rrd, made once at install time
for i in 1 2 3; do
	show "$bin/check_snmp_avail" -H 127.0.0.1 -p "$port" -n 3 -w 50 -c 200 \
		--rrd-dir "$rrd" --host-name demo-router --service snmp
	sleep 1
done
printf 'authpass = demo-auth-pass\nprivpass = demo-priv-pass\n' > "$work/secrets"
chmod 600 "$work/secrets"
show "$bin/check_snmp_avail" -H 127.0.0.1 -p "$port" -P 3 -U demo -L authPriv -a SHA -x AES \
	--authfile "$work/secrets" --rrd-dir "$rrd" --host-name demo-router --service snmpv3

say "check_snmp_if: the agent's loopback interface, selected by ifName"
show "$bin/check_snmp_if" -H 127.0.0.1 -p "$port" --list
show "$bin/check_snmp_if" -H 127.0.0.1 -p "$port" --name lo \
	--rrd-dir "$rrd" --host-name demo-router --service if-lo

dead=$(free_port)
say "a port where nothing answers: CRITICAL within -t, recorded as down"
show "$bin/check_snmp_avail" -H 127.0.0.1 -p "$dead" -t 2 \
	--rrd-dir "$rrd" --host-name dead-router --service snmp

say "what landed in the archives (avail 1 = up, rtt in seconds, U = unknown)"
for f in "$rrd"/*/*.rrd; do
	show rrdtool lastupdate "$f"
done

if [ -x "$top/contrib/demo-report.sh" ] && [ -x "$O/reports/sla-report" ]; then
	O="$O" "$top/contrib/demo-report.sh" "$work"
fi
say "done: snmpd stopped, $work removed"
