import ArgumentParser
import Foundation

/// `bftcheck list`: the models bftcheck knows and the configs under `Specs/`.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the known models, their parameters and properties, and the configs under Specs/.")

    @Option(help: "The directory to search for configs.")
    var specs = "Specs"

    func run() throws {
        print("Models:")
        for entry in ModelCatalog.all {
            print("  \(entry.name): \(entry.summary)")
            for parameter in entry.parameters {
                let defaultText = parameter.defaultValue.map { ", default \($0)" } ?? ""
                print("    \(parameter.name) (\(parameter.valueDescription)\(defaultText)): \(parameter.summary)")
            }
            if !entry.symmetryGroups.isEmpty { print("    symmetry: \(entry.symmetryGroups.joined(separator: ", "))") }
        }
        print("")
        print("Configs under \(specs)/:")
        for path in ConfigLocator.allConfigs(under: specs) {
            if let config = try? ModelConfig.load(path) {
                let description = config.description.isEmpty ? "" : ": \(config.description)"
                print("  \(path) [\(config.model)]\(description)")
            } else {
                print("  \(path) (unreadable: run 'bftcheck check \(path)' for the error)")
            }
        }
    }
}
