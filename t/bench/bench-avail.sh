#!/bin/sh
# make bench, section check_snmp_avail: median wall time per check with an archive write,
# side by side in one run with Debian's check_snmp (monitoring-plugins, forks snmpget) reading
# the same OID (sysUpTime.0) from the same local snmpd.  Targets (issue "What a
# distribution would ship"):
#   v2c through rrdcached <= 0.6x   v3 authPriv through rrdcached <= 0.6x   v2c direct <= 1.8x
# How runs are set up and measured: t/bench/lib.sh.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/t/bench/lib.sh"
plugin="$O/plugins/check_snmp_avail"
oid=1.3.6.1.2.1.1.3.0

bench_start avail
bench_agents ""
bench_ready "$plugin" -H 127.0.0.1 -p "$port" -t 0.2
echo "check_snmp_avail: $runs runs each, alternating with check_snmp, snmpd on 127.0.0.1:$port"
bench_warm_up
bench_three
