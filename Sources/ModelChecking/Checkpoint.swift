import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A checkpoint directory of a breadth-first run, as TLC writes one with `-checkpoint` and reads it
/// with `-recover`: `header.json` (format version, model, config, engine options, progress and
/// statistics), `seen.bin` (the seen-set's tables, slot for slot), `frontier.bin` (the next level's
/// states, in BFS order, in pieces: raw bytes for plain-data states, else JSON) and `trace.bin` (the parent log of every level, to rebuild
/// shortest counterexamples).
///
/// A checkpoint is written into `DIR.tmp-PID` and then renamed over `DIR`, so a run killed while
/// writing leaves the previous checkpoint whole.
public enum Checkpoint {
    /// The version of the files' layout; a checkpoint of another version is refused.
    public static let formatVersion = 1

    /// Checks, before a run, that `directory` holds a checkpoint that a run of `identity` with
    /// `options` may resume: same format version, model, parameters, config hash, strategy,
    /// symmetry and kind of seen-set.
    ///
    /// - Throws: `StorageError` naming the first field that differs, or why the header is unreadable.
    public static func checkResumable(
        at directory: String, identity: CheckpointIdentity, options: CheckerOptions
    )
        throws(StorageError)
    {
        let header = try CheckpointHeader.read(from: directory)
        try header.checkMatches(CheckpointHeader.Engine(options: options, properties: nil), identity: identity, directory: directory)
    }

    /// Replaces `directory` with the files `write` creates in a sibling temporary directory.
    static func replace(_ directory: String, write: (String) throws(StorageError) -> Void) throws(StorageError) {
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty && !FileManager.default.fileExists(atPath: parent) {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch { throw StorageError("cannot create \(parent): \(error.localizedDescription)") }
        }
        // Never replace a directory that holds something other than a checkpoint.
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: directory), !contents.isEmpty,
            !contents.contains(CheckpointHeader.fileName)
        {
            throw StorageError("\(directory) exists and is not a checkpoint directory; choose another --checkpoint directory")
        }
        let temporary = "\(directory).tmp-\(getpid())"
        let previous = "\(directory).old-\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        try? FileManager.default.removeItem(atPath: previous)
        guard mkdir(temporary, 0o755) == 0 else { throw .system("cannot create", temporary) }
        do {
            try write(temporary)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        let exists = FileManager.default.fileExists(atPath: directory)
        if exists { guard rename(directory, previous) == 0 else { throw .system("cannot move aside", directory) } }
        guard rename(temporary, directory) == 0 else { throw .system("cannot rename \(temporary) to", directory) }
        if exists { try? FileManager.default.removeItem(atPath: previous) }
    }
}

/// The `header.json` of a checkpoint.
struct CheckpointHeader: Codable, Equatable {
    /// The engine options that change what a run stores: they must be equal to resume.
    struct Engine: Codable, Equatable {
        var strategy: String
        var symmetry: Bool
        /// `fingerprint` or `exact`.
        var store: String
        /// The properties checked, sorted (`nil` when the caller does not know them yet).
        var properties: [String]?

        init(options: CheckerOptions, properties: [String]?) {
            strategy = options.strategy.rawValue
            symmetry = options.usesSymmetry
            store = options.bitstate != nil ? "bitstate" : options.usesExactStore ? "exact" : "fingerprint"
            self.properties = properties?.sorted()
        }
    }

    var formatVersion = Checkpoint.formatVersion
    var identity: CheckpointIdentity
    var engine: Engine
    /// The depth of the frontier saved.
    var depth: Int
    var distinctStates: Int
    var transitions: Int
    /// Transitions by action kind, in the model's order.
    var coverage: [Int]
    /// Chunks expanded so far (the serial number of the next one).
    var chunksRouted: Int
    /// The `sometimes` targets reached, by name: `[depth, rank]` of the first state satisfying each.
    var witnesses: [String: [Int]]
    var frontierStates: Int
    /// How the frontier's states are stored (see `BreadthFirstDisk.stateForm`).
    var stateForm: String
    /// The byte size of each file, to refuse a truncated checkpoint.
    var fileSizes: [String: Int]

    static let fileName = "header.json"

    static func read(from directory: String) throws(StorageError) -> CheckpointHeader {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StorageError("checkpoint \(directory): no \(fileName) (not a checkpoint directory)")
        }
        let version: Int?
        do {
            struct Version: Decodable { var formatVersion: Int }
            version = try JSONDecoder().decode(Version.self, from: data).formatVersion
        } catch { version = nil }
        guard let version else { throw StorageError("checkpoint \(directory): \(fileName) is not a checkpoint header") }
        guard version == Checkpoint.formatVersion else {
            throw StorageError("checkpoint \(directory): format version \(version), this build reads \(Checkpoint.formatVersion)")
        }
        do {
            return try JSONDecoder().decode(CheckpointHeader.self, from: data)
        } catch { throw StorageError("checkpoint \(directory): unreadable \(fileName)") }
    }

    func write(into directory: String) throws(StorageError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        do {
            try encoder.encode(self).write(to: URL(fileURLWithPath: path))
        } catch { throw StorageError("cannot write \(path): \(error.localizedDescription)") }
    }

    /// Throws naming the first field in which this checkpoint differs from the run described.
    func checkMatches(_ run: Engine, identity: CheckpointIdentity, directory: String) throws(StorageError) {
        func refuse(_ field: String, _ saved: String, _ wanted: String) -> StorageError {
            StorageError("checkpoint \(directory) does not match this run: \(field) is \(saved) there, \(wanted) here")
        }
        if self.identity.model != identity.model { throw refuse("the model", self.identity.model, identity.model) }
        if self.identity.parameters != identity.parameters {
            throw refuse(
                "the parameters", self.identity.parameters.joined(separator: " "), identity.parameters.joined(separator: " "))
        }
        if self.identity.configHash != identity.configHash {
            throw refuse("the config hash", self.identity.configHash, identity.configHash)
        }
        if engine.strategy != run.strategy { throw refuse("the strategy", engine.strategy, run.strategy) }
        if engine.symmetry != run.symmetry {
            throw refuse("symmetry", engine.symmetry ? "on" : "off", run.symmetry ? "on" : "off")
        }
        if engine.store != run.store { throw refuse("the seen-set", engine.store, run.store) }
        if let properties = run.properties, engine.properties != properties {
            throw refuse(
                "the properties", (engine.properties ?? []).joined(separator: ","), properties.joined(separator: ","))
        }
    }
}
