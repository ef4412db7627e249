import Foundation
import Verification

/// The replica processes of a cluster: spawning them detached (their own session, output to a log file,
/// no inherited descriptors), the pid file, and telling whether a pid is still one of our replicas.
enum ClusterProcesses {
    /// The path of this executable (`/proc/self/exe`).
    static var executable: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// glibc's `POSIX_SPAWN_SETSID` (spawn.h, glibc 2.26 and later), which Swift does not import because
    /// glibc declares it only under `_GNU_SOURCE`: the child starts a session of its own, so a terminal's
    /// Ctrl-C to `cluster up` or a test runner does not reach the replicas.
    static let setSessionFlag: Int32 = 0x80

    /// Starts `executable` with `arguments` in a new session, stdin from /dev/null, stdout and stderr
    /// into `output`, and no other descriptor of this process.
    ///
    /// - Returns: its pid.
    /// - Throws: `InputError` with the system's reason when it cannot be started.
    static func spawn(_ executable: String, _ arguments: [String], output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Close every other descriptor (a test's pipes, sockets) so nothing waits on the child by accident.
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) } ?? []
        for descriptor in open.sorted() where descriptor > 2 && fcntl(descriptor, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(setSessionFlag | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard code == 0 else { throw InputError(executable, nil, "cannot start a replica: \(OutputFile.reason(code))") }
        return pid
    }

    /// Whether `pid` is a live (not zombie) `bftcheck replica run` process.
    static func isReplica(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        guard state != "Z", state != "X" else { return false }
        guard let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let words = cmdline.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return words.count >= 3 && words[1] == "replica" && words[2] == "run"
    }

    /// The pid file's entries: `r0 1234` per line.
    ///
    /// - Throws: `InputError` when the file is missing or malformed.
    static func readPIDs(_ path: String) throws -> [(replica: String, pid: pid_t)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError(path, nil, "no pid file: is the cluster up? ('bftcheck cluster up' writes it)")
        }
        var entries: [(replica: String, pid: pid_t)] = []
        for (number, line) in text.split(separator: "\n").enumerated() {
            let words = line.split(separator: " ")
            guard words.count == 2, let pid = pid_t(words[1]), pid > 1 else {
                throw InputError(path, number + 1, "expected 'rI PID', got '\(line)'")
            }
            entries.append((String(words[0]), pid))
        }
        return entries
    }

    /// Sends SIGTERM to every live replica among `pids`, waits up to `grace` seconds for them to exit,
    /// then SIGKILLs the rest; returns how many exited on SIGTERM and how many were killed.
    static func stop(_ pids: [pid_t], grace: Double) -> (terminated: Int, killed: Int) {
        let live = pids.filter(isReplica)
        for pid in live { kill(pid, SIGTERM) }
        var remaining = live
        let deadline = Date().addingTimeInterval(grace)
        while true {
            reap(remaining)
            remaining = remaining.filter(isReplica)
            if remaining.isEmpty || Date() >= deadline { break }
            usleep(20_000)
        }
        for pid in remaining { kill(pid, SIGKILL) }
        let killDeadline = Date().addingTimeInterval(5)
        while !remaining.filter(isReplica).isEmpty, Date() < killDeadline {
            reap(remaining)
            usleep(20_000)
        }
        return (live.count - remaining.count, remaining.count)
    }

    /// Collects the exit status of those of `pids` that are this process's children and have exited.
    static func reap(_ pids: [pid_t]) {
        for pid in pids {
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
        }
    }
}
