import Foundation

/// Finds config files by path or by name under `Specs/`.
public enum ConfigLocator {
    /// The path of `argument`: itself if it names a file, else the one `Specs/**/argument(.cfg)`
    /// (relative to the current directory).
    ///
    /// - Throws: `InputError` when no config, or more than one, has that name.
    public static func resolve(_ argument: String) throws -> String {
        if FileManager.default.fileExists(atPath: argument) { return argument }
        let wanted = argument.hasSuffix(".cfg") ? (argument as NSString).lastPathComponent : argument + ".cfg"
        let matches = allConfigs(under: "Specs").filter { ($0 as NSString).lastPathComponent == wanted }
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            throw InputError(argument, nil, "ambiguous config name; it matches \(matches.joined(separator: ", "))")
        }
        throw InputError(argument, nil, "no such config file (nor a config of that name under Specs/)")
    }

    /// Every `.cfg` file under `directory`, sorted.
    public static func allConfigs(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var result: [String] = []
        while let item = enumerator.nextObject() as? String {
            if item.hasSuffix(".cfg") { result.append((directory as NSString).appendingPathComponent(item)) }
        }
        return result.sorted()
    }
}
