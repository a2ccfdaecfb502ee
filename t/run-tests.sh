#!/bin/sh
# Runs every cmocka suite built in $O/t, shows its output, and ends with one line
# "N passed, N failed" over all suites.  A suite that crashes, hangs past its limit or
# exits non-zero without a cmocka summary counts as one failed test.
# The libFuzzer targets of t/fuzz (fuzz_*) run too, FUZZ_SECONDS (default 5) each: a
# finding (crash, leak, sanitizer report, timeout) is one failed test, none one passed.
# Usage: O=build t/run-tests.sh [suite-name | fuzz_name ...]
set -u
O=${O:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case "$O" in /*) ;; *) O="$top/$O" ;; esac
export NINES_BUILD="$O" NINES_SRC="$top" TZ=UTC LC_ALL=C
# Suites never read the developer's net-snmp or OpenSSL settings.
export SNMPCONFPATH=/nonexistent MIBS= MIBDIRS=/nonexistent

passed=0 failed=0
log=$(mktemp) || exit 2
trap 'rm -f "$log"' EXIT INT TERM
if [ $# -gt 0 ]; then
	suites=$(for s in "$@"; do case "$s" in fuzz_*) echo "$O/t/fuzz/$s" ;; *) echo "$O/t/$s" ;; esac; done)
else
	# The suites of the sources, not every binary in $O: one left from a removed suite
	# must not run.  A suite whose binary is missing fails below.
	suites=$(for c in "$top"/t/test_*.c "$top"/t/fuzz/fuzz_*.c; do
		[ -e "$c" ] || continue
		b=${c##*/}; case "$b" in fuzz_*) echo "$O/t/fuzz/${b%.c}" ;; *) echo "$O/t/${b%.c}" ;; esac
	done)
fi

# Runs libFuzzer target $1 from its seed corpus t/fuzz/corpus/<what>; new inputs go to a
# temporary directory (the tree is only read), a finding's input to $O/fuzz-findings.
run_fuzz() {
	name=$1 work=$(mktemp -d) || return 2
	secs=${FUZZ_SECONDS:-5}
	timeout -k 10 $((secs + 120)) "$O/t/fuzz/$name" -max_total_time="$secs" -timeout=10 \
	    -rss_limit_mb=2048 -artifact_prefix="$work/" "$work" "$top/t/fuzz/corpus/${name#fuzz_}" \
	    >"$log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		sed -n 's/^Done \([0-9]*\) runs.*/'"$name"': \1 runs, no finding/p' "$log"
	else
		tail -40 "$log"
		mkdir -p "$O/fuzz-findings" && cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* \
		    "$work"/oom-* "$O/fuzz-findings/" 2>/dev/null
		echo "$name: a finding (exit $rc); its input is in $O/fuzz-findings"
	fi
	rm -rf "$work"
	return "$rc"
}
[ -n "$suites" ] || { echo "no test suites in $O/t"; echo "0 passed, 1 failed"; exit 1; }

for s in $suites; do
	name=$(basename "$s")
	echo "=== $name"
	case "$name" in fuzz_*)
		if run_fuzz "$name"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
		continue ;;
	esac
	timeout -k 10 900 "$s" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$name: exited with status $rc without a failure summary"
		f=1
	fi
	passed=$((passed + p)); failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
