/*
 * rrdcached — a small client for rrdcached's text protocol (see rrdcached(1)), so that writers
 * need not link librrd and readers can FLUSH before reading a file directly.
 * Its prefix is rrdcached_, not librrd's rrdc_: sla-report links librrd, whose own
 * rrdc_connect() and rrdc_flush() a same-named function here would replace for librrd too.
 *
 * Addresses as rrdcached and librrd take them: "unix:/path", "/path", "host", "host:port",
 * "[v6addr]:port"; the default port is 42217.
 */
#ifndef RRDCACHED_H
#define RRDCACHED_H

#include <stddef.h>

struct rrdcached;

/* Connects within timeout seconds.  Returns a new connection; caller closes with rrdcached_close(). */
struct rrdcached *rrdcached_connect(const char *addr, double timeout, char *err, size_t errlen);
void rrdcached_close(struct rrdcached *c);

/*
 * Sends one command line (no trailing newline) and reads the whole reply.  Returns the
 * status number rrdcached put first (>= 0 success, < 0 failure, reply text in msg), or
 * RRDCACHED_EIO with a message when the connection failed or timed out.
 */
#define RRDCACHED_EIO (-1000)
int rrdcached_command(struct rrdcached *c, const char *line, char *msg, size_t msglen);

/*
 * Writes path as one protocol word: rrdcached splits commands at spaces and takes a
 * backslash as an escape, the way librrd's own client quotes file names.  -1 when it does
 * not fit or holds a line break (which cannot be sent at all).
 */
int rrdcached_quote_path(const char *path, char *out, size_t outlen);

/* Convenience: connect, "FLUSH file", close.  0 or -1 with a message. */
int rrdcached_flush(const char *addr, const char *file, double timeout, char *err, size_t errlen);

#endif
