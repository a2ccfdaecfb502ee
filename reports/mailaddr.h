/*
 * mailaddr — the recipients, sender and subject of the report mail (config "mail:",
 * NINES_MAIL_TO), checked before they reach the mail tool's command line.
 */
#ifndef MAILADDR_H
#define MAILADDR_H

#include <stddef.h>

/* RFC 5321's limits: a path of 256 octets including the angle brackets, a local part of 64. */
#define MAILADDR_MAX 254
#define MAILADDR_LOCAL_MAX 64
#define MAILADDR_SUBJECT_MAX 200

/*
 * 0 when s is an address of the plain form local@domain: the local part letters, digits
 * and . _ + - (starting with a letter or digit), the domain dot-separated labels of
 * letters, digits and - (not at a label's ends).  Anything else (a leading '-', blanks,
 * newlines, commas, quotes, angle brackets, '|' or '/', which mail tools read as
 * options, headers, lists, pipes or files) is -1 with the reason in err.
 */
int mailaddr_check(const char *s, char *err, size_t errlen);

/*
 * 0 when s is a subject of 1..MAILADDR_SUBJECT_MAX bytes of well-formed UTF-8 without
 * control characters (no newline can start a header); -1 with the reason in err.
 */
int mailaddr_subject_check(const char *s, char *err, size_t errlen);

/*
 * Splits list ("a@b.org, c@d.org" or blank-separated) into at most max addresses,
 * each checked by mailaddr_check.  Writes NUL-terminated copies into buf (of buflen
 * bytes) and pointers to them into out.  Returns the count (at least 1), or -1 with
 * the reason in err.
 */
int mailaddr_split(const char *list, char *buf, size_t buflen, const char **out, size_t max,
		   char *err, size_t errlen);

#endif
