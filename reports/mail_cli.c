#include "mail_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "mailaddr.h"
#include "nines.h"

#define EXIT_DONE	0
#define EXIT_TROUBLE	2
/* More than a monthly report is ever sent to; a bound for the buffers, not a policy. */
#define MAX_TO 100

static const char usage_text[] =
	"Usage: sla-report mail-settings -c FILE [--to LIST]\n"
	"Prints the checked settings of the report mail (mail: in FILE), one per line:\n"
	"\"to ADDRESS\" for each recipient, then \"from ADDRESS\" when set and\n"
	"\"subject TEXT\" (mail: subject:, else the title).  nines-mail-report reads them.\n"
	"\n"
	"  -c, --config FILE       SLA definitions with a mail: section\n"
	"      --to LIST           these recipients instead of mail: to: (addresses\n"
	"                          separated by commas or blanks)\n"
	"  -h, --help              this text\n"
	"\n"
	"Exit status: 0 printed; 2 usage or config error, an address that is not of the\n"
	"form name@domain (letters, digits and . _ + - before the @), or no recipient.\n";

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "to", required_argument, NULL, 't' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct cli {
	const char *config, *to;
	int done;
};

static int parse_args(int argc, char **argv, struct cli *c, char *err, size_t errlen)
{
	int opt;

	memset(c, 0, sizeof(*c));
	optind = 1;
	opterr = 0;
	while (!c->done && (opt = getopt_long(argc, argv, ":c:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': c->config = optarg; break;
		case 't': c->to = optarg; break;
		case 'h': fputs(usage_text, stdout); c->done = 1; break;
		case ':':
			snprintf(err, errlen, "option '%s' needs a value", argv[optind - 1]);
			return -1;
		default:
			snprintf(err, errlen, "unknown option '%s'", argv[optind - 1]);
			return -1;
		}
	}
	if (c->done)
		return 0;
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (c->config == NULL) {
		snprintf(err, errlen, "give -c FILE (see sla-report mail-settings --help)");
		return -1;
	}
	return 0;
}

/* Prints the settings of c, recipients from to when not NULL.  0, or -1 with a message. */
static int print_settings(const struct config *c, const char *to, char *err, size_t errlen)
{
	static char buf[MAX_TO * (MAILADDR_MAX + 2)];
	const char *list[MAX_TO];
	const char *subject = c->mail.subject != NULL ? c->mail.subject : c->title;
	char msg[NINES_ERRLEN];
	int n;

	if (to != NULL) {
		if ((n = mailaddr_split(to, buf, sizeof(buf), list, MAX_TO, msg, sizeof(msg))) < 0) {
			snprintf(err, errlen, "--to: %s", msg);
			return -1;
		}
	} else {
		if (c->mail.nto == 0) {
			snprintf(err, errlen, "%s: no mail recipients (mail: to:)", c->file);
			return -1;
		}
		n = (int)c->mail.nto;
		for (int i = 0; i < n; i++)
			list[i] = c->mail.to[i];
	}
	/* The title is free text; as the subject it must pass the subject's check too. */
	if (mailaddr_subject_check(subject, msg, sizeof(msg)) != 0) {
		snprintf(err, errlen, "%s: the title cannot be the mail subject (set mail: "
			 "subject:): %s", c->file, msg);
		return -1;
	}
	for (int i = 0; i < n; i++)
		printf("to %s\n", list[i]);
	if (c->mail.from != NULL)
		printf("from %s\n", c->mail.from);
	printf("subject %s\n", subject);
	if (fflush(stdout) != 0) {
		snprintf(err, errlen, "cannot write the settings");
		return -1;
	}
	return 0;
}

int mail_settings_main(int argc, char **argv)
{
	char err[1024];
	struct config *c;
	struct cli o;
	int rc;

	if (parse_args(argc, argv, &o, err, sizeof(err)) != 0) {
		fprintf(stderr, "sla-report mail-settings: %s\n", err);
		return EXIT_TROUBLE;
	}
	if (o.done)
		return fflush(stdout) == 0 ? EXIT_DONE : EXIT_TROUBLE;
	if ((c = config_load(o.config, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);	/* file:line:col: message */
		return EXIT_TROUBLE;
	}
	rc = print_settings(c, o.to, err, sizeof(err)) == 0 ? EXIT_DONE : EXIT_TROUBLE;
	if (rc != EXIT_DONE)
		fprintf(stderr, "sla-report mail-settings: %s\n", err);
	config_release(c);
	return rc;
}
