/*
 * Why a provider of our own: OpenSSL 3.0 builds, on the first fetch of each kind of
 * algorithm, the method of every algorithm of that kind its providers offer (≈ 150 ciphers
 * for one AES-CFB, ≈ 30 digests for one SHA-1), and its random generator's first use builds
 * the cipher table once more through CTR-DRBG.  A check is a new process every time, so an
 * SNMPv3 check paid that on every run: about half of its instructions, and the page faults
 * of every heap page those tables fill.  This provider offers just what USM uses.
 *
 * The arithmetic is OpenSSL's own: its MD5/SHA and AES block functions, which 3.0 marks
 * deprecated for applications in favour of EVP but still exports; EVP is what is being
 * avoided here.  On top of them: the HMAC construction (RFC 2104), AES in 128-bit CFB
 * (RFC 3826) and a random generator that reads getrandom(2).  t/test_usmcrypto.c checks
 * every algorithm against OpenSSL's default provider.
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include "usmcrypto.h"

#include <errno.h>
#include <openssl/aes.h>
#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/md5.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#define PROPERTIES "provider=" USMCRYPTO_PROVIDER
#define FN(f) ((void (*)(void))(f))

/* 1 when one of the ':'-separated names in names is name (OpenSSL compares without case). */
static int has_name(const char *names, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = names; p != NULL; p = strchr(p, ':')) {
		if (*p == ':')
			p++;
		if (strncasecmp(p, name, len) == 0 && (p[len] == ':' || p[len] == '\0'))
			return 1;
	}
	return 0;
}

/* Contexts hold keys and hash states: wiped before they are freed. */
static void ctx_free(void *c, size_t size)
{
	if (c != NULL)
		OPENSSL_cleanse(c, size);
	free(c);
}

/* Returns a copy of c; freed with ctx_free(). */
static void *ctx_dup(const void *c, size_t size)
{
	void *d = malloc(size);

	if (d != NULL)
		memcpy(d, c, size);
	return d;
}

/* --- digests --------------------------------------------------------------------------- */

union md_state {
	MD5_CTX md5;
	SHA_CTX sha1;
	SHA256_CTX sha256;
	SHA512_CTX sha512;
};

struct md_alg {
	const char *names;	/* as OpenSSL's default provider names them */
	size_t size, block;
	int (*init)(union md_state *);
	int (*update)(union md_state *, const void *, size_t);
	int (*final)(unsigned char *, union md_state *);
};

#define MD_WRAP(id, member, INIT, UPDATE, FINAL)                                             \
	static int id##_init(union md_state *s) { return INIT(&s->member); }                 \
	static int id##_update(union md_state *s, const void *d, size_t n)                    \
	{                                                                                     \
		return UPDATE(&s->member, d, n);                                              \
	}                                                                                     \
	static int id##_final(unsigned char *md, union md_state *s) { return FINAL(md, &s->member); }

MD_WRAP(md5, md5, MD5_Init, MD5_Update, MD5_Final)
MD_WRAP(sha1, sha1, SHA1_Init, SHA1_Update, SHA1_Final)
MD_WRAP(sha224, sha256, SHA224_Init, SHA224_Update, SHA224_Final)
MD_WRAP(sha256, sha256, SHA256_Init, SHA256_Update, SHA256_Final)
MD_WRAP(sha384, sha512, SHA384_Init, SHA384_Update, SHA384_Final)
MD_WRAP(sha512, sha512, SHA512_Init, SHA512_Update, SHA512_Final)

#define MD_ALG(id, names, size, block) { names, size, block, id##_init, id##_update, id##_final }

enum { MD_MD5, MD_SHA1, MD_SHA224, MD_SHA256, MD_SHA384, MD_SHA512, MD_COUNT };

static const struct md_alg md_algs[MD_COUNT] = {
	[MD_MD5] = MD_ALG(md5, "MD5:SSL3-MD5:1.2.840.113549.2.5", 16, 64),
	[MD_SHA1] = MD_ALG(sha1, "SHA1:SHA-1:SSL3-SHA1:1.3.14.3.2.26", 20, 64),
	[MD_SHA224] = MD_ALG(sha224, "SHA2-224:SHA-224:SHA224:2.16.840.1.101.3.4.2.4", 28, 64),
	[MD_SHA256] = MD_ALG(sha256, "SHA2-256:SHA-256:SHA256:2.16.840.1.101.3.4.2.1", 32, 64),
	[MD_SHA384] = MD_ALG(sha384, "SHA2-384:SHA-384:SHA384:2.16.840.1.101.3.4.2.2", 48, 128),
	[MD_SHA512] = MD_ALG(sha512, "SHA2-512:SHA-512:SHA512:2.16.840.1.101.3.4.2.3", 64, 128),
};

#define MD_BLOCK_MAX 128

struct md_ctx {
	const struct md_alg *alg;
	union md_state st;
};

static const struct md_alg *md_by_name(const char *name)
{
	for (size_t i = 0; i < MD_COUNT; i++)
		if (has_name(md_algs[i].names, name))
			return &md_algs[i];
	return NULL;
}

/* Returns a new digest context; the core frees it with md_freectx(). */
static void *md_newctx(const struct md_alg *alg)
{
	struct md_ctx *c = calloc(1, sizeof(*c));

	if (c != NULL)
		c->alg = alg;
	return c;
}

static void md_freectx(void *vc)
{
	ctx_free(vc, sizeof(struct md_ctx));
}

static void *md_dupctx(void *vc)
{
	return ctx_dup(vc, sizeof(struct md_ctx));
}

static int md_init(void *vc, const OSSL_PARAM params[])
{
	struct md_ctx *c = vc;

	(void)params;
	return c->alg->init(&c->st);
}

static int md_update(void *vc, const unsigned char *in, size_t len)
{
	struct md_ctx *c = vc;

	return c->alg->update(&c->st, in, len);
}

static int md_final(void *vc, unsigned char *out, size_t *outl, size_t outsz)
{
	struct md_ctx *c = vc;

	if (outsz < c->alg->size || !c->alg->final(out, &c->st))
		return 0;
	*outl = c->alg->size;
	return 1;
}

static int md_get_params(const struct md_alg *alg, OSSL_PARAM params[])
{
	OSSL_PARAM *p;

	if ((p = OSSL_PARAM_locate(params, OSSL_DIGEST_PARAM_SIZE)) != NULL &&
	    !OSSL_PARAM_set_size_t(p, alg->size))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_DIGEST_PARAM_BLOCK_SIZE)) != NULL &&
	    !OSSL_PARAM_set_size_t(p, alg->block))
		return 0;
	return 1;
}

static const OSSL_PARAM *md_gettable_params(void *provctx)
{
	static const OSSL_PARAM table[] = {
		OSSL_PARAM_size_t(OSSL_DIGEST_PARAM_SIZE, NULL),
		OSSL_PARAM_size_t(OSSL_DIGEST_PARAM_BLOCK_SIZE, NULL),
		OSSL_PARAM_END,
	};

	(void)provctx;
	return table;
}

/* The core tells algorithms apart only by their dispatch tables: one pair of entry points each. */
#define MD_DISPATCH(id, ID)                                                                   \
	static void *id##_newctx(void *provctx)                                               \
	{                                                                                     \
		(void)provctx;                                                                \
		return md_newctx(&md_algs[ID]);                                               \
	}                                                                                     \
	static int id##_get_params(OSSL_PARAM params[])                                       \
	{                                                                                     \
		return md_get_params(&md_algs[ID], params);                                   \
	}                                                                                     \
	static const OSSL_DISPATCH id##_functions[] = {                                       \
		{ OSSL_FUNC_DIGEST_NEWCTX, FN(id##_newctx) },                                 \
		{ OSSL_FUNC_DIGEST_FREECTX, FN(md_freectx) },                                 \
		{ OSSL_FUNC_DIGEST_DUPCTX, FN(md_dupctx) },                                   \
		{ OSSL_FUNC_DIGEST_INIT, FN(md_init) },                                       \
		{ OSSL_FUNC_DIGEST_UPDATE, FN(md_update) },                                   \
		{ OSSL_FUNC_DIGEST_FINAL, FN(md_final) },                                     \
		{ OSSL_FUNC_DIGEST_GET_PARAMS, FN(id##_get_params) },                         \
		{ OSSL_FUNC_DIGEST_GETTABLE_PARAMS, FN(md_gettable_params) },                 \
		{ 0, NULL },                                                                  \
	};

MD_DISPATCH(md5, MD_MD5)
MD_DISPATCH(sha1, MD_SHA1)
MD_DISPATCH(sha224, MD_SHA224)
MD_DISPATCH(sha256, MD_SHA256)
MD_DISPATCH(sha384, MD_SHA384)
MD_DISPATCH(sha512, MD_SHA512)

/* --- HMAC (RFC 2104) ------------------------------------------------------------------- */

struct hmac_ctx {
	const struct md_alg *alg;
	union md_state inner, outer, keyed_inner, keyed_outer;
	int keyed;
};

/* Returns a new HMAC context (SHA-1 until a digest is set); freed with hmac_freectx(). */
static void *hmac_newctx(void *provctx)
{
	struct hmac_ctx *c = calloc(1, sizeof(*c));

	(void)provctx;
	if (c != NULL)
		c->alg = &md_algs[MD_SHA1];
	return c;
}

static void hmac_freectx(void *vc)
{
	ctx_free(vc, sizeof(struct hmac_ctx));
}

static void *hmac_dupctx(void *vc)
{
	return ctx_dup(vc, sizeof(struct hmac_ctx));
}

/* The keyed states H(K0 ^ ipad) and H(K0 ^ opad), kept so that a re-init needs no key. */
static int hmac_set_key(struct hmac_ctx *c, const unsigned char *key, size_t keylen)
{
	const struct md_alg *a = c->alg;
	unsigned char k0[MD_BLOCK_MAX] = { 0 }, pad[MD_BLOCK_MAX];
	union md_state st;
	int ok = 1;

	if (keylen > a->block) {
		ok = a->init(&st) && a->update(&st, key, keylen) && a->final(k0, &st);
	} else if (keylen > 0) {
		memcpy(k0, key, keylen);
	}
	for (size_t i = 0; i < a->block; i++)
		pad[i] = k0[i] ^ 0x36;
	ok = ok && a->init(&c->keyed_inner) && a->update(&c->keyed_inner, pad, a->block);
	for (size_t i = 0; i < a->block; i++)
		pad[i] = k0[i] ^ 0x5c;
	ok = ok && a->init(&c->keyed_outer) && a->update(&c->keyed_outer, pad, a->block);
	OPENSSL_cleanse(k0, sizeof(k0));
	OPENSSL_cleanse(pad, sizeof(pad));
	OPENSSL_cleanse(&st, sizeof(st));
	c->keyed = ok;
	return ok;
}

static int hmac_set_ctx_params(void *vc, const OSSL_PARAM params[])
{
	struct hmac_ctx *c = vc;
	const OSSL_PARAM *p;
	const char *name = NULL;
	const struct md_alg *a;

	if (params == NULL || (p = OSSL_PARAM_locate_const(params, OSSL_MAC_PARAM_DIGEST)) == NULL)
		return 1;
	if (!OSSL_PARAM_get_utf8_string_ptr(p, &name) || (a = md_by_name(name)) == NULL)
		return 0;
	if (a != c->alg) {
		c->alg = a;
		c->keyed = 0;	/* the keyed states belong to the old digest */
	}
	return 1;
}

static const OSSL_PARAM *hmac_settable_ctx_params(void *vc, void *provctx)
{
	static const OSSL_PARAM table[] = {
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_DIGEST, NULL, 0),
		OSSL_PARAM_END,
	};

	(void)vc;
	(void)provctx;
	return table;
}

static int hmac_get_ctx_params(void *vc, OSSL_PARAM params[])
{
	struct hmac_ctx *c = vc;
	OSSL_PARAM *p;

	if ((p = OSSL_PARAM_locate(params, OSSL_MAC_PARAM_SIZE)) != NULL &&
	    !OSSL_PARAM_set_size_t(p, c->alg->size))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_MAC_PARAM_BLOCK_SIZE)) != NULL &&
	    !OSSL_PARAM_set_size_t(p, c->alg->block))
		return 0;
	return 1;
}

static const OSSL_PARAM *hmac_gettable_ctx_params(void *vc, void *provctx)
{
	static const OSSL_PARAM table[] = {
		OSSL_PARAM_size_t(OSSL_MAC_PARAM_SIZE, NULL),
		OSSL_PARAM_size_t(OSSL_MAC_PARAM_BLOCK_SIZE, NULL),
		OSSL_PARAM_END,
	};

	(void)vc;
	(void)provctx;
	return table;
}

/* A NULL key keeps the previous one (EVP_MAC_init semantics). */
static int hmac_init(void *vc, const unsigned char *key, size_t keylen, const OSSL_PARAM params[])
{
	struct hmac_ctx *c = vc;

	if (!hmac_set_ctx_params(c, params))
		return 0;
	if (key != NULL && !hmac_set_key(c, key, keylen))
		return 0;
	if (!c->keyed)
		return 0;
	c->inner = c->keyed_inner;
	c->outer = c->keyed_outer;
	return 1;
}

static int hmac_update(void *vc, const unsigned char *in, size_t len)
{
	struct hmac_ctx *c = vc;

	return c->keyed && c->alg->update(&c->inner, in, len);
}

static int hmac_final(void *vc, unsigned char *out, size_t *outl, size_t outsize)
{
	struct hmac_ctx *c = vc;
	unsigned char h[MD_BLOCK_MAX];
	int ok;

	if (!c->keyed || outsize < c->alg->size)
		return 0;
	ok = c->alg->final(h, &c->inner) && c->alg->update(&c->outer, h, c->alg->size) &&
	     c->alg->final(out, &c->outer);
	OPENSSL_cleanse(h, sizeof(h));
	if (ok)
		*outl = c->alg->size;
	return ok;
}

static const OSSL_DISPATCH hmac_functions[] = {
	{ OSSL_FUNC_MAC_NEWCTX, FN(hmac_newctx) },
	{ OSSL_FUNC_MAC_FREECTX, FN(hmac_freectx) },
	{ OSSL_FUNC_MAC_DUPCTX, FN(hmac_dupctx) },
	{ OSSL_FUNC_MAC_INIT, FN(hmac_init) },
	{ OSSL_FUNC_MAC_UPDATE, FN(hmac_update) },
	{ OSSL_FUNC_MAC_FINAL, FN(hmac_final) },
	{ OSSL_FUNC_MAC_GET_CTX_PARAMS, FN(hmac_get_ctx_params) },
	{ OSSL_FUNC_MAC_GETTABLE_CTX_PARAMS, FN(hmac_gettable_ctx_params) },
	{ OSSL_FUNC_MAC_SET_CTX_PARAMS, FN(hmac_set_ctx_params) },
	{ OSSL_FUNC_MAC_SETTABLE_CTX_PARAMS, FN(hmac_settable_ctx_params) },
	{ 0, NULL },
};

/* --- AES in 128-bit CFB mode ------------------------------------------------------------- */

struct cfb_ctx {
	size_t keylen;
	AES_KEY ks;
	unsigned char iv[AES_BLOCK_SIZE];
	int num, enc, keyset;
};

/* Returns a new cipher context; the core frees it with cfb_freectx(). */
static void *cfb_newctx(size_t keylen)
{
	struct cfb_ctx *c = calloc(1, sizeof(*c));

	if (c != NULL)
		c->keylen = keylen;
	return c;
}

static void cfb_freectx(void *vc)
{
	ctx_free(vc, sizeof(struct cfb_ctx));
}

static void *cfb_dupctx(void *vc)
{
	return ctx_dup(vc, sizeof(struct cfb_ctx));
}

/* CFB runs the block cipher forwards in both directions: one key schedule serves both. */
static int cfb_init(struct cfb_ctx *c, int enc, const unsigned char *key, size_t keylen,
		    const unsigned char *iv, size_t ivlen)
{
	c->enc = enc;
	if (key != NULL) {
		if (keylen != c->keylen || AES_set_encrypt_key(key, (int)(keylen * 8), &c->ks) != 0)
			return 0;
		c->keyset = 1;
	}
	if (iv != NULL) {
		if (ivlen != AES_BLOCK_SIZE)
			return 0;
		memcpy(c->iv, iv, AES_BLOCK_SIZE);
		c->num = 0;
	}
	return 1;
}

static int cfb_einit(void *vc, const unsigned char *key, size_t keylen, const unsigned char *iv,
		     size_t ivlen, const OSSL_PARAM params[])
{
	(void)params;
	return cfb_init(vc, 1, key, keylen, iv, ivlen);
}

static int cfb_dinit(void *vc, const unsigned char *key, size_t keylen, const unsigned char *iv,
		     size_t ivlen, const OSSL_PARAM params[])
{
	(void)params;
	return cfb_init(vc, 0, key, keylen, iv, ivlen);
}

static int cfb_update(void *vc, unsigned char *out, size_t *outl, size_t outsize,
		      const unsigned char *in, size_t inl)
{
	struct cfb_ctx *c = vc;

	if (!c->keyset || outsize < inl)
		return 0;
	AES_cfb128_encrypt(in, out, inl, &c->ks, c->iv, &c->num, c->enc ? AES_ENCRYPT : AES_DECRYPT);
	*outl = inl;
	return 1;
}

static int cfb_final(void *vc, unsigned char *out, size_t *outl, size_t outsize)
{
	struct cfb_ctx *c = vc;

	(void)out;
	(void)outsize;
	*outl = 0;
	return c->keyset;
}

static int cfb_params(OSSL_PARAM params[], size_t keylen)
{
	OSSL_PARAM *p;

	if ((p = OSSL_PARAM_locate(params, OSSL_CIPHER_PARAM_KEYLEN)) != NULL &&
	    !OSSL_PARAM_set_size_t(p, keylen))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_CIPHER_PARAM_IVLEN)) != NULL &&
	    !OSSL_PARAM_set_size_t(p, AES_BLOCK_SIZE))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_CIPHER_PARAM_BLOCK_SIZE)) != NULL &&
	    !OSSL_PARAM_set_size_t(p, 1))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_CIPHER_PARAM_MODE)) != NULL &&
	    !OSSL_PARAM_set_uint(p, EVP_CIPH_CFB_MODE))
		return 0;
	return 1;
}

static const OSSL_PARAM *cfb_gettable_params(void *provctx)
{
	static const OSSL_PARAM table[] = {
		OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_KEYLEN, NULL),
		OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_IVLEN, NULL),
		OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_BLOCK_SIZE, NULL),
		OSSL_PARAM_uint(OSSL_CIPHER_PARAM_MODE, NULL),
		OSSL_PARAM_END,
	};

	(void)provctx;
	return table;
}

static int cfb_get_ctx_params(void *vc, OSSL_PARAM params[])
{
	struct cfb_ctx *c = vc;

	return cfb_params(params, c->keylen);
}

static const OSSL_PARAM *cfb_gettable_ctx_params(void *vc, void *provctx)
{
	(void)vc;
	return cfb_gettable_params(provctx);
}

/* Nothing is settable; like OpenSSL's providers, parameters it does not know are ignored. */
static int cfb_set_ctx_params(void *vc, const OSSL_PARAM params[])
{
	(void)vc;
	(void)params;
	return 1;
}

#define CFB_DISPATCH(bits)                                                                    \
	static void *aes##bits##_newctx(void *provctx)                                        \
	{                                                                                     \
		(void)provctx;                                                                \
		return cfb_newctx((bits) / 8);                                                \
	}                                                                                     \
	static int aes##bits##_get_params(OSSL_PARAM params[])                                \
	{                                                                                     \
		return cfb_params(params, (bits) / 8);                                        \
	}                                                                                     \
	static const OSSL_DISPATCH aes##bits##_functions[] = {                                \
		{ OSSL_FUNC_CIPHER_NEWCTX, FN(aes##bits##_newctx) },                          \
		{ OSSL_FUNC_CIPHER_FREECTX, FN(cfb_freectx) },                                \
		{ OSSL_FUNC_CIPHER_DUPCTX, FN(cfb_dupctx) },                                  \
		{ OSSL_FUNC_CIPHER_ENCRYPT_INIT, FN(cfb_einit) },                             \
		{ OSSL_FUNC_CIPHER_DECRYPT_INIT, FN(cfb_dinit) },                             \
		{ OSSL_FUNC_CIPHER_UPDATE, FN(cfb_update) },                                  \
		{ OSSL_FUNC_CIPHER_FINAL, FN(cfb_final) },                                    \
		{ OSSL_FUNC_CIPHER_GET_PARAMS, FN(aes##bits##_get_params) },                  \
		{ OSSL_FUNC_CIPHER_GETTABLE_PARAMS, FN(cfb_gettable_params) },                \
		{ OSSL_FUNC_CIPHER_GET_CTX_PARAMS, FN(cfb_get_ctx_params) },                  \
		{ OSSL_FUNC_CIPHER_GETTABLE_CTX_PARAMS, FN(cfb_gettable_ctx_params) },        \
		{ OSSL_FUNC_CIPHER_SET_CTX_PARAMS, FN(cfb_set_ctx_params) },                  \
		{ 0, NULL },                                                                  \
	};

CFB_DISPATCH(128)
CFB_DISPATCH(192)
CFB_DISPATCH(256)

/* --- random bytes from the kernel -------------------------------------------------------- */

/*
 * USM needs random bytes only for the privacy salt.  The kernel's generator is a CSPRNG
 * with no state in this process, so there is nothing to seed, reseed or lock, and a forked
 * child cannot repeat its parent's output.
 */
#define RNG_MAX_REQUEST 256	/* getrandom(2) never returns short below 257 bytes */

struct rng_ctx {
	int state;
};

/* Returns a new generator; the core frees it with rng_freectx().  A parent is not needed. */
static void *rng_newctx(void *provctx, void *parent, const OSSL_DISPATCH *parent_dispatch)
{
	struct rng_ctx *c = calloc(1, sizeof(*c));

	(void)provctx;
	(void)parent;
	(void)parent_dispatch;
	if (c != NULL)
		c->state = EVP_RAND_STATE_UNINITIALISED;
	return c;
}

static void rng_freectx(void *vc)
{
	free(vc);
}

static int rng_instantiate(void *vc, unsigned int strength, int prediction_resistance,
			   const unsigned char *pstr, size_t pstr_len, const OSSL_PARAM params[])
{
	struct rng_ctx *c = vc;

	(void)strength;
	(void)prediction_resistance;
	(void)pstr;
	(void)pstr_len;
	(void)params;
	c->state = EVP_RAND_STATE_READY;
	return 1;
}

static int rng_uninstantiate(void *vc)
{
	struct rng_ctx *c = vc;

	c->state = EVP_RAND_STATE_UNINITIALISED;
	return 1;
}

static int rng_generate(void *vc, unsigned char *out, size_t outlen, unsigned int strength,
			int prediction_resistance, const unsigned char *addin, size_t addin_len)
{
	struct rng_ctx *c = vc;

	(void)strength;
	(void)prediction_resistance;
	(void)addin;
	(void)addin_len;
	if (c->state != EVP_RAND_STATE_READY)
		return 0;
	while (outlen > 0) {
		ssize_t n = getrandom(out, outlen, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			c->state = EVP_RAND_STATE_ERROR;
			return 0;
		}
		out += n;
		outlen -= (size_t)n;
	}
	return 1;
}

static int rng_enable_locking(void *vc)
{
	(void)vc;
	return 1;
}

/* Each call is one system call on no shared state: the lock the core asks for is empty. */
static int rng_lock(void *vc)
{
	(void)vc;
	return 1;
}

static void rng_unlock(void *vc)
{
	(void)vc;
}

static int rng_get_ctx_params(void *vc, OSSL_PARAM params[])
{
	struct rng_ctx *c = vc;
	OSSL_PARAM *p;

	if ((p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_STATE)) != NULL &&
	    !OSSL_PARAM_set_int(p, c->state))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_STRENGTH)) != NULL &&
	    !OSSL_PARAM_set_uint(p, 256))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_MAX_REQUEST)) != NULL &&
	    !OSSL_PARAM_set_size_t(p, RNG_MAX_REQUEST))
		return 0;
	return 1;
}

static const OSSL_PARAM *rng_gettable_ctx_params(void *vc, void *provctx)
{
	static const OSSL_PARAM table[] = {
		OSSL_PARAM_int(OSSL_RAND_PARAM_STATE, NULL),
		OSSL_PARAM_uint(OSSL_RAND_PARAM_STRENGTH, NULL),
		OSSL_PARAM_size_t(OSSL_RAND_PARAM_MAX_REQUEST, NULL),
		OSSL_PARAM_END,
	};

	(void)vc;
	(void)provctx;
	return table;
}

static const OSSL_DISPATCH rng_functions[] = {
	{ OSSL_FUNC_RAND_NEWCTX, FN(rng_newctx) },
	{ OSSL_FUNC_RAND_FREECTX, FN(rng_freectx) },
	{ OSSL_FUNC_RAND_INSTANTIATE, FN(rng_instantiate) },
	{ OSSL_FUNC_RAND_UNINSTANTIATE, FN(rng_uninstantiate) },
	{ OSSL_FUNC_RAND_GENERATE, FN(rng_generate) },
	{ OSSL_FUNC_RAND_ENABLE_LOCKING, FN(rng_enable_locking) },
	{ OSSL_FUNC_RAND_LOCK, FN(rng_lock) },
	{ OSSL_FUNC_RAND_UNLOCK, FN(rng_unlock) },
	{ OSSL_FUNC_RAND_GET_CTX_PARAMS, FN(rng_get_ctx_params) },
	{ OSSL_FUNC_RAND_GETTABLE_CTX_PARAMS, FN(rng_gettable_ctx_params) },
	{ 0, NULL },
};

/* --- the provider -------------------------------------------------------------------- */

static const OSSL_ALGORITHM digests[] = {
	{ md_algs[MD_MD5].names, PROPERTIES, md5_functions, NULL },
	{ md_algs[MD_SHA1].names, PROPERTIES, sha1_functions, NULL },
	{ md_algs[MD_SHA224].names, PROPERTIES, sha224_functions, NULL },
	{ md_algs[MD_SHA256].names, PROPERTIES, sha256_functions, NULL },
	{ md_algs[MD_SHA384].names, PROPERTIES, sha384_functions, NULL },
	{ md_algs[MD_SHA512].names, PROPERTIES, sha512_functions, NULL },
	{ NULL, NULL, NULL, NULL },
};

static const OSSL_ALGORITHM ciphers[] = {
	{ "AES-128-CFB:2.16.840.1.101.3.4.1.4", PROPERTIES, aes128_functions, NULL },
	{ "AES-192-CFB:2.16.840.1.101.3.4.1.24", PROPERTIES, aes192_functions, NULL },
	{ "AES-256-CFB:2.16.840.1.101.3.4.1.44", PROPERTIES, aes256_functions, NULL },
	{ NULL, NULL, NULL, NULL },
};

static const OSSL_ALGORITHM macs[] = {
	{ "HMAC", PROPERTIES, hmac_functions, NULL },
	{ NULL, NULL, NULL, NULL },
};

static const OSSL_ALGORITHM rands[] = {
	{ USMCRYPTO_RAND, PROPERTIES, rng_functions, NULL },
	{ NULL, NULL, NULL, NULL },
};

static const OSSL_ALGORITHM *usm_query(void *provctx, int operation, int *no_cache)
{
	(void)provctx;
	*no_cache = 0;
	switch (operation) {
	case OSSL_OP_DIGEST: return digests;
	case OSSL_OP_CIPHER: return ciphers;
	case OSSL_OP_MAC: return macs;
	case OSSL_OP_RAND: return rands;
	default: return NULL;
	}
}

static const OSSL_DISPATCH usm_dispatch[] = {
	{ OSSL_FUNC_PROVIDER_QUERY_OPERATION, FN(usm_query) },
	{ 0, NULL },
};

static int usm_init(const OSSL_CORE_HANDLE *handle, const OSSL_DISPATCH *in,
		    const OSSL_DISPATCH **out, void **provctx)
{
	(void)handle;
	(void)in;
	*out = usm_dispatch;
	*provctx = NULL;
	return 1;
}

int usmcrypto_install(char *err, size_t errlen)
{
	static int done;
	/* Held for the life of the process; volatile, so that the reference is really kept. */
	static OSSL_PROVIDER *volatile loaded;

	if (done != 0) {
		if (done < 0)
			snprintf(err, errlen, "cannot load the OpenSSL provider " USMCRYPTO_PROVIDER);
		return done > 0 ? 0 : -1;
	}
	done = -1;
	/* Once a provider is loaded explicitly, OpenSSL no longer loads its default one on first use. */
	if (OSSL_PROVIDER_add_builtin(NULL, USMCRYPTO_PROVIDER, usm_init) != 1 ||
	    (loaded = OSSL_PROVIDER_load(NULL, USMCRYPTO_PROVIDER)) == NULL) {
		snprintf(err, errlen, "cannot load the OpenSSL provider " USMCRYPTO_PROVIDER);
		return -1;
	}
	/*
	 * This fails only when random bytes were drawn before: the generator OpenSSL made
	 * then (from its default provider, loaded for it) goes on serving them.
	 */
	(void)RAND_set_DRBG_type(NULL, USMCRYPTO_RAND, NULL, NULL, NULL);
	done = 1;
	return 0;
}
