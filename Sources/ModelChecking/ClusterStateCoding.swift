import Foundation

/// How a distributed search puts a state on the wire, decided once per run as the disk side does
/// (`BreadthFirstDisk`): the system's compact form when it has one
/// (`TransitionSystem.compactForm(of:)`: a 32-bit word count, then the words), else the state's bytes
/// when its type is plain data, else the JSON of its `Codable` form (a 32-bit byte count, then the
/// bytes). All ranks run the same binary, so raw bytes mean the same on every rank. Stern and Dill's
/// parallel Murφ likewise sends states as their compressed vectors to their owners.
@usableFromInline
struct ClusterStateCoding<System: TransitionSystem>: Sendable {
    @usableFromInline typealias State = System.State

    /// The three wire forms.
    @usableFromInline
    enum Form: Sendable {
        case raw
        case compact
        case json
    }

    @usableFromInline let system: System
    @usableFromInline let form: Form

    /// The coding of `system`'s states; checks that its initial states survive the round trip.
    ///
    /// - Throws: `StorageError` when a state read back differs from the one written.
    @inlinable
    init(system: System) throws(StorageError) {
        self.system = system
        let initial = system.initialStates
        if let first = initial.first, system.compactForm(of: first) != nil {
            form = .compact
        } else if _isPOD(State.self) {
            form = .raw
        } else {
            form = .json
        }
        for state in initial {
            var bytes: [UInt8] = []
            append(state, to: &bytes)
            var offset = 0
            let copy = bytes.withUnsafeBytes { read($0, at: &offset) }
            var original = StateEncoder()
            var restored = StateEncoder()
            state.encode(into: &original)
            copy?.encode(into: &restored)
            original.finish()
            restored.finish()
            guard let copy, copy == state, original.words == restored.words, offset == bytes.count else {
                throw StorageError(
                    "model \(system.name): a state sent to another rank and read back differs from the original "
                        + "(its compact or Codable form is not faithful), so it cannot be checked with --mpi")
            }
        }
    }

    /// Appends `state`'s wire form to `bytes` (JSON through `json`, when given: encoders are costly
    /// to make).
    @inlinable
    func append(_ state: State, to bytes: inout [UInt8], json: JSONEncoder? = nil) {
        switch form {
        case .raw:
            withUnsafeBytes(of: state) { bytes.append(contentsOf: $0) }
        case .compact:
            let words = system.compactForm(of: state) ?? []
            Self.append(UInt32(truncatingIfNeeded: words.count), to: &bytes)
            words.withUnsafeBytes { bytes.append(contentsOf: $0) }
        case .json:
            let data = (try? (json ?? JSONEncoder()).encode(state)) ?? Data()
            Self.append(UInt32(truncatingIfNeeded: data.count), to: &bytes)
            bytes.append(contentsOf: data)
        }
    }

    /// The byte length of the wire form that starts at `offset`.
    @inlinable
    func length(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Int {
        switch form {
        case .raw: MemoryLayout<State>.size
        case .compact: 4 + 8 * Int(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        case .json: 4 + Int(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }
    }

    /// The state whose wire form starts at `offset`, which moves past it; `nil` when the bytes do
    /// not make a state (JSON through `json`, when given).
    @inlinable
    func read(_ raw: UnsafeRawBufferPointer, at offset: inout Int, json: JSONDecoder? = nil) -> State? {
        let start = offset
        offset += length(raw, at: start)
        switch form {
        case .raw:
            return withUnsafeTemporaryAllocation(of: State.self, capacity: 1) { buffer in
                let pointer = buffer.baseAddress!
                UnsafeMutableRawPointer(pointer).copyMemory(from: raw.baseAddress! + start, byteCount: MemoryLayout<State>.size)
                return pointer.move()
            }
        case .compact:
            let count = Int(raw.loadUnaligned(fromByteOffset: start, as: UInt32.self))
            let words = (0..<count).map { raw.loadUnaligned(fromByteOffset: start + 4 + 8 * $0, as: UInt64.self) }
            return system.state(fromCompactForm: words)
        case .json:
            let count = Int(raw.loadUnaligned(fromByteOffset: start, as: UInt32.self))
            return try? (json ?? JSONDecoder()).decode(State.self, from: Data(raw[(start + 4)..<(start + 4 + count)]))
        }
    }

    /// Appends `value`'s little-endian bytes.
    @inlinable @inline(__always)
    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends `value`'s little-endian bytes.
    @inlinable @inline(__always)
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
