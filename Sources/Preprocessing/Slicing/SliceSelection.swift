/// Which slices of a stack to keep: rules applied in order, each to what the previous one
/// kept. `standard(every:central:minForeground:)` builds the order the CLI uses: foreground
/// first, then every k-th, then the central n (so `--central 10 --every 2` gives 10 slices
/// two apart around the middle of the foreground).
public struct SliceSelection: Sendable, Equatable, Codable {
    public var rules: [SliceRule]

    public init(_ rules: [SliceRule] = []) { self.rules = rules }

    /// Foreground filter, then every k-th, then central n; nil leaves a rule out.
    public static func standard(every: Int? = nil, central: Int? = nil, minForeground: Double? = nil) -> SliceSelection {
        var r: [SliceRule] = []
        if let f = minForeground { r.append(.minForeground(f)) }
        if let k = every { r.append(.every(k)) }
        if let n = central { r.append(.central(n)) }
        return SliceSelection(r)
    }

    /// True when a rule needs foreground fractions.
    public var needsForeground: Bool {
        rules.contains { if case .minForeground = $0 { return true } else { return false } }
    }

    public func validate() throws(PreprocessError) {
        for r in rules { try r.validate() }
    }

    /// Selected slice indices (increasing) out of `count` slices.
    public func select(count: Int, foreground: (Int) -> Double = { _ in 1 }) throws(PreprocessError) -> [Int] {
        try validate()
        var kept = Array(0..<max(0, count))
        for r in rules { kept = r.apply(to: kept, foreground: foreground) }
        return kept
    }
}
