#!/bin/sh
# make bench, section sla-report: time to report a month and a year over synthetic archives
# (200 services x 400 days at 60 s by default), against
#   the floor: the same rows read by a bare open + posix_fadvise + rrd_fetch_r loop in C on
#              as many threads as sla-report uses (all online cores)      target ratio <= 1.5
#   the CLI:   one `rrdtool graph ... VDEF:v=a,AVERAGE PRINT` per service and monthly
#              window, as many at a time as there are cores; measured on a subset of the
#              services and scaled linearly to all of them            target speed-up >= 20
# and sla-report's peak memory for a year over 1/10 (at least one per core), 1/2 and all
# of the services:
#   target peak(all) <= 1.3 x peak(1/10) + 8 MB (it streams, it does not hold every series).
# The "floor x" column is the floor's own speed-up over the CLI, for reference.  Then the
# month as HTML and as PDF against the same report as JSON (target <= 2x each), with each
# one's peak memory.
# Figures are warm-cache: every command runs once first, then NINES_BENCH_RUNS rounds
# (default 5) run sla-report, the floor and the CLI loop in turn, and each one's median is
# taken (turns, so that load from elsewhere hits all three alike).  Smaller quick runs:
#   NINES_BENCH_SERVICES (200), NINES_BENCH_DAYS (400), NINES_BENCH_CLI_SERVICES (20),
#   NINES_BENCH_DISTINCT (20: archives computed; the others are copies of them).
# The archives (about 34 MB each, preallocated) go to a temporary directory under
# ${TMPDIR:-/tmp}, removed at the end; the section is skipped when less than 40 MB per
# service (8 GB for 200) is free there.
set -eu
O=${O:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
case "$O" in /*) ;; *) O="$top/$O" ;; esac
runs=${NINES_BENCH_RUNS:-5}
nserv=${NINES_BENCH_SERVICES:-200}
days=${NINES_BENCH_DAYS:-400}
ncli=${NINES_BENCH_CLI_SERVICES:-20}
distinct=${NINES_BENCH_DISTINCT:-20}
[ "$ncli" -le "$nserv" ] || ncli=$nserv
bench="$O/t/bench/bench_report"
sla="$O/reports/sla-report"
tmp=${TMPDIR:-/tmp}
now=1793491200			# 2026-11-01 00:00 UTC, where the archives end
export TZ=UTC LC_ALL=C

for f in "$bench" "$sla"; do
	[ -x "$f" ] || { echo "sla-report bench: $f is not built (run make bench)" >&2; exit 1; }
done
need_kb=$((nserv * 40 * 1024))
free_kb=$(df -Pk "$tmp" | awk 'NR == 2 { print $4 }')
if [ "$free_kb" -lt "$need_kb" ]; then
	echo "sla-report bench: SKIPPED, $((free_kb / 1024)) MB free in $tmp, $((need_kb / 1024)) MB needed" \
		"for $nserv archives (set TMPDIR, or NINES_BENCH_SERVICES for fewer)"
	exit 0
fi
work=$(mktemp -d "$tmp/nines-bench-report.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

month_bounds() {	# first-month count: the epochs of count+1 month starts
	k=0
	while [ "$k" -le "$2" ]; do
		date -u -d "$1-01 +$k month" +%s
		k=$((k + 1))
	done
}

echo "sla-report: $nserv services x $days days at 60 s, $(nproc) cores, warm cache," \
	"one warm-up run each, then the median of $runs"
"$bench" gen "$work" "$nserv" "$days" "$distinct"
conf="$work/sla-$nserv.yml"

fail=0
row() {	# name period months-from count
	name=$1 period=$2
	bounds=$(month_bounds "$3" "$4")
	t0=$(echo "$bounds" | head -n 1) t1=$(echo "$bounds" | tail -n 1)
	# shellcheck disable=SC2086 # one argument per window boundary
	out=$("$bench" time "$runs" \
		-x 1 "$sla" -c "$conf" --period "$period" --format json -o "$work/report.json" \
			--now "$now" -- \
		"$bench" floor "$work" "$nserv" "$t0" "$t1" -- \
		"$bench" cli "$work" "$ncli" $bounds) || { echo "$name: FAILED TO RUN"; fail=1; return; }
	r=$(echo "$out" | sed -n 1p) f=$(echo "$out" | sed -n 2p) c=$(echo "$out" | sed -n 3p)
	awk -v name="$name" -v r="${r% *}" -v f="${f% *}" -v c="${c% *}" -v n="$nserv" -v k="$ncli" '
	BEGIN {
		cli = c * n / k; ratio = r / f; speed = cli / r
		ok = ratio <= 1.5 && speed >= 20
		printf "%-22s %9.3f %8.3f %6.2f %11.2f %9.1f %8.1f  %s\n", name, r, f, ratio, cli,
			speed, cli / f, ok ? "PASS" : "FAIL"
		exit !ok
	}' || fail=1
}

echo "floor: open + posix_fadvise(WILLNEED) + rrd_fetch_r(AVERAGE, 60 s) + sum, on $(nproc) threads"
echo "CLI: rrdtool graph per service and month, $(nproc) at a time, measured on $ncli services," \
	"scaled x$nserv/$ncli"
echo "floor x: the floor's own speed-up over the CLI (what reading alone allows)"
printf '%-22s %9s %8s %6s %11s %9s %8s\n' case sla-report floor ratio "CLI (scaled)" speed-up "floor x"
printf '%-22s %9s %8s %6s %11s %9s\n' "" s s "<= 1.5" s ">= 20"
row "month 2026-10" 2026-10 2026-10 1
row "year 2025-11..2026-10" 2025-11-01..2026-11-01 2025-11 12

# The month as HTML and as PDF (charts of every day) against the same report as JSON,
# side by side.
out=$("$bench" time "$runs" \
	-x 1 "$sla" -c "$conf" --period 2026-10 --format json -o "$work/report.json" --now "$now" -- \
	-x 1 "$sla" -c "$conf" --period 2026-10 --format html -o "$work/report.html" --now "$now" -- \
	-x 1 "$sla" -c "$conf" --period 2026-10 --format pdf -o "$work/report.pdf" --now "$now") ||
	{ echo "html, pdf: FAILED TO RUN"; out=""; fail=1; }
[ -z "$out" ] || echo "$out" | awk '
	NR == 1 { j = $1; jm = $2 } NR == 2 { h = $1; hm = $2 } NR == 3 { p = $1; pm = $2 }
	END {
		okh = h <= 2 * j; okp = p <= 2 * j
		printf "month as JSON %.3f s (peak %.1f MB), as HTML %.3f s (peak %.1f MB): " \
			"%.2fx, target <= 2x  %s\n", j, jm / 1024, h, hm / 1024, h / j, okh ? "PASS" : "FAIL"
		printf "month as JSON %.3f s (peak %.1f MB), as PDF %.3f s (peak %.1f MB): " \
			"%.2fx, target <= 2x  %s\n", j, jm / 1024, p, pm / 1024, p / j, okp ? "PASS" : "FAIL"
		exit !(okh && okp)
	}' || fail=1

echo "peak memory of sla-report for the year (max RSS):"
# At least one service per core in the smallest run, so that every reader thread is busy in all three.
small=$((nserv / 10)) mid=$((nserv / 2))
[ "$small" -ge "$(nproc)" ] || small=$(nproc)
[ "$mid" -ge "$small" ] || mid=$small
[ "$small" -le "$nserv" ] || small=$nserv mid=$nserv
peaks=""
for n in $small $mid $nserv; do
	"$bench" conf "$work" "$n"
	m=$("$bench" time 1 -x 1 "$sla" -c "$work/sla-$n.yml" --period 2025-11-01..2026-11-01 \
		--format json -o "$work/report.json" --now "$now") || { echo "memory: sla-report FAILED TO RUN"; exit 1; }
	printf '  %4d services  %8.1f MB\n' "$n" "$(echo "${m#* }" | awk '{ print $1 / 1024 }')"
	peaks="$peaks ${m#* }"
done
# shellcheck disable=SC2086
awk -v a="$(echo $peaks | cut -d' ' -f1)" -v c="$(echo $peaks | cut -d' ' -f3)" -v n="$nserv" -v s="$small" '
BEGIN {
	limit = 1.3 * a + 8192; ok = c <= limit
	printf "  %d-service peak %.1f MB, limit 1.3 x %d-service peak + 8 MB = %.1f MB  %s\n",
		n, c / 1024, s, limit / 1024, ok ? "PASS" : "FAIL"
	exit !ok
}' || fail=1
exit "$fail"
