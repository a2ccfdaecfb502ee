/* nines — project-wide constants. */
#ifndef NINES_H
#define NINES_H

#define NINES_VERSION "0.1.0"

/* Size of the caller-owned message buffer every library function fills on error. */
#define NINES_ERRLEN 256

#endif
