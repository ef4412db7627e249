import ArgumentParser

/// Where a checking command writes its counterexamples and how it reports: the flags `check` and
/// `test` share.
struct ReportOptions: ParsableArguments {
    @Option(help: "Directory for counterexample files.")
    var output = "Counterexamples"

    @Flag(help: "Write the result as JSON to stdout.")
    var json = false

    @Flag(help: "No progress lines on stderr.")
    var quiet = false
}
