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

/*
 * Losing state between runs is harmless but never silent: a detail line
 * "state not kept: why" when why is not empty.
 */
void plugin_run_state_note(struct plugin_result *res, const char *why);

/*
 * For the text of a timeout: in SNMP v1/v2c an agent drops a request with a wrong
 * community, so silence may not mean the agent is down.  "" for v3, which refuses.
 */
const char *plugin_run_silence_hint(const struct snmpx_target *snmp);

/*
 * A request that failed other than by silence (wrong v3 credentials, a protocol or
 * library error): UNKNOWN, "host: why", with what to check for v3 authentication.
 */
void plugin_run_snmp_failure(struct plugin_result *res, const struct snmpx_target *snmp,
			     enum snmpx_status st, const char *why);

#endif
