#include "prefault.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

void prefault_run(void)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), top, brk_end;
	volatile char here = 0;
	void *p;

	/* The kernel maps at least 128 KB of stack below the program's arguments at exec. */
	top = (uintptr_t)&here & ~(page - 1);
	madvise((void *)(top - PREFAULT_STACK), PREFAULT_STACK, MADV_POPULATE_WRITE);

	/* malloc's first call takes ≈ 132 KB with brk(2); the rest of that is still untouched. */
	if ((p = malloc(1)) == NULL)
		return;
	top = ((uintptr_t)p + page) & ~(page - 1);
	brk_end = (uintptr_t)sbrk(0);
	if (brk_end > top && brk_end - top <= PREFAULT_HEAP_MAX)	/* else not from brk */
		madvise((void *)top, brk_end - top, MADV_POPULATE_WRITE);
	free(p);
}
