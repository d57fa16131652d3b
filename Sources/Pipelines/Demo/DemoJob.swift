import Foundation
import Phantoms

/// The main job of `make demo`, on the embedded default data: writes the simulated archive
/// (`DemoDataJob`: DICOM with planted identifiers, manifest, 2D dataset) and converts the
/// archive to NIfTI (`ConvertJob`). Later stages of the main flow (anonymize, train, score,
/// audit) join here as they land.
public enum DemoJob {
    public struct Result: Sendable, Codable {
        public var demoData: DemoDataSummary
        public var convert: ConvertSummary
    }

    public enum Event: Sendable {
        case demoData(DemoDataJob.Event)
        case convert(ConvertJob.Event)
    }

    public static func run(out: String, patients: Int = PhantomArchiveOptions.defaultPatients, seed: UInt64 = 1,
                           overwrite: Bool = true, progress: (@Sendable (Event) -> Void)? = nil) throws -> Result {
        let options = DemoDataOptions(output: out, archive: PhantomArchiveOptions(patients: patients, seed: seed), overwrite: overwrite)
        let demoData = try DemoDataJob.run(options) { progress?(.demoData($0)) }
        let nifti = (out as NSString).appendingPathComponent("nifti")
        if FileManager.default.fileExists(atPath: nifti) {
            do { try FileManager.default.removeItem(atPath: nifti) } catch {
                throw PipelineError(path: nifti, reason: "cannot remove the previous output: \(error.localizedDescription)")
            }
        }
        let convert = try ConvertJob.run(ConvertOptions(input: demoData.archive, output: nifti)) { progress?(.convert($0)) }
        return Result(demoData: demoData, convert: convert)
    }
}
