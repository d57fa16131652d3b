import DICOM
import Foundation

/// The interim main job of `make demo`: writes a small DICOM archive made by code
/// (series of known geometry: axial, coronal, sagittal, oblique, 4D, enhanced
/// multi-frame), converts it to NIfTI and reports what was written.
/// The full simulated multi-patient archive replaces the input when it lands.
public enum DemoJob {
    public struct Result: Sendable, Codable {
        public var archive: String
        public var seriesWritten: Int
        public var convert: ConvertSummary
    }

    public static func run(out: String, progress: (@Sendable (ConvertJob.Event) -> Void)? = nil) throws -> Result {
        let archive = (out as NSString).appendingPathComponent("archive")
        let nifti = (out as NSString).appendingPathComponent("nifti")
        try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: true)
        let cases = try GeometryTestCases.all()
        for c in cases {
            _ = try SeriesWriter.write(c.volume, to: (archive as NSString).appendingPathComponent(c.name), options: c.options)
        }
        // A non-DICOM file, as PACS exports often carry: it must be reported, not dropped.
        try Data("exported by medsynth demo\n".utf8).write(to: URL(fileURLWithPath: (archive as NSString).appendingPathComponent("README.txt")))
        let summary = try ConvertJob.run(ConvertOptions(input: archive, output: nifti), progress: progress)
        return Result(archive: archive, seriesWritten: cases.count, convert: summary)
    }
}
