// Shared by the fuzz targets: an invariant check that aborts (libFuzzer then keeps the input
// as a crasher) with a message saying which invariant broke.
#pragma once

#include <cstdio>
#include <cstdlib>

#define RTK_FUZZ_CHECK(cond, what)                                                            \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      std::fprintf(stderr, "fuzz invariant broken at %s:%d: %s\n", __FILE__, __LINE__, what); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (0)
