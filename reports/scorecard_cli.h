/* scorecard_cli — `sla-report scorecard`: options, the card of a config's period, output. */
#ifndef SCORECARD_CLI_H
#define SCORECARD_CLI_H

/*
 * argv[0] is "scorecard".  Returns the exit status: 0 no KPI red, 1 a KPI red, 2 usage,
 * config or data error (a card is still written when only archives could not be read).
 */
int scorecard_main(int argc, char **argv);

#endif
