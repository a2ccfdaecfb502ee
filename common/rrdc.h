/*
 * rrdc — a small client for rrdcached's text protocol (see rrdcached(1)), so that writers
 * need not link librrd and readers can FLUSH before reading a file directly.
 *
 * Addresses as rrdcached and librrd take them: "unix:/path", "/path", "host", "host:port",
 * "[v6addr]:port"; the default port is 42217.
 */
#ifndef RRDC_H
#define RRDC_H

#include <stddef.h>

struct rrdc;

/* Connects within timeout seconds.  Returns a new connection; caller closes with rrdc_close(). */
struct rrdc *rrdc_connect(const char *addr, double timeout, char *err, size_t errlen);
void rrdc_close(struct rrdc *c);

/*
 * Sends one command line (no trailing newline) and reads the whole reply.  Returns the
 * status number rrdcached put first (>= 0 success, < 0 failure, reply text in msg), or
 * RRDC_EIO with a message when the connection failed or timed out.
 */
#define RRDC_EIO (-1000)
int rrdc_command(struct rrdc *c, const char *line, char *msg, size_t msglen);

/*
 * Writes path as one protocol word: rrdcached splits commands at spaces and takes a
 * backslash as an escape, the way librrd's own client quotes file names.  -1 when it does
 * not fit or holds a line break (which cannot be sent at all).
 */
int rrdc_quote_path(const char *path, char *out, size_t outlen);

/* Convenience: connect, "FLUSH file", close.  0 or -1 with a message. */
int rrdc_flush(const char *addr, const char *file, double timeout, char *err, size_t errlen);

#endif
