#!/bin/sh
# make bench, section check_snmp_if: median wall time per interface check with an archive
# write, side by side in one run with Debian's check_snmp (monitoring-plugins, forks snmpget)
# reading the same ifOperStatus.N from the same local snmpd.  Targets, as for
# check_snmp_avail:
#   v2c through rrdcached <= 0.7x   v3 authPriv through rrdcached <= 0.5x   v2c direct <= 1.6x
# check_snmp_if selects by --index (one GET: admin/oper status, ifLastChange, ifDescr,
# sysUpTime, ifName, ifAlias) and keeps its state file, as a production run does.  Runs
# cycle through $files archives per case (created in a warm-up pass), so no archive is
# written twice within a second.  The selected interface is the agent's loopback.
set -eu
O=${O:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
case "$O" in /*) ;; *) O="$top/$O" ;; esac
runs=${NINES_BENCH_RUNS:-200}
files=100
bench="$O/t/bench/bench_exec"
plugin="$O/plugins/check_snmp_if"
check_snmp=/usr/lib/nagios/plugins/check_snmp
work=$(mktemp -d /tmp/nines-bench-if.XXXXXX)
snmpd_pid="" cached_pid=""
cleanup() {
	for p in $snmpd_pid $cached_pid; do kill "$p" 2>/dev/null || true; done
	for p in $snmpd_pid $cached_pid; do while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
export NINES_STATE_DIR="$work/state"

port=$(( ( $$ % 20000 ) + 30000 ))
while ss -Hlnu "sport = :$port" | grep -q .; do port=$((port + 1)); done
cat > "$work/snmpd.conf" <<CONF
rocommunity public 127.0.0.1
createUser alice SHA "authpass123" AES "privpass123"
rouser alice priv
CONF
/usr/sbin/snmpd -f -Lf "$work/snmpd.log" -C -c "$work/snmpd.conf" -p "$work/snmpd.pid" \
	--persistentDir="$work/persist" -I -smux "udp:127.0.0.1:$port" &
snmpd_pid=$!
rrdcached -g -l "unix:$work/rrdcached.sock" -p "$work/rrdcached.pid" -b "$work" -B \
	-j "$work/journal" -w 3600 -f 7200 >"$work/rrdcached.log" 2>&1 &
cached_pid=$!
mkdir -p "$work/journal" "$work/c2" "$work/c3" "$work/d2"
for i in $(seq 50); do
	[ -S "$work/rrdcached.sock" ] && "$plugin" -H 127.0.0.1 -p "$port" -t 0.2 --list >/dev/null 2>&1 && break
	sleep 0.1
done
index=$("$plugin" -H 127.0.0.1 -p "$port" --list | awk '$2 == "lo" { print $1; exit }')
[ -n "$index" ] || { echo "bench-if: the agent lists no 'lo' interface"; exit 1; }
oid=1.3.6.1.2.1.2.2.1.8.$index

v3="-P 3 -L authPriv -U alice -a SHA -A authpass123 -x AES -X privpass123"
cached="--rrdcached unix:$work/rrdcached.sock"
echo "check_snmp_if: $runs runs each, alternating with check_snmp -o $oid, snmpd on 127.0.0.1:$port"
echo "warm-up: creating $((3 * files)) archives and the v3 key cache"
i=0
while [ "$i" -lt "$files" ]; do
	"$plugin" -H 127.0.0.1 -p "$port" --index "$index" --step 300 --rrd "$work/c2/$i.rrd" $cached >/dev/null
	"$plugin" -H 127.0.0.1 -p "$port" --index "$index" --step 300 $v3 --rrd "$work/c3/$i.rrd" $cached >/dev/null
	"$plugin" -H 127.0.0.1 -p "$port" --index "$index" --step 300 --rrd "$work/d2/$i.rrd" >/dev/null
	i=$((i + 1))
done
sleep 1.1

fail=0
measure() {	# name target args-for-bench_exec...
	name=$1 target=$2
	shift 2
	out=$("$bench" -m "$files" "$runs" "$@") || { echo "$name: FAILED TO RUN"; fail=1; return; }
	a=$(echo "$out" | sed -n '1s/.* //p') b=$(echo "$out" | sed -n '2s/.* //p')
	ratio=$(echo "$out" | sed -n 's/^ratio //p')
	verdict=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r <= t) ? "PASS" : "FAIL" }')
	[ "$verdict" = PASS ] || fail=1
	printf '%-34s nines %6.2f ms   check_snmp %6.2f ms   ratio %.3f (target <= %s)  %s\n' \
		"$name" "$a" "$b" "$ratio" "$target" "$verdict"
}
measure "v2c, archive through rrdcached" 0.7 \
	nines "$plugin" -H 127.0.0.1 -p "$port" --index "$index" --rrd "$work/c2/{i}.rrd" $cached -- \
	check_snmp "$check_snmp" -H 127.0.0.1 -p "$port" -P 2c -C public -o "$oid"
measure "v3 authPriv, through rrdcached" 0.5 \
	nines "$plugin" -H 127.0.0.1 -p "$port" --index "$index" $v3 --rrd "$work/c3/{i}.rrd" $cached -- \
	check_snmp "$check_snmp" -H 127.0.0.1 -p "$port" $v3 -o "$oid"
measure "v2c, direct file write" 1.6 \
	nines "$plugin" -H 127.0.0.1 -p "$port" --index "$index" --rrd "$work/d2/{i}.rrd" -- \
	check_snmp "$check_snmp" -H 127.0.0.1 -p "$port" -P 2c -C public -o "$oid"
exit "$fail"
