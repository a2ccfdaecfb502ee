/*
 * usmcrypto — the OpenSSL algorithms an SNMPv3 check uses, and no others.
 *
 * usmcrypto_install() loads a provider into the process's OpenSSL that offers MD5, SHA-1,
 * SHA-2, HMAC, AES-128/192/256 in CFB mode and random bytes from getrandom(2), and with it
 * loaded OpenSSL's default provider is not: a v3 check then no longer builds the method of
 * every algorithm OpenSSL knows on each first use (about half of its instructions).
 * Call it once, before anything in the process uses OpenSSL.  0, or -1 with a message;
 * on -1 OpenSSL works as it does without it.
 */
#ifndef USMCRYPTO_H
#define USMCRYPTO_H

#include <stddef.h>

#define USMCRYPTO_PROVIDER "nines-usm"
#define USMCRYPTO_RAND "NINES-GETRANDOM"	/* the random generator's algorithm name */

int usmcrypto_install(char *err, size_t errlen);

#endif
