#!/bin/sh
# make bench, section rrdcached: the updates per second one journaled rrdcached sustains
# from plugin processes, and the CPU per check.  NINES_BENCH_WORKERS loops (default 4) run
# check_snmp_avail against the local snmpd, each check writing its sample through the
# daemon, NINES_BENCH_CHECKS checks per loop (default 1500).  Every loop cycles through its
# own share of 2,000 small archives (1-s step, the plugins' data sources), so no archive is
# written twice within a second and every check is a real update.
# Target (issue "Runs where operators run it"): >= 200 updates/s.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/t/bench/lib.sh"
plugin="$O/plugins/check_snmp_avail"
workers=${NINES_BENCH_WORKERS:-4}
checks=${NINES_BENCH_CHECKS:-1500}
nfiles=2000

bench_start rrdcached
bench_agents ""
bench_ready "$plugin" -H 127.0.0.1 -p "$port" -t 0.2
mkdir -p "$work/s"
echo "creating $nfiles archives"
i=0
while [ "$i" -lt "$nfiles" ]; do
	echo "create $work/s/$i.rrd -s 1 -b 1700000000 DS:avail:GAUGE:2:0:1 DS:rtt:GAUGE:2:0:U" \
		"DS:warn:GAUGE:2:0:1 DS:downtime:GAUGE:2:0:1 DS:loss:GAUGE:2:0:1" \
		"DS:cover:ABSOLUTE:31622400:0:U RRA:AVERAGE:0.5:1:16"
	i=$((i + 1))
done | rrdtool - >/dev/null

# loop W: checks of archives W, W+workers, ...; prints how many failed.
loop() {
	n=0 bad=0 i=$1
	while [ "$n" -lt "$checks" ]; do
		"$plugin" -H 127.0.0.1 -p "$port" --rrd "$work/s/$i.rrd" $cached >/dev/null || bad=$((bad + 1))
		n=$((n + 1))
		i=$(( (i + workers) % nfiles ))
	done
	echo "$bad" > "$work/bad.$1"
}

ticks() { awk '{ print $14 + $15 }' "/proc/$cached_pid/stat"; }
# CPU seconds of the shell's waited-for children (times must run in this shell, not in $()).
cpu_children() { awk 'NR == 2 { gsub(/[ms]/, " "); print $1 * 60 + $2 + $3 * 60 + $4 }' "$1"; }
hz=$(getconf CLK_TCK)
times > "$work/times.0"
c0=$(cpu_children "$work/times.0") d0=$(ticks) t0=$(date +%s.%N)
w=0 pids=""
while [ "$w" -lt "$workers" ]; do
	loop "$w" &
	pids="$pids $!"
	w=$((w + 1))
done
# The loops only: a bare wait would wait for snmpd and rrdcached too.
# shellcheck disable=SC2086
wait $pids
t1=$(date +%s.%N) d1=$(ticks)
times > "$work/times.1"
c1=$(cpu_children "$work/times.1")
bad=$(cat "$work"/bad.* | awk '{ s += $1 } END { print s + 0 }')
total=$((workers * checks))
awk -v n="$total" -v bad="$bad" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" \
    -v d0="$d0" -v d1="$d1" -v hz="$hz" -v w="$workers" 'BEGIN {
	rate = (n - bad) / (t1 - t0)
	printf "%d checks from %d plugin loops in %.1f s, %d failed\n", n, w, t1 - t0, bad
	printf "rrdcached sustained %.0f updates/s (target >= 200)\n", rate
	printf "CPU per check: %.2f ms in the plugin process (with its fork from the loop), %.1f us in rrdcached\n",
		1000 * (c1 - c0) / n, 1e6 * (d1 - d0) / hz / n
	print (rate >= 200 && bad == 0) ? "updates/s: PASS" : "updates/s: FAIL"
}'
