#include "plugin_run.h"

#include <signal.h>
#include <unistd.h>

#include "nines.h"

/* Seconds beyond the SNMP timeout and the lock wait: process set-up and printing. */
#define DEADLINE_MARGIN 4

static void on_alarm(int sig)
{
	static const char msg[] = "SNMP UNKNOWN - plugin timed out (internal limit)\n";

	(void)sig;
	(void)!write(STDOUT_FILENO, msg, sizeof(msg) - 1);
	_exit(PLUGIN_UNKNOWN);
}

void plugin_run_deadline(const struct snmpx_target *snmp, const struct archive_opts *archive)
{
	signal(SIGALRM, on_alarm);
	alarm((unsigned)(snmp->timeout + archive->lock_wait) + DEADLINE_MARGIN);
}

void plugin_run_record(const struct archive_opts *archive, const struct archive_sample *a,
		       struct plugin_result *res)
{
	char msg[NINES_ERRLEN];

	if (!archive_enabled(archive))
		return;
	switch (archive_write(archive, a, msg, sizeof(msg))) {
	case ARCHIVE_FAILED:
		plugin_append(res, "archive not written: %s", msg);
		plugin_raise(res, PLUGIN_UNKNOWN);
		break;
	case ARCHIVE_DUPLICATE:
		plugin_detail(res, "archive: %s", msg);
		break;
	default:
		break;
	}
}

void plugin_run_state_note(struct plugin_result *res, const char *why)
{
	if (why != NULL && why[0] != '\0')
		plugin_detail(res, "state not kept: %s", why);
}

const char *plugin_run_silence_hint(const struct snmpx_target *snmp)
{
	return snmp->version == 3 ? "" : "; a wrong community or agent ACL looks the same";
}

void plugin_run_snmp_failure(struct plugin_result *res, const struct snmpx_target *snmp,
			     enum snmpx_status st, const char *why)
{
	if (st == SNMPX_AUTH)
		plugin_set(res, PLUGIN_UNKNOWN, "%s: SNMPv3 authentication failed: %s "
			   "(check -U, -a/-A, -x/-X)", snmp->host, why);
	else
		plugin_set(res, PLUGIN_UNKNOWN, "%s: %s", snmp->host, why);
}
