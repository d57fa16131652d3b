import Anonymization

/// The result of one `medsynth anonymize` run (this shard's share).
public struct AnonymizeSummary: Sendable, Codable {
    public struct Problem: Sendable, Codable, Equatable {
        /// Input path relative to the input root (the summary stays with the operator; the log is PHI-free).
        public var input: String
        public var reason: String
    }

    public var medsynthVersion: String
    public var input: String
    public var output: String
    public var quarantine: String
    public var log: String
    public var shard: String
    public var profile: [String]
    public var compoundRule: String
    public var removeUnlisted: Bool
    public var dateShiftDays: [Int]?
    /// Files found under the input (all shards).
    public var filesFound: Int
    /// Files in this shard.
    public var filesInShard: Int
    public var written: Int
    public var alreadyWritten: Int
    public var skipped: [Problem]
    public var quarantined: [Problem]
    public var failed: [Problem]
    /// Entries the walk could not list (broken links, loops, unreadable folders).
    public var unlisted: [Problem]
    public var pixelsRedacted: Int
    /// With `--ocr`: the engine, the at-risk files read, the text boxes found and the files with any.
    public var ocrEngine: String?
    public var ocrFilesRead: Int?
    public var ocrTextBoxes: Int?
    public var ocrFilesWithText: Int?
    public var duplicateSOPInstanceUIDs: Int
    public var actions: [String: Int]
    public var warnings: Int
    public var seconds: Double
    public var filesPerSecond: Double
    public var megabytesRead: Double

    /// Every input file is accounted for exactly once.
    public var accountedFor: Int { written + alreadyWritten + skipped.count + quarantined.count + failed.count }

    /// Whether anything went wrong (exit status non-zero).
    public var hasFailures: Bool { !failed.isEmpty || !quarantined.isEmpty || !unlisted.isEmpty }
}
