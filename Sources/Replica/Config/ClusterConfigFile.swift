import Foundation

/// A cluster config file: the PBFT parameters, each replica's loopback port, and every node's keys (the
/// Ed25519 signing key and the X25519 key from which pairwise HMAC keys are agreed; Castro & Liskov, TOCS
/// 2002 §3.2). `bftcheck cluster keys` writes it, `bftcheck replica run`, `cluster up` and `bench` read it.
///
/// The format (`bftcheck-cluster/1`, JSON, documented in Docs/replica.md) holds private keys in the clear:
/// it is for a cluster on one machine (every address is 127.0.0.1), not for a deployment.
public struct ClusterConfigFile: Sendable {
    /// The format name written into and required of every file.
    public static let format = "bftcheck-cluster/1"
    /// The only host a replica of this file listens on or is dialled at.
    public static let host = "127.0.0.1"

    /// The cluster's parameters.
    public let configuration: ReplicaConfiguration
    /// Replica i listens on 127.0.0.1:`ports[i]`.
    public let ports: [Int]
    /// The keys of every replica and every client.
    public let keyring: ClusterKeyring
    /// How many clients have keys (client ids 0 ..< `clientCount`).
    public let clientCount: Int

    /// A config of `configuration` with replica i on `ports[i]` and `keyring`'s keys.
    ///
    /// - Throws: `ClusterConfigError` when the ports are not one per replica, distinct and in 1...65535,
    ///   or when the keyring lacks a replica's keys.
    public init(configuration: ReplicaConfiguration, ports: [Int], keyring: ClusterKeyring) throws(ClusterConfigError) {
        guard ports.count == configuration.replicaCount else {
            throw ClusterConfigError(key: "replicas", "expected \(configuration.replicaCount) replicas, got \(ports.count)")
        }
        for (index, port) in ports.enumerated() where !(1...65_535).contains(port) {
            throw ClusterConfigError(key: "replicas[\(index)].port", "expected a port in 1...65535, got \(port)")
        }
        guard Set(ports).count == ports.count else { throw ClusterConfigError(key: "replicas", "two replicas share a port") }
        for replica in configuration.replicas where keyring.secrets[.replica(replica)] == nil {
            throw ClusterConfigError(key: "replicas", "no keys for \(replica)")
        }
        self.configuration = configuration
        self.ports = ports
        self.keyring = keyring
        clientCount = keyring.secrets.keys.filter { if case .client = $0 { true } else { false } }.count
    }

    /// Fresh keys for `configuration`'s replicas and `clientCount` clients, replica i on `basePort + i`.
    ///
    /// - Throws: `ClusterConfigError` when a port falls outside 1...65535.
    public static func generate(
        configuration: ReplicaConfiguration, basePort: Int, clientCount: Int
    ) throws(ClusterConfigError)
        -> ClusterConfigFile
    {
        let keyring = ClusterKeyring.generate(replicaCount: configuration.replicaCount, clientCount: clientCount)
        return try ClusterConfigFile(
            configuration: configuration, ports: (0..<configuration.replicaCount).map { basePort + $0 }, keyring: keyring)
    }

    /// The address replica `id` listens on.
    public func port(of id: ReplicaID) -> Int { ports[id.index] }

    // MARK: Reading and writing

    /// The file's text: JSON with sorted keys, keys as lowercase hex.
    public var text: String {
        func node(_ identity: PeerIdentity, port: Int?) -> [String: Any] {
            let secrets = keyring.secrets[identity]!
            let keys = secrets.rawKeys
            var object: [String: Any] = [
                "id": identity.description, "signing_key": Self.hex(keys.signing), "agreement_key": Self.hex(keys.agreement),
            ]
            if let port { object["port"] = port }
            return object
        }
        var object: [String: Any] = [
            "format": Self.format,
            "n": configuration.replicaCount,
            "f": configuration.faultTolerance,
            "checkpoint_interval": Int(configuration.checkpointInterval),
            "window": Int(configuration.window),
            "batch_size": configuration.batchSize,
            "batch_timeout_us": Int(configuration.batchTimeout / .microseconds(1)),
            "view_change_timeout_ms": Int(configuration.viewChangeTimeout / .milliseconds(1)),
            "state_fetch_timeout_ms": Int(configuration.stateFetchTimeout / .milliseconds(1)),
            "host": Self.host,
            "replicas": configuration.replicas.map { node(.replica($0), port: port(of: $0)) },
            "clients": (0..<clientCount).map { node(.client(ClientID(UInt32($0))), port: nil) },
        ]
        // Optional: absent, the replicas retransmit nothing (TOCS 2002 §5.2).
        if let interval = configuration.retransmitInterval { object["retransmit_interval_ms"] = Int(interval / .milliseconds(1)) }
        // Optional: absent, the replicas keep their executed state in memory.
        if case .sqlite(let directory) = configuration.storage { object["data_directory"] = directory }
        // The object holds only strings, integers, arrays and dictionaries: serialization cannot fail.
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Reads the config at `path`. A relative `data_directory` is taken relative to the config's own
    /// directory, so that every replica process finds the same databases wherever it runs.
    ///
    /// - Throws: `ClusterConfigError` naming the file and the key that is missing, malformed or out of
    ///   range (n < 3f + 1, a host other than 127.0.0.1, a bad key, a data directory that is a file, …).
    public static func read(path: String) throws(ClusterConfigError) -> ClusterConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ClusterConfigError(path: path, key: nil, "cannot read the cluster config")
        }
        do throws(ClusterConfigError) {
            let file = try parse(data)
            guard case .sqlite(let directory) = file.configuration.storage else { return file }
            let base = (path as NSString).deletingLastPathComponent
            let resolved =
                directory.hasPrefix("/") ? directory : ((base.isEmpty ? "." : base) as NSString).appendingPathComponent(directory)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw ClusterConfigError(key: "data_directory", "\(resolved) exists and is not a directory")
            }
            return try file.storing(in: .sqlite(directory: resolved))
        } catch { throw error.at(path) }
    }

    /// The same config with the executed state kept in `storage`.
    ///
    /// - Throws: `ClusterConfigError` for a storage the configuration refuses.
    public func storing(in storage: ExecutedStateStorage) throws(ClusterConfigError) -> ClusterConfigFile {
        let c = configuration
        do {
            let changed = try ReplicaConfiguration(
                replicaCount: c.replicaCount, faultTolerance: c.faultTolerance, checkpointInterval: c.checkpointInterval, window: c.window,
                batchSize: c.batchSize, batchTimeout: c.batchTimeout, viewChangeTimeout: c.viewChangeTimeout,
                stateFetchTimeout: c.stateFetchTimeout, retransmitInterval: c.retransmitInterval, storage: storage)
            return try ClusterConfigFile(configuration: changed, ports: ports, keyring: keyring)
        } catch let error as ConfigurationError {
            throw ClusterConfigError(key: error.field, error.problem)
        } catch let error as ClusterConfigError {
            throw error
        } catch {
            throw ClusterConfigError(key: nil, "\(error)")
        }
    }

    /// Parses a config's bytes.
    ///
    /// - Throws: `ClusterConfigError` naming the key at fault (no path).
    public static func parse(_ data: Data) throws(ClusterConfigError) -> ClusterConfigFile {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ClusterConfigError(key: nil, "not a JSON object")
        }
        guard root["format"] as? String == format else {
            throw ClusterConfigError(key: "format", "expected \"\(format)\"")
        }
        if let host = root["host"], host as? String != Self.host {
            throw ClusterConfigError(key: "host", "only \(Self.host) is supported, got \(host)")
        }
        let configuration: ReplicaConfiguration
        do {
            configuration = try ReplicaConfiguration(
                replicaCount: try integer(root, "n", 1...1024), faultTolerance: try integer(root, "f", 0...341),
                checkpointInterval: UInt64(try integer(root, "checkpoint_interval", 1...1_000_000)),
                window: UInt64(try integer(root, "window", 1...1_000_000)), batchSize: try integer(root, "batch_size", 1...100_000),
                batchTimeout: .microseconds(try integer(root, "batch_timeout_us", 1...60_000_000)),
                viewChangeTimeout: .milliseconds(try integer(root, "view_change_timeout_ms", 1...3_600_000)),
                stateFetchTimeout: .milliseconds(try integer(root, "state_fetch_timeout_ms", 1...3_600_000)),
                retransmitInterval: root["retransmit_interval_ms"] == nil
                    ? nil : .milliseconds(try integer(root, "retransmit_interval_ms", 1...3_600_000)),
                storage: try storage(root))
        } catch let error as ClusterConfigError {
            throw error
        } catch let error as ConfigurationError {
            throw ClusterConfigError(key: error.field, error.problem)
        } catch {
            throw ClusterConfigError(key: nil, "\(error)")
        }
        var secrets: [PeerIdentity: NodeSecrets] = [:]
        var ports: [Int] = []
        let replicas = try nodes(root, "replicas")
        for (index, object) in replicas.enumerated() {
            let key = "replicas[\(index)]"
            guard object["id"] as? String == "r\(index)" else { throw ClusterConfigError(key: "\(key).id", "expected \"r\(index)\"") }
            ports.append(try integer(object, "port", 1...65_535, prefix: key))
            let identity = PeerIdentity.replica(ReplicaID(index))
            secrets[identity] = try nodeSecrets(object, identity, key)
        }
        for (index, object) in try nodes(root, "clients").enumerated() {
            let key = "clients[\(index)]"
            guard object["id"] as? String == "c\(index)" else { throw ClusterConfigError(key: "\(key).id", "expected \"c\(index)\"") }
            let identity = PeerIdentity.client(ClientID(UInt32(index)))
            secrets[identity] = try nodeSecrets(object, identity, key)
        }
        return try ClusterConfigFile(configuration: configuration, ports: ports, keyring: ClusterKeyring(secrets: secrets))
    }

    static func integer(
        _ object: [String: Any], _ key: String, _ range: ClosedRange<Int>, prefix: String? = nil
    ) throws(ClusterConfigError)
        -> Int
    {
        let name = prefix.map { "\($0).\(key)" } ?? key
        guard let raw = object[key] else { throw ClusterConfigError(key: name, "missing") }
        // JSON true/false also bridge to NSNumber (of C type "c"); integers are "i"/"q"/"l".
        guard let number = raw as? NSNumber, String(cString: number.objCType) != "c", let value = raw as? Int
        else { throw ClusterConfigError(key: name, "expected an integer in \(range.lowerBound)...\(range.upperBound), got \(raw)") }
        guard range.contains(value) else {
            throw ClusterConfigError(key: name, "expected an integer in \(range.lowerBound)...\(range.upperBound), got \(value)")
        }
        return value
    }

    /// `data_directory`: absent, in memory; else SQLite databases in that directory (a non-empty path of
    /// at most 4096 bytes, without NUL or line breaks; `read(path:)` checks that it is a directory if it
    /// exists).
    static func storage(_ root: [String: Any]) throws(ClusterConfigError) -> ExecutedStateStorage {
        let key = "data_directory"
        guard let raw = root[key] else { return .inMemory }
        guard let directory = raw as? String else { throw ClusterConfigError(key: key, "expected a directory path (a string), got \(raw)") }
        guard !directory.isEmpty, directory.utf8.count <= 4096, !directory.contains(where: { $0 == "\0" || $0.isNewline }) else {
            throw ClusterConfigError(key: key, "expected a non-empty path of at most 4096 bytes without NUL or line breaks")
        }
        return .sqlite(directory: directory)
    }

    static func nodes(_ root: [String: Any], _ key: String) throws(ClusterConfigError) -> [[String: Any]] {
        guard let list = root[key] as? [[String: Any]] else { throw ClusterConfigError(key: key, "expected a list of objects") }
        return list
    }

    static func nodeSecrets(_ object: [String: Any], _ identity: PeerIdentity, _ key: String) throws(ClusterConfigError) -> NodeSecrets {
        guard let signing = (object["signing_key"] as? String).flatMap(bytes(hex:)), signing.count == 32 else {
            throw ClusterConfigError(key: "\(key).signing_key", "expected 64 hex digits")
        }
        guard let agreement = (object["agreement_key"] as? String).flatMap(bytes(hex:)), agreement.count == 32 else {
            throw ClusterConfigError(key: "\(key).agreement_key", "expected 64 hex digits")
        }
        do { return try NodeSecrets(identity: identity, signingKey: signing, agreementKey: agreement) } catch {
            throw ClusterConfigError(key: key, "malformed key")
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes { text += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
        return String(decoding: text, as: UTF8.self)
    }

    static func bytes(hex: String) -> [UInt8]? {
        let characters = Array(hex.utf8)
        guard characters.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var result: [UInt8] = []
        for index in stride(from: 0, to: characters.count, by: 2) {
            guard let high = nibble(characters[index]), let low = nibble(characters[index + 1]) else { return nil }
            result.append(high << 4 | low)
        }
        return result
    }
}

/// A cluster config that cannot be used: the file, the key at fault and why, as one line.
public struct ClusterConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file, when known.
    public var path: String?
    /// The key at fault (`n`, `replicas[2].port`, …), when one is.
    public var key: String?
    /// What is wrong.
    public var problem: String

    /// An error about `key` of the file at `path`.
    public init(path: String? = nil, key: String?, _ problem: String) {
        self.path = path
        self.key = key
        self.problem = problem
    }

    /// The same error, naming the file at `path`.
    func at(_ path: String) -> ClusterConfigError { ClusterConfigError(path: path, key: key, problem) }

    /// `path: key: problem`.
    public var description: String {
        [path, key, problem].compactMap { $0 }.joined(separator: ": ")
    }
}
