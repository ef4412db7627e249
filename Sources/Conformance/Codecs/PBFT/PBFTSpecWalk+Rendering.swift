import MessagePassing
import ProtocolSpecs

/// Writing a walk's spec values in the trace format's words (Docs/trace-format.md, "Messages" and
/// "Names"): request digests and checkpoint states as hex strings, the null request as `null`.
extension PBFTSpecWalk {
    /// The digest a trace gives `digest`: `null`, or a 64-bit mix of the request's number in hex.
    public static func name(of digest: Digest) -> String {
        switch digest {
        case .null: "null"
        case .request(let request): PBFTTraceSynthesizer.hex(PBFTTraceSynthesizer.mix(UInt64(request.number)))
        }
    }

    /// The state digest a trace gives `state`: the spec's hashed state in hex.
    static func name(of state: LedgerState) -> String {
        switch state {
        case .exact(let code), .hashed(let code): PBFTTraceSynthesizer.hex(code)
        case .named(let name): name
        }
    }

    /// `"event":"…","view":v,"seq":n,"digest":"…"` for a step on PRE-PREPARE, PREPARE or COMMIT
    /// `message`'s (view, sequence number, digest).
    static func stepFields(_ event: String, _ message: PBFTMessage) -> String {
        "\"event\":\"\(event)\",\"view\":\(message.view.number),\"seq\":\(message.slot.number),\"digest\":\"\(name(of: message.digest!))\""
    }

    /// `"state":"…",` for a checkpoint above genesis, nothing at genesis (the format's default).
    static func stateField(_ message: PBFTMessage) -> String {
        message.slot.number == 0 ? "" : "\"state\":\"\(name(of: message.state))\","
    }

    /// `"view":v,"checkpoint":h,"state":"…","o":[…]` of NEW-VIEW `message`.
    static func newViewFields(_ message: PBFTMessage) -> String {
        let proposals = message.proposals.map { "\"\(name(of: $0.value))\"" }.joined(separator: ",")
        return "\"view\":\(message.view.number),\"checkpoint\":\(message.slot.number),\(stateField(message))\"o\":[\(proposals)]"
    }

    /// The `message` object of a send or receipt.
    static func json(_ message: PBFTMessage) -> String {
        switch message.kind {
        case .prePrepare, .prepare, .commit:
            let type = message.kind == .prePrepare ? "PRE-PREPARE" : message.kind == .prepare ? "PREPARE" : "COMMIT"
            return
                "{\"type\":\"\(type)\",\"view\":\(message.view.number),\"seq\":\(message.slot.number),\"digest\":\"\(name(of: message.digest!))\"}"
        case .checkpoint:
            return "{\"type\":\"CHECKPOINT\",\"seq\":\(message.slot.number),\"state\":\"\(name(of: message.state))\"}"
        case .viewChange:
            let prepared = message.certificates.map {
                "{\"seq\":\($0.key.number),\"view\":\($0.value.view.number),\"digest\":\"\(name(of: $0.value.digest))\"}"
            }
            return
                "{\"type\":\"VIEW-CHANGE\",\"view\":\(message.view.number),\"checkpoint\":\(message.slot.number),\(stateField(message))\"prepared\":[\(prepared.joined(separator: ","))]}"
        case .newView:
            return "{\"type\":\"NEW-VIEW\"," + newViewFields(message) + "}"
        }
    }
}
