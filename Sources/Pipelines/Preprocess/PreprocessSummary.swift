import Foundation
import Imaging
import Preprocessing

/// The result of `medsynth preprocess`: every input file with its outcome.
public struct PreprocessSummary: Sendable, Codable {
    public struct FileResult: Sendable, Codable {
        public enum Status: String, Sendable, Codable { case written, failed, skipped }
        public var input: String
        public var status: Status
        /// Output image, label maps and the JSON record.
        public var outputs: [String]
        public var labelMaps: [String]
        public var shape: [Int]?
        public var spacing: [Double]?
        public var orientation: String?
        public var voxelType: String?
        public var reason: String?
        public var seconds: Double
    }
    public var input: String
    public var output: String
    /// The steps applied to every file (name, parameters, probability).
    public var pipeline: [JSONValue]
    public var seed: UInt64
    public let files: [FileResult]
    public var seconds: Double

    /// Totals derived from `files` in `init`, stored so that the JSON carries them.
    public private(set) var written: Int
    public private(set) var failed: Int
    public private(set) var skipped: Int

    public init(input: String, output: String, pipeline: [JSONValue], seed: UInt64, files: [FileResult], seconds: Double) {
        self.input = input
        self.output = output
        self.pipeline = pipeline
        self.seed = seed
        self.files = files
        self.seconds = seconds
        written = files.filter { $0.status == .written }.count
        failed = files.filter { $0.status == .failed }.count
        skipped = files.filter { $0.status == .skipped }.count
    }
}

/// The JSON record written next to every output: where it came from and what was done.
public struct PreprocessRecord: Sendable, Codable {
    public var software: String
    public var source: String
    public var labelMaps: [String: String]
    public var seed: UInt64
    public var transforms: [TransformRecord]
    public var shape: [Int]
    public var spacing: [Double]
    public var orientation: String
    public var affine: [[Double]]
    public var voxelType: String
}
