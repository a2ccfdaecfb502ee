#include "rrdcached.h"
#include "mono.h"
#include "nines.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define RRDCACHED_DEFAULT_PORT "42217"
#define RRDCACHED_ADDR_MAX 256

struct rrdcached {
	int fd;
	int broken;		/* a read or write failed: the reply stream is out of step */
	double timeout;		/* seconds for each connect, read and write */
	size_t pos, len;	/* unread bytes are buf[pos..len) */
	char addr[RRDCACHED_ADDR_MAX];
	char buf[4096];
};

/* Where to connect: a UNIX socket path, or host and port for TCP. */
struct target {
	int is_unix;
	char host[RRDCACHED_ADDR_MAX];
	char port[16];
};

static int ms_left(double deadline)
{
	double left = deadline - mono_now();

	return left <= 0 ? 0 : (int)ceil(left * 1000);
}

/* Splits "host:port" or "[v6]:port"; a bare IPv6 address has several colons and no port. */
static int split_host_port(const char *a, struct target *t)
{
	const char *colon = strrchr(a, ':'), *host = a;
	size_t hostlen = strlen(a);

	if (a[0] == '[') {
		const char *close = strchr(a, ']');

		if (close == NULL || (close[1] != '\0' && close[1] != ':'))
			return -1;
		host = a + 1;
		hostlen = (size_t)(close - host);
		colon = close[1] == ':' ? close + 1 : NULL;
	} else if (colon != NULL && strchr(a, ':') != colon) {
		colon = NULL;
	} else if (colon != NULL) {
		hostlen = (size_t)(colon - a);
	}
	if (hostlen == 0 || hostlen >= sizeof(t->host) ||
	    (colon != NULL && (colon[1] == '\0' || strlen(colon + 1) >= sizeof(t->port))))
		return -1;
	memcpy(t->host, host, hostlen);
	t->host[hostlen] = '\0';
	snprintf(t->port, sizeof(t->port), "%s", colon != NULL ? colon + 1 : RRDCACHED_DEFAULT_PORT);
	return 0;
}

static int parse_addr(const char *a, struct target *t)
{
	const char *path = strncmp(a, "unix:", 5) == 0 ? a + 5 : a[0] == '/' ? a : NULL;

	t->is_unix = path != NULL;
	if (path == NULL)
		return split_host_port(a, t);
	if (*path == '\0' || strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return -1;
	snprintf(t->host, sizeof(t->host), "%s", path);
	return 0;
}

/* A non-blocking connect bounded by the deadline; errno says why on -1. */
static int connect_until(int fd, const struct sockaddr *sa, socklen_t len, double deadline)
{
	struct pollfd p = { fd, POLLOUT, 0 };
	int soerr = 0;
	socklen_t soerrlen = sizeof(soerr);

	while (connect(fd, sa, len) != 0) {
		int n;

		/* A UNIX socket with a full backlog says EAGAIN: try again until the deadline. */
		if (errno == EAGAIN && ms_left(deadline) > 0) {
			struct timespec ms = { 0, 1000000 };

			nanosleep(&ms, NULL);
			continue;
		}
		if (errno == EAGAIN)
			errno = ETIMEDOUT;
		if (errno != EINPROGRESS && errno != EINTR)
			return -1;
		while ((n = poll(&p, 1, ms_left(deadline))) < 0 && errno == EINTR)
			;
		if (n == 0)
			errno = ETIMEDOUT;
		if (n <= 0)
			return -1;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &soerrlen) != 0)
			return -1;
		errno = soerr;
		return soerr == 0 ? 0 : -1;
	}
	return 0;
}

static int open_unix(const struct target *t, double deadline)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	memcpy(sun.sun_path, t->host, strlen(t->host) + 1);
	if (connect_until(fd, (struct sockaddr *)&sun, sizeof(sun), deadline) != 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Tries each address of the host in turn; *gai gets a getaddrinfo() error, if any. */
static int open_tcp(const struct target *t, double deadline, int *gai)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	int fd = -1, e = ECONNREFUSED;

	*gai = getaddrinfo(t->host, t->port, &hints, &res);
	if (*gai != 0)
		return -1;
	for (ai = res; ai != NULL && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
			    ai->ai_protocol);
		if (fd >= 0 && connect_until(fd, ai->ai_addr, ai->ai_addrlen, deadline) != 0) {
			e = errno;
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	errno = e;
	return fd;
}

/* Returns a new connection; caller closes with rrdcached_close(). */
struct rrdcached *rrdcached_connect(const char *addr, double timeout, char *err, size_t errlen)
{
	struct target t;
	struct rrdcached *c;
	double deadline = mono_now() + timeout;
	int fd, gai = 0;

	if (addr == NULL || parse_addr(addr, &t) != 0 || strlen(addr) >= RRDCACHED_ADDR_MAX) {
		snprintf(err, errlen, "cannot connect to rrdcached '%s': not an address",
			 addr ? addr : "");
		return NULL;
	}
	fd = t.is_unix ? open_unix(&t, deadline) : open_tcp(&t, deadline, &gai);
	if (fd < 0) {
		snprintf(err, errlen, "cannot connect to rrdcached '%s': %s", addr,
			 gai != 0 ? gai_strerror(gai) : strerror(errno));
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		snprintf(err, errlen, "cannot connect to rrdcached '%s': %s", addr, strerror(ENOMEM));
		close(fd);
		return NULL;
	}
	c->fd = fd;
	c->timeout = timeout;
	snprintf(c->addr, sizeof(c->addr), "%s", addr);
	return c;
}

void rrdcached_close(struct rrdcached *c)
{
	if (c == NULL)
		return;
	close(c->fd);
	free(c);
}

/* Waits for the socket within the timeout; -1 with errno ETIMEDOUT when it stays quiet. */
static int wait_for(struct rrdcached *c, short events, int ms)
{
	struct pollfd p = { c->fd, events, 0 };
	int n;

	while ((n = poll(&p, 1, ms)) < 0 && errno == EINTR)
		;
	if (n == 0)
		errno = ETIMEDOUT;
	return n > 0 ? 0 : -1;
}

/* Sends line and its newline in one message, so rrdcached reads the command in one go. */
static int send_line(struct rrdcached *c, const char *line)
{
	struct iovec iov[2] = { { (void *)line, strlen(line) }, { "\n", 1 } };
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };

	while (m.msg_iovlen > 0) {
		/* MSG_NOSIGNAL: a daemon that went away must not kill the plugin with SIGPIPE. */
		ssize_t n = sendmsg(c->fd, &m, MSG_NOSIGNAL);

		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			if (wait_for(c, POLLOUT, (int)ceil(c->timeout * 1000)) != 0)
				return -1;
			continue;
		}
		if (n < 0)
			return -1;
		while (m.msg_iovlen > 0 && (size_t)n >= m.msg_iov->iov_len) {
			n -= (ssize_t)m.msg_iov->iov_len;
			m.msg_iov++;
			m.msg_iovlen--;
		}
		if (m.msg_iovlen > 0) {
			m.msg_iov->iov_base = (char *)m.msg_iov->iov_base + n;
			m.msg_iov->iov_len -= (size_t)n;
		}
	}
	return 0;
}

/* Reads more bytes into the buffer, waiting at most ms; 0 at end of stream is an error. */
static int fill(struct rrdcached *c, int ms)
{
	ssize_t n;

	if (c->pos == c->len)
		c->pos = c->len = 0;
	if (wait_for(c, POLLIN, ms) != 0)
		return -1;
	while ((n = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0)) < 0 && errno == EINTR)
		;
	if (n == 0)
		errno = ECONNRESET;
	if (n <= 0)
		return -1;
	c->len += (size_t)n;
	return 0;
}

/* Reads one line into line (truncated to linelen), consuming it through its '\n'. */
static int read_line(struct rrdcached *c, char *line, size_t linelen)
{
	size_t n = 0;

	for (;;) {
		char ch;

		if (c->pos == c->len && fill(c, (int)ceil(c->timeout * 1000)) != 0)
			return -1;
		ch = c->buf[c->pos++];
		if (ch == '\n')
			break;
		if (n + 1 < linelen)
			line[n++] = ch;
	}
	if (linelen > 0)
		line[n] = '\0';
	return 0;
}

static int buffered_line(const struct rrdcached *c)
{
	return memchr(c->buf + c->pos, '\n', c->len - c->pos) != NULL;
}

static void append(char *msg, size_t msglen, const char *sep, const char *text)
{
	size_t used = strnlen(msg, msglen);

	if (used < msglen)
		snprintf(msg + used, msglen - used, "%s%s", sep, text);
}

/*
 * Some error replies of rrdcached 1.7.2 span two lines under a status of -1 ("No
 * permission to recursively create ...\nDid you pass -R to the daemon?").  The daemon
 * writes a reply at once and we never pipeline commands, so whatever has already arrived
 * belongs to this reply: keep it, so the next command reads its own answer.
 */
static int drain_extra(struct rrdcached *c, char *msg, size_t msglen)
{
	char line[512];

	while (buffered_line(c) || (c->len < sizeof(c->buf) && fill(c, 0) == 0 && buffered_line(c))) {
		if (read_line(c, line, sizeof(line)) != 0)
			return -1;
		append(msg, msglen, "\n", line);
	}
	return 0;
}

static int parse_status(const char *line, long *status, const char **text)
{
	char *end;

	errno = 0;
	*status = strtol(line, &end, 10);
	if (end == line || errno == ERANGE || (*end != ' ' && *end != '\0') ||
	    *status <= RRDCACHED_EIO || *status > INT_MAX)
		return -1;
	*text = *end == ' ' ? end + 1 : end;
	return 0;
}

static int io_failed(struct rrdcached *c, const char *what, char *msg, size_t msglen)
{
	if (errno == ETIMEDOUT)
		snprintf(msg, msglen, "cannot %s rrdcached '%s': no answer within %.1f s", what,
			 c->addr, c->timeout);
	else
		snprintf(msg, msglen, "cannot %s rrdcached '%s': %s", what, c->addr,
			 errno == ECONNRESET ? "connection closed" : strerror(errno));
	c->broken = 1;
	return RRDCACHED_EIO;
}

int rrdcached_command(struct rrdcached *c, const char *line, char *msg, size_t msglen)
{
	char first[1024], more[1024];
	const char *text;
	long status;

	if (msglen > 0)
		msg[0] = '\0';
	if (c->broken || strchr(line, '\n') != NULL) {
		snprintf(msg, msglen, "cannot send to rrdcached '%s': %s", c->addr,
			 c->broken ? "an earlier command failed" : "line break in command");
		return RRDCACHED_EIO;
	}
	if (send_line(c, line) != 0)
		return io_failed(c, "send to", msg, msglen);
	if (read_line(c, first, sizeof(first)) != 0)
		return io_failed(c, "read from", msg, msglen);
	if (parse_status(first, &status, &text) != 0) {
		snprintf(msg, msglen, "unexpected reply from rrdcached '%s': '%s'", c->addr, first);
		c->broken = 1;
		return RRDCACHED_EIO;
	}
	append(msg, msglen, "", text);
	for (long i = 0; i < status; i++) {
		if (read_line(c, more, sizeof(more)) != 0)
			return io_failed(c, "read from", msg, msglen);
		append(msg, msglen, "\n", more);
	}
	if (drain_extra(c, msg, msglen) != 0)
		return io_failed(c, "read from", msg, msglen);
	return (int)status;
}

int rrdcached_quote_path(const char *path, char *out, size_t outlen)
{
	size_t n = 0;

	for (const char *p = path; *p != '\0'; p++) {
		int esc = *p == ' ' || *p == '\\';

		if (*p == '\n' || *p == '\r' || n + (size_t)esc + 1 >= outlen)
			return -1;
		if (esc)
			out[n++] = '\\';
		out[n++] = *p;
	}
	out[n] = '\0';
	return 0;
}

/*
 * The file name is sent as given: rrdcached takes a relative name as relative to its -b
 * directory, so FLUSH must name a file exactly as the writers did (absolute is safest).
 */
int rrdcached_flush(const char *addr, const char *file, double timeout, char *err, size_t errlen)
{
	char line[PATH_MAX * 2 + 8], reply[NINES_ERRLEN];
	struct rrdcached *c;
	int rc;

	strcpy(line, "FLUSH ");
	if (file == NULL || *file == '\0' || rrdcached_quote_path(file, line + 6, sizeof(line) - 6) != 0) {
		snprintf(err, errlen, "cannot flush '%s': not a file name rrdcached can take",
			 file ? file : "");
		return -1;
	}
	c = rrdcached_connect(addr, timeout, reply, sizeof(reply));
	if (c == NULL) {
		snprintf(err, errlen, "cannot flush '%s': %s", file, reply);
		return -1;
	}
	rc = rrdcached_command(c, line, reply, sizeof(reply));
	rrdcached_close(c);
	if (rc >= 0)
		return 0;
	if (rc == RRDCACHED_EIO)
		snprintf(err, errlen, "cannot flush '%s': %s", file, reply);
	else
		snprintf(err, errlen, "cannot flush '%s' through rrdcached '%s': %s", file, addr,
			 reply);
	return -1;
}
