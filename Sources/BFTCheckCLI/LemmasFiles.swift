import Foundation
import Lemmas

/// Writes the files lemma runs produce (counterexamples, SMT-LIB2 queries) below a directory.
enum LemmasFiles {
    /// Writes each file at `directory/relativePath`, creating directories; bad paths are input errors.
    static func write(_ files: [GeneratedFile], under directory: String) throws {
        let manager = FileManager.default
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file.relativePath)
            let parent = (path as NSString).deletingLastPathComponent
            do {
                try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                throw InputError(parent, nil, "cannot create the directory: \(error.localizedDescription)")
            }
            guard manager.createFile(atPath: path, contents: Data(file.contents.utf8)) else {
                throw InputError(path, nil, "cannot write the file")
            }
        }
    }
}
