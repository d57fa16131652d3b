/// Side-by-side timing of medsynth against an anchor tool on the same input.
public struct BenchResult: Sendable, Codable {
    public var name: String
    public var input: String
    public var runs: Int
    /// Wall-clock seconds of each run.
    public var medsynthSeconds: [Double]
    public var anchorSeconds: [Double]
    public var anchor: String
    public var medsynthMedian: Double { Self.median(medsynthSeconds) }
    public var anchorMedian: Double { Self.median(anchorSeconds) }
    /// medsynth median / anchor median (below 1 means medsynth is faster).
    public var ratio: Double { anchorMedian > 0 ? medsynthMedian / anchorMedian : .nan }
    public var target: Double
    public var notes: [String]
    /// Peak resident memory of one medsynth run in-process (bytes), when measured.
    public var peakMemoryBytes: Int?

    public var meetsTarget: Bool { ratio <= target }

    static func median(_ v: [Double]) -> Double {
        guard !v.isEmpty else { return .nan }
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    enum CodingKeys: String, CodingKey {
        case name, input, runs, medsynthSeconds, anchorSeconds, anchor, medsynthMedian, anchorMedian, ratio, target, meetsTarget, notes, peakMemoryBytes
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
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        input = try c.decode(String.self, forKey: .input)
        runs = try c.decode(Int.self, forKey: .runs)
        medsynthSeconds = try c.decode([Double].self, forKey: .medsynthSeconds)
        anchorSeconds = try c.decode([Double].self, forKey: .anchorSeconds)
        anchor = try c.decode(String.self, forKey: .anchor)
        target = try c.decode(Double.self, forKey: .target)
        notes = try c.decode([String].self, forKey: .notes)
        peakMemoryBytes = try c.decodeIfPresent(Int.self, forKey: .peakMemoryBytes)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(input, forKey: .input)
        try c.encode(runs, forKey: .runs)
        try c.encode(medsynthSeconds, forKey: .medsynthSeconds)
        try c.encode(anchorSeconds, forKey: .anchorSeconds)
        try c.encode(anchor, forKey: .anchor)
        try c.encode(medsynthMedian, forKey: .medsynthMedian)
        try c.encode(anchorMedian, forKey: .anchorMedian)
        try c.encode(ratio, forKey: .ratio)
        try c.encode(target, forKey: .target)
        try c.encode(meetsTarget, forKey: .meetsTarget)
        try c.encode(notes, forKey: .notes)
        try c.encodeIfPresent(peakMemoryBytes, forKey: .peakMemoryBytes)
    }
}
