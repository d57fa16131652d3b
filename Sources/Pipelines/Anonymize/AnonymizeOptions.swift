import Anonymization

/// Settings of `medsynth anonymize`.
public struct AnonymizeOptions: Sendable {
    /// A folder tree or a single file.
    public var input: String
    /// The release folder (created if missing); never inside the input.
    public var output: String
    /// Where unreadable, corrupt and unredacted at-risk files are copied; default `OUTPUT-quarantine`.
    public var quarantine: String?
    /// Per-file JSON-lines log; default `OUTPUT-log.jsonl` (beside the release, not in it).
    public var logPath: String?
    public var profile: DeidentificationOptions
    public var keyFile: String
    /// Create the key file when it does not exist.
    public var createKey: Bool
    public var lookupTable: String?
    public var recipe: String?
    public var redactRegions: String?
    public var minimumShiftDays: Int
    public var maximumShiftDays: Int
    /// Worker threads; 0 = one per core.
    public var jobs: Int
    /// This machine's share: index (0-based) of count.
    public var shard: Shard
    /// Write each input's relative path into the log (off by default: folder names often carry PHI).
    public var logInputPaths: Bool
    /// OCR of files at risk of burned-in text (Tesseract): off, report the text boxes, or blank them.
    public var ocr: OCRMode
    /// Words Tesseract is less sure of (0...100) are ignored; 0 keeps every word.
    public var ocrMinimumConfidence: Double
    /// Tesseract model(s), e.g. `eng` or `eng+deu`.
    public var ocrLanguage: String

    public init(input: String, output: String, keyFile: String, profile: DeidentificationOptions = .basic,
                quarantine: String? = nil, logPath: String? = nil, createKey: Bool = false, lookupTable: String? = nil,
                recipe: String? = nil, redactRegions: String? = nil, minimumShiftDays: Int = 1, maximumShiftDays: Int = 365,
                jobs: Int = 0, shard: Shard = .all, logInputPaths: Bool = false, ocr: OCRMode = .off,
                ocrMinimumConfidence: Double = 0, ocrLanguage: String = "eng") {
        self.input = input
        self.output = output
        self.keyFile = keyFile
        self.profile = profile
        self.quarantine = quarantine
        self.logPath = logPath
        self.createKey = createKey
        self.lookupTable = lookupTable
        self.recipe = recipe
        self.redactRegions = redactRegions
        self.minimumShiftDays = minimumShiftDays
        self.maximumShiftDays = maximumShiftDays
        self.jobs = jobs
        self.shard = shard
        self.logInputPaths = logInputPaths
        self.ocr = ocr
        self.ocrMinimumConfidence = ocrMinimumConfidence
        self.ocrLanguage = ocrLanguage
    }

    var quarantinePath: String { quarantine ?? AnonymizeOptions.trimmed(output) + "-quarantine" }
    var resolvedLogPath: String { logPath ?? AnonymizeOptions.trimmed(output) + "-log.jsonl" }

    static func trimmed(_ p: String) -> String {
        var s = p
        while s.count > 1 && s.hasSuffix("/") { s.removeLast() }
        return s
    }
}

/// What `medsynth anonymize` does with OCR on files at risk of burned-in text.
public enum OCRMode: String, Sendable, Codable, CaseIterable {
    /// No OCR: at-risk files need a `--redact-regions` rule or go to quarantine.
    case off
    /// Read the pixels as they will be released (after any rule's regions are blanked) and log
    /// the text boxes found; the pixels are not changed by OCR.
    case report
    /// Also blank every text box found; at-risk files with no rule are released with OCR's boxes
    /// blanked instead of being quarantined.
    case redact
}

/// A deterministic share of the input files: file f belongs to shard `hash(relative path) mod count`,
/// so N machines given 0/N ... N-1/N together write exactly what one machine writes.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public static let all = Shard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses "I/N" with 0 <= I < N (Slurm's SLURM_ARRAY_TASK_ID and Kubernetes' JOB_COMPLETION_INDEX are 0-based).
    public init?(parsing text: String) {
        let p = text.split(separator: "/")
        guard p.count == 2, let i = Int(p[0]), let n = Int(p[1]), n >= 1, i >= 0, i < n else { return nil }
        self.init(index: i, count: n)
    }

    public func contains(relativePath: String) -> Bool {
        count == 1 || Int(Shard.hash(relativePath) % UInt64(count)) == index
    }

    /// FNV-1a over the path's bytes: the same on every machine.
    static func hash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    public var description: String { "\(index)/\(count)" }
}
