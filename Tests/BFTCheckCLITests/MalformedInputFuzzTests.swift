import BFTCheckTestSupport
import Foundation
import Testing

@testable import BFTCheckCLI

/// A seeded mutation fuzzer over the committed input files — configs, implementation traces and
/// counterexamples — kept as a test: every mutant must give a verdict (0, 1, 3) or exit status 2 with
/// one line, never a crash or a hang. The corpus is a function of the seed and the committed files,
/// so a failure names the seed, file and mutation that reproduce it.
@Suite(.serialized) struct MalformedInputFuzzTests {
    /// SplitMix64: a tiny deterministic generator (Swift's default generator is seeded per process).
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The mutations, each a small realistic corruption.
    enum Mutation: String, CaseIterable {
        case truncate, deleteLine, duplicateLine, swapLines, boundaryNumber, flipByte, emptyString, crlf, invalidUTF8

        func apply(to data: Data, using random: inout SplitMix) -> Data {
            var bytes = [UInt8](data)
            var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
            let numbers = ["-1", "0", "9223372036854775808", "18446744073709551616", "1e308", "1.5", "nan", "-0"]
            switch self {
            case .truncate:
                bytes = Array(bytes.prefix(Int.random(in: 0...max(0, bytes.count - 1), using: &random)))
            case .deleteLine where lines.count > 1:
                lines.remove(at: Int.random(in: 0..<lines.count, using: &random))
                return Data(lines.joined(separator: "\n").utf8)
            case .duplicateLine where !lines.isEmpty:
                let index = Int.random(in: 0..<lines.count, using: &random)
                lines.insert(lines[index], at: index)
                return Data(lines.joined(separator: "\n").utf8)
            case .swapLines where lines.count > 1:
                let (a, b) = (Int.random(in: 0..<lines.count, using: &random), Int.random(in: 0..<lines.count, using: &random))
                lines.swapAt(a, b)
                return Data(lines.joined(separator: "\n").utf8)
            case .boundaryNumber:
                let text = String(decoding: data, as: UTF8.self)
                let digits = text.indices.filter { text[$0].isNumber && ($0 == text.startIndex || !text[text.index(before: $0)].isNumber) }
                guard let start = digits.isEmpty ? nil : digits[Int.random(in: 0..<digits.count, using: &random)] else { break }
                let end = text[start...].firstIndex { !$0.isNumber } ?? text.endIndex
                let replacement = numbers[Int.random(in: 0..<numbers.count, using: &random)]
                return Data((text[..<start] + replacement + text[end...]).utf8)
            case .flipByte where !bytes.isEmpty:
                let specials: [UInt8] = Array("{}[]\",:=#\\ \t0-".utf8) + [0]
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = specials[Int.random(in: 0..<specials.count, using: &random)]
            case .emptyString:
                let text = String(decoding: data, as: UTF8.self)
                guard let open = text.indices.filter({ text[$0] == "\"" }).randomElement(using: &random) else { break }
                guard let close = text[text.index(after: open)...].firstIndex(of: "\"") else { break }
                return Data((text[...open] + text[close...]).utf8)
            case .crlf:
                return Data(lines.joined(separator: "\r\n").utf8)
            case .invalidUTF8 where !bytes.isEmpty:
                bytes.insert(contentsOf: [0xC3, 0x28, 0xFF], at: Int.random(in: 0..<bytes.count, using: &random))
            default:
                break
            }
            return Data(bytes)
        }
    }

    /// The committed inputs the fuzzer starts from, with the command that reads each kind.
    static func seeds() -> [(path: String, command: (String, String) -> [String])] {
        let root = TestRepository.packageRoot
        func files(_ directory: String, _ suffix: String) -> [String] {
            let base = (root as NSString).appendingPathComponent(directory)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
            return names.filter { $0.hasSuffix(suffix) }.sorted().map { (base as NSString).appendingPathComponent($0) }
        }
        let check: (String, String) -> [String] = { file, out in
            ["check", file, "--quiet", "--strategy", "bfs", "--max-states", "3000", "--threads", "1", "--output", out]
        }
        let conform: (String, String) -> [String] = { file, _ in ["conform", file, "--quiet"] }
        let replay: (String, String) -> [String] = { file, _ in ["replay", file] }
        return files("Specs/fixtures", ".cfg").map { ($0, check) } + files("Specs/pbft", ".cfg").prefix(6).map { ($0, check) }
            + files("Traces/examples", ".ndjson").map { ($0, conform) }
            + files("Counterexamples/pbft", ".json").filter { !$0.hasSuffix(".itf.json") }.prefix(4).map { ($0, replay) }
            + files("Counterexamples", ".json").map { ($0, replay) }
    }

    @Test func mutatedInputsGiveAVerdictOrOneLineAndExitTwo() throws {
        let seed: UInt64 = 20_261_201
        var random = SplitMix(state: seed)
        let work = TestRepository.scratch("fuzz")
        let seeds = Self.seeds()
        #expect(seeds.count >= 15)
        var statuses: [Int32: Int] = [:]
        for (path, command) in seeds {
            let original = try Data(contentsOf: URL(fileURLWithPath: path))
            for mutation in Mutation.allCases {
                let mutant = mutation.apply(to: original, using: &random)
                let name = (path as NSString).lastPathComponent
                let target = (work as NSString).appendingPathComponent("\(mutation.rawValue)-\(name)")
                try mutant.write(to: URL(fileURLWithPath: target))
                var errors: [String] = []
                let status = BFTCheck.execute(command(target, work)) { errors.append($0) }
                statuses[status, default: 0] += 1
                let context = "seed \(seed), \(mutation.rawValue) of \(name)"
                #expect([0, 1, 2, 3].contains(status), "\(context): exit \(status)")
                if status == 2 {
                    #expect(errors.count == 1, "\(context): \(errors)")
                    #expect(errors.allSatisfy { !$0.contains("\n") && !$0.isEmpty }, "\(context): \(errors)")
                }
            }
        }
        // The corpus must exercise both sides: rejected inputs and inputs that still make sense.
        #expect(statuses[2, default: 0] > 20)
        #expect(statuses[0, default: 0] + statuses[1, default: 0] + statuses[3, default: 0] > 20)
    }
}
