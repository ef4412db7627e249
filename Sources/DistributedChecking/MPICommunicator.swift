import CMPI
import Foundation
import ModelChecking

/// `MPI_COMM_WORLD` as a ``SearchCluster``: the processes `mpirun` started, or this process alone
/// when it was started without `mpirun` (an MPI singleton, size 1).
///
/// MPI is initialized with `MPI_THREAD_SERIALIZED` (Open MPI, `MPI_Init_thread(3)`): the search calls
/// MPI from one thread at a time, while its worker threads only compute. Exchanges are
/// `MPI_Alltoallv` of bytes after an `MPI_Alltoall` of the sizes, in rounds of at most 1 GiB in all
/// per rank (MPI counts and displacements are C `int`s); reductions are `MPI_Allreduce` of
/// `MPI_UINT64_T`. An MPI call that fails aborts the job (`MPI_Abort`): a rank that left a collective
/// would leave the others waiting forever.
public final class MPICommunicator: SearchCluster, @unchecked Sendable {
    /// This process's rank in `MPI_COMM_WORLD`.
    public let rank: Int
    /// The number of processes in `MPI_COMM_WORLD`.
    public let size: Int
    private var finalized = false

    /// The bytes one exchange round moves per rank at most, in all.
    static let roundBytes = 1 << 30

    /// Initializes MPI (once per process) and joins `MPI_COMM_WORLD`.
    ///
    /// - Throws: `MPIError` when MPI cannot be initialized or does not provide the thread level.
    public init() throws(MPIError) {
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        if initialized == 0 {
            var provided: Int32 = 0
            let status = MPI_Init_thread(nil, nil, bft_mpi_thread_serialized(), &provided)
            guard status == bft_mpi_success() else { throw MPIError("MPI_Init_thread failed with error \(status)") }
            guard provided >= bft_mpi_thread_serialized() else {
                throw MPIError("MPI provides thread level \(provided), below MPI_THREAD_SERIALIZED")
            }
        }
        var rank: Int32 = 0
        var size: Int32 = 0
        MPI_Comm_rank(bft_mpi_comm_world(), &rank)
        MPI_Comm_size(bft_mpi_comm_world(), &size)
        self.rank = Int(rank)
        self.size = Int(size)
    }

    /// Sends `outgoing[r]` to rank `r` and returns what every rank sent here, in sender order.
    public func exchange(_ outgoing: [[UInt8]]) -> (bytes: [UInt8], offsets: [Int]) {
        precondition(outgoing.count == size, "MPICommunicator: one buffer per rank")
        var sendSizes = outgoing.map { UInt64($0.count) }
        var receiveSizes = [UInt64](repeating: 0, count: size)
        check(
            MPI_Alltoall(&sendSizes, 1, bft_mpi_uint64(), &receiveSizes, 1, bft_mpi_uint64(), bft_mpi_comm_world()),
            "MPI_Alltoall")
        var offsets = [0]
        for received in receiveSizes { offsets.append(offsets.last! + Int(received)) }
        var bytes = [UInt8](repeating: 0, count: offsets.last!)
        // The pairs' sizes bound the rounds; every rank must agree on their number.
        let perPair = max(1, Self.roundBytes / size)
        let largest = (sendSizes + receiveSizes).max() ?? 0
        let rounds = max(1, Int(allReduce([(largest + UInt64(perPair) - 1) / UInt64(perPair)], .max)[0]))
        for round in 0..<rounds {
            let start = round * perPair
            let sendCounts = outgoing.map { Int32(max(0, min($0.count - start, perPair))) }
            let receiveCounts = receiveSizes.map { Int32(max(0, min(Int($0) - start, perPair))) }
            let sendDisplacements = Self.displacements(sendCounts)
            let receiveDisplacements = Self.displacements(receiveCounts)
            var sendBuffer = [UInt8]()
            sendBuffer.reserveCapacity(sendCounts.reduce(0) { $0 + Int($1) })
            for (destination, count) in sendCounts.enumerated() where count > 0 {
                sendBuffer.append(contentsOf: outgoing[destination][start..<(start + Int(count))])
            }
            var receiveBuffer = [UInt8](repeating: 0, count: max(1, receiveCounts.reduce(0) { $0 + Int($1) }))
            if sendBuffer.isEmpty { sendBuffer.append(0) }
            check(
                MPI_Alltoallv(
                    sendBuffer, sendCounts, sendDisplacements, bft_mpi_byte(), &receiveBuffer, receiveCounts, receiveDisplacements,
                    bft_mpi_byte(), bft_mpi_comm_world()),
                "MPI_Alltoallv")
            for source in 0..<size where receiveCounts[source] > 0 {
                let from = Int(receiveDisplacements[source])
                let to = offsets[source] + start
                bytes.replaceSubrange(
                    to..<(to + Int(receiveCounts[source])), with: receiveBuffer[from..<(from + Int(receiveCounts[source]))])
            }
        }
        return (bytes, offsets)
    }

    /// The element-wise sum, minimum or maximum of `values` over all ranks.
    public func allReduce(_ values: [UInt64], _ operation: ClusterReduction) -> [UInt64] {
        guard !values.isEmpty else { return [] }
        var result = values
        let op =
            switch operation {
            case .sum: bft_mpi_sum()
            case .min: bft_mpi_min()
            case .max: bft_mpi_max()
            }
        check(
            MPI_Allreduce(bft_mpi_in_place(), &result, Int32(values.count), bft_mpi_uint64(), op, bft_mpi_comm_world()), "MPI_Allreduce")
        return result
    }

    /// Waits until every rank has called it.
    public func barrier() {
        check(MPI_Barrier(bft_mpi_comm_world()), "MPI_Barrier")
    }

    /// Ends MPI for this process (`MPI_Finalize`); call once, after the last exchange, on every rank.
    public func finalize() {
        guard !finalized else { return }
        finalized = true
        var done: Int32 = 0
        MPI_Finalized(&done)
        if done == 0 { MPI_Finalize() }
    }

    /// Whether MPI says this process was started by a launcher with other ranks (size above 1).
    public var isDistributed: Bool { size > 1 }

    /// Exclusive prefix sums of `counts`, as MPI displacements.
    static func displacements(_ counts: [Int32]) -> [Int32] {
        var result: [Int32] = []
        var total: Int32 = 0
        for count in counts {
            result.append(total)
            total += count
        }
        return result
    }

    /// Aborts the whole job when an MPI call failed.
    private func check(_ status: Int32, _ call: String) {
        guard status != bft_mpi_success() else { return }
        FileHandle.standardError.write(Data("bftcheck: rank \(rank): \(call) failed with MPI error \(status); aborting the job\n".utf8))
        MPI_Abort(bft_mpi_comm_world(), 2)
    }
}
