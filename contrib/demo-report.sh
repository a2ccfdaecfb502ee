#!/bin/sh
# Part of `make demo` (contrib/demo.sh runs it with O= set): builds 60 days of check history
# for three services with the rrdtool CLI, then reports October 2026 on it with sla-report.
# Usage: O=build contrib/demo-report.sh [WORKDIR]   (a temp dir is made and removed)
set -eu
O=${O:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case "$O" in /*) ;; *) O="$top/$O" ;; esac
report="$O/reports/sla-report"
work=$(mktemp -d "${1:-/tmp}/sla-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*" | sed "s|$work|\$DEMO|g; s|$O/|build/|g"; "$@" || echo "(exit status $?)"; }

step=300
start=1788220800	# 2026-09-01 00:00 UTC
end=1793491200		# 2026-11-01 00:00 UTC
now=1793750400		# 2026-11-04 00:00 UTC: "last-month" is October 2026

# The layout of common/archive.h (archive_layout() for a 300-s step): every DS but cover
# has a heartbeat of 2 steps; cover is ABSOLUTE with a one-year heartbeat; AVERAGE per
# check for 430 days, AVERAGE and MAX per hour for 5 years and per day for 10 years.
layout="DS:avail:GAUGE:600:0:1 DS:rtt:GAUGE:600:0:U DS:warn:GAUGE:600:0:1
DS:downtime:GAUGE:600:0:1 DS:loss:GAUGE:600:0:1 DS:cover:ABSOLUTE:31622400:0:U
RRA:AVERAGE:0.99:1:123840 RRA:AVERAGE:0.99:12:43920 RRA:MAX:0.99:12:43920
RRA:AVERAGE:0.99:288:3660 RRA:MAX:0.99:288:3660"

# history NAME RTT_MS EVENTS: one update per step; EVENTS is "kind from to" triples
# (epoch seconds, half-open) with kind down, maint (scheduled downtime, service down) or gap.
history() {
	name=$1 rtt=$2 events=$3
	echo "create $work/$name.rrd --start $((start - step)) --step $step" $layout
	awk -v s="$start" -v e="$end" -v st="$step" -v f="$work/$name.rrd" -v rtt="$rtt" \
	    -v ev="$events" 'BEGIN {
		n = split(ev, x, " ")
		line = ""; k = 0
		for (t = s + st; t <= e; t += st) {
			kind = "up"
			for (i = 1; i + 2 <= n; i += 3)
				if (t > x[i + 1] && t <= x[i + 2]) kind = x[i]
			if (kind == "gap") continue
			jitter = ((t / st) * 7919 % 23) / 10
			if (kind == "down") v = "0:U:0:0:1"
			else if (kind == "maint") v = "0:U:0:1:1"
			else v = sprintf("1:%.4f:0:0:0", (rtt + jitter) / 1000)
			line = line " " t ":" v ":" st
			if (++k == 288) { print "update " f line; line = ""; k = 0 }
		}
		if (k) print "update " f line
	}'
}

d() { date -u -d "$1" +%s; }
{
	history core1-ping 12 "down $(d '2026-10-06 09:10') $(d '2026-10-06 09:30') \
down $(d '2026-10-14 14:00') $(d '2026-10-14 14:10') \
maint $(d '2026-10-20 22:00') $(d '2026-10-21 01:00')"
	history core2-snmp 35 "down $(d '2026-10-09 10:00') $(d '2026-10-09 13:30') \
gap $(d '2026-10-15 07:00') $(d '2026-10-15 09:00')"
	history edge-http 140 "down $(d '2026-09-30 21:00') $(d '2026-09-30 22:20') \
down $(d '2026-10-22 16:00') $(d '2026-10-22 16:05') down $(d '2026-10-22 16:10') \
$(d '2026-10-22 16:20')"
} | rrdtool - >/dev/null

cat > "$work/sla.yml" <<YAML
title: "Demo network SLA report"
defaults:
  time_zone: Europe/Berlin
  policy: { maintenance: excluded, unmonitored: excluded, warning: up }
  credits:
    - { below: 99.9, credit: 10 }
    - { below: 99.0, credit: 25 }
calendars:
  business-hours:
    include: [ "monday-friday 08:00-18:00" ]
    exclude: [ "2026-10-03 00:00-24:00" ]
services:
  - name: core1 ping
    archive: $work/core1-ping.rrd
    availability: 99.9
    latency: "p95 <= 20ms"
  - name: core2 snmp
    archive: $work/core2-snmp.rrd
    availability: 99.5
    calendar: business-hours
  - name: edge http
    archive: $work/edge-http.rrd
    availability: 99.95
    latency: "99% < 200ms"
    policy: { merge_outages_within: 10m }
YAML

say "sla-report over 60 days of history (3 services, 5-minute checks), October 2026"
show "$report" -c "$work/sla.yml" --period last-month --now "$now"
say "the same as JSON (first lines)"
printf '$ %s\n' "build/reports/sla-report -c \$DEMO/sla.yml --now $now --format json | head -40"
"$report" -c "$work/sla.yml" --now "$now" --format json >"$work/report.json" || true
head -40 "$work/report.json"
say "no config: one archive and a target"
show "$report" --rrd "$work/core2-snmp.rrd" --target 99.9 --period 2026-10 --now "$now" \
	--format csv
