import Foundation

/// Reads the process's resident and peak memory (Linux `/proc/self/status`; 0 where unavailable).
public enum MemoryUsage {
    /// Current resident set size in bytes.
    public static var residentBytes: Int { read("VmRSS:") }
    /// Peak resident set size in bytes since the process started.
    public static var peakResidentBytes: Int { read("VmHWM:") }

    private static func read(_ key: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            let digits = line.dropFirst(key.count).filter(\.isNumber)
            return (Int(String(digits)) ?? 0) * 1024
        }
        return 0
    }
}
