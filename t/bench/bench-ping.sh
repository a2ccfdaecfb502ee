#!/bin/sh
# make bench, section check_snmp_ping: median wall time per check with an archive write,
# side by side in one run with Debian's check_snmp (monitoring-plugins, forks snmpget)
# reading the same DISMAN-PING-MIB objects with -o from the same local snmpd, which serves
# one test through t/pp_table.pl.  Targets:
#   v2c through rrdcached <= 0.6x   v3 authPriv through rrdcached <= 0.6x   v2c direct <= 1.8x
# How runs are set up and measured: t/bench/lib.sh.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/t/bench/lib.sh"
plugin="$O/plugins/check_snmp_ping"
sel="--owner nines --test core1"
bench_start ping
data="$work/ping.txt"
# Test "nines"/"core1": index = length-prefixed owner and name.
idx=5.110.105.110.101.115.5.99.111.114.101.49
res=1.3.6.1.2.1.80.1.3.1 ctl=1.3.6.1.2.1.80.1.2.1
# pingResultsLastGoodProbe: now, UTC; the probe runs hourly so it stays fresh for the run.
good=$(date -u '+%Y %m %d %H %M %S' | awk '{ printf "%02X %02X %02X %02X %02X %02X %02X 00 2B 00 00",
	int($1 / 256), $1 % 256, $2, $3, $4, $5, $6 }')
cat > "$data" <<DATA
$ctl.3.$idx integer 1
$ctl.4.$idx octet C0 00 02 01
$ctl.10.$idx gauge 3600
$res.1.$idx integer 1
$res.4.$idx gauge 10
$res.5.$idx gauge 14
$res.6.$idx gauge 12
$res.7.$idx gauge 5
$res.8.$idx gauge 5
$res.10.$idx octet $good
DATA
oid="$res.1.$idx,$res.4.$idx,$res.5.$idx,$res.6.$idx,$res.7.$idx,$res.8.$idx,$res.10.$idx,$ctl.4.$idx,$ctl.10.$idx"
bench_agents "pass_persist .1.3.6.1.2.1.80 /usr/bin/perl $top/t/pp_table.pl $data"
# shellcheck disable=SC2086
bench_ready "$plugin" -H 127.0.0.1 -p "$port" -t 0.5 $sel
# shellcheck disable=SC2086
"$plugin" -H 127.0.0.1 -p "$port" $sel || { echo "check_snmp_ping does not see the test"; exit 1; }
echo "check_snmp_ping: $runs runs each, alternating with check_snmp, snmpd on 127.0.0.1:$port"
bench_warm_up
bench_three
