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
    public let volumes: [VolumeResult]
    public var ignoredFiles: [ScanIssueRecord]
    /// PNGs written per split and class.
    public var counts: [String: [String: Int]]
    /// Patients per split.
    public var patients: [String: Int]
    public var warnings: [String]
    public var seconds: Double

    /// Totals derived from `volumes` in `init`, stored so that the JSON carries them.
    public private(set) var sliced: Int
    public private(set) var failed: Int
    public private(set) var slicesWritten: Int


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
        sliced = volumes.filter { $0.status == .sliced }.count
        failed = volumes.filter { $0.status == .failed }.count
        slicesWritten = volumes.reduce(0) { $0 + $1.slicesWritten }
    }
}
