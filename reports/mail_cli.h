/* mail_cli — the `sla-report mail-settings` command, which nines-mail-report reads. */
#ifndef MAIL_CLI_H
#define MAIL_CLI_H

/* argv[0] is "mail-settings".  Returns the exit status: 0 printed, 2 usage or config error. */
int mail_settings_main(int argc, char **argv);

#endif
