/*
 * nines-prefault.so — an ld.so audit module (rtld-audit(7)) that the plugins name in their
 * DT_AUDIT entry as "$ORIGIN/nines-prefault.so", so it sits beside them.
 *
 * Why: a plugin run is short, and much of it is the dynamic loader.  ld.so writes relocations
 * into every library's RELRO range (.data.rel.ro, .got) and each 4 KB page written is a
 * copy-on-write page fault: ~115 for libcrypto and libssl alone, which net-snmp loads into
 * every run.  On a virtual machine a page fault costs 10-15 us (12 us measured on the bench
 * machine); madvise(MADV_POPULATE_WRITE) makes the same private copies in one call at under
 * 1 us a page.  la_objopen() runs after an object is mapped and before it is relocated, so
 * that is where the RELRO range is populated.  Nothing else is done: code and read-only data
 * stay with the kernel's fault-around, which serves them well.
 *
 * The module is freestanding: an audit module is loaded into a link-map namespace of its own,
 * and a second libc there would cost more faults than this saves.  It never fails a run: on a
 * kernel without MADV_POPULATE_WRITE (before 5.14), for an object whose ELF header is not at
 * its load address, or on an architecture without a system call stub below, the loader just
 * faults as it always did.  If the file is missing, ld.so prints one line and runs the plugin.
 */
#include <elf.h>
#include <link.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* The smallest page size; on a kernel with larger pages madvise refuses the unaligned start. */
#define PF_PAGE 4096UL

unsigned int la_version(unsigned int version);
unsigned int la_objopen(struct link_map *map, Lmid_t lmid, uintptr_t *cookie);

static long sys3(long nr, long a, long b, long c)
{
#if defined(__x86_64__)
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return ret;
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	return x0;
#else
	(void)nr, (void)a, (void)b, (void)c;
	return -1;
#endif
}

/* The program headers of the object loaded at base, or NULL unless its ELF header is there. */
static const ElfW(Phdr) *object_phdrs(uintptr_t base, unsigned int *count)
{
	const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)base;
	unsigned char resident;

	/* A non-PIE executable has base 0; mincore() fails where nothing is mapped. */
	if (base == 0 || base % PF_PAGE != 0 || sys3(SYS_mincore, (long)base, (long)PF_PAGE, (long)&resident) != 0)
		return NULL;
	if (eh->e_ident[EI_MAG0] != ELFMAG0 || eh->e_ident[EI_MAG1] != ELFMAG1 ||
	    eh->e_ident[EI_MAG2] != ELFMAG2 || eh->e_ident[EI_MAG3] != ELFMAG3 ||
	    eh->e_phentsize != sizeof(ElfW(Phdr)) ||
	    eh->e_phoff + (uintptr_t)eh->e_phnum * sizeof(ElfW(Phdr)) > PF_PAGE)
		return NULL;
	*count = eh->e_phnum;
	return (const ElfW(Phdr) *)(base + eh->e_phoff);
}

unsigned int la_version(unsigned int version)
{
	return version < LAV_CURRENT ? version : LAV_CURRENT;
}

/* Called for each object, the executable and ld.so too; 0: no symbol binding audit wanted. */
unsigned int la_objopen(struct link_map *map, Lmid_t lmid, uintptr_t *cookie)
{
	uintptr_t base = map->l_addr;
	const ElfW(Phdr) *ph;
	unsigned int n = 0;

	(void)lmid, (void)cookie;
	if ((ph = object_phdrs(base, &n)) == NULL)
		return 0;
	for (unsigned int i = 0; i < n; i++)	/* the header must be the first segment's start */
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0 && ph[i].p_vaddr != 0)
			return 0;
	for (unsigned int i = 0; i < n; i++) {
		uintptr_t start, end;

		if (ph[i].p_type != PT_GNU_RELRO || ph[i].p_memsz == 0)
			continue;
		start = (base + ph[i].p_vaddr) & ~(PF_PAGE - 1);
		end = (base + ph[i].p_vaddr + ph[i].p_memsz + PF_PAGE - 1) & ~(PF_PAGE - 1);
		sys3(SYS_madvise, (long)start, (long)(end - start), MADV_POPULATE_WRITE);
	}
	return 0;
}
