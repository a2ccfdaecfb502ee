# nines — SNMP availability plugins and SLA reports.  See README.md.
#
#   make            build everything into $(O)/
#   make check      install missing Debian packages, build, run every test
#   make demo       install missing packages, build, run the demo
#   make bench      the performance comparisons the issues ask for
#   make asan       build and test with AddressSanitizer and UBSan
#   make fuzz       the libFuzzer targets of t/fuzz (clang); `make tests` builds them too
#   make install    PREFIX, DESTDIR, PLUGINDIR, BINDIR, MANDIR, DOCDIR, UNITDIR honoured
#   make uninstall  the same variables; archives and reports in /var/lib/nines are kept

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
PLUGINDIR ?= /usr/lib/nagios/plugins
MANDIR    ?= $(PREFIX)/share/man
DOCDIR    ?= $(PREFIX)/share/doc/nines
UNITDIR   ?= $(PREFIX)/lib/systemd/system
# The archives, the plugins' state and the reports; the owner of the monitoring daemon's
# checks (nagios on Debian, for Nagios and Icinga 2 alike) must be able to write them.
VARDIR    := /var/lib/nines
NINES_USER ?= nagios
O         ?= build
CC        ?= cc
CFLAGS    ?= -O2 -g
PKG_CONFIG ?= pkg-config

# Required flags come after the user's CFLAGS so they cannot be dropped.
WARN := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wvla
ifeq ($(CI),true)
WARN += -Werror
endif
ALL_CFLAGS = $(CPPFLAGS) $(CFLAGS) $(WARN) -D_GNU_SOURCE -Icommon -Ireports -MMD -MP

# Lazily expanded: the packages may only be installed by `make deps` in the same run.
SNMP_LIBS = $(shell $(PKG_CONFIG) --libs netsnmp) -lcrypto
RRD_LIBS  = $(shell $(PKG_CONFIG) --libs librrd)
YAML_LIBS = $(shell $(PKG_CONFIG) --libs yaml-0.1)
ZLIB_LIBS = $(shell $(PKG_CONFIG) --libs zlib)
# PDF: only the files that draw include cairo, pango and fontconfig headers.
PDF_PKGS  = pangocairo cairo-pdf fontconfig
PDF_LIBS  = $(shell $(PKG_CONFIG) --libs $(PDF_PKGS))
PDF_SRC   := reports/pdfw.c reports/pdffont.c reports/pdftext.c reports/chart_cairo.c
$(PDF_SRC:%.c=$(O)/%.o) $(PDF_SRC:%.c=$(O)/fuzz/%.o): DEP_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PDF_PKGS))
TEST_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)
# Plugins never link librrd (≈ 49 shared objects, ≈ 11 ms per run): the archive
# writer talks to rrdcached itself and loads librrd with dlopen() only for direct writes.
PLUGIN_LDLIBS = $(SNMP_LIBS) -ldl -lm
REPORT_LDLIBS = $(RRD_LIBS) $(YAML_LIBS) $(ZLIB_LIBS) $(PDF_LIBS) -lpthread -lm
LDFLAGS ?=
ALL_LDFLAGS = $(LDFLAGS) -Wl,--as-needed

COMMON_SRC  := $(wildcard common/*.c)
REPORT_SRC  := $(filter-out reports/sla_report.c,$(wildcard reports/*.c))
PLUGIN_SRC  := $(wildcard plugins/check_*.c)
TEST_SRC    := $(wildcard t/test_*.c)
TESTLIB_SRC := $(filter-out $(TEST_SRC),$(wildcard t/*.c))

COMMON_OBJ  := $(COMMON_SRC:%.c=$(O)/%.o)
REPORT_OBJ  := $(REPORT_SRC:%.c=$(O)/%.o)
TESTLIB_OBJ := $(TESTLIB_SRC:%.c=$(O)/%.o)
PLUGINS     := $(PLUGIN_SRC:%.c=$(O)/%)
SLA_REPORT  := $(O)/reports/sla-report
TESTS       := $(TEST_SRC:%.c=$(O)/%)
BENCH_BIN   := $(patsubst %.c,$(O)/%,$(wildcard t/bench/*.c))
# The demo's history generator (contrib/demo): not installed, run by `make demo` and tests.
DEMO_SRC    := $(wildcard contrib/demo/*.c)
DEMO_BIN    := $(O)/contrib/demo/nines-demo-history

# libFuzzer targets: the library sources built again by clang, with coverage and sanitizers,
# into $(O)/fuzz (t/fuzz/fuzz.h says how they are run).
FUZZ_CC     ?= clang
FUZZ_FLAGS  ?= -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
               -fno-sanitize-recover=undefined
FUZZ_SRC    := $(wildcard t/fuzz/fuzz_*.c)
FUZZ_BIN    := $(FUZZ_SRC:%.c=$(O)/%)
FUZZLIB_OBJ := $(COMMON_SRC:%.c=$(O)/fuzz/%.o) $(REPORT_SRC:%.c=$(O)/fuzz/%.o)

.PHONY: all build tests fuzz deps check demo bench asan install uninstall clean
# Objects of the plugins, tests and bench tools are intermediates of their link rules;
# kept, so that a second make does not compile everything again.
.SECONDARY:
all: build
build: $(PLUGINS) $(if $(wildcard reports/sla_report.c),$(SLA_REPORT))
tests: build $(TESTS) $(DEMO_BIN) fuzz
fuzz: $(FUZZ_BIN)

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEP_CFLAGS) -c -o $@ $<

$(O)/fuzz/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(filter-out -Werror,$(WARN)) \
	    -D_GNU_SOURCE -Icommon -Ireports -It/fuzz $(DEP_CFLAGS) -MMD -MP -c -o $@ $<
$(O)/fuzz/libfuzz.a: $(FUZZLIB_OBJ)
	$(AR) rcs $@ $^
$(O)/t/fuzz/%: $(O)/fuzz/t/fuzz/%.o $(O)/fuzz/libfuzz.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer $(ALL_LDFLAGS) -o $@ $^ $(REPORT_LDLIBS) \
	    $(PLUGIN_LDLIBS)

$(O)/libnines.a: $(COMMON_OBJ)
	$(AR) rcs $@ $^
$(O)/libreports.a: $(REPORT_OBJ)
	$(AR) rcs $@ $^
$(O)/libtestutil.a: $(TESTLIB_OBJ)
	$(AR) rcs $@ $^

$(O)/plugins/%: $(O)/plugins/%.o $(O)/libnines.a
	$(CC) $(CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(PLUGIN_LDLIBS)

$(SLA_REPORT): $(O)/reports/sla_report.o $(O)/libreports.a $(O)/libnines.a
	$(CC) $(CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(REPORT_LDLIBS)

$(O)/t/test_%: $(O)/t/test_%.o $(O)/libtestutil.a $(O)/libreports.a $(O)/libnines.a
	$(CC) $(CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(TEST_LIBS) $(REPORT_LDLIBS) $(PLUGIN_LDLIBS)

$(DEMO_BIN): $(DEMO_SRC:%.c=$(O)/%.o) $(O)/libreports.a $(O)/libnines.a
	$(CC) $(CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(REPORT_LDLIBS)
# Its test also draws schedules itself, with the history module.
$(O)/t/test_demo_history.o: ALL_CFLAGS += -Icontrib/demo
$(O)/t/test_demo_history: $(O)/t/test_demo_history.o $(O)/contrib/demo/history.o \
    $(O)/libtestutil.a $(O)/libreports.a $(O)/libnines.a
	$(CC) $(CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(TEST_LIBS) $(REPORT_LDLIBS)

$(O)/t/bench/%: $(O)/t/bench/%.o $(O)/libtestutil.a $(O)/libreports.a $(O)/libnines.a
	$(CC) $(CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(REPORT_LDLIBS) $(PLUGIN_LDLIBS)

deps:
	@contrib/install-deps.sh

# Recursive so that pkg-config runs after `deps` has installed what it needs.
check: deps
	@$(MAKE) --no-print-directory tests
	@O=$(O) t/run-tests.sh

demo: deps
	@$(MAKE) --no-print-directory build $(DEMO_BIN)
	@O=$(O) contrib/demo/demo.sh

bench:
	@contrib/install-deps.sh --bench
	@$(MAKE) --no-print-directory build $(BENCH_BIN)
	@O=$(O) t/bench/run-bench.sh

asan: deps
	@$(MAKE) --no-print-directory O=$(O)-asan \
	    CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	    LDFLAGS="-fsanitize=address,undefined" tests
	@O=$(O)-asan ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/t/lsan.supp:print_suppressions=0 \
	    t/run-tests.sh

# What `make install` puts under DOCDIR: the example config and the files users drop
# into their systems; the scheduling files with the paths of this installation.
MAN1        := $(wildcard contrib/man/*.1)
MAN5        := $(wildcard contrib/man/*.5)
DOC_CONTRIB := $(wildcard contrib/icinga2/*.conf contrib/nagios/*.cfg contrib/systemd/* contrib/cron/*)
UNITS       := $(wildcard contrib/systemd/*)
# Scripts installed beside sla-report, with the paths of this installation.
SCRIPTS     := contrib/mail/nines-mail-report
SUBST       = sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g'

install: build
	install -d $(DESTDIR)$(PLUGINDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(UNITDIR) \
	    $(addprefix $(DESTDIR)$(DOCDIR)/,$(sort $(dir $(DOC_CONTRIB))))
	install -m 755 $(PLUGINS) $(DESTDIR)$(PLUGINDIR)/
	$(if $(wildcard $(SLA_REPORT)),install -m 755 $(SLA_REPORT) $(DESTDIR)$(BINDIR)/)
	for f in $(SCRIPTS); do $(SUBST) $$f > $(DESTDIR)$(BINDIR)/$${f##*/} && chmod 755 $(DESTDIR)$(BINDIR)/$${f##*/} || exit 1; done
	for f in $(MAN1); do $(SUBST) $$f > $(DESTDIR)$(MANDIR)/man1/$${f##*/} && chmod 644 $(DESTDIR)$(MANDIR)/man1/$${f##*/} || exit 1; done
	for f in $(MAN5); do $(SUBST) $$f > $(DESTDIR)$(MANDIR)/man5/$${f##*/} && chmod 644 $(DESTDIR)$(MANDIR)/man5/$${f##*/} || exit 1; done
	install -m 644 README.md contrib/sla.example.yml $(DESTDIR)$(DOCDIR)/
	for f in $(DOC_CONTRIB); do $(SUBST) $$f > $(DESTDIR)$(DOCDIR)/$$f && \
	    chmod 644 $(DESTDIR)$(DOCDIR)/$$f || exit 1; done
	for f in $(UNITS); do cp -p $(DESTDIR)$(DOCDIR)/$$f $(DESTDIR)$(UNITDIR)/ || exit 1; done
	install -d -m 755 $(DESTDIR)$(VARDIR) $(DESTDIR)$(VARDIR)/rrd $(DESTDIR)$(VARDIR)/reports
	install -d -m 700 $(DESTDIR)$(VARDIR)/state
	if [ "$$(id -u)" = 0 ] && id $(NINES_USER) >/dev/null 2>&1; then \
	    chown $(NINES_USER): $(DESTDIR)$(VARDIR)/rrd $(DESTDIR)$(VARDIR)/state $(DESTDIR)$(VARDIR)/reports; fi

# Archives and reports are data, not part of the installation: their directories go
# only when empty.
uninstall:
	rm -f $(addprefix $(DESTDIR)$(PLUGINDIR)/,$(notdir $(PLUGIN_SRC:.c=))) \
	    $(DESTDIR)$(BINDIR)/sla-report $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(SCRIPTS))) \
	    $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1))) \
	    $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(MAN5))) \
	    $(addprefix $(DESTDIR)$(UNITDIR)/,$(notdir $(UNITS)))
	rm -rf $(DESTDIR)$(DOCDIR)
	-rmdir $(DESTDIR)$(VARDIR)/rrd $(DESTDIR)$(VARDIR)/state $(DESTDIR)$(VARDIR)/reports \
	    $(DESTDIR)$(VARDIR) 2>/dev/null

clean:
	rm -rf $(O) $(O)-asan

-include $(shell find $(O) -name '*.d' 2>/dev/null)
