import Phantoms

/// What `medsynth demo-data` wrote (`summary.json`).
public struct DemoDataSummary: Sendable, Codable {
    public struct Slices: Sendable, Codable {
        public var folder: String
        public var size: Int
        public var pngs: Int
        /// PNGs per split and class.
        public var counts: [String: [String: Int]]
        public var preview: String
        public var failedPatients: [String]
    }

    public var tool: String
    public var output: String
    public var archive: String
    public var manifest: String
    public var seed: UInt64
    public var patients: Int
    /// Patients per class and split.
    public var cohort: [String: [String: Int]]
    public var studies: Int
    public var mrSeries: Int
    public var screenshotSeries: Int
    public var files: Int
    public var bytes: Int64
    public var phiValues: Int
    public var slices2d: Slices?
    public var seconds: Double
}
