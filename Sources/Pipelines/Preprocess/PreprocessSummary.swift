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
    public var files: [FileResult]
    public var seconds: Double

    public var written: Int { files.filter { $0.status == .written }.count }
    public var failed: Int { files.filter { $0.status == .failed }.count }
    public var skipped: Int { files.filter { $0.status == .skipped }.count }

    enum CodingKeys: String, CodingKey { case input, output, pipeline, seed, files, seconds, written, failed, skipped }

    public init(input: String, output: String, pipeline: [JSONValue], seed: UInt64, files: [FileResult], seconds: Double) {
        self.input = input
        self.output = output
        self.pipeline = pipeline
        self.seed = seed
        self.files = files
        self.seconds = seconds
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        input = try c.decode(String.self, forKey: .input)
        output = try c.decode(String.self, forKey: .output)
        pipeline = try c.decode([JSONValue].self, forKey: .pipeline)
        seed = try c.decode(UInt64.self, forKey: .seed)
        files = try c.decode([FileResult].self, forKey: .files)
        seconds = try c.decode(Double.self, forKey: .seconds)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(input, forKey: .input)
        try c.encode(output, forKey: .output)
        try c.encode(pipeline, forKey: .pipeline)
        try c.encode(seed, forKey: .seed)
        try c.encode(files, forKey: .files)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(written, forKey: .written)
        try c.encode(failed, forKey: .failed)
        try c.encode(skipped, forKey: .skipped)
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
