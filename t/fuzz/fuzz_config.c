/* The config loader: any bytes as a YAML config file, loaded and released. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fuzz.h"
#include "nines.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[NINES_ERRLEN];
	struct config *c;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	c = config_load_string(text, "fuzz.yml", err, sizeof(err));
	if (c == NULL && err[0] == '\0')
		abort();	/* a failure must say why */
	config_release(c);
	free(text);
	return 0;
}
