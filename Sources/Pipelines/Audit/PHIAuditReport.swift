import Anonymization

/// What `medsynth audit phi` found (`--json`). Findings carry masked hints, never PHI values;
/// `file` names are relative to the audited folder.
public struct PHIAuditReport: Sendable, Codable {
    /// How many needles the audit searched for.
    public struct Needles: Sendable, Codable, Equatable {
        /// Identifying strings (names, IDs, addresses...).
        public var identifiers: Int
        /// Original UIDs.
        public var uids: Int
        /// Patients whose original dates are known (under original ID and pseudonym).
        public var patientsWithDates: Int
        /// Values not used because they would match by chance (too short, short numbers).
        public var rejected: Int
    }

    /// The burned-in text boxes of a manifest.
    public struct PixelBoxes: Sendable, Codable, Equatable {
        /// Files with planted boxes.
        public var files: Int
        /// Files found in the release whose boxes were checked.
        public var checked: Int
        /// Files absent from the release (quarantined or left out): nothing to check.
        public var absent: Int
        /// Files that could not be looked for (no key to find renamed files).
        public var unchecked: Int
    }

    /// OCR of the release's at-risk files (`--ocr`).
    public struct PixelText: Sendable, Codable, Equatable {
        public var engine: String
        /// At-risk files read.
        public var files: Int
        /// Text boxes found (each one a `pixel_text` finding).
        public var textBoxes: Int
    }

    public var tool: String
    public var version: String
    public var output: String
    public var original: String?
    public var manifest: String?
    public var keyUsed: Bool
    /// DICOM files read (including unreadable ones counted below).
    public var filesScanned: Int
    public var filesUnreadable: Int
    /// Files that are not DICOM (relative paths): listed, their names checked, their text
    /// searched when they are text.
    public var otherFiles: [String]
    public var foldersChecked: Int
    /// Original files read for needles (nil without `--original`).
    public var originalFilesRead: Int?
    public var originalFilesUnreadable: Int?
    public var needles: Needles
    public var pixelBoxes: PixelBoxes?
    public var pixelText: PixelText?
    /// Every finding, sorted by kind, file and attribute.
    public var findings: [PHIFinding]
    /// Findings per kind (every kind listed, zeros included).
    public var counts: [String: Int]
    /// What was not checked and why, and other remarks (not findings).
    public var notes: [String]
    public var seconds: Double
    /// True when there is no finding.
    public var clean: Bool

    public init(output: String, original: String?, manifest: String?, keyUsed: Bool, filesScanned: Int, filesUnreadable: Int,
                otherFiles: [String], foldersChecked: Int, originalFilesRead: Int?, originalFilesUnreadable: Int?,
                needles: Needles, pixelBoxes: PixelBoxes?, pixelText: PixelText? = nil, findings: [PHIFinding], notes: [String], seconds: Double) {
        tool = "medsynth audit phi"
        version = MedsynthVersion.current
        self.output = output
        self.original = original
        self.manifest = manifest
        self.keyUsed = keyUsed
        self.filesScanned = filesScanned
        self.filesUnreadable = filesUnreadable
        self.otherFiles = otherFiles
        self.foldersChecked = foldersChecked
        self.originalFilesRead = originalFilesRead
        self.originalFilesUnreadable = originalFilesUnreadable
        self.needles = needles
        self.pixelBoxes = pixelBoxes
        self.pixelText = pixelText
        self.findings = findings
        var counts: [String: Int] = [:]
        for k in PHIFinding.Kind.allCases { counts[k.rawValue] = 0 }
        for f in findings { counts[f.kind.rawValue, default: 0] += 1 }
        self.counts = counts
        self.notes = notes
        self.seconds = seconds
        clean = findings.isEmpty
    }

    /// Findings of one kind.
    public func findings(_ kind: PHIFinding.Kind) -> [PHIFinding] { findings.filter { $0.kind == kind } }
}
