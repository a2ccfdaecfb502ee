/*
 * The ld.so audit module plugins/nines-prefault.so: called directly on hand-made ELF headers
 * (which pages it populates, what it leaves alone), and in a real plugin run (the page faults
 * it saves, counted by the kernel; not a timing).  And prefault_run(), the run-time half:
 * which stack and heap pages are present afterwards (mincore).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fixture.h"
#include "prefault.h"

#define PAGE 4096
#define PAGES 16

typedef unsigned int (*objopen_fn)(struct link_map *, Lmid_t, uintptr_t *);
typedef unsigned int (*version_fn)(unsigned int);

static void *module;
static objopen_fn objopen;
static version_fn version;
static char module_path[4096], plugin_path[4096];

static int module_setup(void **state)
{
	const char *o = getenv("NINES_BUILD");

	(void)state;
	snprintf(module_path, sizeof(module_path), "%s/plugins/nines-prefault.so", o ? o : "build");
	snprintf(plugin_path, sizeof(plugin_path), "%s/plugins/check_snmp_avail", o ? o : "build");
	if ((module = dlopen(module_path, RTLD_NOW)) == NULL) {
		fprintf(stderr, "%s\n", dlerror());
		return -1;
	}
	objopen = (objopen_fn)(uintptr_t)dlsym(module, "la_objopen");
	version = (version_fn)(uintptr_t)dlsym(module, "la_version");
	return objopen != NULL && version != NULL ? 0 : -1;
}

static int module_teardown(void **state)
{
	(void)state;
	dlclose(module);
	return 0;
}

static long minor_faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* Page faults taken while writing one byte into each of pages [from, to) of base. */
static long faults_writing(char *base, int from, int to)
{
	long before = minor_faults();

	for (int i = from; i < to; i++)
		((volatile char *)base)[(size_t)i * PAGE] = 1;
	return minor_faults() - before;
}

/* A fresh object image: PAGES untouched pages but the first, which holds an ELF header with
 * one writable PT_LOAD over all of it and a PT_GNU_RELRO from relro_vaddr, relro_size long. */
static char *fake_object(uint64_t relro_vaddr, uint64_t relro_size)
{
	char *base = mmap(NULL, (size_t)PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ElfW(Ehdr) *eh = (ElfW(Ehdr) *)base;
	ElfW(Phdr) *ph = (ElfW(Phdr) *)(base + sizeof(*eh));

	assert_true(base != MAP_FAILED);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_phoff = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 2;
	ph[0] = (ElfW(Phdr)){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = 0, .p_vaddr = 0,
			      .p_filesz = PAGES * PAGE, .p_memsz = PAGES * PAGE };
	ph[1] = (ElfW(Phdr)){ .p_type = PT_GNU_RELRO, .p_flags = PF_R, .p_vaddr = relro_vaddr,
			      .p_memsz = relro_size };
	return base;
}

static unsigned int call_objopen(uintptr_t l_addr)
{
	struct link_map map;
	uintptr_t cookie = 0;

	memset(&map, 0, sizeof(map));
	map.l_addr = l_addr;
	return objopen(&map, LM_ID_BASE, &cookie);
}

static void test_version(void **state)
{
	(void)state;
	assert_int_equal(version(1), 1);
	assert_int_equal(version(LAV_CURRENT), LAV_CURRENT);
	assert_int_equal(version(LAV_CURRENT + 7), LAV_CURRENT);
}

/* The RELRO range, rounded out to whole pages, is populated; the rest is not touched. */
static void test_populates_relro(void **state)
{
	char *warm = fake_object(0, 0), *obj = fake_object(PAGE + 100, 6 * PAGE);

	(void)state;
	faults_writing(warm, 1, 2);	/* the measuring code itself is resident from here on */
	assert_int_equal(call_objopen((uintptr_t)obj), 0);
	assert_in_range(faults_writing(obj, 1, 8), 0, 1);	/* pages 1..7 hold the range */
	assert_true(faults_writing(obj, 9, PAGES) >= PAGES - 9);	/* and the rest still faults */
	munmap(warm, (size_t)PAGES * PAGE);
	munmap(obj, (size_t)PAGES * PAGE);
}

/* Headers it must not trust: each time nothing is populated, and nothing crashes. */
static void test_leaves_unknown_objects(void **state)
{
	char *obj, *gone;

	(void)state;
	assert_int_equal(call_objopen(0), 0);	/* a non-PIE executable */
	gone = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(gone, PAGE);
	assert_int_equal(call_objopen((uintptr_t)gone), 0);	/* nothing mapped there */

	obj = fake_object(PAGE, 4 * PAGE);
	obj[1] = 'X';	/* not an ELF header */
	call_objopen((uintptr_t)obj);
	assert_true(faults_writing(obj, 1, 5) >= 4);
	munmap(obj, (size_t)PAGES * PAGE);

	obj = fake_object(PAGE, 4 * PAGE);	/* the header is not where the object starts */
	((ElfW(Phdr) *)(obj + sizeof(ElfW(Ehdr))))[0].p_vaddr = 0x400000;
	call_objopen((uintptr_t)obj);
	assert_true(faults_writing(obj, 1, 5) >= 4);
	munmap(obj, (size_t)PAGES * PAGE);

	obj = fake_object(PAGE, 4 * PAGE);	/* program headers past the first page */
	((ElfW(Ehdr) *)obj)->e_phoff = PAGE;
	call_objopen((uintptr_t)obj);
	assert_true(faults_writing(obj, 1, 5) >= 4);
	munmap(obj, (size_t)PAGES * PAGE);
}

/*
 * One run of path --version (through fx_run), beside the module or (a copy) without it:
 * its page faults as perf counts them (getrusage would also count the pages the module
 * populates), and what it printed.  The counter is this process's, inherited by the child;
 * the few faults of the fork and of reading its output are the same in every call.
 * -1 where perf events are not available.
 */
static long plugin_faults(const char *path, char *out, size_t outlen)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE, .size = sizeof(attr), .config = PERF_COUNT_SW_PAGE_FAULTS,
		.disabled = 1, .inherit = 1,
	};
	char *argv[] = { (char *)path, (char *)"--version", NULL };
	uint64_t count = 0;
	int fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);

	if (fd < 0)
		return -1;
	assert_int_equal(ioctl(fd, PERF_EVENT_IOC_ENABLE, 0), 0);
	assert_int_equal(fx_run(argv, NULL, out, outlen), 3);
	assert_int_equal(ioctl(fd, PERF_EVENT_IOC_DISABLE, 0), 0);
	assert_int_equal(read(fd, &count, sizeof(count)), (ssize_t)sizeof(count));
	close(fd);
	return (long)count;
}

static void test_plugin_run(void **state)
{
	char copy[4096], out[4096], cmd[8300];
	long with, without;

	(void)state;
	if ((with = plugin_faults(plugin_path, out, sizeof(out))) < 0)
		skip();	/* perf_event_open refused: nothing here can count faults */
	assert_non_null(strstr(out, "check_snmp_avail"));
	assert_null(strstr(out, "audit"));	/* the module loaded */

	snprintf(copy, sizeof(copy), "%s/check_snmp_avail", (char *)*state);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", plugin_path, copy);
	assert_int_equal(system(cmd), 0);
	without = plugin_faults(copy, out, sizeof(out));
	assert_non_null(strstr(out, "cannot be loaded as audit interface"));	/* and runs anyway */
	assert_non_null(strstr(out, "check_snmp_avail"));

	/* libcrypto's and libssl's RELRO alone are ~115 pages. */
	print_message("minor faults: %ld with the module, %ld without\n", with, without);
	assert_true(with + 60 < without);
}

/* Pages of [start, end) that are not present. */
static size_t absent_pages(uintptr_t start, uintptr_t end)
{
	unsigned char vec[512];
	size_t n = (end - start) / PAGE, absent = 0;

	assert_true(n <= sizeof(vec));
	assert_int_equal(mincore((void *)start, end - start, vec), 0);
	for (size_t i = 0; i < n; i++)
		absent += !(vec[i] & 1);
	return absent;
}

/* On a new thread's stack, of which only the top is in use: the 64 KB below the caller. */
static void *stack_probe(void *arg)
{
	volatile char here = 0;
	uintptr_t top = (uintptr_t)&here & ~(uintptr_t)(PAGE - 1);
	size_t *absent = arg;

	absent[0] = absent_pages(top - PREFAULT_STACK, top);
	prefault_run();
	absent[1] = absent_pages(top - PREFAULT_STACK + 2 * PAGE, top);	/* prefault_run's own frame is lower */
	return NULL;
}

static void test_run_stack(void **state)
{
	size_t absent[2] = { 0, 0 };
	pthread_t t;

	(void)state;
	assert_int_equal(pthread_create(&t, NULL, stack_probe, absent), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_true(absent[0] >= PREFAULT_STACK / PAGE - 4);	/* untouched before */
	assert_int_equal(absent[1], 0);
}

/* Heap taken from the kernel but not yet written (here, by a foreign sbrk) is present after. */
static void test_run_heap(void **state)
{
	void *p = malloc(1);
	uintptr_t start = (uintptr_t)sbrk(0), end;

	(void)state;
	if ((uintptr_t)p > start || start - (uintptr_t)p > PREFAULT_HEAP_MAX) {
		free(p);
		skip();	/* malloc does not use brk(2) here (a sanitizer's allocator) */
	}
	free(p);
	start = (start + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
	assert_true(sbrk((intptr_t)(start - (uintptr_t)sbrk(0)) + 16 * PAGE) != (void *)-1);
	end = start + 16 * PAGE;
	assert_int_equal(absent_pages(start, end), 16);
	prefault_run();
	assert_int_equal(absent_pages(start, end), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_populates_relro),
		cmocka_unit_test(test_leaves_unknown_objects),
		cmocka_unit_test_setup_teardown(test_plugin_run, fx_tmpdir_setup, fx_tmpdir_teardown),
		cmocka_unit_test(test_run_stack),
		cmocka_unit_test(test_run_heap),
	};
	return cmocka_run_group_tests_name("prefault", tests, module_setup, module_teardown);
}
