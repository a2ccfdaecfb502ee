#!/bin/sh
# make bench, section check_snmp_ping: median wall time per check with an archive write,
# side by side in one run with Debian's check_snmp (monitoring-plugins, forks snmpget)
# reading the same DISMAN-PING-MIB objects with -o from the same local snmpd, which serves
# one test through t/pp_table.pl.  Targets:
#   v2c through rrdcached <= 0.7x   v3 authPriv through rrdcached <= 0.5x   v2c direct <= 1.6x
# Every measured run writes a real sample: runs cycle through $files archives per case
# (created in a warm-up pass), so no archive is written twice within a second.  v3 runs use
# the derived-key cache warm, as every run after a plugin's first does.
set -eu
O=${O:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
case "$O" in /*) ;; *) O="$top/$O" ;; esac
runs=${NINES_BENCH_RUNS:-200}
files=100
bench="$O/t/bench/bench_exec"
ping="$O/plugins/check_snmp_ping"
check_snmp=/usr/lib/nagios/plugins/check_snmp
work=$(mktemp -d /tmp/nines-bench-ping.XXXXXX)
snmpd_pid="" cached_pid=""
cleanup() {
	for p in $snmpd_pid $cached_pid; do kill "$p" 2>/dev/null || true; done
	for p in $snmpd_pid $cached_pid; do while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
export NINES_STATE_DIR="$work/state"

# Test "nines"/"core1": index = length-prefixed owner and name.
idx=5.110.105.110.101.115.5.99.111.114.101.49
res=1.3.6.1.2.1.80.1.3.1 ctl=1.3.6.1.2.1.80.1.2.1
# pingResultsLastGoodProbe: now, UTC; the probe runs hourly so it stays fresh for the run.
good=$(date -u '+%Y %m %d %H %M %S' | awk '{ printf "%02X %02X %02X %02X %02X %02X %02X 00 2B 00 00",
	int($1 / 256), $1 % 256, $2, $3, $4, $5, $6 }')
cat > "$work/ping.txt" <<DATA
$ctl.3.$idx integer 1
$ctl.4.$idx octet C0 00 02 01
$ctl.10.$idx gauge 3600
$res.1.$idx integer 1
$res.4.$idx gauge 10
$res.5.$idx gauge 14
$res.6.$idx gauge 12
$res.7.$idx gauge 5
$res.8.$idx gauge 5
$res.10.$idx octet $good
DATA
oids="$res.1.$idx,$res.4.$idx,$res.5.$idx,$res.6.$idx,$res.7.$idx,$res.8.$idx,$res.10.$idx,$ctl.4.$idx,$ctl.10.$idx"

port=$(( ( $$ % 20000 ) + 30000 ))
while ss -Hlnu "sport = :$port" | grep -q .; do port=$((port + 1)); done
cat > "$work/snmpd.conf" <<CONF
rocommunity public 127.0.0.1
createUser alice SHA "authpass123" AES "privpass123"
rouser alice priv
pass_persist .1.3.6.1.2.1.80 /usr/bin/perl $top/t/pp_table.pl $work/ping.txt
CONF
/usr/sbin/snmpd -f -Lf "$work/snmpd.log" -C -c "$work/snmpd.conf" -p "$work/snmpd.pid" \
	--persistentDir="$work/persist" -I -smux "udp:127.0.0.1:$port" &
snmpd_pid=$!
rrdcached -g -l "unix:$work/rrdcached.sock" -p "$work/rrdcached.pid" -b "$work" -B \
	-j "$work/journal" -w 3600 -f 7200 >"$work/rrdcached.log" 2>&1 &
cached_pid=$!
mkdir -p "$work/journal" "$work/c2" "$work/c3" "$work/d2"
sel="--owner nines --test core1"
for i in $(seq 50); do
	[ -S "$work/rrdcached.sock" ] && "$ping" -H 127.0.0.1 -p "$port" -t 0.5 $sel >/dev/null 2>&1 && break
	sleep 0.1
done
"$ping" -H 127.0.0.1 -p "$port" $sel || { echo "check_snmp_ping does not see the test"; exit 1; }

v3="-P 3 -L authPriv -U alice -a SHA -A authpass123 -x AES -X privpass123"
cached="--rrdcached unix:$work/rrdcached.sock"
echo "check_snmp_ping: $runs runs each, alternating with check_snmp, snmpd on 127.0.0.1:$port"
echo "warm-up: creating $((3 * files)) archives and the v3 key cache"
i=0
while [ "$i" -lt "$files" ]; do
	"$ping" -H 127.0.0.1 -p "$port" $sel --step 300 --rrd "$work/c2/$i.rrd" $cached >/dev/null
	"$ping" -H 127.0.0.1 -p "$port" $sel --step 300 $v3 --rrd "$work/c3/$i.rrd" $cached >/dev/null
	"$ping" -H 127.0.0.1 -p "$port" $sel --step 300 --rrd "$work/d2/$i.rrd" >/dev/null
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
	nines "$ping" -H 127.0.0.1 -p "$port" $sel --rrd "$work/c2/{i}.rrd" $cached -- \
	check_snmp "$check_snmp" -H 127.0.0.1 -p "$port" -P 2c -C public -o "$oids"
measure "v3 authPriv, through rrdcached" 0.5 \
	nines "$ping" -H 127.0.0.1 -p "$port" $sel $v3 --rrd "$work/c3/{i}.rrd" $cached -- \
	check_snmp "$check_snmp" -H 127.0.0.1 -p "$port" $v3 -o "$oids"
measure "v2c, direct file write" 1.6 \
	nines "$ping" -H 127.0.0.1 -p "$port" $sel --rrd "$work/d2/{i}.rrd" -- \
	check_snmp "$check_snmp" -H 127.0.0.1 -p "$port" -P 2c -C public -o "$oids"
exit "$fail"
