/// A set of 2D images that form one volume (or one 4D run): the files of one
/// Series Instance UID with one orientation, matrix and echo, as dcm2niix splits them.
public struct DicomSeries: Sendable {
    public var seriesInstanceUID: String
    public var seriesNumber: Int?
    public var seriesDescription: String?
    public var modality: String?
    /// Header of the first file (pixel data not loaded), for sidecars and reports.
    public var header: Dataset
    public var slices: [SliceRecord]
    /// What distinguishes this series from others with the same UID (e.g. "echo 2"), if anything.
    public var splitLabel: String?

    /// Distinct files of the series, in slice order of discovery.
    public var files: [String] {
        var seen = Set<String>()
        return slices.map(\.path).filter { seen.insert($0).inserted }
    }
}

/// A file (or series) that was not converted, and why.
public struct ScanIssue: Sendable, Codable, Equatable {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// The result of scanning a folder tree for DICOM series.
public struct SeriesScan: Sendable {
    public var series: [DicomSeries]
    /// Files that are not DICOM images, with the reason.
    public var skipped: [ScanIssue]
    /// Number of regular files looked at.
    public var filesSeen: Int
}
