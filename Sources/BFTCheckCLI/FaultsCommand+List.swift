import ArgumentParser
import Foundation
import Replica

/// `bftcheck faults list`: the scenarios, one line each, with their sources.
struct FaultsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the fault-injection scenarios: name, what each injects, its source.")

    @Flag(help: "Write the list as JSON to stdout.")
    var json = false

    /// One scenario as the JSON lists it.
    struct Entry: Encodable {
        var name: String
        var summary: String
        var citation: String
        var exercise: String
    }

    /// The list as JSON.
    struct Document: Encodable {
        var format = "bftcheck-fault-scenarios/1"
        var scenarios: [Entry]
    }

    static var entries: [Entry] {
        FaultScenario.allCases.map { Entry(name: $0.name, summary: $0.summary, citation: $0.citation, exercise: $0.exerciseLabel) }
    }

    func run() throws {
        if json { return try Terminal.json(Document(scenarios: Self.entries)) }
        let width = FaultScenario.allCases.map(\.name.count).max() ?? 0
        for scenario in FaultScenario.allCases {
            print("\(scenario.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(scenario.summary)")
            print("\(String(repeating: " ", count: width))  (\(scenario.citation))")
        }
        print("run one with 'bftcheck faults run NAME', or every one with 'bftcheck faults run all'")
    }
}
