/// A parametric encoding of k finite sets over a universe of n elements by the sizes of their Venn
/// regions: one integer x_m ≥ 0 per membership pattern m ∈ {0,1}^k, with Σ x_m = n.
///
/// Replicas are interchangeable in every quorum statement, so "there are sets S1…Sk ⊆ [n] with these
/// cardinality constraints" holds exactly when "there are region sizes x_m with them": the encoding is
/// exact, linear and independent of n, which makes quorum lemmas provable for all n and f at once
/// (a counting abstraction over membership patterns). A model converts back to concrete sets
/// (`concreteSets(in:)`).
struct VennRegions {
    let context: Z3Context
    let setNames: [String]
    /// The region sizes, indexed by membership bit pattern (bit i set = inside set i).
    let regions: [Z3Term<IntSort>]
    /// The universe size n.
    let universe: Z3Term<IntSort>

    /// Region variables `<prefix>_<pattern>` for `setNames` over a universe of `universe` elements.
    init(_ setNames: [String], universe: Z3Term<IntSort>, prefix: String = "region") {
        precondition((1...4).contains(setNames.count), "Venn encoding supports 1 to 4 sets")
        context = universe.context
        self.setNames = setNames
        self.universe = universe
        let width = setNames.count
        regions = (0..<(1 << width)).map { pattern in
            let bits = (0..<width).map { pattern & (1 << $0) != 0 ? "1" : "0" }.joined()
            return universe.context.constant("\(prefix)_\(bits)", IntSort.self)
        }
    }

    /// Every region is non-negative and the regions partition the universe.
    var wellFormed: [Z3Term<BoolSort>] {
        regions.map { $0 >= 0 } + [context.sum(regions) == universe]
    }

    /// |S_i|.
    func size(_ set: Int) -> Z3Term<IntSort> { size(inside: [set]) }

    /// The size of the elements inside every set of `inside` and outside every set of `outside`.
    func size(inside: [Int], outside: [Int] = []) -> Z3Term<IntSort> {
        let selected = regions.indices.filter { pattern in
            inside.allSatisfy { pattern & (1 << $0) != 0 } && outside.allSatisfy { pattern & (1 << $0) == 0 }
        }
        return context.sum(selected.map { regions[$0] })
    }

    /// Concrete sets of replica indices: regions are laid out one after another in pattern order, so
    /// the result is a deterministic function of the region sizes.
    func concreteSets(in model: Z3Model) -> [[Int]] {
        var sets = Array(repeating: [Int](), count: setNames.count)
        var next = 0
        for (pattern, region) in regions.enumerated() {
            let size = model.value(of: region)
            for replica in next..<(next + size) {
                for set in setNames.indices where pattern & (1 << set) != 0 { sets[set].append(replica) }
            }
            next += size
        }
        return sets
    }
}
