#include "perf.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int perf_number(char *buf, size_t len, double v, int decimals)
{
	int n;

	if (!isfinite(v))
		n = snprintf(buf, len, "U");
	else {
		n = snprintf(buf, len, "%.*f", decimals, v);
		if (n > 0 && (size_t)n < len && strchr(buf, '.') != NULL) {
			while (buf[n - 1] == '0')
				buf[--n] = '\0';
			if (buf[n - 1] == '.')
				buf[--n] = '\0';
		}
		if (strcmp(buf, "-0") == 0)
			n = snprintf(buf, len, "0");
	}
	return (n < 0 || (size_t)n >= len) ? -1 : n;
}

static int needs_quotes(const char *label)
{
	return strpbrk(label, " ='\t") != NULL;
}

/* Writes the label, quoted and with quotes doubled when needed. */
static int put_label(char *out, size_t len, const char *label)
{
	size_t o = 0;
	int q = needs_quotes(label);

	if (q && o < len)
		out[o++] = '\'';
	for (const char *p = label; *p != '\0' && o < len; p++) {
		if (*p == '\'' && o + 1 < len)
			out[o++] = '\'';
		out[o++] = *p;
	}
	if (q && o < len)
		out[o++] = '\'';
	if (o >= len)
		return -1;
	out[o] = '\0';
	return (int)o;
}

int perf_append(char *buf, size_t len, const char *label, double value, const char *uom,
		const struct range *warn, const struct range *crit, double min, double max)
{
	char item[512], lab[256], val[64], mn[64] = "", mx[64] = "";
	size_t used = strlen(buf);
	int n;

	if (put_label(lab, sizeof(lab), label) < 0 || perf_number(val, sizeof(val), value, 6) < 0)
		return -1;
	if (!isnan(min) && perf_number(mn, sizeof(mn), min, 6) < 0)
		return -1;
	if (!isnan(max) && perf_number(mx, sizeof(mx), max, 6) < 0)
		return -1;
	n = snprintf(item, sizeof(item), "%s%s=%s%s;%s;%s;%s;%s", used ? " " : "", lab, val,
		     isfinite(value) && uom ? uom : "", warn && warn->set ? warn->text : "",
		     crit && crit->set ? crit->text : "", mn, mx);
	if (n < 0 || (size_t)n >= sizeof(item))
		return -1;
	/* Trailing empty fields carry nothing. */
	while (n > 0 && item[n - 1] == ';')
		item[--n] = '\0';
	if (used + (size_t)n + 1 > len)
		return -1;
	memcpy(buf + used, item, (size_t)n + 1);
	return 0;
}
