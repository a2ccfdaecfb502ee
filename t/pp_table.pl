#!/usr/bin/perl
# A pass_persist handler for snmpd (see snmpd.conf(5)) that serves the table a test
# writes into a data file, so tests control agent-side values snmpd does not implement
# (DISMAN-PING-MIB, CISCO-RTTMON-MIB, a forced IF-MIB).
#
#   pass_persist .1.3.6.1.2.1.80 /usr/bin/perl t/pp_table.pl /path/to/data
#
# The data file has one object per line, "OID TYPE VALUE", TYPE one of integer, gauge,
# counter, counter64, timeticks, string, octet (hex bytes, e.g. "65 74 68 0a 30": any
# byte, a line break too), objectid, ipaddress; '#' starts a comment.  A line
# "delay SECONDS" makes every answer wait that long (a slow agent).  The file is read
# again whenever it changes (write a new file and rename it over the old one), so a test
# can move the agent from one state to the next.  A missing data file serves nothing.
# Tables of thousands of rows are fine: a GETNEXT is a binary search.
use strict;
use warnings;
use Time::HiRes qw(stat);

my $data = shift @ARGV or die "usage: pp_table.pl DATAFILE\n";
my ($sig, $delay, @oids, @keys, %val) = ('', 0);
$| = 1;

sub oid_key { join '.', map { sprintf '%010d', $_ } grep { length } split /\./, $_[0] }

sub load {
	my @st = stat $data;
	my $now = @st ? join(':', @st[0, 1, 7, 9]) : 'none';
	return if $now eq $sig;
	$sig = $now;
	%val = ();
	$delay = 0;
	if (@st && open my $fh, '<', $data) {
		while (my $line = <$fh>) {
			next if $line =~ /^\s*(#|$)/;
			if ($line =~ /^\s*delay\s+([\d.]+)\s*$/) {
				$delay = $1;
				next;
			}
			my ($oid, $type, $value) = $line =~ /^\s*\.?([\d.]+)\s+(\w+)\s*(.*?)\s*$/
				or next;
			$val{".$oid"} = [$type, $value];
		}
		close $fh;
	}
	my %key = map { $_ => oid_key($_) } keys %val;
	@oids = sort { $key{$a} cmp $key{$b} } keys %val;
	@keys = map { $key{$_} } @oids;
}

# The first OID after $oid in the table, or undef.
sub next_oid {
	my $k = oid_key($_[0]);
	my ($lo, $hi) = (0, scalar @keys);
	while ($lo < $hi) {
		my $mid = int(($lo + $hi) / 2);
		if ($keys[$mid] gt $k) { $hi = $mid } else { $lo = $mid + 1 }
	}
	return $lo < @oids ? $oids[$lo] : undef;
}

sub answer {
	my ($oid) = @_;
	print "$oid\n$val{$oid}[0]\n$val{$oid}[1]\n";
}

while (my $cmd = <STDIN>) {
	chomp $cmd;
	if ($cmd eq 'PING') {
		print "PONG\n";
	} elsif ($cmd eq 'get' || $cmd eq 'getnext') {
		my $oid = <STDIN>;
		last unless defined $oid;
		chomp $oid;
		$oid = ".$oid" unless $oid =~ /^\./;
		load();
		select(undef, undef, undef, $delay) if $delay > 0;
		if ($cmd eq 'get') {
			exists $val{$oid} ? answer($oid) : print "NONE\n";
		} else {
			my $next = next_oid($oid);
			defined $next ? answer($next) : print "NONE\n";
		}
	} elsif ($cmd eq 'set') {
		<STDIN>; <STDIN>;
		print "not-writable\n";
	} elsif ($cmd eq '') {
		exit 0;
	}
}
