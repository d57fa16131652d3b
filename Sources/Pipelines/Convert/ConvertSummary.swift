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
    public var series: [SeriesResult]
    public var skippedFiles: [ScanIssueRecord]
    public var seconds: Double

    public var written: Int { series.filter { $0.status == .written }.count }
    public var failed: Int { series.filter { $0.status == .failed }.count }

    enum CodingKeys: String, CodingKey { case input, output, filesSeen, series, skippedFiles, seconds, written, failed }

    public init(input: String, output: String, filesSeen: Int, series: [SeriesResult], skippedFiles: [ScanIssueRecord], seconds: Double) {
        self.input = input
        self.output = output
        self.filesSeen = filesSeen
        self.series = series
        self.skippedFiles = skippedFiles
        self.seconds = seconds
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        input = try c.decode(String.self, forKey: .input)
        output = try c.decode(String.self, forKey: .output)
        filesSeen = try c.decode(Int.self, forKey: .filesSeen)
        series = try c.decode([SeriesResult].self, forKey: .series)
        skippedFiles = try c.decode([ScanIssueRecord].self, forKey: .skippedFiles)
        seconds = try c.decode(Double.self, forKey: .seconds)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(input, forKey: .input)
        try c.encode(output, forKey: .output)
        try c.encode(filesSeen, forKey: .filesSeen)
        try c.encode(series, forKey: .series)
        try c.encode(skippedFiles, forKey: .skippedFiles)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(written, forKey: .written)
        try c.encode(failed, forKey: .failed)
    }
}

/// A skipped input file and the reason.
public struct ScanIssueRecord: Sendable, Codable, Equatable {
    public var path: String
    public var reason: String
}
