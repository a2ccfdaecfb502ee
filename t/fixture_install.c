#include "fixture_install.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fixture.h"

static char out[16384];

/* Through env(1): a test run from `make check` must not hand its make's jobserver (whose
 * pipe it does not hold) to this one. */
static int run_make(const char *target, const char *prefix, const char *destdir)
{
	char dest[300], pre[300], o[300];
	const char *src = getenv("NINES_SRC"), *build = getenv("NINES_BUILD");
	int rc;

	if (src == NULL || build == NULL)
		return -1;
	snprintf(dest, sizeof(dest), "DESTDIR=%s", destdir);
	snprintf(pre, sizeof(pre), "PREFIX=%s", prefix);
	snprintf(o, sizeof(o), "O=%s", build);
	char *const argv[] = { "/usr/bin/env", "-u", "MAKEFLAGS", "-u", "MFLAGS", "-u", "MAKELEVEL",
			       "make", "--no-print-directory", "-C", (char *)src, (char *)o,
			       (char *)target, dest, pre, NULL };
	rc = fx_run(argv, NULL, out, sizeof(out));
	if (rc != 0) {
		fprintf(stderr, "make %s %s %s: status %d\n%s", target, dest, pre, rc, out);
		return -1;
	}
	return 0;
}

int fx_install(const char *prefix, char *destdir, size_t len)
{
	snprintf(destdir, len, "/tmp/nines-install.XXXXXX");
	if (mkdtemp(destdir) == NULL)
		return -1;
	return run_make("install", prefix, destdir);
}

int fx_uninstall(const char *prefix, const char *destdir)
{
	return run_make("uninstall", prefix, destdir);
}
