/// A `ReplicaProtocol` that can be built from a config's `[constants]` and `[bounds]`: what lets the
/// `bftcheck` catalogue register it in one line (`ModelEntry(protocol: ReliableBroadcast.self)`),
/// with parameter validation, symmetry groups and one-line errors handled generically.
///
/// Symmetry groups are the layer's two: `replicas` (the protocol's `interchangeableGroups`) and
/// `values` (its value permutations).
public protocol ConfigurableProtocol: ReplicaProtocol {
    /// The name configs use (`model = …`).
    static var modelName: String { get }
    /// One line on what it models and where it comes from.
    static var summary: String { get }
    /// The parameters it takes, in the order `bftcheck list` shows them.
    static var parameters: [ProtocolParameter] { get }

    /// The protocol configured by `arguments` (validated against `parameters`, defaults filled in).
    ///
    /// - Throws: `ParameterProblem` naming the parameter at fault, for constraints between
    ///   parameters (e.g. `f < n`).
    init(arguments: ProtocolArguments) throws(ParameterProblem)

    /// The config parameter whose bound sets the range of `field` (for `LayoutError`s).
    static func parameter(boundingField field: String) -> String

    /// The name configs give the value symmetry group (`[symmetry]`). Default: `values`.
    static var valueSymmetryGroup: String { get }

    /// The places in the rules where mutation operators act (`bftcheck mutate`); a protocol without
    /// them has no mutants.
    associatedtype MutationPoint: MutationSite = NoMutationSites

    /// The protocol with `mutation` in force: its rules answer as specified except at the mutated site.
    func mutated(by mutation: RuleMutation<MutationPoint>) -> Self

    /// The mutants expected to survive every config, each with the sentence that argues why — the
    /// change is equivalent, or it costs only liveness — keyed by name (`site/operator`). Every other
    /// survivor of `bftcheck mutate` is a gap in the configs or the invariants.
    static var equivalentMutants: [String: String] { get }
}

extension ConfigurableProtocol {
    /// `values`.
    public static var valueSymmetryGroup: String { "values" }

    /// None.
    public static var equivalentMutants: [String: String] { [:] }
}

extension ConfigurableProtocol where MutationPoint == NoMutationSites {
    /// Unreachable: a protocol without sites has no mutants.
    public func mutated(by mutation: RuleMutation<NoMutationSites>) -> Self { self }
}

/// A parameter a `ConfigurableProtocol` takes from a config.
public struct ProtocolParameter: Sendable {
    /// The kinds of value a parameter takes.
    public enum Kind: Sendable {
        /// An integer in a closed range.
        case integer(ClosedRange<Int>)
        /// `true` or `false`.
        case boolean
        /// One of a fixed set of words.
        case choice([String])
    }

    /// The key.
    public var name: String
    /// The kind and range of its values.
    public var kind: Kind
    /// The value used when the config omits it (`nil`: required).
    public var defaultValue: String?
    /// What it means.
    public var summary: String
    /// Whether it bounds the exploration rather than defining the instance (e.g. requests, views,
    /// sequence numbers; not n or f): a failing schedule test lowers it toward its least value
    /// while the same property still fails, to report the smallest failing instance.
    public var shrinks: Bool

    /// A parameter; `shrinks`: whether a failing schedule test may lower it.
    public init(_ name: String, _ kind: Kind, default defaultValue: String? = nil, shrinks: Bool = false, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.shrinks = shrinks
        self.summary = summary
    }
}

/// Validated parameter values, defaults filled in.
public struct ProtocolArguments: Sendable {
    /// The values by key.
    public let values: [String: String]

    /// Arguments with these values.
    public init(values: [String: String]) { self.values = values }

    /// An integer parameter.
    ///
    /// - Precondition: it was declared and validated.
    public func int(_ name: String) -> Int {
        guard let text = values[name], let value = Int(text) else { preconditionFailure("parameter \(name) is not a validated integer") }
        return value
    }

    /// A Boolean parameter.
    public func bool(_ name: String) -> Bool { values[name] == "true" }

    /// A choice parameter.
    ///
    /// - Precondition: it was declared and validated.
    public func string(_ name: String) -> String {
        guard let text = values[name] else { preconditionFailure("parameter \(name) is missing") }
        return text
    }
}

/// A parameter value that the protocol rejects, in one sentence.
public struct ParameterProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The parameter at fault.
    public var parameter: String
    /// What is wrong.
    public var problem: String

    /// A problem with `parameter`.
    public init(_ parameter: String, _ problem: String) {
        self.parameter = parameter
        self.problem = problem
    }

    /// `f: f must be below n = 4, got 4`.
    public var description: String { "\(parameter): \(problem)" }
}
