import Conformance
import Foundation
import Verification

extension OutputFile {
    /// Writes `run`'s trace files (one per replica, or one merged file) into `directory`, created if
    /// needed; returns their paths, sorted.
    ///
    /// - Throws: `InputError` naming the directory or file that cannot be written and `key`.
    @discardableResult
    static func write(_ run: SynthesizedRun, to directory: String, merged: Bool, key: String?) throws -> [String] {
        try createDirectory(directory, key: key)
        var paths: [String] = []
        for file in run.files(merged: merged) {
            let path = (directory as NSString).appendingPathComponent(file.name)
            try write(file.text, to: path, key: key, what: "the trace file")
            paths.append(path)
        }
        return paths.sorted()
    }
}
