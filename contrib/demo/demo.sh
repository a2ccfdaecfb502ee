#!/bin/sh
# make demo: the whole product on a private set-up.
#  1. a private snmpd on a free 127.0.0.1 port that also serves a probe table (DISMAN-PING-MIB)
#     and a router's interface table through pass_persist (t/pp_table.pl), and every plugin
#     run against it a few times, each run writing its archive;
#  2. thirteen months of history for the demo's services (contrib/demo/history.c), written by
#     build/contrib/demo/nines-demo-history into archives of the plugins' layout;
#  3. sla-report on it with contrib/demo/sla.yml: November 2026 as text, HTML and PDF, a
#     back-test with a sweep of targets, the scorecard.
# Reports go to $DEMO_OUT (default demo-out/ in the tree) and stay; the archives, snmpd and
# its files are in a temporary directory that is removed on exit, and everything started is
# stopped by pid.  Usage: O=build contrib/demo/demo.sh
set -eu
O=${O:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
case "$O" in /*) ;; *) O="$top/$O" ;; esac
bin="$O/plugins"
report="$O/reports/sla-report"
out=${DEMO_OUT:-$top/demo-out}
mkdir -p "$out"
out=$(cd "$out" && pwd)
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
	p=$(( ( $$ % 20000 ) + 30000 + ${1:-0} ))
	while ss -Hlnu "sport = :$p" | grep -q . || ss -Hlnt "sport = :$p" | grep -q .; do
		p=$((p + 1))
	done
	echo "$p"
}

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() {
	printf '$ %s\n' "$*" | sed "s|$work|\$DEMO|g; s|$O/|build/|g; s|$top/||g"
	"$@" || echo "(exit status $?)"
}
written=""
wrote() { written="$written $*"; }

# ---- 1. the agent and the plugins ----

# An OID index of length-prefixed strings, as DISMAN-PING-MIB indexes its tests.
oid_index() {
	for s in "$@"; do
		printf '.%d' "${#s}"
		printf '%s' "$s" | od -An -tu1 | tr -s ' \n' '..' | sed 's/\.$//'
	done | sed 's/^\.//'
}

# The probe table: one ICMP echo test "noc"/"wan-core1" to 192.0.2.12 that ran just now,
# 5 of 5 answered with the given min/max/avg in ms.
probe_table() {
	i=$(oid_index noc wan-core1)
	ctl=.1.3.6.1.2.1.80.1.2.1 res=.1.3.6.1.2.1.80.1.3.1
	set -- $(date -u '+%Y %m %d %H %M %S') "$1" "$2" "$3"
	cat <<DATA
$ctl.3.$i integer 1
$ctl.4.$i octet C0 00 02 0C
$ctl.10.$i gauge 60
$ctl.16.$i objectid .1.3.6.1.2.1.80.3.1
$res.1.$i integer 1
$res.4.$i gauge $7
$res.5.$i gauge $8
$res.6.$i gauge $9
$res.7.$i gauge 5
$res.8.$i gauge 5
DATA
	printf '%s.10.%s octet %02X %02X %02X %02X %02X %02X %02X 00 2B 00 00\n' "$res" "$i" \
		$(( $1 >> 8 )) $(( $1 & 255 )) $((1$2 - 100)) $((1$3 - 100)) $((1$4 - 100)) \
		$((1$5 - 100)) $((1$6 - 100))
}

# A router's interfaces (ifTable and ifXTable name, speed, alias): Gi0/1 up, Gi0/2 down,
# Gi0/3 administratively down.  ifLastChange 0: as they are since the agent started.
if_table() {
	ift=.1.3.6.1.2.1.2.2.1 ifx=.1.3.6.1.2.1.31.1.1.1
	while read -r idx name admin oper alias; do
		cat <<DATA
$ift.1.$idx integer $idx
$ift.2.$idx string GigabitEthernet$name
$ift.5.$idx gauge 1000000000
$ift.7.$idx integer $admin
$ift.8.$idx integer $oper
$ift.9.$idx timeticks 0
$ifx.1.$idx string Gi$name
$ifx.15.$idx gauge 1000
$ifx.18.$idx string $alias
DATA
	done <<IFS
10 0/1 1 1 uplink to core1
11 0/2 1 2 to web2
12 0/3 2 2 spare
IFS
}

# pass_persist handler: t/pp_table.pl of this tree (the demo runs from a source tree).
pp="/usr/bin/perl $top/t/pp_table.pl"
probe_table 10 14 12 > "$work/probes"
if_table > "$work/ifmib"
port=$(free_port)
cat > "$work/snmpd.conf" <<CONF
rocommunity public 127.0.0.1
createUser demo SHA "demo-auth-pass" AES "demo-priv-pass"
rouser demo priv
sysLocation nines demo
pass_persist .1.3.6.1.2.1.80 $pp $work/probes
pass_persist -p 1 .1.3.6.1.2.1.2.2.1 $pp $work/ifmib
pass_persist -p 1 .1.3.6.1.2.1.31.1.1.1.1 $pp $work/ifmib
pass_persist -p 1 .1.3.6.1.2.1.31.1.1.1.15 $pp $work/ifmib
pass_persist -p 1 .1.3.6.1.2.1.31.1.1.1.18 $pp $work/ifmib
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
show "$bin/check_snmp_if" -H 127.0.0.1 -p "$port" --list
show "$bin/check_snmp_ping" -H 127.0.0.1 -p "$port" --list
for round in 1 2 3; do
	say "round $round: check_snmp_avail, check_snmp_if, check_snmp_ping"
	show "$bin/check_snmp_avail" -H 127.0.0.1 -p "$port" -n 3 -w 50 -c 200 \
		--rrd-dir "$rrd" --host-name demo-router --service snmp
	show "$bin/check_snmp_if" -H 127.0.0.1 -p "$port" --name Gi0/1 \
		--rrd-dir "$rrd" --host-name demo-router --service uplink
	show "$bin/check_snmp_ping" -H 127.0.0.1 -p "$port" --owner noc --test wan-core1 \
		-w 40 -c 80 --rrd-dir "$rrd" --host-name demo-router --service wan-core1
	probe_table $((10 + round)) $((16 + round)) $((12 + round)) > "$work/probes.new"
	mv "$work/probes.new" "$work/probes"	# pp_table.pl reads a whole new file
	sleep 1		# one sample per second and archive: a second one would be skipped
done

say "SNMPv3 authPriv, secrets from a file (not argv)"
printf 'authpass = demo-auth-pass\nprivpass = demo-priv-pass\n' > "$work/secrets"
chmod 600 "$work/secrets"
show "$bin/check_snmp_avail" -H 127.0.0.1 -p "$port" -P 3 -U demo -L authPriv -a SHA -x AES \
	--authfile "$work/secrets" --rrd-dir "$rrd" --host-name demo-router --service snmpv3

say "an interface down (recorded as down), one administratively down (maintenance)"
show "$bin/check_snmp_if" -H 127.0.0.1 -p "$port" --name Gi0/2 \
	--rrd-dir "$rrd" --host-name demo-router --service if-gi0-2
show "$bin/check_snmp_if" -H 127.0.0.1 -p "$port" --name Gi0/3 \
	--rrd-dir "$rrd" --host-name demo-router --service if-gi0-3

dead=$(free_port 1000)
say "a port where nothing answers: CRITICAL within -t, recorded as down"
show "$bin/check_snmp_avail" -H 127.0.0.1 -p "$dead" -t 2 \
	--rrd-dir "$rrd" --host-name dead-router --service snmp

say "what landed in the archives (avail 1 = up, rtt in seconds, U = unknown)"
for f in "$rrd"/*/*.rrd; do
	show rrdtool lastupdate "$f"
done

# ---- 2. thirteen months of history ----

hist="$work/history"
mkdir -p "$hist"
say "13 months of history at 60 s for 6 services (outages, maintenance, gaps, business-hours load, a latency drift, a redundant pair)"
t0=$(date +%s.%N)
show "$O/contrib/demo/nines-demo-history" --events "$out/history-events.txt" "$hist/rrd"
t1=$(date +%s.%N)
wrote "$out/history-events.txt"
printf 'written in %.1f s: %s archives, %s events listed in %s\n' \
	"$(echo "$t0 $t1" | awk '{ print $2 - $1 }')" "$(ls "$hist"/rrd/*/*.rrd | wc -l)" \
	"$(grep -vc '^#' "$out/history-events.txt")" "$out/history-events.txt"
# The stories among them (the rest are drawn outages and the monthly maintenance).
awk '!/^#/ && $NF != "-" && !/patching|firmware|quarterly/ {
	key = $3 " " $7 " " $8 " " $9
	if (!(key in seen)) { order[++n] = key; why[key] = $10; for (i = 11; i <= NF; i++) why[key] = why[key] " " $i }
	seen[key] = seen[key] (seen[key] == "" ? "" : ", ") $1
} END { for (i = 1; i <= n; i++) printf "  %s (%s): %s\n", order[i], why[order[i]], seen[order[i]] }' \
	"$out/history-events.txt" | sort -k2,3

# ---- 3. reports ----

# The archive paths of contrib/demo/sla.yml are relative: sla-report runs where rrd/ is.
cd "$hist"
cp "$top/contrib/demo/sla.yml" "$top/contrib/demo/measures.csv" .
now=1796166000		# 2026-12-02 00:00 CET: "last month" is November 2026
month=2026-11

say "the SLA report of November 2026 (exit status 1: an objective was missed)"
show "$report" -c sla.yml --period "$month" --now "$now" -o "$out/report-$month.txt"
cat "$out/report-$month.txt"
wrote "$out/report-$month.txt"
# The HTML and PDF reports carry the scorecard in their summary (--scorecard).
show "$report" -c sla.yml --period "$month" --now "$now" -f html --scorecard \
	-o "$out/report-$month.html"
show "$report" -c sla.yml --period "$month" --now "$now" -f pdf --scorecard \
	-o "$out/report-$month.pdf"
wrote "$out/report-$month.html" "$out/report-$month.pdf"

say "back-test of the web shop's SLA over the whole history, with a sweep of targets"
show "$report" backtest -c sla.yml --service "web shop" --now "$now" \
	--targets 99.5,99.8,99.9,99.95,99.99
for f in html csv pdf; do
	show "$report" backtest -c sla.yml --now "$now" --targets 99..99.99/0.01 \
		-f "$f" -o "$out/backtest.$f"
	wrote "$out/backtest.$f"
done

say "the balanced scorecard of November 2026 (exit status 1: a KPI is red)"
show "$report" scorecard -c sla.yml --period "$month" --now "$now" \
	-o "$out/scorecard-$month.txt"
cat "$out/scorecard-$month.txt"
wrote "$out/scorecard-$month.txt"
for f in html pdf; do
	show "$report" scorecard -c sla.yml --period "$month" --now "$now" -f "$f" \
		-o "$out/scorecard-$month.$f"
	wrote "$out/scorecard-$month.$f"
done
cd "$top"

say "files written (they stay; the archives and snmpd are removed now)"
for f in $written; do
	if [ -s "$f" ]; then
		printf '  %s  (%s bytes)\n' "$f" "$(wc -c < "$f")"
	else
		printf '  %s  MISSING OR EMPTY\n' "$f"
		status=1
	fi
done
exit "${status:-0}"
