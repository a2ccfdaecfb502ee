/*
 * fuzz — what the libFuzzer targets in t/fuzz share.  Each target is one fuzz_<what>.c
 * with LLVMFuzzerTestOneInput and a seed corpus in t/fuzz/corpus/<what>/; `make fuzz`
 * builds them with clang, t/run-tests.sh runs each for a few seconds.  A target returns
 * 0 for every input: a crash, leak, sanitizer report or hang is the finding.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
