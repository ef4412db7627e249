/// How concrete replica sets are printed in reports and counterexample files: `{r0, r1, r2}`.
enum ReplicaSetFormat {
    static func render(_ replicas: [Int]) -> String {
        "{" + replicas.map { "r\($0)" }.joined(separator: ", ") + "}"
    }

    static func render(names: [String], sets: [[Int]]) -> String {
        zip(names, sets).map { "\($0) = \(render($1))" }.joined(separator: "  ")
    }
}
