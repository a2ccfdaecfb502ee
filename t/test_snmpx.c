/*
 * snmpx's set-up of net-snmp, through a plugin (a fresh process) against a real snmpd:
 * what the adapter relies on from net-snmp's documented initialisation, so that a net-snmp
 * update that changes it fails here.  Every place net-snmp would take configuration from
 * is planted with a line that breaks every request (clientaddr of an address this host
 * does not have), every place it would take MIBs from holds a FIFO that blocks whoever
 * opens it (the plugin's own time limit then ends it UNKNOWN), and the persistent
 * directory must be left as it was.  v2c and v3 authPriv must still answer OK.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture_snmpd.h"

static struct fx_snmpd agent;
static char tmpdir[64], plugin[512];
static char env_vars[8][600];
static const char planted[] = "clientaddr 192.0.2.1\n";

static void plant(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void subdir(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", tmpdir, name);
	assert_int_equal(mkdir(out, 0700), 0);
}

/* The entries of dir, sorted into one string, for comparing before and after. */
static void listing(const char *dir, char *out, size_t len)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);

	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		strncat(out, names[i]->d_name, len - strlen(out) - 2);
		strcat(out, " ");
		free(names[i]);
	}
	free(names);
}

static int setup(void **state)
{
	static const char *const conf = planted;
	char dir[300], path[400];

	(void)state;
	snprintf(plugin, sizeof(plugin), "%s/plugins/check_snmp_avail", getenv("NINES_BUILD"));
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/nines-snmpx.XXXXXX");
	if (mkdtemp(tmpdir) == NULL || fx_snmpd_start(&agent, NULL) != 0)
		return -1;
	subdir(dir, sizeof(dir), "conf");		/* $SNMPCONFPATH */
	plant(dir, "snmp.conf", conf);
	plant(dir, "nines.conf", conf);
	snprintf(env_vars[0], sizeof(env_vars[0]), "SNMPCONFPATH=%s", dir);
	subdir(dir, sizeof(dir), "home");		/* ~/.snmp */
	snprintf(env_vars[1], sizeof(env_vars[1]), "HOME=%s", dir);
	snprintf(path, sizeof(path), "%s/.snmp", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	plant(path, "snmp.conf", conf);
	subdir(dir, sizeof(dir), "persist");		/* $SNMP_PERSISTENT_DIR */
	plant(dir, "nines.conf", conf);
	snprintf(env_vars[2], sizeof(env_vars[2]), "SNMP_PERSISTENT_DIR=%s", dir);
	subdir(dir, sizeof(dir), "mibs");		/* $MIBDIRS, $MIBS, $MIBFILES */
	snprintf(path, sizeof(path), "%s/BLOCK-MIB.txt", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	snprintf(env_vars[3], sizeof(env_vars[3]), "MIBDIRS=%s", dir);
	snprintf(env_vars[4], sizeof(env_vars[4]), "MIBS=ALL");
	snprintf(env_vars[5], sizeof(env_vars[5]), "MIBFILES=%s", path);
	snprintf(env_vars[6], sizeof(env_vars[6]), "NINES_STATE_DIR=%s/state", tmpdir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_snmpd_stop(&agent);
	fx_rmtree(tmpdir);
	return 0;
}

static void test_no_config_no_mibs_v3_works(void **state)
{
	static const char *const v2[] = { "-t", "3", NULL };
	static const char *const v3[] = { "-t", "3", "-P", "3", "-U", "alice", "-L", "authPriv",
					  "-A", "authpass123", "-X", "privpass123", NULL };
	char *env[] = { env_vars[0], env_vars[1], env_vars[2], env_vars[3], env_vars[4],
			env_vars[5], env_vars[6], NULL };
	char persist[400], path[500], before[4096], after[4096], out[4096], line[256];
	FILE *f;

	(void)state;
	snprintf(persist, sizeof(persist), "%s/persist", tmpdir);
	listing(persist, before, sizeof(before));
	if (fx_run_plugin(plugin, &agent, env, out, sizeof(out), v2) != 0)
		fail_msg("v2c: %s", out);
	if (fx_run_plugin(plugin, &agent, env, out, sizeof(out), v3) != 0)
		fail_msg("v3: %s", out);
	/*
	 * init_snmp() makes an empty cert_indexes directory there for its TLS transports
	 * whatever the settings (net-snmp 5.9); nothing else may change.
	 */
	snprintf(path, sizeof(path), "%s/cert_indexes", persist);
	if (rmdir(path) != 0)
		assert_int_equal(errno, ENOENT);
	listing(persist, after, sizeof(after));
	assert_string_equal(before, after);
	snprintf(path, sizeof(path), "%s/nines.conf", persist);
	assert_non_null(f = fopen(path, "r"));
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	assert_string_equal(line, planted);
	snprintf(persist, sizeof(persist), "%s/home/.snmp", tmpdir);
	listing(persist, after, sizeof(after));
	assert_string_equal(after, ". .. snmp.conf ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_config_no_mibs_v3_works),
	};
	return cmocka_run_group_tests_name("snmpx", tests, setup, teardown);
}
