/* The option loop all plugins share; see plugin_cli.h. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "nines.h"
#include "plugin_cli.h"

/* The help text is each plugin's own constant format: not user input. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void format_help(const struct plugin_cli *cli, char *buf, size_t len)
{
	snprintf(buf, len, cli->help_text, cli->usage_line, SNMPX_USAGE,
		 ARCHIVE_USAGE "\n" PLUGIN_CLI_USAGE);
}
#pragma GCC diagnostic pop

int plugin_cli_parse(const struct plugin_cli *cli, int argc, char **argv,
		     struct snmpx_target *snmp, struct archive_opts *archive, void *ctx,
		     struct plugin_result *res)
{
	static char help[8192], version[128];
	char err[NINES_ERRLEN], shortopts[128], path[PATH_MAX];
	int c, rc;

	snprintf(shortopts, sizeof(shortopts), "%s%shV", SNMPX_SHORTOPTS, cli->shortopts);
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, cli->longopts, NULL)) != -1) {
		if (c == 'h' || c == 'V') {
			if (c == 'h')
				format_help(cli, help, sizeof(help));
			else
				snprintf(version, sizeof(version), "%s %s\n", cli->name, NINES_VERSION);
			res->raw = c == 'h' ? help : version;
			res->state = PLUGIN_UNKNOWN;
			return -1;
		}
		if (c == '?' || c == ':') {
			plugin_usage_error(res, cli->usage_line, "bad option '%s'", argv[optind - 1]);
			return -1;
		}
		if (c == PLUGIN_CLI_OPT_STATE_DIR) {
			if (optarg[0] != '/') {
				plugin_usage_error(res, cli->usage_line, "invalid --state-dir '%s': "
						   "not an absolute path", optarg);
				return -1;
			}
			state_set_dir(optarg);
			continue;
		}
		rc = snmpx_opt(snmp, c, optarg, err, sizeof(err));
		if (rc == 0)
			rc = archive_opt(archive, c, optarg, err, sizeof(err));
		if (rc == 0)
			rc = cli->own(ctx, c, optarg, err, sizeof(err)) == 0 ? 1 : -1;
		if (rc < 0) {
			plugin_usage_error(res, cli->usage_line, "%s", err);
			return -1;
		}
	}
	if (optind < argc) {
		plugin_usage_error(res, cli->usage_line, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (snmpx_check(snmp, err, sizeof(err)) != 0 ||
	    (archive_enabled(archive) &&
	     archive_path(archive, path, sizeof(path), err, sizeof(err)) != 0) ||
	    (cli->check != NULL && cli->check(ctx, err, sizeof(err)) != 0)) {
		plugin_usage_error(res, cli->usage_line, "%s", err);
		return -1;
	}
	return 0;
}
