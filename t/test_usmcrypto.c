/*
 * The USM provider against OpenSSL's default provider, loaded into a library context of
 * the test's own: every digest, HMAC and AES-CFB over lengths around block boundaries and
 * split updates, with published vectors besides; and that once installed, the process's
 * OpenSSL offers these algorithms from our provider and nothing else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#include "usmcrypto.h"

static OSSL_LIB_CTX *ref;	/* OpenSSL's default provider, for comparison */
static OSSL_PROVIDER *ref_provider;
static unsigned char data[1024];

static const struct {
	const char *name;
	const EVP_MD *(*legacy)(void);	/* how net-snmp names it */
} mds[] = {
	{ "MD5", EVP_md5 }, { "SHA1", EVP_sha1 }, { "SHA224", EVP_sha224 },
	{ "SHA256", EVP_sha256 }, { "SHA384", EVP_sha384 }, { "SHA512", EVP_sha512 },
};

static const struct {
	const char *name;
	const EVP_CIPHER *(*legacy)(void);
} cfbs[] = {
	{ "AES-128-CFB", EVP_aes_128_cfb128 },
	{ "AES-192-CFB", EVP_aes_192_cfb128 },
	{ "AES-256-CFB", EVP_aes_256_cfb128 },
};

static const size_t lengths[] = { 0, 1, 15, 16, 17, 55, 56, 63, 64, 65, 111, 112, 119, 127,
				  128, 129, 200, 1000 };

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int from_hex(const char *hex, unsigned char *out)
{
	size_t n = strlen(hex) / 2;

	for (size_t i = 0; i < n; i++) {
		unsigned int b;

		sscanf(hex + 2 * i, "%2x", &b);
		out[i] = (unsigned char)b;
	}
	return (int)n;
}

static int setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 131 + 7);
	ref = OSSL_LIB_CTX_new();
	if (ref == NULL || (ref_provider = OSSL_PROVIDER_load(ref, "default")) == NULL)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	OSSL_PROVIDER_unload(ref_provider);
	OSSL_LIB_CTX_free(ref);
	return 0;
}

static const char *provider_of_md(const char *name)
{
	EVP_MD *md = EVP_MD_fetch(NULL, name, NULL);
	const char *p = md != NULL ? OSSL_PROVIDER_get0_name(EVP_MD_get0_provider(md)) : "none";

	EVP_MD_free(md);
	return p;
}

static void test_served_by_us(void **state)
{
	char err[128];
	EVP_CIPHER *c;
	EVP_MAC *mac;
	EVP_RAND_CTX *rng;

	(void)state;
	assert_int_equal(usmcrypto_install(err, sizeof(err)), 0);	/* again: no-op */
	for (size_t i = 0; i < N(mds); i++)
		assert_string_equal(provider_of_md(mds[i].name), USMCRYPTO_PROVIDER);
	for (size_t i = 0; i < N(cfbs); i++) {
		c = EVP_CIPHER_fetch(NULL, cfbs[i].name, NULL);
		assert_non_null(c);
		assert_string_equal(OSSL_PROVIDER_get0_name(EVP_CIPHER_get0_provider(c)), USMCRYPTO_PROVIDER);
		EVP_CIPHER_free(c);
	}
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	assert_non_null(mac);
	assert_string_equal(OSSL_PROVIDER_get0_name(EVP_MAC_get0_provider(mac)), USMCRYPTO_PROVIDER);
	EVP_MAC_free(mac);
	rng = RAND_get0_public(NULL);
	assert_non_null(rng);
	assert_string_equal(EVP_RAND_get0_name(EVP_RAND_CTX_get0_rand(rng)), USMCRYPTO_RAND);
	/* The default provider is not loaded: that is where the time went. */
	assert_null(EVP_CIPHER_fetch(NULL, "AES-128-CBC", NULL));
	assert_null(EVP_MD_fetch(NULL, "SHA3-256", NULL));
	assert_null(EVP_MAC_fetch(NULL, "CMAC", NULL));
	ERR_clear_error();
}

/* Sizes as the default provider reports them, since EVP and net-snmp size buffers by them. */
static void test_constants(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(mds); i++) {
		EVP_MD *ours = EVP_MD_fetch(NULL, mds[i].name, NULL);
		EVP_MD *theirs = EVP_MD_fetch(ref, mds[i].name, NULL);

		assert_non_null(ours);
		assert_non_null(theirs);
		assert_int_equal(EVP_MD_get_size(ours), EVP_MD_get_size(theirs));
		assert_int_equal(EVP_MD_get_block_size(ours), EVP_MD_get_block_size(theirs));
		EVP_MD_free(ours);
		EVP_MD_free(theirs);
	}
	for (size_t i = 0; i < N(cfbs); i++) {
		EVP_CIPHER *ours = EVP_CIPHER_fetch(NULL, cfbs[i].name, NULL);
		EVP_CIPHER *theirs = EVP_CIPHER_fetch(ref, cfbs[i].name, NULL);

		assert_non_null(ours);
		assert_non_null(theirs);
		assert_int_equal(EVP_CIPHER_get_key_length(ours), EVP_CIPHER_get_key_length(theirs));
		assert_int_equal(EVP_CIPHER_get_iv_length(ours), EVP_CIPHER_get_iv_length(theirs));
		assert_int_equal(EVP_CIPHER_get_block_size(ours), EVP_CIPHER_get_block_size(theirs));
		assert_int_equal(EVP_CIPHER_get_mode(ours), EVP_CIPHER_get_mode(theirs));
		EVP_CIPHER_free(ours);
		EVP_CIPHER_free(theirs);
	}
}

static void digest_split(const EVP_MD *md, size_t len, size_t split, unsigned char *out,
			 unsigned int *outlen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	assert_non_null(ctx);
	assert_int_equal(EVP_DigestInit_ex(ctx, md, NULL), 1);
	assert_int_equal(EVP_DigestUpdate(ctx, data, split), 1);
	assert_int_equal(EVP_DigestUpdate(ctx, data + split, len - split), 1);
	assert_int_equal(EVP_DigestFinal_ex(ctx, out, outlen), 1);
	EVP_MD_CTX_free(ctx);
}

static void test_digests(void **state)
{
	unsigned char a[EVP_MAX_MD_SIZE], b[EVP_MAX_MD_SIZE], abc[20];
	unsigned int alen, blen;

	(void)state;
	for (size_t i = 0; i < N(mds); i++) {
		EVP_MD *theirs = EVP_MD_fetch(ref, mds[i].name, NULL);

		for (size_t l = 0; l < N(lengths); l++) {
			size_t len = lengths[l];

			assert_int_equal(EVP_Digest(data, len, b, &blen, theirs, NULL), 1);
			digest_split(mds[i].legacy(), len, len / 3, a, &alen);
			assert_int_equal(alen, blen);
			assert_memory_equal(a, b, blen);
		}
		EVP_MD_free(theirs);
	}
	/* FIPS 180-2 appendix A.1 */
	from_hex("a9993e364706816aba3e25717850c26c9cd0d89d", abc);
	assert_int_equal(EVP_Digest("abc", 3, a, &alen, EVP_sha1(), NULL), 1);
	assert_memory_equal(a, abc, 20);
}

static void test_hmac(void **state)
{
	static const size_t keylens[] = { 1, 16, 20, 64, 65, 128, 129, 200 };
	unsigned char a[EVP_MAX_MD_SIZE], b[EVP_MAX_MD_SIZE], want[20];
	unsigned int alen;
	size_t blen;

	(void)state;
	for (size_t i = 0; i < N(mds); i++) {
		for (size_t k = 0; k < N(keylens); k++) {
			for (size_t l = 0; l < N(lengths); l += 3) {
				const unsigned char *key = data + 500;

				/* HMAC() is what net-snmp calls. */
				assert_non_null(HMAC(mds[i].legacy(), key, (int)keylens[k], data,
						     lengths[l], a, &alen));
				assert_non_null(EVP_Q_mac(ref, "HMAC", NULL, mds[i].name, NULL, key,
							  keylens[k], data, lengths[l], b, sizeof(b), &blen));
				assert_int_equal(alen, blen);
				assert_memory_equal(a, b, blen);
			}
		}
	}
	/* RFC 2202 test case 2 */
	from_hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", want);
	HMAC(EVP_sha1(), "Jefe", 4, (const unsigned char *)"what do ya want for nothing?", 28, a, &alen);
	assert_memory_equal(a, want, 20);
	from_hex("750c783e6ab0b503eaa86e310a5db738", want);
	HMAC(EVP_md5(), "Jefe", 4, (const unsigned char *)"what do ya want for nothing?", 28, a, &alen);
	assert_memory_equal(a, want, 16);
}

/* Re-initialising without a key keeps the key; a new digest needs one. */
static void test_hmac_reinit(void **state)
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
	OSSL_PARAM sha256[] = { OSSL_PARAM_utf8_string("digest", "SHA256", 0), OSSL_PARAM_END };
	OSSL_PARAM bogus[] = { OSSL_PARAM_utf8_string("digest", "SHA3-256", 0), OSSL_PARAM_END };
	unsigned char a[EVP_MAX_MD_SIZE], b[EVP_MAX_MD_SIZE];
	size_t alen, blen;

	(void)state;
	assert_non_null(ctx);
	assert_int_equal(EVP_MAC_init(ctx, NULL, 0, NULL), 0);	/* no key yet */
	assert_int_equal(EVP_MAC_init(ctx, data, 32, sha256), 1);
	assert_int_equal(EVP_MAC_update(ctx, data, 100), 1);
	assert_int_equal(EVP_MAC_final(ctx, a, &alen, sizeof(a)), 1);
	assert_int_equal(alen, 32);
	assert_int_equal(EVP_MAC_init(ctx, NULL, 0, NULL), 1);
	assert_int_equal(EVP_MAC_update(ctx, data, 100), 1);
	assert_int_equal(EVP_MAC_final(ctx, b, &blen, sizeof(b)), 1);
	assert_memory_equal(a, b, 32);
	assert_int_equal(EVP_MAC_final(ctx, b, &blen, 31), 0);	/* buffer too small */
	assert_int_equal(EVP_MAC_CTX_set_params(ctx, bogus), 0);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	ERR_clear_error();
}

/* Encrypts len bytes in chunks of chunk bytes (the CFB position carries across calls). */
static void cfb_run(const EVP_CIPHER *c, int enc, const unsigned char *key, const unsigned char *iv,
		    const unsigned char *in, size_t len, size_t chunk, unsigned char *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n, total = 0;

	assert_non_null(ctx);
	assert_int_equal(EVP_CipherInit_ex(ctx, c, NULL, key, iv, enc), 1);
	for (size_t off = 0; off < len; off += chunk) {
		size_t m = len - off < chunk ? len - off : chunk;

		assert_int_equal(EVP_CipherUpdate(ctx, out + off, &n, in + off, (int)m), 1);
		total += n;
	}
	assert_int_equal(EVP_CipherFinal_ex(ctx, out + total, &n), 1);
	assert_int_equal(total + n, (int)len);
	EVP_CIPHER_CTX_free(ctx);
}

static void test_aes_cfb(void **state)
{
	static const size_t chunks[] = { 1, 5, 16, 1000 };
	unsigned char a[1024], b[1024], back[1024];
	unsigned char key[16], iv[16], pt[16], ct[16];

	(void)state;
	for (size_t i = 0; i < N(cfbs); i++) {
		EVP_CIPHER *theirs = EVP_CIPHER_fetch(ref, cfbs[i].name, NULL);

		for (size_t l = 1; l < N(lengths); l++) {	/* lengths[0] is 0 */
			size_t len = lengths[l];

			for (size_t c = 0; c < N(chunks); c++) {
				cfb_run(cfbs[i].legacy(), 1, data + 100, data + 200, data, len, chunks[c], a);
				cfb_run(theirs, 1, data + 100, data + 200, data, len, 1000, b);
				assert_memory_equal(a, b, len);
				cfb_run(cfbs[i].legacy(), 0, data + 100, data + 200, a, len, chunks[c], back);
				assert_memory_equal(back, data, len);
			}
		}
		EVP_CIPHER_free(theirs);
	}
	/* NIST SP 800-38A F.3.13, CFB128-AES128.Encrypt, first block */
	from_hex("2b7e151628aed2a6abf7158809cf4f3c", key);
	from_hex("000102030405060708090a0b0c0d0e0f", iv);
	from_hex("6bc1bee22e409f96e93d7e117393172a", pt);
	from_hex("3b3fd92eb72dad20333449f8e83cfb4a", ct);
	cfb_run(EVP_aes_128_cfb128(), 1, key, iv, pt, 16, 16, a);
	assert_memory_equal(a, ct, 16);
}

static void test_random(void **state)
{
	unsigned char a[1000], b[32], zero[32] = { 0 };

	(void)state;
	memset(a, 0, sizeof(a));
	assert_int_equal(RAND_bytes(a, sizeof(a)), 1);	/* more than one request's worth */
	assert_memory_not_equal(a + sizeof(a) - 32, zero, 32);
	assert_int_equal(RAND_bytes(b, sizeof(b)), 1);
	assert_memory_not_equal(a, b, 32);
	assert_int_equal(RAND_priv_bytes(b, sizeof(b)), 1);
	assert_memory_not_equal(b, zero, 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_served_by_us),
		cmocka_unit_test(test_constants),
		cmocka_unit_test(test_digests),
		cmocka_unit_test(test_hmac),
		cmocka_unit_test(test_hmac_reinit),
		cmocka_unit_test(test_aes_cfb),
		cmocka_unit_test(test_random),
	};
	char err[128];

	/* As in a plugin: before anything else in the process uses OpenSSL. */
	if (usmcrypto_install(err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	return cmocka_run_group_tests_name("usmcrypto", tests, setup, teardown);
}
