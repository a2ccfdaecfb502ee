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
#include <unistd.h>

#include <openssl/sha.h>

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

/* The one key file in dir (not the secret): its name into name, or fails the test. */
static void key_file(const char *dir, char *name, size_t len)
{
	struct dirent *e;
	int files = 0;
	DIR *d = opendir(dir);

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "key-secret") == 0)
			continue;
		files++;
		snprintf(name, len, "%s", e->d_name);
	}
	closedir(d);
	assert_int_equal(files, 1);
}

static void test_cache(void **state)
{
	char dir[] = "/tmp/nines-keys.XXXXXX", sub[64], path[512], name[256];
	unsigned char ku[USMKEY_MAX];
	size_t len = 0;
	int cached = -1;
	struct stat st;
	char err[256];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/a/b", dir);	/* missing parents are made */
	assert_int_equal(usmkey_derive("SHA1", "maplesyrup", sub, ku, &len, &cached, err, sizeof(err)), 0);
	assert_int_equal(cached, 0);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	key_file(sub, name, sizeof(name));
	assert_null(strstr(name, "maplesyrup"));
	snprintf(path, sizeof(path), "%s/%s", sub, name);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
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

/*
 * Cache names are keyed by a secret of each cache (0600): the same password gets different
 * names in two caches, none of them a plain SHA-256 that a guess list could be checked
 * against, and names of the unkeyed kind a cache may still hold are removed.
 */
static void test_cache_names(void **state)
{
	char dir[] = "/tmp/nines-keys.XXXXXX", a[64], b[64], path[512], na[256], nb[256];
	char hex[2 * SHA256_DIGEST_LENGTH + 1], old[512];
	unsigned char ku[USMKEY_MAX], h[SHA256_DIGEST_LENGTH];
	/* The password alone, and as the first cache hashed it. */
	static const struct { const char *msg; size_t len; } plain[] = {
		{ "maplesyrup", 10 }, { "nines-ku-1\0SHA1\0maplesyrup", 26 },
	};
	size_t len = 0;
	int cached = -1;
	struct stat st;
	char err[256];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	assert_int_equal(mkdir(a, 0700), 0);
	/* A name from the first cache, a plain SHA-256 of the password. */
	snprintf(old, sizeof(old), "%s/ku-%064d", a, 0);
	assert_non_null(f = fopen(old, "w"));
	fclose(f);
	assert_int_equal(usmkey_derive("SHA1", "maplesyrup", a, ku, &len, &cached, err, sizeof(err)), 0);
	assert_int_equal(usmkey_derive("SHA1", "maplesyrup", b, ku, &len, &cached, err, sizeof(err)), 0);
	assert_int_equal(access(old, F_OK), -1);
	key_file(a, na, sizeof(na));
	key_file(b, nb, sizeof(nb));
	assert_string_not_equal(na, nb);
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		SHA256((const unsigned char *)plain[i].msg, plain[i].len, h);
		for (size_t j = 0; j < sizeof(h); j++)
			snprintf(hex + 2 * j, 3, "%02x", h[j]);
		assert_null(strstr(na, hex));
		assert_null(strstr(nb, hex));
	}
	snprintf(path, sizeof(path), "%s/key-secret", a);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	/* A secret others can read is not trusted: no cache rather than a guessable one. */
	chmod(path, 0640);
	assert_int_equal(usmkey_derive("SHA1", "maplesyrup", a, ku, &len, &cached, err, sizeof(err)), 0);
	assert_int_equal(cached, 0);
	assert_memory_equal(ku, sha1_ku, 20);
	fx_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_cache_names),
	};
	return cmocka_run_group_tests_name("usmkey", tests, NULL, NULL);
}
