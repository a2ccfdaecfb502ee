/* SNMPv3 password-to-key against RFC 3414 A.3's published vectors, and the key cache. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"
#include "usmkey.h"

/* RFC 3414 A.3.1 and A.3.2: password "maplesyrup". */
static const unsigned char md5_ku[16] = {
	0x9f, 0xaf, 0x32, 0x83, 0x88, 0x4e, 0x92, 0x83, 0x4e, 0xbc, 0x98, 0x47, 0xd8, 0xed, 0xd9, 0x63 };
static const unsigned char sha1_ku[20] = {
	0x9f, 0xb5, 0xcc, 0x03, 0x81, 0x49, 0x7b, 0x37, 0x93, 0x52, 0x89, 0x39, 0xff, 0x78, 0x8d, 0x5d,
	0x79, 0x14, 0x52, 0x11 };

static void test_vectors(void **state)
{
	unsigned char ku[USMKEY_MAX];
	size_t len = 0;
	int cached = -1;
	char err[256];

	(void)state;
	assert_int_equal(usmkey_derive("MD5", "maplesyrup", "", ku, &len, &cached, err, sizeof(err)), 0);
	assert_int_equal(len, 16);
	assert_memory_equal(ku, md5_ku, 16);
	assert_int_equal(cached, 0);
	assert_int_equal(usmkey_derive("SHA1", "maplesyrup", "", ku, &len, &cached, err, sizeof(err)), 0);
	assert_int_equal(len, 20);
	assert_memory_equal(ku, sha1_ku, 20);
	assert_int_equal(usmkey_derive("SHA1", "short", "", ku, &len, &cached, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "at least 8"));
}

static void test_cache(void **state)
{
	char dir[] = "/tmp/nines-keys.XXXXXX", sub[64], path[512];
	unsigned char ku[USMKEY_MAX];
	size_t len = 0;
	int cached = -1, files = 0;
	struct dirent *e;
	struct stat st;
	char err[256];
	DIR *d;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/a/b", dir);	/* missing parents are made */
	assert_int_equal(usmkey_derive("SHA1", "maplesyrup", sub, ku, &len, &cached, err, sizeof(err)), 0);
	assert_int_equal(cached, 0);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	d = opendir(sub);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		files++;
		assert_null(strstr(e->d_name, "maplesyrup"));
		snprintf(path, sizeof(path), "%s/%s", sub, e->d_name);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
	}
	closedir(d);
	assert_int_equal(files, 1);
	memset(ku, 0, sizeof(ku));
	assert_int_equal(usmkey_derive("SHA1", "maplesyrup", sub, ku, &len, &cached, err, sizeof(err)), 0);
	assert_int_equal(cached, 1);
	assert_memory_equal(ku, sha1_ku, 20);
	/* A cache file others can read is not trusted. */
	chmod(path, 0644);
	assert_int_equal(usmkey_derive("SHA1", "maplesyrup", sub, ku, &len, &cached, err, sizeof(err)), 0);
	assert_int_equal(cached, 0);
	fx_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_cache),
	};
	return cmocka_run_group_tests_name("usmkey", tests, NULL, NULL);
}
