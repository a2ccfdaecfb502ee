/* backtest_cli — `sla-report backtest`: options, the proposed SLA per service, output. */
#ifndef BACKTEST_CLI_H
#define BACKTEST_CLI_H

/* argv[0] is "backtest".  Returns the exit status: 0 all met, 1 some missed, 2 error. */
int backtest_main(int argc, char **argv);

#endif
