import Foundation
import MessagePassing
import ProtocolSpecs

/// What the PBFT validator learns during one run about the names an implementation uses: its
/// digests, numbered as they appear (the spec's requests, `req1`, `req2`, …), and its checkpoint
/// state digests, each bound to the hashed state (`LedgerState`) a correct replica computed when
/// it first sent a CHECKPOINT, VIEW-CHANGE or NEW-VIEW carrying the name.
///
/// A state name must name one history, and a history one name: two correct replicas that executed
/// the same requests report the same state (Castro & Liskov §4.3: "the digest of the state"; the
/// service is deterministic), and no name stands for two histories.
public struct PBFTTraceNames: Sendable {
    /// Digest names to request numbers (from 1; the null digest is not here).
    var requestNumbers: [String: Int] = [:]
    /// Request numbers to digest names, for the numbers not forgotten.
    var requestNames: [Int: String] = [:]
    /// The last request number given (numbers are never given twice).
    private(set) var lastRequest = 0
    /// Numbers up to this one (the header's requests) are never forgotten.
    private var permanentRequests = 0
    /// The fewest bindings (requests and states) a sweep waits for.
    private let namesBeforeSweep: Int
    /// How many bindings there may be before a sweep is worth it (`forget(keepingRequests:states:)`):
    /// twice what the last sweep kept, and at least `namesBeforeSweep`.
    private var sweepThreshold: Int
    /// A hash of each digest name's bytes to its request number (the first name with that hash), so
    /// that a line's digest is found without making a `String` of it; only ever looked up.
    var requestNumbersByHash: [Int: Int] = [:]
    /// The implementation's null digest.
    let nullName: String
    /// Its UTF-8 bytes.
    private let nullBytes: [UInt8]
    /// State names to the spec's states.
    var states: [String: LedgerState] = [:]
    /// The spec's states to their names.
    var stateNames: [LedgerState: String] = [:]
    /// The request numbers and names of the last two digests read from a line (number 0: none),
    /// tried before the hash: consecutive events of a log mostly name the same few requests.
    private var recent = (RecentName(), RecentName())

    /// A request number (0: none) and its digest name.
    private struct RecentName: Sendable {
        var number = 0
        var name = ""
    }
    /// The first result a log gave for each sequence number executed, and where: every correct
    /// replica that executes it computes the same (Castro & Liskov §2: the service is a
    /// deterministic state machine, and correct replicas execute the same requests in the same
    /// order). Kept above the lowest stable checkpoint.
    private var resultsBySlot: [Int: (result: String, at: TraceLocation)] = [:]
    /// For each replica, the result its log gave when it executed each request (by number): what
    /// its replies to that request carry (§4.1: REPLY(v, t, c, i, r), r the result of executing it).
    private var executedResults: [Int: [Int: String]] = [:]
    /// How many replicas have logs: the lowest stable checkpoint is known once each has a row.
    let judgedCount: Int

    /// No names yet; `nullName` is the null request's digest; the first sweep waits for
    /// `namesBeforeSweep` bindings.
    init(nullName: String, namesBeforeSweep: Int = 4_096, judgedCount: Int = 0) {
        self.nullName = nullName
        self.judgedCount = judgedCount
        nullBytes = Array(nullName.utf8)
        self.namesBeforeSweep = namesBeforeSweep
        sweepThreshold = namesBeforeSweep
    }

    /// The bindings held: request numbers and state names.
    var count: Int { requestNames.count + states.count }

    /// The spec's digest for the implementation's `name`, numbering it if new.
    mutating func digest(_ name: String) -> Digest {
        if name == nullName { return .null }
        if let number = requestNumbers[name] { return .request(RequestID(number)) }
        lastRequest += 1
        requestNames[lastRequest] = name
        requestNumbers[name] = lastRequest
        var name = name
        let hash = name.withUTF8(Self.hash)
        if requestNumbersByHash[hash] == nil { requestNumbersByHash[hash] = lastRequest }
        return .request(RequestID(lastRequest))
    }

    /// Makes the numbers given so far (the header's requests) permanent.
    mutating func keepRequestsGivenSoFar() { permanentRequests = lastRequest }

    /// Whether the bindings have doubled since the last sweep.
    var wantsSweep: Bool { count >= sweepThreshold }

    /// Forgets every request number outside `requests` (but the header's) and every state name
    /// bound to neither a state in `states` nor a name in it. A digest seen again gets a new
    /// number; nothing live holds the old one, so every comparison it takes part in from then on
    /// uses the new one (`PBFTTraceCodec.forgetNames`).
    /// `resultsBySlot` keeps sequence numbers above `lowestStable` (`nil`: all).
    mutating func forget(keepingRequests requests: Set<Int>, states kept: Set<LedgerState>, lowestStable: Int? = nil) {
        let permanent = permanentRequests
        requestNames = requestNames.filter { $0.key <= permanent || requests.contains($0.key) }
        let names = requestNames
        for replica in executedResults.keys { executedResults[replica] = executedResults[replica]!.filter { names[$0.key] != nil } }
        if let lowestStable { resultsBySlot = resultsBySlot.filter { $0.key > lowestStable } }
        requestNumbers = requestNumbers.filter { names[$0.value] != nil }
        requestNumbersByHash = requestNumbersByHash.filter { names[$0.value] != nil }
        states = states.filter { kept.contains($0.value) || kept.contains(.named($0.key)) }
        stateNames = stateNames.filter { kept.contains($0.key) || kept.contains(.named($0.value)) }
        recent = (RecentName(), RecentName())
        sweepThreshold = max(2 * count, namesBeforeSweep)
    }

    /// The spec's digest for the implementation's name spelt by `bytes`, numbering it if new.
    mutating func digest(bytes: UnsafeBufferPointer<UInt8>) -> Digest {
        if nullBytes.withUnsafeBufferPointer({ Self.same($0, bytes) }) { return .null }
        if recent.0.number > 0, Self.spells(recent.0.name, bytes) { return .request(RequestID(recent.0.number)) }
        if recent.1.number > 0, Self.spells(recent.1.name, bytes) {
            recent = (recent.1, recent.0)
            return .request(RequestID(recent.0.number))
        }
        let digest: Digest
        if let number = requestNumbersByHash[Self.hash(bytes)], Self.spells(requestNames[number], bytes) {
            digest = .request(RequestID(number))
        } else {
            digest = self.digest(String(decoding: bytes, as: UTF8.self))
        }
        if case .request(let request) = digest, let name = requestNames[request.number] {
            recent = (RecentName(number: request.number, name: name), recent.0)
        }
        return digest
    }

    /// Whether `name` is there and spelt by `bytes`.
    private static func spells(_ name: String?, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard var name else { return false }
        return name.withUTF8 { same($0, bytes) }
    }

    /// Whether two byte strings are equal.
    private static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// The spec's digest for the string `key` of `fields`, read in place.
    ///
    /// - Throws: `MalformedTrace` when missing or not a non-empty string.
    mutating func digest(_ fields: EventFields, _ key: StaticString) throws -> Digest {
        try fields.withString(key) { digest(bytes: $0) }
    }

    /// A hash of `bytes` (for look-ups within one run only).
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        return hasher.finalize()
    }

    /// The implementation's name for `digest`.
    func name(of digest: Digest) -> String {
        switch digest {
        case .null: nullName
        case .request(let request): requestNames[request.number] ?? request.description
        }
    }

    /// `state` with a bound name replaced by the spec's state.
    func canonical(_ state: LedgerState) -> LedgerState {
        guard case .named(let name) = state, let bound = states[name] else { return state }
        return bound
    }

    /// `message` with its state canonical.
    func canonical(_ message: PBFTMessage) -> PBFTMessage {
        guard case .named = message.state else { return message }
        var result = message
        result.state = canonical(message.state)
        return result
    }

    /// Whether the `logged` state is the `owed` one: equal, or a new binding (recorded when
    /// `recording`), or a conflict.
    mutating func match(logged: LedgerState, owed: LedgerState, recording: Bool) -> NameMatch {
        if logged == owed { return .equal }
        guard case .named(let name) = logged, case .hashed = owed else { return .different }
        if let bound = states[name] {
            return bound == owed ? .equal : .conflict("the state \"\(name)\" already names another history (\(bound), not \(owed))")
        }
        if let other = stateNames[owed] {
            return .conflict("this state was named \"\(other)\" before; a history has one state digest, got \"\(name)\"")
        }
        if recording {
            states[name] = owed
            stateNames[owed] = name
        }
        return .bound
    }

    /// Records that `replica`'s log (at `location`) executed `digest` at `slot` with `result`; why
    /// that cannot be, when another log executed `slot` with another result.
    mutating func recordResult(_ result: String, of digest: Digest, at slot: Int, by replica: ReplicaID, location: TraceLocation) -> String?
    {
        if case .request(let request) = digest { executedResults[replica.index, default: [:]][request.number] = result }
        guard let first = resultsBySlot[slot] else {
            resultsBySlot[slot] = (result, location)
            return nil
        }
        guard first.result != result else { return nil }
        return
            "executing \(slot) gave \"\(result)\", but \(first.at) logged \"\(first.result)\" for it: correct replicas executing the same "
            + "requests in the same order compute the same results (the service must be deterministic)"
    }

    /// Why `replica`'s reply to `digest` with `result` cannot be: its log executed the request with
    /// another result. `nil` when it could (or the result of that execution is not known).
    func replyProblem(_ result: String, to digest: Digest, by replica: ReplicaID) -> String? {
        guard case .request(let request) = digest, let executed = executedResults[replica.index]?[request.number], executed != result else {
            return nil
        }
        return "the reply carries \"\(result)\", but the replica's log executed \(request) with the result \"\(executed)\""
    }

    /// `req3 = 4c6f…` for each request number in `text`, then `#1a2b… = name` for each hashed state
    /// with a name, in order of first appearance.
    func glossary(of text: String) -> [String] {
        var lines: [String] = []
        var seen = Set<Substring>()
        for match in text.matches(of: /\breq(\d{1,12})\b|#([0-9a-f]{1,16})\b/) where seen.insert(match.output.0).inserted {
            if let number = match.output.1.flatMap({ Int($0) }), let name = requestNames[number] {
                lines.append("req\(number) = \(name)")
            } else if let hex = match.output.2, let code = UInt64(hex, radix: 16), let name = stateNames[.hashed(code)] {
                lines.append("#\(hex) = \(name)")
            }
        }
        return lines
    }
}
