# Sourced by the plugin sections of make bench (bench-avail.sh, bench-if.sh,
# bench-ping.sh): a private snmpd and rrdcached, the warm-up, and the side-by-side
# measurement against Debian's check_snmp.  The caller sets top, then sources this file,
# then sets plugin (the binary), sel (its selection options, may be empty) and oid (what
# check_snmp reads with -o).
#
# Every measured run writes a real sample: runs cycle through $files archives per case
# (created in the warm-up), so no archive is written twice within a second and no run
# skips its write as a duplicate.  The archives use --step 300: the step sets a file's
# size, not the work of an update.  v3 runs find the derived-key cache warm, as every run
# after a plugin's first does.
# shellcheck disable=SC2154 # top, plugin, sel and oid come from the sourcing script
O=${O:-build}
case "$O" in /*) ;; *) O="$top/$O" ;; esac
runs=${NINES_BENCH_RUNS:-200}
files=100
bench="$O/t/bench/bench_exec"
check_snmp=/usr/lib/nagios/plugins/check_snmp
v3="-P 3 -L authPriv -U alice -a SHA -A authpass123 -x AES -X privpass123"
work="" snmpd_pid="" cached_pid="" port="" cached="" sel=""

bench_cleanup() {
	for p in $snmpd_pid $cached_pid; do kill "$p" 2>/dev/null || true; done
	for p in $snmpd_pid $cached_pid; do
		n=0
		while kill -0 "$p" 2>/dev/null && [ "$n" -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
		kill -KILL "$p" 2>/dev/null || true
	done
	[ -z "$work" ] || rm -rf "$work"
}

# bench_start NAME: the work directory $work (removed on exit) and a free port.
bench_start() {
	work=$(mktemp -d "/tmp/nines-bench-$1.XXXXXX")
	trap bench_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	export NINES_STATE_DIR="$work/state"
	port=$(( ( $$ % 20000 ) + 30000 ))
	while ss -Hlnu "sport = :$port" | grep -q .; do port=$((port + 1)); done
}

# bench_agents [SNMPD-CONF-LINE]: snmpd on 127.0.0.1:$port (the extra line, e.g. a
# pass_persist, goes into its config) and rrdcached on a socket in $work.
bench_agents() {
	cat > "$work/snmpd.conf" <<CONF
rocommunity public 127.0.0.1
createUser alice SHA "authpass123" AES "privpass123"
rouser alice priv
${1:-}
CONF
	/usr/sbin/snmpd -f -Lf "$work/snmpd.log" -C -c "$work/snmpd.conf" -p "$work/snmpd.pid" \
		--persistentDir="$work/persist" -I -smux "udp:127.0.0.1:$port" &
	snmpd_pid=$!
	rrdcached -g -l "unix:$work/rrdcached.sock" -p "$work/rrdcached.pid" -b "$work" -B \
		-j "$work/journal" -w 3600 -f 7200 >"$work/rrdcached.log" 2>&1 &
	cached_pid=$!
	mkdir -p "$work/journal" "$work/c2" "$work/c3" "$work/d2"
	cached="--rrdcached unix:$work/rrdcached.sock"
}

# bench_ready CMD...: waits up to 5 s for rrdcached's socket and for CMD to succeed.
bench_ready() {
	n=0
	while [ "$n" -lt 50 ]; do
		[ -S "$work/rrdcached.sock" ] && "$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		n=$((n + 1))
	done
	echo "bench: the agent did not come up; snmpd.log:"
	cat "$work/snmpd.log"
	exit 1
}

# Creates the archives of the three cases and the v3 key cache.
bench_warm_up() {
	echo "warm-up: creating $((3 * files)) archives and the v3 key cache"
	i=0
	while [ "$i" -lt "$files" ]; do
		# shellcheck disable=SC2086 # options are word lists
		"$plugin" -H 127.0.0.1 -p "$port" $sel --step 300 --rrd "$work/c2/$i.rrd" $cached >/dev/null
		# shellcheck disable=SC2086
		"$plugin" -H 127.0.0.1 -p "$port" $sel --step 300 $v3 --rrd "$work/c3/$i.rrd" $cached >/dev/null
		# shellcheck disable=SC2086
		"$plugin" -H 127.0.0.1 -p "$port" $sel --step 300 --rrd "$work/d2/$i.rrd" >/dev/null
		i=$((i + 1))
	done
	sleep 1.1
}

fail=0
bench_measure() {	# name target args-for-bench_exec...
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

# The three cases and their targets (issue "What a distribution would ship": with the
# system's loader, OpenSSL and net-snmp as they are); exits with 1 if one missed.
bench_three() {
	# shellcheck disable=SC2086
	bench_measure "v2c, archive through rrdcached" 0.6 \
		nines "$plugin" -H 127.0.0.1 -p "$port" $sel --rrd "$work/c2/{i}.rrd" $cached -- \
		check_snmp "$check_snmp" -H 127.0.0.1 -p "$port" -P 2c -C public -o "$oid"
	# shellcheck disable=SC2086
	bench_measure "v3 authPriv, through rrdcached" 0.6 \
		nines "$plugin" -H 127.0.0.1 -p "$port" $sel $v3 --rrd "$work/c3/{i}.rrd" $cached -- \
		check_snmp "$check_snmp" -H 127.0.0.1 -p "$port" $v3 -o "$oid"
	# shellcheck disable=SC2086
	bench_measure "v2c, direct file write" 1.8 \
		nines "$plugin" -H 127.0.0.1 -p "$port" $sel --rrd "$work/d2/{i}.rrd" -- \
		check_snmp "$check_snmp" -H 127.0.0.1 -p "$port" -P 2c -C public -o "$oid"
	exit "$fail"
}
