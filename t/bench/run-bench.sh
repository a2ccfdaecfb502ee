#!/bin/sh
# make bench: every performance comparison the issues ask for, one section after another.
# Each section measures nines and its reference side by side in the same run and prints
# medians, the ratio and the target; this script ends with one line per section and exits
# non-zero when a section failed to run or missed a target.
#   O=build t/bench/run-bench.sh [avail if ping rrdcached report import backtest]
set -u
O=${O:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
case "$O" in /*) ;; *) O="$top/$O" ;; esac
export O
sections=${*:-avail if ping rrdcached report import backtest}
summary="" rc=0
for s in $sections; do
	script="$top/t/bench/bench-$s.sh"
	if [ ! -x "$script" ]; then
		summary="$summary
bench-$s: missing"
		rc=1
		continue
	fi
	echo "=== bench-$s"
	log=$(mktemp) || exit 2
	"$script" 2>&1 | tee "$log"
	if grep -q 'FAIL' "$log"; then
		summary="$summary
bench-$s: $(grep -c 'FAIL' "$log") target(s) missed"
		rc=1
	elif grep -q 'PASS' "$log"; then
		summary="$summary
bench-$s: all targets met"
	else
		summary="$summary
bench-$s: no result (see above)"
		rc=1
	fi
	rm -f "$log"
done
echo "=== summary$summary"
exit $rc
