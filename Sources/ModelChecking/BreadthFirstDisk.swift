import Dispatch
import Foundation

/// What a breadth-first run must carry across a checkpoint besides the seen-set: the frontier, the
/// parent log, and the run's progress.
@usableFromInline
struct BreadthFirstSnapshot<State: Sendable>: Sendable {
    /// The depth of `level`.
    @usableFromInline var depth: Int
    /// The frontier.
    @usableFromInline var level: BreadthFirstLevel<State>
    /// The parent log of levels `0...depth`.
    @usableFromInline var log: TraceLog
    /// Transitions taken so far.
    @usableFromInline var transitions: Int
    /// Transitions by action kind.
    @usableFromInline var coverage: [Int]
    /// The serial number of the next chunk.
    @usableFromInline var chunksRouted: Int
    /// The targets reached so far: `[depth, rank]` of each one's first witness.
    @usableFromInline var witnessRanks: [String: [Int]]

    @inlinable
    init(
        depth: Int, level: BreadthFirstLevel<State>, log: TraceLog, transitions: Int, coverage: [Int], chunksRouted: Int,
        witnessRanks: [String: [Int]]
    ) {
        self.depth = depth
        self.level = level
        self.log = log
        self.transitions = transitions
        self.coverage = coverage
        self.chunksRouted = chunksRouted
        self.witnessRanks = witnessRanks
    }
}

/// A system's compact state form (`TransitionSystem.compactForm(of:)` and its inverse) as closures,
/// made where the system's type is known so that calling them runs specialized code.
@usableFromInline
struct CompactStateCoding<State>: Sendable {
    /// `compactForm(of:)`.
    @usableFromInline let form: @Sendable (State) -> [UInt64]?
    /// `state(fromCompactForm:)`.
    @usableFromInline let state: @Sendable ([UInt64]) -> State?

    @inlinable
    init(form: @escaping @Sendable (State) -> [UInt64]?, state: @escaping @Sendable ([UInt64]) -> State?) {
        self.form = form
        self.state = state
    }
}

/// The disk side of a breadth-first run: checkpoints (TLC's `-checkpoint`), resumption, and the
/// frontier and parent log spilled to segment files under a memory budget (Stern and Dill's
/// disk-based BFS for Murφ; SPIN's disk queues). States go to disk in the system's compact form when
/// it has one (`TransitionSystem.compactForm(of:)`: usually far smaller than the state's bytes, e.g.
/// `pbft`'s 192-byte plain-data state in about 70), else as their bytes when the state type is plain
/// data, else as the JSON of their `Codable` form; the run first checks that the model's initial
/// states survive the round trip.
///
/// Created only when `StorageOptions.isActive`, so a run without these options never touches it.
@usableFromInline
final class BreadthFirstDisk<System: TransitionSystem>: @unchecked Sendable {
    @usableFromInline typealias State = System.State

    let system: System
    let storage: StorageOptions
    let threads: Int
    let engine: CheckpointHeader.Engine
    let kinds: Int
    /// The bytes a frontier state is reckoned to occupy in memory
    /// (`TransitionSystem.memoryFootprint(of:)`): the first initial state's at first, then the mean
    /// of a sample of the newest states each time the level being built is weighed.
    private(set) var bytesPerState: Int
    /// The budget's shares (`nil`: no budget).
    let frontierShare: Int?
    let logShare: Int?
    /// The system's compact form, when states go to disk in it (rather than as their bytes or as
    /// JSON): decided on the first initial state.
    let compactCoding: CompactStateCoding<State>?
    private var scratch: ScratchDirectory?
    private var logFile: DiskFile?
    /// The depth of the last checkpoint written or resumed from (none again at that depth).
    private var lastCheckpointDepth = -1
    /// What the run did on disk, for its statistics.
    @usableFromInline private(set) var statistics = StorageStatistics()

    /// Prepares the disk side of a run of `checker`; checks that the model's states survive the
    /// trip to disk.
    ///
    /// - Throws: `StorageError` when the scratch directory cannot be made or the states do not
    ///   round-trip.
    @usableFromInline
    init(checker: Checker<System>, properties: [String], compactCoding: CompactStateCoding<State>) throws(StorageError) {
        system = checker.system
        storage = checker.options.storage
        threads = max(1, checker.options.threadCount)
        engine = CheckpointHeader.Engine(options: checker.options, properties: properties)
        kinds = checker.system.actionKindNames.count
        let initial = checker.system.initialStates
        let usesCompactForm = initial.first.map { compactCoding.form($0) != nil } ?? false
        self.compactCoding = usesCompactForm ? compactCoding : nil
        bytesPerState = initial.first.map { checker.system.memoryFootprint(of: $0) } ?? MemoryLayout<State>.stride
        frontierShare = storage.memoryBudgetBytes.map { $0 / 4 }
        logShare = storage.memoryBudgetBytes.map { $0 / 8 }
        if storage.checkpointDirectory != nil && checker.options.bitstate != nil {
            throw StorageError("checkpoints need the fingerprint or the exact seen-set, not bitstate hashing")
        }
        if checker.options.strategy != .breadthFirst || checker.options.swarmRuns != nil {
            throw StorageError("checkpoints and --memory apply to breadth-first runs only")
        }
        // Spilled states go through their disk form; checkpoints use it only for plain-data states.
        if storage.memoryBudgetBytes != nil || _isPOD(State.self) {
            try checkRoundTrip(initial)
        }
        if storage.memoryBudgetBytes != nil { scratch = try ScratchDirectory(inside: storage.scratchDirectory) }
    }

    /// Throws unless every state of `states` comes back from disk equal, with an equal encoding.
    func checkRoundTrip(_ states: [State]) throws(StorageError) {
        let model = system.name
        let back: [State]
        do {
            back = try decode(encode(states), source: "round trip")
        } catch {
            throw StorageError("model \(model): its states cannot be written to disk and read back (\(error))")
        }
        for (state, copy) in zip(states, back) {
            var original = StateEncoder()
            var restored = StateEncoder()
            state.encode(into: &original)
            copy.encode(into: &restored)
            original.finish()
            restored.finish()
            guard state == copy, original.words == restored.words else {
                throw StorageError(
                    "model \(model): a state read back from disk differs from the one written "
                        + "(its Codable form is not faithful), so it cannot be checkpointed or spilled")
            }
        }
    }

    /// How a checkpoint stores this model's frontier: when the state type is plain data (no
    /// references), its states in their disk form, `compact:TYPE` (the system's compact form) or
    /// `raw:STRIDE:TYPE` (their bytes); else `replayed`: only the count is stored, and a resumed run
    /// recomputes the frontier from the saved parent log, one successor per stored state, level by
    /// level from the initial states (no round trip through `Codable`, so any model can be
    /// checkpointed).
    var stateForm: String {
        guard _isPOD(State.self) else { return "replayed" }
        if compactCoding != nil { return "compact:\(String(reflecting: State.self))" }
        return "raw:\(MemoryLayout<State>.stride):\(String(reflecting: State.self))"
    }

    /// States to bytes: each state's compact form as its word count and words, else their raw bytes
    /// when the state type is plain data, else the JSON of their `Codable` form.
    func encode(_ states: [State]) throws(StorageError) -> [UInt8] {
        if let compactCoding {
            var words: [UInt64] = []
            for state in states {
                guard let form = compactCoding.form(state) else {
                    throw StorageError("model \(system.name): a state has no compact form to be written to disk")
                }
                words.append(UInt64(form.count))
                words.append(contentsOf: form)
            }
            return words.withUnsafeBytes { [UInt8]($0) }
        }
        if _isPOD(State.self) { return states.withUnsafeBytes { [UInt8]($0) } }
        do {
            return [UInt8](try JSONEncoder().encode(states))
        } catch { throw StorageError("cannot encode states: \(error)") }
    }

    /// The states `encode(_:)` wrote as `bytes`.
    func decode(_ bytes: [UInt8], source: String) throws(StorageError) -> [State] {
        if let compactCoding {
            guard bytes.count % 8 == 0 else { throw StorageError("\(source): \(bytes.count) bytes is not a whole number of words") }
            let words = bytes.withUnsafeBytes { raw in
                (0..<bytes.count / 8).map { raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self) }
            }
            var states: [State] = []
            var position = 0
            while position < words.count {
                let count = words[position]
                guard count <= UInt64(words.count - position - 1),
                    let state = compactCoding.state(Array(words[(position + 1)..<(position + 1 + Int(count))]))
                else { throw StorageError("\(source): unreadable state at word \(position)") }
                states.append(state)
                position += 1 + Int(count)
            }
            return states
        }
        if _isPOD(State.self) {
            let stride = MemoryLayout<State>.stride
            guard bytes.count % stride == 0 else { throw StorageError("\(source): \(bytes.count) bytes is not a whole number of states") }
            let count = bytes.count / stride
            return [State](unsafeUninitializedCapacity: count) { buffer, initialized in
                bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
                initialized = count
            }
        }
        do {
            return try JSONDecoder().decode([State].self, from: Data(bytes))
        } catch { throw StorageError("\(source): unreadable states: \(error)") }
    }

    /// Runs `body(i)` for `i` in `0..<count` on the run's threads; the first error is rethrown.
    private func forEachInParallel(_ count: Int, _ body: (Int) throws(StorageError) -> Void) throws(StorageError) {
        if threads <= 1 || count <= 1 {
            for index in 0..<count { try body(index) }
            return
        }
        let lock = NSLock()
        nonisolated(unsafe) var failure: StorageError? = nil
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: count) { index in
                do throws(StorageError) {
                    try body(index)
                } catch {
                    lock.withLock { if failure == nil { failure = error } }
                }
            }
        }
        if let failure { throw failure }
    }

    // MARK: Spilling

    /// The states of the spilled pieces `indices` of `level`, read back and decoded in parallel.
    @usableFromInline
    func load(_ indices: [Int], of level: BreadthFirstLevel<State>) throws(StorageError) -> [[State]] {
        var results = [[State]](repeating: [], count: indices.count)
        try storageErrors {
            try results.withUnsafeMutableBufferPointer { results in
                nonisolated(unsafe) let results = results
                try forEachInParallel(indices.count) { (position) throws(StorageError) in
                    guard case .spilled(let piece) = level.pieces[indices[position]] else {
                        preconditionFailure("BreadthFirstDisk: piece \(indices[position]) is in memory")
                    }
                    let states = try self.decode(
                        piece.file.bytes(offset: piece.offset, count: piece.length), source: piece.file.path)
                    guard states.count == piece.count else {
                        throw StorageError("\(piece.file.path): \(states.count) states where \(piece.count) were written")
                    }
                    results[position] = states
                }
            }
        }
        return results
    }

    /// When the in-memory part of `level` (the level being built) exceeds the frontier's share of the
    /// budget, writes its completed in-memory pieces (all but the last, which may still grow, unless
    /// `isComplete`) to the level's segment file.
    @usableFromInline
    func spillFrontierIfOverBudget(_ level: inout BreadthFirstLevel<State>, isComplete: Bool) throws(StorageError) {
        guard let share = frontierShare, let scratch else { return }
        weighNewestStates(of: level)
        let (bytes, overflow) = level.inMemoryCount.multipliedReportingOverflow(by: bytesPerState)
        guard overflow || bytes > share else { return }
        let candidates = level.pieces.indices.dropLast(isComplete ? 0 : 1).filter {
            if case .inMemory = level.pieces[$0] { return true } else { return false }
        }
        guard !candidates.isEmpty else { return }
        var file: DiskFile? = nil
        for piece in level.pieces.reversed() {
            if case .spilled(let spilled) = piece {
                file = spilled.file
                break
            }
        }
        let target: DiskFile
        if let file { target = file } else { target = try scratch.makeFile("frontier") }
        var encoded = [[UInt8]](repeating: [], count: candidates.count)
        let pieces = level.pieces
        try storageErrors {
            try encoded.withUnsafeMutableBufferPointer { encoded in
                nonisolated(unsafe) let encoded = encoded
                try forEachInParallel(candidates.count) { (position) throws(StorageError) in
                    guard case .inMemory(let states) = pieces[candidates[position]] else { return }
                    encoded[position] = try self.encode(states)
                }
            }
        }
        for (position, index) in candidates.enumerated() {
            let count = level.pieces[index].count
            let piece = SpilledPiece(count: count, file: target, offset: target.size, length: encoded[position].count)
            try target.append(encoded[position])
            statistics.spilledBytes += encoded[position].count
            level.pieces[index] = .spilled(piece)
            level.inMemoryCount -= count
        }
        try target.flush()
    }

    /// Sets `bytesPerState` to the mean footprint of up to 16 states spread over the newest piece held
    /// in memory (states may grow with depth, e.g. a network of sent messages).
    func weighNewestStates(of level: BreadthFirstLevel<State>) {
        guard let newest = level.pieces.last, case .inMemory(let states) = newest, !states.isEmpty else { return }
        let samples = min(16, states.count)
        var total = 0
        for sample in 0..<samples { total += system.memoryFootprint(of: states[sample * states.count / samples]) }
        bytesPerState = max(1, total / samples)
    }

    /// When the parent log in memory exceeds its share of the budget, moves its completed levels to
    /// the log's segment file.
    @usableFromInline
    func spillLogIfOverBudget(_ log: inout TraceLog) throws(StorageError) {
        guard let share = logShare, log.bytes > share, let scratch else { return }
        if logFile == nil { logFile = try scratch.makeFile("trace") }
        statistics.spilledBytes += try log.spillCompletedLevels(to: logFile!)
    }

    // MARK: Checkpoints

    /// Whether the run checkpoints at all (then limits stop it only at the end of a level).
    @usableFromInline
    var isCheckpointing: Bool { storage.checkpointDirectory != nil }

    /// Whether to write a checkpoint at the end of the level of depth `depth`: every
    /// `checkpointEvery` levels, and when the run is about to stop on a limit.
    @usableFromInline
    func shouldCheckpoint(depth: Int, stopping: Bool) -> Bool {
        guard storage.checkpointDirectory != nil, depth != lastCheckpointDepth else { return false }
        return stopping || (depth > 0 && depth % max(storage.checkpointEvery, 1) == 0)
    }

    /// Writes a checkpoint of the run at the end of level `snapshot.depth`.
    @usableFromInline
    func writeCheckpoint(_ snapshot: BreadthFirstSnapshot<State>, store: any VisitedStore) throws(StorageError) {
        guard let directory = storage.checkpointDirectory else { return }
        guard let store = store as? any StoreSnapshot else {
            throw StorageError("checkpoints need the fingerprint or the exact seen-set")
        }
        try Checkpoint.replace(directory) { (temporary) throws(StorageError) in
            var sizes: [String: Int] = [:]
            func file(_ name: String, _ body: (DiskFile) throws(StorageError) -> Void) throws(StorageError) {
                let file = try DiskFile(
                    creating: (temporary as NSString).appendingPathComponent(name), removesWhenReleased: false)
                try body(file)
                try file.synchronize()
                sizes[name] = file.size
            }
            try file("seen.bin") { (file) throws(StorageError) in try store.writeSnapshot(to: file) }
            try file("trace.bin") { (file) throws(StorageError) in try snapshot.log.write(to: file) }
            try file("frontier.bin") { (file) throws(StorageError) in try writeFrontier(snapshot.level, to: file) }
            let header = CheckpointHeader(
                identity: storage.identity, engine: engine, depth: snapshot.depth, distinctStates: store.count,
                transitions: snapshot.transitions, coverage: snapshot.coverage, chunksRouted: snapshot.chunksRouted,
                witnesses: snapshot.witnessRanks, frontierStates: snapshot.level.count, stateForm: stateForm,
                fileSizes: sizes)
            try header.write(into: temporary)
        }
        lastCheckpointDepth = snapshot.depth
        statistics.checkpointsWritten += 1
        statistics.lastCheckpointDepth = snapshot.depth
    }

    /// The frontier file: the state count, the piece count, then each piece's state count, byte length
    /// and raw bytes; for a `replayed` state form, the state count alone.
    private func writeFrontier(_ level: BreadthFirstLevel<State>, to file: DiskFile) throws(StorageError) {
        try file.append(.word(level.count))
        guard _isPOD(State.self) else { return }
        try file.append(.word(level.pieces.count))
        for piece in level.pieces {
            let bytes: [UInt8]
            switch piece {
            case .inMemory(let states): bytes = try self.encode(states)
            case .spilled(let spilled): bytes = try spilled.file.bytes(offset: spilled.offset, count: spilled.length)
            }
            try file.append(.word(piece.count))
            try file.append(.word(bytes.count))
            try file.append(bytes)
        }
    }

    /// Level `depth` recomputed from the parent log: level 0 from the initial states by index, each
    /// next one by taking, from each parent in order, the actions whose ordinals the log recorded.
    private func replayLevel(_ depth: Int, log: TraceLog) throws(StorageError) -> BreadthFirstLevel<State> {
        let initial = system.initialStates
        var failure: StorageError? = nil
        var previous: [State] = []
        try log.forEachState(depth: 0) { _, ordinal in
            if ordinal < initial.count {
                previous.append(initial[ordinal])
            } else {
                failure = failure ?? StorageError("trace.bin: no initial state \(ordinal)")
            }
        }
        var actions: [System.Action] = []
        for level in stride(from: 1, through: depth, by: 1) {
            var next: [State] = []
            next.reserveCapacity(log.stateCount(depth: level))
            var actionsParent = -1
            try log.forEachState(depth: level) { parent, ordinal in
                guard failure == nil, parent < previous.count else {
                    failure = failure ?? StorageError("trace.bin: no parent \(parent) at depth \(level - 1)")
                    return
                }
                if parent != actionsParent {
                    actions.removeAll(keepingCapacity: true)
                    system.actions(in: previous[parent], into: &actions)
                    actionsParent = parent
                }
                guard ordinal < actions.count, let state = system.successor(of: previous[parent], taking: actions[ordinal]) else {
                    failure =
                        failure ?? StorageError("trace.bin: action \(ordinal) does not apply at depth \(level - 1); the model changed")
                    return
                }
                next.append(state)
            }
            if let failure { throw failure }
            previous = next
        }
        if let failure { throw failure }
        var level = BreadthFirstLevel<State>()
        for start in stride(from: 0, to: previous.count, by: breadthFirstChunkSize) {
            level.append(Array(previous[start..<min(start + breadthFirstChunkSize, previous.count)]))
        }
        return level
    }

    /// Restores the run saved in `storage.resumeDirectory` into `store` (which must be empty) and
    /// returns its frontier, parent log and progress. The frontier stays in the checkpoint's file and
    /// is read a batch at a time; the parent log is read into memory unless a budget is set.
    ///
    /// - Throws: `StorageError` when the checkpoint is missing, damaged, or belongs to another model,
    ///   config or engine options.
    @usableFromInline
    func resume(into store: any VisitedStore) throws(StorageError) -> BreadthFirstSnapshot<State> {
        guard let directory = storage.resumeDirectory else { preconditionFailure("BreadthFirstDisk: no resume directory") }
        let header = try CheckpointHeader.read(from: directory)
        try header.checkMatches(engine, identity: storage.identity, directory: directory)
        guard header.stateForm == stateForm else {
            throw StorageError(
                "checkpoint \(directory) does not match this run: its states are stored as \(header.stateForm), this build's as \(stateForm)"
            )
        }
        guard header.coverage.count == kinds else {
            throw StorageError("checkpoint \(directory): \(header.coverage.count) action kinds, the model has \(kinds)")
        }
        func open(_ name: String) throws(StorageError) -> DiskFile {
            let file = try DiskFile(reading: (directory as NSString).appendingPathComponent(name))
            guard header.fileSizes[name] == file.size else {
                throw StorageError(
                    "checkpoint \(directory): \(name) has \(file.size) bytes, the header says \(header.fileSizes[name] ?? 0)")
            }
            return file
        }
        guard let snapshotStore = store as? any StoreSnapshot, snapshotStore.count == 0 else {
            throw StorageError("checkpoints need the fingerprint or the exact seen-set")
        }
        var cursor = DiskCursor(try open("seen.bin"))
        try snapshotStore.restoreSnapshot(from: &cursor)
        guard cursor.offset == cursor.file.size, store.count == header.distinctStates else {
            throw StorageError("checkpoint \(directory): seen.bin holds \(store.count) states, the header says \(header.distinctStates)")
        }
        let log = try TraceLog(reading: try open("trace.bin"), inMemory: storage.memoryBudgetBytes == nil)
        guard log.levelCount == header.depth + 1 else {
            throw StorageError("checkpoint \(directory): trace.bin has \(log.levelCount) levels for depth \(header.depth)")
        }
        let saved = try readFrontier(try open("frontier.bin"))
        let level: BreadthFirstLevel<State>
        if let saved { level = saved } else { level = try replayLevel(header.depth, log: log) }
        guard level.count == header.frontierStates, level.count == log.stateCount(depth: header.depth) else {
            throw StorageError(
                "checkpoint \(directory): frontier.bin holds \(level.count) states, the header says \(header.frontierStates)")
        }
        // Every frontier state was stored: a state the seen-set lacks means the state type's layout or
        // the model changed since the checkpoint was written.
        let sample = try level.pieces.first.map { (piece) throws(StorageError) -> [State] in
            if let states = piece.inMemoryStates { return states }
            return try load([0], of: level)[0]
        }
        var encoder = StateEncoder()
        for state in sample ?? [] {
            let key = system.seenSetKey(of: state, symmetric: engine.symmetry, exact: store.isExact, encoder: &encoder)
            let stored = encoder.withWords { store.contains(key, $0) }
            guard stored else {
                throw StorageError(
                    "checkpoint \(directory): its frontier holds a state its seen-set lacks; the model changed since it was written")
            }
        }
        lastCheckpointDepth = header.depth
        statistics.resumedFromDepth = header.depth
        return BreadthFirstSnapshot(
            depth: header.depth, level: level, log: log, transitions: header.transitions, coverage: header.coverage,
            chunksRouted: header.chunksRouted, witnessRanks: header.witnesses)
    }

    /// The level `writeFrontier` wrote (`nil` for the `replayed` form), its pieces left in the file.
    private func readFrontier(_ file: DiskFile) throws(StorageError) -> BreadthFirstLevel<State>? {
        var cursor = DiskCursor(file)
        let total = try cursor.count(atMost: 1 << 50)
        guard _isPOD(State.self) else {
            guard cursor.offset == file.size else { throw StorageError("\(file.path): bytes after the state count") }
            return nil
        }
        var level = BreadthFirstLevel<State>()
        let pieces = try cursor.count(atMost: file.size / 16)
        for _ in 0..<pieces {
            let count = try cursor.count(atMost: file.size)
            let length = try cursor.count(atMost: file.size - cursor.offset)
            guard count > 0 else { throw StorageError("\(file.path): an empty piece") }
            level.pieces.append(.spilled(SpilledPiece(count: count, file: file, offset: cursor.offset, length: length)))
            level.count += count
            cursor.offset += length
        }
        guard cursor.offset == file.size, level.count == total else {
            throw StorageError("\(file.path): \(file.size - cursor.offset) bytes after the frontier")
        }
        return level
    }
}
