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
#include "state.h"

/* Options every plugin accepts besides the SNMP and archive ones; ids from 0x480 up. */
#define PLUGIN_CLI_OPT_STATE_DIR 0x480
#define PLUGIN_CLI_LONGOPTS \
	{ "state-dir", required_argument, NULL, PLUGIN_CLI_OPT_STATE_DIR }
#define PLUGIN_CLI_USAGE \
	"State (kept between runs; see README):\n" \
	"  --state-dir DIR         where (default $NINES_STATE_DIR, else $XDG_CACHE_HOME/nines,\n" \
	"                          else $HOME/.cache/nines, else " STATE_DEFAULT_DIR ")\n"

struct plugin_cli {
	const char *name;		/* "check_snmp_avail", for --version */
	const char *usage_line;		/* printed with every usage error */
	const char *help_text;		/* printf format: %s usage line, SNMP block, archive block */
	const char *shortopts;		/* the plugin's own, without h and V */
	/* all of them, SNMPX_LONGOPTS, ARCHIVE_LONGOPTS and PLUGIN_CLI_LONGOPTS included */
	const struct option *longopts;
	/* Handles one of the plugin's own options: 0, or -1 with a message. */
	int (*own)(void *ctx, int opt, const char *arg, char *err, size_t errlen);
	/* Checks the options as a whole after parsing (NULL: none): 0, or -1 with a message. */
	int (*check)(void *ctx, char *err, size_t errlen);
};

/*
 * Parses argv into snmp, archive and (through cli->own) ctx, rejects stray arguments,
 * checks the SNMP part (snmpx_check), that archive options name a valid archive, then
 * the rest (cli->check).  --state-dir goes to state_set_dir().  Returns 0, or -1 with res ready to print: help or
 * version (exit 3, as the guidelines want) or a usage error with the usage line.
 */
int plugin_cli_parse(const struct plugin_cli *cli, int argc, char **argv,
		     struct snmpx_target *snmp, struct archive_opts *archive, void *ctx,
		     struct plugin_result *res);

#endif
