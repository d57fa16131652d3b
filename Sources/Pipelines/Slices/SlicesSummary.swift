import Preprocessing

/// What a slices run did with every input: volumes sliced or failed (with the reason), files
/// ignored (with the reason), PNGs per split and class, and the elapsed time.
public struct SlicesSummary: Sendable, Codable {
    public struct VolumeResult: Sendable, Codable {
        public enum Status: String, Sendable, Codable { case sliced, failed }
        public var source: String
        public var status: Status
        public var patient: String
        public var className: String
        public var split: DatasetSplit
        public var shape: [Int]?
        public var orientation: String?
        /// Slices along the axis and how many were written.
        public var slicesAvailable: Int?
        public var slicesWritten: Int
        /// Intensity window used (physical units).
        public var window: IntensityRange?
        public var warnings: [String]
        public var reason: String?

        enum CodingKeys: String, CodingKey {
            case source, status, patient, className = "class", split, shape, orientation, slicesAvailable,
                 slicesWritten, window, warnings, reason
        }
    }

    public var input: String
    public var output: String
    public var axis: SliceAxis
    public var size: Int
    public var bitDepth: Int
    public var seed: UInt64
    public var split: SplitFractions
    public var filesSeen: Int
    public var volumes: [VolumeResult]
    public var ignoredFiles: [ScanIssueRecord]
    /// PNGs written per split and class.
    public var counts: [String: [String: Int]]
    /// Patients per split.
    public var patients: [String: Int]
    public var warnings: [String]
    public var seconds: Double

    public var sliced: Int { volumes.filter { $0.status == .sliced }.count }
    public var failed: Int { volumes.filter { $0.status == .failed }.count }
    public var slicesWritten: Int { volumes.reduce(0) { $0 + $1.slicesWritten } }

    enum CodingKeys: String, CodingKey {
        case input, output, axis, size, bitDepth, seed, split, filesSeen, volumes, ignoredFiles, counts, patients,
             warnings, seconds, sliced, failed, slicesWritten
    }

    public init(input: String, output: String, axis: SliceAxis, size: Int, bitDepth: Int, seed: UInt64, split: SplitFractions,
                filesSeen: Int, volumes: [VolumeResult], ignoredFiles: [ScanIssueRecord], counts: [String: [String: Int]],
                patients: [String: Int], warnings: [String], seconds: Double) {
        self.input = input
        self.output = output
        self.axis = axis
        self.size = size
        self.bitDepth = bitDepth
        self.seed = seed
        self.split = split
        self.filesSeen = filesSeen
        self.volumes = volumes
        self.ignoredFiles = ignoredFiles
        self.counts = counts
        self.patients = patients
        self.warnings = warnings
        self.seconds = seconds
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        input = try c.decode(String.self, forKey: .input)
        output = try c.decode(String.self, forKey: .output)
        axis = try c.decode(SliceAxis.self, forKey: .axis)
        size = try c.decode(Int.self, forKey: .size)
        bitDepth = try c.decode(Int.self, forKey: .bitDepth)
        seed = try c.decode(UInt64.self, forKey: .seed)
        split = try c.decode(SplitFractions.self, forKey: .split)
        filesSeen = try c.decode(Int.self, forKey: .filesSeen)
        volumes = try c.decode([VolumeResult].self, forKey: .volumes)
        ignoredFiles = try c.decode([ScanIssueRecord].self, forKey: .ignoredFiles)
        counts = try c.decode([String: [String: Int]].self, forKey: .counts)
        patients = try c.decode([String: Int].self, forKey: .patients)
        warnings = try c.decode([String].self, forKey: .warnings)
        seconds = try c.decode(Double.self, forKey: .seconds)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(input, forKey: .input)
        try c.encode(output, forKey: .output)
        try c.encode(axis, forKey: .axis)
        try c.encode(size, forKey: .size)
        try c.encode(bitDepth, forKey: .bitDepth)
        try c.encode(seed, forKey: .seed)
        try c.encode(split, forKey: .split)
        try c.encode(filesSeen, forKey: .filesSeen)
        try c.encode(volumes, forKey: .volumes)
        try c.encode(ignoredFiles, forKey: .ignoredFiles)
        try c.encode(counts, forKey: .counts)
        try c.encode(patients, forKey: .patients)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(sliced, forKey: .sliced)
        try c.encode(failed, forKey: .failed)
        try c.encode(slicesWritten, forKey: .slicesWritten)
    }
}
