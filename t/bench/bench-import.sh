#!/bin/sh
# make bench, section import: `sla-report import` of a year of Nagios logs for 200 services
# (a few state changes a day each, one log file a day), against
#   the floor: the same updates into the same archives by a bare rrd_create_r + rrd_update_r
#              loop in C (the updates computed before its clock starts)   target ratio <= 1.3
# and the lines per second the import reads.  Both write new archives (about 34 MB each at
# 60 s) into a temporary directory under ${TMPDIR:-/tmp}, removed between runs and at the
# end; NINES_BENCH_RUNS (default 3) runs of each, in turns, and the medians are compared.
# Smaller quick runs: NINES_BENCH_SERVICES (200), NINES_BENCH_DAYS (365).
set -eu
O=${O:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
case "$O" in /*) ;; *) O="$top/$O" ;; esac
runs=${NINES_BENCH_RUNS:-3}
nserv=${NINES_BENCH_SERVICES:-200}
days=${NINES_BENCH_DAYS:-365}
bench="$O/t/bench/bench_import"
sla="$O/reports/sla-report"
tmp=${TMPDIR:-/tmp}
export TZ=UTC LC_ALL=C

for f in "$bench" "$sla"; do
	[ -x "$f" ] || { echo "import bench: $f is not built (run make bench)" >&2; exit 1; }
done
need_kb=$((nserv * 36 * 1024))
free_kb=$(df -Pk "$tmp" | awk 'NR == 2 { print $4 }')
if [ "$free_kb" -lt "$need_kb" ]; then
	echo "import bench: SKIPPED, $((free_kb / 1024)) MB free in $tmp, $((need_kb / 1024)) MB needed" \
		"(set TMPDIR, or NINES_BENCH_SERVICES for fewer)"
	exit 0
fi
work=$(mktemp -d "$tmp/nines-bench-import.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
mkdir "$work/logs"
"$bench" gen "$work/logs" "$nserv" "$days"
lines=$(cat "$work"/logs/* | wc -l)
echo "import: $nserv services x $days days, $(ls "$work/logs" | wc -l) files, $lines lines," \
	"$(du -sk "$work/logs" | cut -f1) KB; median of $runs runs each"

now() { date +%s.%N; }
imp="" flo="" updates=0
k=0
while [ "$k" -lt "$runs" ]; do
	rm -rf "$work/rrd" && mkdir "$work/rrd"
	a=$(now)
	"$sla" import --nagios-log "$work/logs" --rrd-dir "$work/rrd" >"$work/import.out"
	b=$(now)
	imp="$imp $(echo "$a $b" | awk '{ printf "%.3f", $2 - $1 }')"
	rm -rf "$work/rrd" && mkdir "$work/rrd"
	out=$("$bench" floor "$work/logs" "$work/rrd" 60)
	flo="$flo ${out% *}" updates=${out#* }
	k=$((k + 1))
done
rm -rf "$work/rrd"
median() { echo "$@" | tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
mi=$(median $imp) mf=$(median $flo)
printf '%-30s %10s %10s %8s %14s\n' case "import s" "floor s" ratio "lines/s"
printf '%-30s %10s %10s %8s\n' "" "" "" "<= 1.3"
awk -v i="$mi" -v f="$mf" -v l="$lines" -v u="$updates" -v n="$nserv" -v d="$days" \
    -v ri="$imp" -v rf="$flo" '
BEGIN {
	ratio = i / f; ok = ratio <= 1.3
	printf "%-30s %10.3f %10.3f %8.2f %14.0f  %s\n", n " services x " d " days", i, f, ratio,
		l / i, ok ? "PASS" : "FAIL"
	printf "(%d updates written by each; runs: import%s s, floor%s s)\n", u, ri, rf
	exit !ok
}'
