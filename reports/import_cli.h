/* import_cli — the `sla-report import` command (README "sla-report import"). */
#ifndef IMPORT_CLI_H
#define IMPORT_CLI_H

/* argv[0] is "import".  Returns the exit status: 0 done, 2 usage or data error. */
int import_main(int argc, char **argv);

#endif
