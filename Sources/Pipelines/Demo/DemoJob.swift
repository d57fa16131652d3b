import Foundation
import Imaging
import Phantoms

/// The main job of `make demo`, on the embedded default data: writes the simulated archive
/// (`DemoDataJob`: DICOM with planted identifiers, manifest, 2D dataset), de-identifies it
/// into OUT/release (`AnonymizeJob`, key OUT/demo.key, screenshots redacted by
/// OUT/redact-regions.yaml), audits the release for PHI against the manifest of every planted
/// identifier (`PHIAuditJob`, report OUT/audit-phi.json) and converts the release to NIfTI
/// (`ConvertJob`). Later stages of the main flow (train, score) join here as they land.
public enum DemoJob {
    public struct Result: Sendable, Codable {
        public var demoData: DemoDataSummary
        public var anonymize: AnonymizeSummary
        public var audit: AuditSummary
        public var convert: ConvertSummary
    }

    /// The PHI audit of the release, in short (the whole report is in `report`).
    public struct AuditSummary: Sendable, Codable {
        public var report: String
        public var clean: Bool
        /// Findings per kind (kinds with none left out).
        public var findings: [String: Int]
        public var filesScanned: Int
        public var pixelBoxesChecked: Int
        /// At-risk files of the release read by OCR, and the text boxes it found there.
        public var ocrFilesRead: Int
        public var ocrTextBoxes: Int
        public var seconds: Double
    }

    public enum Event: Sendable {
        case demoData(DemoDataJob.Event)
        case anonymize(AnonymizeJob.Event)
        case audit(PHIAuditJob.Event)
        case convert(ConvertJob.Event)
    }

    public static func run(out: String, patients: Int = PhantomArchiveOptions.defaultPatients, seed: UInt64 = 1,
                           overwrite: Bool = true, progress: (@Sendable (Event) -> Void)? = nil) throws -> Result {
        let options = DemoDataOptions(output: out, archive: PhantomArchiveOptions(patients: patients, seed: seed), overwrite: overwrite)
        let demoData = try DemoDataJob.run(options) { progress?(.demoData($0)) }
        func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }
        let release = path("release"), nifti = path("nifti")
        for previous in [release, release + "-quarantine", release + "-log.jsonl", path("audit-phi.json"), nifti] where FileManager.default.fileExists(atPath: previous) {
            do { try FileManager.default.removeItem(atPath: previous) } catch {
                throw PipelineError(path: previous, reason: "cannot remove the previous output: \(error.localizedDescription)")
            }
        }
        let rules = path("redact-regions.yaml")
        try AtomicFile.write(Array(redactionRules.utf8), to: rules)
        let anonymize = try AnonymizeJob.run(AnonymizeOptions(input: demoData.archive, output: release, keyFile: path("demo.key"),
                                                              createKey: true, redactRegions: rules)) { progress?(.anonymize($0)) }
        // The audit also reads the released screenshots with OCR: no text may be left in them.
        let report = try PHIAuditJob.run(PHIAuditOptions(output: release, manifest: demoData.manifest, keyFile: path("demo.key"),
                                                         ocr: true)) {
            progress?(.audit($0))
        }
        let reportPath = path("audit-phi.json")
        try AtomicJSON.write(report, to: reportPath)
        let audit = AuditSummary(report: reportPath, clean: report.clean, findings: report.counts.filter { $0.value > 0 },
                                 filesScanned: report.filesScanned, pixelBoxesChecked: report.pixelBoxes?.checked ?? 0,
                                 ocrFilesRead: report.pixelText?.files ?? 0, ocrTextBoxes: report.pixelText?.textBoxes ?? 0,
                                 seconds: report.seconds)
        let convert = try ConvertJob.run(ConvertOptions(input: release, output: nifti)) { progress?(.convert($0)) }
        return Result(demoData: demoData, anonymize: anonymize, audit: audit, convert: convert)
    }
}
