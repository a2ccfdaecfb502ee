/*
 * prefault — the run-time half of plugins/nines-prefault.c (which says why page faults
 * matter on a virtual machine): the stack and heap a plugin run is about to write, made
 * present in two madvise(MADV_POPULATE_WRITE) calls instead of ≈ 30 page faults.
 */
#ifndef PREFAULT_H
#define PREFAULT_H

#include <stddef.h>

/* Stack below main's callees: archive_write's frame alone is 31 KB (gcc -fstack-usage),
 * check_snmp_avail touches ≤ 16 KB; populating a page it does not touch costs < 1 us. */
#define PREFAULT_STACK (64 * 1024)
#define PREFAULT_HEAP_MAX (1024 * 1024)

/*
 * Populates PREFAULT_STACK bytes of stack below the caller and what malloc has reserved
 * from the kernel but not used yet (up to PREFAULT_HEAP_MAX).  Call first thing in main.
 * Only ever saves time: on a kernel without MADV_POPULATE_WRITE (before 5.14) it does nothing.
 */
void prefault_run(void);

#endif
