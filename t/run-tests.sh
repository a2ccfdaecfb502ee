#!/bin/sh
# Runs every cmocka suite built in $O/t, shows its output, and ends with one line
# "N passed, N failed" over all suites.  A suite that crashes, hangs past its limit or
# exits non-zero without a cmocka summary counts as one failed test.
# Usage: O=build t/run-tests.sh [suite-name ...]
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
if [ $# -gt 0 ]; then suites=$(for s in "$@"; do echo "$O/t/$s"; done)
else
	# The suites of the sources, not every binary in $O: one left from a removed suite
	# must not run.  A suite whose binary is missing fails below.
	suites=$(for c in "$top"/t/test_*.c; do b=${c##*/}; echo "$O/t/${b%.c}"; done)
fi
[ -n "$suites" ] || { echo "no test suites in $O/t"; echo "0 passed, 1 failed"; exit 1; }

for s in $suites; do
	name=$(basename "$s")
	echo "=== $name"
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
