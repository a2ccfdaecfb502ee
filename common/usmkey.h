/*
 * usmkey — SNMPv3 password-to-key (RFC 3414 A.2; RFC 7860 for SHA-2) through net-snmp's
 * generate_Ku(), with a cache.
 *
 * Deriving a key hashes 1 MB of the repeated password: ≈ 2 ms per password per run, more
 * than the whole GET.  The master key Ku depends only on the hash and the password, so it
 * is cached in DIR/kh-<HMAC-SHA-256 of hash name and password>, mode 0600 in a 0700
 * directory.  The HMAC key is the cache's own random secret, DIR/key-secret (0600, made on
 * first use): without it a listing of the directory says nothing about the passwords.
 * A cached Ku authenticates like the password itself: it lives with the same user that
 * can already read the password from the monitoring configuration.
 */
#ifndef USMKEY_H
#define USMKEY_H

#include <stddef.h>

#define USMKEY_MAX 64

/*
 * Derives Ku for password with the digest named md ("MD5", "SHA1", "SHA224", "SHA256",
 * "SHA384", "SHA512") into ku (USMKEY_MAX bytes), length in *kulen.  cache_dir NULL uses
 * $XDG_CACHE_HOME/nines or $HOME/.cache/nines, "" disables the cache; a cache that cannot
 * be used is silently bypassed.  Passwords shorter than 8 characters are refused (RFC 3414).
 * Sets *cached to 1 when the key came from the cache.  0 or -1 with a message.
 */
int usmkey_derive(const char *md, const char *password, const char *cache_dir,
		  unsigned char *ku, size_t *kulen, int *cached, char *err, size_t errlen);

#endif
