import ArgumentParser
import Foundation
import Verification

/// `bftcheck list`: the models bftcheck knows and the configs under `Specs/`.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the known models, their parameters and properties, and the configs under Specs/.")

    @Option(help: "The directory to search for configs (default: Specs, when there is one here).")
    var specs: String?

    @Flag(help: "Write the list as JSON to stdout.")
    var json = false

    func run() throws {
        // A directory named on the command line must exist; the default is searched only if present,
        // so that the models can be listed anywhere.
        if let specs, !OutputFile.isDirectory(specs) {
            let exists = FileManager.default.fileExists(atPath: specs)
            throw InputError(specs, nil, key: "--specs", exists ? "not a directory" : "no such directory")
        }
        let directory = specs ?? "Specs"
        let listing = Self.listing(specs: OutputFile.isDirectory(directory) ? directory : nil)
        if json {
            try Terminal.json(listing)
            return
        }
        print("Models:")
        for model in listing.models {
            print("  \(model.name): \(model.summary)")
            for parameter in model.parameters {
                let defaultText = parameter.defaultValue.map { ", default \($0)" } ?? ""
                print("    \(parameter.name) (\(parameter.values)\(defaultText)): \(parameter.summary)")
            }
            if !model.symmetryGroups.isEmpty { print("    symmetry: \(model.symmetryGroups.joined(separator: ", "))") }
            for property in model.properties ?? [] {
                print("    \(property.kind == "always" ? "invariant" : "sometimes") \(property.name): \(property.summary)")
            }
            if !model.mutations.isEmpty {
                print("    mutants: \(model.mutations.count) (bftcheck mutate CONFIG --list names them)")
            } else if let judged = model.mutationModel {
                print("    mutants: those of \(judged), which reaches the same states")
            }
        }
        print("")
        guard OutputFile.isDirectory(directory) else {
            print("Configs: none here (no \(directory)/ directory; give --specs DIR)")
            return
        }
        print("Configs under \(directory)/:")
        for config in listing.configs {
            if let problem = config.problem {
                print("  \(config.path) (unreadable: \(problem))")
            } else {
                let description = config.description?.isEmpty == false ? ": \(config.description!)" : ""
                print("  \(config.path) [\(config.model ?? "?")]\(description)")
            }
        }
    }

    /// Every registered model and every config under `specs` (none when `nil`).
    static func listing(specs: String?) -> Listing {
        let models = ModelCatalog.all.map { entry in
            Listing.Model(
                name: entry.name, summary: entry.summary,
                parameters: entry.parameters.map {
                    .init(name: $0.name, values: $0.valueDescription, defaultValue: $0.defaultValue, summary: $0.summary)
                },
                symmetryGroups: entry.symmetryGroups, mutations: entry.mutations, mutationModel: entry.mutationModel,
                properties: entry.propertyList?.map { .init(name: $0.name, kind: $0.kind, summary: $0.summary) })
        }
        let configs = (specs.map(ConfigLocator.allConfigs(under:)) ?? []).map { path in
            do {
                let config = try ModelConfig.load(path)
                return Listing.Config(path: path, model: config.model, description: config.description, problem: nil)
            } catch {
                return Listing.Config(path: path, model: nil, description: nil, problem: "\(error)")
            }
        }
        return Listing(models: models, configs: configs)
    }

    /// What `list` shows; its `--json` form (`bftcheck-list/1`).
    struct Listing: Codable {
        /// A registered model.
        struct Model: Codable {
            var name: String
            var summary: String
            var parameters: [Parameter]
            var symmetryGroups: [String]
            /// The mutants of its rules (`bftcheck mutate`), `site/operator`.
            var mutations: [String]
            /// The model whose mutants judge its configs, when its rules have none.
            var mutationModel: String?
            /// `nil` when no instance could be built to read them from.
            var properties: [Property]?
        }

        /// A parameter of a model.
        struct Parameter: Codable {
            var name: String
            var values: String
            var defaultValue: String?
            var summary: String
        }

        /// An invariant (`always`) or a reachability target (`sometimes`).
        struct Property: Codable {
            var name: String
            var kind: String
            var summary: String
        }

        /// A config file: its model and description, or why it cannot be read.
        struct Config: Codable {
            var path: String
            var model: String?
            var description: String?
            var problem: String?
        }

        var format = "bftcheck-list/1"
        var models: [Model]
        var configs: [Config]
    }
}
