import Foundation
import Lemmas
import Verification

/// Writes the files lemma runs produce (counterexamples, SMT-LIB2 queries) below a directory.
enum LemmasFiles {
    /// Writes each file at `directory/relativePath`, creating directories; bad paths are input errors
    /// (one line naming the path and `key`, the flag that gave the directory).
    static func write(_ files: [GeneratedFile], under directory: String, key: String? = nil) throws {
        guard !files.isEmpty else { return }
        try OutputFile.createDirectory(directory, key: key)
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file.relativePath)
            try OutputFile.write(file.contents, to: path, key: key)
        }
    }
}
