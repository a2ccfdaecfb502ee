#!/bin/sh
# make bench, section backtest: sla-report backtest over synthetic archives (200 services x
# 400 days at 60 s by default, made by bench_report gen), a year of monthly windows
# (2025-11 .. 2026-10), in one run, side by side:
#   plain:  sla-report -c CONF --period 2025-11-01..2026-11-01 (the same 12 windows)
#   single: sla-report backtest -c CONF --since 2025-11-01 --alerts off (one target)
#   sweep:  the same with --targets 99..99.99/0.01 (100 candidate targets)
# targets: single <= 1.3 x plain, sweep <= 1.3 x single.  Alert replay on (the default
# rules, one target and the 100-target sweep) is printed separately, without a target.
# Warm cache: every command runs once first, then NINES_BENCH_RUNS rounds (default 5) run
# them in turn and each one's median is taken.  NINES_BENCH_SERVICES (200), NINES_BENCH_DAYS
# (400) and NINES_BENCH_DISTINCT (20) as in bench-report.sh; the archives (about 34 MB each)
# go to a temporary directory under ${TMPDIR:-/tmp}, removed at the end.
set -eu
O=${O:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
case "$O" in /*) ;; *) O="$top/$O" ;; esac
runs=${NINES_BENCH_RUNS:-5}
nserv=${NINES_BENCH_SERVICES:-200}
days=${NINES_BENCH_DAYS:-400}
distinct=${NINES_BENCH_DISTINCT:-20}
bench="$O/t/bench/bench_report"
sla="$O/reports/sla-report"
tmp=${TMPDIR:-/tmp}
now=1793491200			# 2026-11-01 00:00 UTC, where the archives end
export TZ=UTC LC_ALL=C

for f in "$bench" "$sla"; do
	[ -x "$f" ] || { echo "backtest bench: $f is not built (run make bench)" >&2; exit 1; }
done
need_kb=$((nserv * 40 * 1024))
free_kb=$(df -Pk "$tmp" | awk 'NR == 2 { print $4 }')
if [ "$free_kb" -lt "$need_kb" ]; then
	echo "backtest bench: SKIPPED, $((free_kb / 1024)) MB free in $tmp, $((need_kb / 1024)) MB" \
		"needed for $nserv archives (set TMPDIR, or NINES_BENCH_SERVICES for fewer)"
	exit 0
fi
work=$(mktemp -d "$tmp/nines-bench-backtest.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

echo "sla-report backtest: $nserv services x $days days at 60 s, a year of monthly windows," \
	"$(nproc) cores, warm cache, one warm-up run each, then the median of $runs"
"$bench" gen "$work" "$nserv" "$days" "$distinct"
conf="$work/sla-$nserv.yml"
bt="$sla backtest -c $conf --since 2025-11-01 --now $now --format json"

# Exit status 1 (a window missed) is an answer, not a failure: -x 1.
# shellcheck disable=SC2086 # one argument per word of the commands
out=$("$bench" time "$runs" \
	-x 1 "$sla" -c "$conf" --period 2025-11-01..2026-11-01 --now "$now" --format json \
		-o "$work/plain.json" -- \
	-x 1 $bt --alerts off -o "$work/single.json" -- \
	-x 1 $bt --alerts off --targets 99..99.99/0.01 -o "$work/sweep.json" -- \
	-x 1 $bt -o "$work/alerts.json" -- \
	-x 1 $bt --targets 99..99.99/0.01 -o "$work/alerts-sweep.json") ||
	{ echo "backtest: FAILED TO RUN"; exit 1; }
p=$(echo "$out" | sed -n 1p) s=$(echo "$out" | sed -n 2p) w=$(echo "$out" | sed -n 3p)
a=$(echo "$out" | sed -n 4p) aw=$(echo "$out" | sed -n 5p)
grep -q '"target_percent": 99.99' "$work/sweep.json" ||
	{ echo "backtest: the sweep has no 99.99 row"; exit 1; }
awk -v p="${p% *}" -v s="${s% *}" -v w="${w% *}" -v a="${a% *}" -v aw="${aw% *}" '
BEGIN {
	printf "%-34s %9s %7s %8s\n", "case", "seconds", "ratio", "target"
	printf "%-34s %9.3f\n", "plain sla-report, same windows", p
	r1 = s / p; ok1 = r1 <= 1.3
	printf "%-34s %9.3f %7.2f %8s  %s\n", "backtest, one target", s, r1, "<= 1.3", ok1 ? "PASS" : "FAIL"
	r2 = w / s; ok2 = r2 <= 1.3
	printf "%-34s %9.3f %7.2f %8s  %s\n", "backtest, 100-target sweep", w, r2, "<= 1.3", ok2 ? "PASS" : "FAIL"
	printf "alert replay on (default rules), not a target:\n"
	printf "%-34s %9.3f %7.2f  (x one target without alerts)\n", "backtest, one target", a, a / s
	printf "%-34s %9.3f %7.2f  (x one target with alerts)\n", "backtest, 100-target sweep", aw, aw / a
	exit !(ok1 && ok2)
}'
