/*
 * plugin_run — what every check_snmp_* plugin does around its own work: an internal time
 * limit, so that Nagios always gets an answer, and writing the run's sample to the archive
 * with archive trouble reported in the result.
 */
#ifndef PLUGIN_RUN_H
#define PLUGIN_RUN_H

#include "archive.h"
#include "plugin.h"
#include "snmpx.h"

/*
 * Arms SIGALRM for the SNMP timeout plus the archive's lock wait plus a margin: whatever
 * hangs, the plugin then prints "SNMP UNKNOWN - plugin timed out" and exits 3.
 */
void plugin_run_deadline(const struct snmpx_target *snmp, const struct archive_opts *archive);

/*
 * Writes a to the archive when one is configured.  A sample that cannot be written turns
 * OK into UNKNOWN with the reason in the text (never hiding a WARNING or CRITICAL); a
 * skipped duplicate is mentioned in the details.
 */
void plugin_run_record(const struct archive_opts *archive, const struct archive_sample *a,
		       struct plugin_result *res);

#endif
