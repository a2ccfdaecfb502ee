#!/bin/sh
# make bench, section check_snmp_if: median wall time per interface check with an archive
# write, side by side in one run with Debian's check_snmp (monitoring-plugins, forks snmpget)
# reading the same ifOperStatus.N from the same local snmpd.  Targets, as for
# check_snmp_avail:
#   v2c through rrdcached <= 0.6x   v3 authPriv through rrdcached <= 0.6x   v2c direct <= 1.8x
# check_snmp_if selects by --index (one GET: admin/oper status, ifLastChange, ifDescr,
# sysUpTime, ifName, ifAlias) and keeps its state file, as a production run does.  The
# selected interface is the agent's loopback.  How runs are set up and measured:
# t/bench/lib.sh.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/t/bench/lib.sh"
plugin="$O/plugins/check_snmp_if"

bench_start if
bench_agents ""
bench_ready "$plugin" -H 127.0.0.1 -p "$port" -t 0.2 --list
index=$("$plugin" -H 127.0.0.1 -p "$port" --list | awk '$2 == "lo" { print $1; exit }')
[ -n "$index" ] || { echo "bench-if: the agent lists no 'lo' interface"; exit 1; }
sel="--index $index"
oid=1.3.6.1.2.1.2.2.1.8.$index
echo "check_snmp_if: $runs runs each, alternating with check_snmp -o $oid, snmpd on 127.0.0.1:$port"
bench_warm_up
bench_three
