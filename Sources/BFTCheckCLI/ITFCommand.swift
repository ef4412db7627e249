import ArgumentParser
import Conformance
import Foundation
import ModelChecking
import ProtocolSpecs

/// `bftcheck itf export|import`: traces to and from the Informal Trace Format of Apalache and Quint.
struct ITFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "itf",
        abstract: "Move traces between bftcheck and Apalache/Quint (the Informal Trace Format, ADR-015).",
        subcommands: [ITFExportCommand.self, ITFImportCommand.self]
    )
}
