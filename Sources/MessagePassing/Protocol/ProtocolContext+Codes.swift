import ModelChecking

/// Message codes: a message's derived encoding (its fields in their declared widths, as
/// `FieldPacker` writes them), computed once when a step sends it and kept beside the network
/// (`MessagePassingState.codes`), under each value permutation the symmetric encoding tries. A
/// state's encodings then copy its messages as words instead of visiting their fields in every
/// successor; the bits are the same as packing the fields.
extension ProtocolContext {
    /// Whether states of this system carry message codes (a bounded system's).
    @inlinable
    var codesMessages: Bool { codeWords > 0 }

    /// The words one message's codes take: `codeWords` per coded permutation.
    @inlinable
    var codeStride: Int { codeWords * codedPermutations }

    /// Appends `message`'s code under each coded permutation to `codes`, using `scratch` as the
    /// packing buffer.
    ///
    /// - Precondition: `message` lies within the declared ranges.
    @inlinable
    func appendCodes(of message: P.Message, to codes: inout [UInt64], scratch: inout StateEncoder) {
        for permutation in 0..<codedPermutations {
            var renamed = permutation == 0 ? message : spec.permuting(message, by: permutation)
            scratch.reset()
            FieldPacker.packing(into: &scratch) { packer in spec.visitFields(of: &renamed, with: &packer) }
            scratch.finish()
            for index in 0..<codeWords { codes.append(index < scratch.wordCount ? scratch.word(at: index) : 0) }
        }
    }

    /// The codes of every message of `network`, in order.
    @inlinable
    func codes(of network: [Envelope<P.Message>]) -> [UInt64] {
        var codes: [UInt64] = []
        codes.reserveCapacity(network.count * codeStride)
        var scratch = StateEncoder(capacity: codeWords)
        for envelope in network { appendCodes(of: envelope.message, to: &codes, scratch: &scratch) }
        return codes
    }

    /// Appends the `messageBits` bits of the code at `codes[offset...]` to `encoder`.
    @inlinable @inline(__always)
    func appendCode(_ codes: [UInt64], at offset: Int, to encoder: inout StateEncoder) {
        var remaining = messageBits
        var index = offset
        while remaining > 0 {
            let bits = min(64, remaining)
            encoder.append(codes[index], bits: bits)
            remaining -= bits
            index += 1
        }
    }

    /// Whether the code at `codes[lhs...]` precedes the one at `codes[rhs...]`, word by word: the
    /// order a replica's messages take in a symmetric block (any fixed order of codes is
    /// canonical, since a code is a function of the message).
    @inlinable @inline(__always)
    func codePrecedes(_ codes: [UInt64], _ lhs: Int, _ rhs: Int) -> Bool {
        for index in 0..<codeWords where codes[lhs + index] != codes[rhs + index] {
            return codes[lhs + index] < codes[rhs + index]
        }
        return false
    }
}
