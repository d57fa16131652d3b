/// What a conversion did with every input: series written or failed, files skipped.
public struct ConvertSummary: Sendable, Codable {
    public struct SeriesResult: Sendable, Codable {
        public enum Status: String, Sendable, Codable { case written, failed }
        public var status: Status
        public var seriesInstanceUID: String
        public var seriesNumber: Int?
        public var seriesDescription: String?
        public var split: String?
        public var files: Int
        public var images: Int
        public var outputs: [String]
        public var shape: [Int]?
        public var voxelType: String?
        public var orientation: String?
        public var warnings: [String]
        public var reason: String?
    }
    public var input: String
    public var output: String
    public var filesSeen: Int
    public let series: [SeriesResult]
    public var skippedFiles: [ScanIssueRecord]
    public var seconds: Double

    /// Totals derived from `series` in `init`, stored so that the JSON carries them.
    public private(set) var written: Int
    public private(set) var failed: Int

    public init(input: String, output: String, filesSeen: Int, series: [SeriesResult], skippedFiles: [ScanIssueRecord], seconds: Double) {
        self.input = input
        self.output = output
        self.filesSeen = filesSeen
        self.series = series
        self.skippedFiles = skippedFiles
        self.seconds = seconds
        written = series.filter { $0.status == .written }.count
        failed = series.filter { $0.status == .failed }.count
    }
}

/// A skipped input file and the reason.
public struct ScanIssueRecord: Sendable, Codable, Equatable {
    public var path: String
    public var reason: String
}
