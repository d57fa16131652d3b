/// Side-by-side timing of medsynth against an anchor tool on the same input.
public struct BenchResult: Sendable, Encodable {
    public var name: String
    public var input: String
    public var runs: Int
    /// Wall-clock seconds of each run.
    public let medsynthSeconds: [Double]
    public let anchorSeconds: [Double]
    public var anchor: String
    /// Derived from the runs and the target in `init`, stored so that the JSON carries them.
    public private(set) var medsynthMedian: Double
    public private(set) var anchorMedian: Double
    /// medsynth median / anchor median (below 1 means medsynth is faster).
    public private(set) var ratio: Double
    public let target: Double
    public var notes: [String]
    /// Peak resident memory of one medsynth run in-process (bytes), when measured.
    public var peakMemoryBytes: Int?

    public private(set) var meetsTarget: Bool

    static func median(_ v: [Double]) -> Double {
        guard !v.isEmpty else { return .nan }
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    public init(name: String, input: String, runs: Int, medsynthSeconds: [Double], anchorSeconds: [Double], anchor: String, target: Double, notes: [String], peakMemoryBytes: Int? = nil) {
        self.name = name
        self.input = input
        self.runs = runs
        self.medsynthSeconds = medsynthSeconds
        self.anchorSeconds = anchorSeconds
        self.anchor = anchor
        self.target = target
        self.notes = notes
        self.peakMemoryBytes = peakMemoryBytes
        medsynthMedian = Self.median(medsynthSeconds)
        anchorMedian = Self.median(anchorSeconds)
        ratio = anchorMedian > 0 ? medsynthMedian / anchorMedian : .nan
        meetsTarget = ratio <= target
    }

    private enum CodingKeys: String, CodingKey {
        case name, input, runs, medsynthSeconds, anchorSeconds, anchor, medsynthMedian, anchorMedian, ratio, target,
             notes, peakMemoryBytes, meetsTarget
    }

    /// Medians and the ratio are null when a side has no runs (an anchor that could not run),
    /// since JSON has no NaN.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(input, forKey: .input)
        try c.encode(runs, forKey: .runs)
        try c.encode(medsynthSeconds, forKey: .medsynthSeconds)
        try c.encode(anchorSeconds, forKey: .anchorSeconds)
        try c.encode(anchor, forKey: .anchor)
        try c.encode(medsynthMedian.isFinite ? medsynthMedian : nil, forKey: .medsynthMedian)
        try c.encode(anchorMedian.isFinite ? anchorMedian : nil, forKey: .anchorMedian)
        try c.encode(ratio.isFinite ? ratio : nil, forKey: .ratio)
        try c.encode(target, forKey: .target)
        try c.encode(notes, forKey: .notes)
        try c.encodeIfPresent(peakMemoryBytes, forKey: .peakMemoryBytes)
        try c.encode(meetsTarget, forKey: .meetsTarget)
    }
}
