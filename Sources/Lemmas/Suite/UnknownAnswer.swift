/// A query Z3 could not decide.
struct UnknownAnswer: Error {
    var reason: String
}
