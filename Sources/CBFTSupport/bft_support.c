// The C helpers are static inline functions in include/bft_support.h; SwiftPM needs one source file.
#include "bft_support.h"
