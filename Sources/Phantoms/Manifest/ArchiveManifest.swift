import Foundation
import Imaging

/// The ground truth of a simulated archive (`DIR/manifest.json`): per patient the class,
/// the split, every series and file, and every identifier planted with where it lives.
public struct ArchiveManifest: Sendable, Codable {
    public var tool: String
    public var seed: UInt64
    /// Fraction of each class's patients held out of training.
    public var holdoutFraction: Double
    public var splitRule: String
    public var patients: [PatientRecord]
    /// Patients per class and per split.
    public var counts: [String: [String: Int]]
    public var files: Int

    public init(tool: String, seed: UInt64, holdoutFraction: Double, splitRule: String, patients: [PatientRecord]) {
        self.tool = tool
        self.seed = seed
        self.holdoutFraction = holdoutFraction
        self.splitRule = splitRule
        self.patients = patients
        var c: [String: [String: Int]] = [:]
        for p in patients { c[p.tumourClass.rawValue, default: [:]][p.split.rawValue, default: 0] += 1 }
        counts = c
        files = patients.reduce(0) { $0 + $1.studies.reduce(0) { $0 + $1.series.reduce(0) { $0 + $1.files.count } } }
    }
}

/// Train (generators and classifiers may learn from them) or holdout (never seen in training:
/// the non-members of a membership-inference audit, the test set of a classifier).
public enum PhantomSplit: String, Sendable, Codable, CaseIterable {
    case train, holdout
}

/// One simulated patient in the manifest.
public struct PatientRecord: Sendable, Codable {
    /// Stable key of the patient in this archive ("P0001"), not an identifier planted in the files.
    public var key: String
    public var tumourClass: TumourClass
    public var split: PhantomSplit
    public var identity: PatientIdentity
    public var lesion: Lesion?
    /// Relative folders of the archive holding this patient's files.
    public var studies: [StudyRecord]
    public var phi: [PlantedPHI]
}

public struct StudyRecord: Sendable, Codable {
    public var studyInstanceUID: String
    public var accessionNumber: String
    public var date: String
    public var time: String
    public var description: String
    public var series: [SeriesRecord]
}

public struct SeriesRecord: Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        case mr
        /// A secondary-capture screenshot with burned-in text.
        case screenshot
    }
    public var kind: Kind
    public var seriesInstanceUID: String
    public var seriesNumber: Int
    public var description: String
    /// MR series only.
    public var acquisition: SeriesAcquisition?
    /// Screenshot series only: the value of Burned In Annotation written (the truth is always "YES").
    public var burnedInAnnotation: String?
    /// Files (relative to the archive) in Instance Number order.
    public var files: [FileRecord]
}

public struct FileRecord: Sendable, Codable {
    public var path: String
    public var sopInstanceUID: String
}
