// The MPI C API of Open MPI (libopenmpi-dev, found through ompi-c.pc). Only `DistributedChecking`
// imports this module. Open MPI spells its handles (MPI_COMM_WORLD, MPI_BYTE, MPI_SUM, ...) as macros
// over addresses of global objects, which Swift cannot import: the functions below hand them over.
#ifndef BFTCHECK_CMPI_SHIM_H
#define BFTCHECK_CMPI_SHIM_H
#include <mpi.h>

/// MPI_COMM_WORLD.
static inline MPI_Comm bft_mpi_comm_world(void) { return MPI_COMM_WORLD; }
/// MPI_BYTE.
static inline MPI_Datatype bft_mpi_byte(void) { return MPI_BYTE; }
/// MPI_UINT64_T.
static inline MPI_Datatype bft_mpi_uint64(void) { return MPI_UINT64_T; }
/// MPI_SUM.
static inline MPI_Op bft_mpi_sum(void) { return MPI_SUM; }
/// MPI_MIN.
static inline MPI_Op bft_mpi_min(void) { return MPI_MIN; }
/// MPI_MAX.
static inline MPI_Op bft_mpi_max(void) { return MPI_MAX; }
/// MPI_THREAD_SERIALIZED: any thread may call MPI, one at a time.
static inline int bft_mpi_thread_serialized(void) { return MPI_THREAD_SERIALIZED; }
/// MPI_SUCCESS.
static inline int bft_mpi_success(void) { return MPI_SUCCESS; }
/// MPI_IN_PLACE, as the send buffer of an in-place reduction.
static inline void *bft_mpi_in_place(void) { return MPI_IN_PLACE; }
#endif
