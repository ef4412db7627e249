// The Z3 C API (libz3-dev, found through z3.pc). Only the `Lemmas` target imports this module.
#ifndef BFTCHECK_CZ3_SHIM_H
#define BFTCHECK_CZ3_SHIM_H
#include <z3.h>
#endif
