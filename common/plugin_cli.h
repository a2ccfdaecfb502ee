/*
 * plugin_cli — the command line every check_snmp_* plugin shares: -h/-V, the SNMP options
 * (snmpx.h), the archive options (archive.h), then the plugin's own, each one through one
 * getopt_long loop, so usage errors, help and version behave alike in every plugin.
 */
#ifndef PLUGIN_CLI_H
#define PLUGIN_CLI_H

#include <getopt.h>
#include <stddef.h>

#include "archive.h"
#include "plugin.h"
#include "snmpx.h"

struct plugin_cli {
	const char *name;		/* "check_snmp_avail", for --version */
	const char *usage_line;		/* printed with every usage error */
	const char *help_text;		/* printf format: %s usage line, SNMP block, archive block */
	const char *shortopts;		/* the plugin's own, without h and V */
	const struct option *longopts;	/* all of them, SNMPX_LONGOPTS and ARCHIVE_LONGOPTS included */
	/* Handles one of the plugin's own options: 0, or -1 with a message. */
	int (*own)(void *ctx, int opt, const char *arg, char *err, size_t errlen);
	/* Checks the options as a whole after parsing (NULL: none): 0, or -1 with a message. */
	int (*check)(void *ctx, char *err, size_t errlen);
};

/*
 * Parses argv into snmp, archive and (through cli->own) ctx, rejects stray arguments,
 * checks the SNMP part (snmpx_check), that archive options name a valid archive, then
 * the rest (cli->check).  Returns 0, or -1 with res ready to print: help or
 * version (exit 3, as the guidelines want) or a usage error with the usage line.
 */
int plugin_cli_parse(const struct plugin_cli *cli, int argc, char **argv,
		     struct snmpx_target *snmp, struct archive_opts *archive, void *ctx,
		     struct plugin_result *res);

#endif
