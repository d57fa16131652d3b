import Foundation
import Imaging

/// Writes a whole simulated archive: loads the anatomy, plans the cohort (classes and
/// splits), generates the patients in parallel (each from its own random stream, so the
/// bytes do not depend on the order or the thread count) and returns the manifest.
///
/// ```swift
/// let manifest = try PhantomArchive.generate(PhantomArchiveOptions(patients: 8, seed: 7), into: "out/archive")
/// ```
public enum PhantomArchive {
    /// Progress after each patient.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int, _ patient: String) -> Void

    /// Generates every patient into `archive` (created when missing). `onPatient` sees each
    /// patient's result as soon as it is made (on a worker thread), e.g. to slice its head;
    /// a throw there fails the run.
    public static func generate(_ options: PhantomArchiveOptions, into archive: String, workers: Int = 2,
                                onPatient: (@Sendable (PatientGenerator.Result) throws -> Void)? = nil,
                                progress: Progress? = nil) throws -> ArchiveManifest {
        try options.validate()
        let anatomy = try PhantomAnatomy.load(directory: options.templates)
        let sites = LesionSites(anatomy)
        let cohort = CohortPlan(patients: options.patients, holdoutFraction: options.holdoutFraction, seed: options.seed)
        do {
            try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: true)
        } catch {
            throw PhantomError.invalidParameter(name: "out", value: archive, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        let generator = PatientGenerator(anatomy: anatomy, sites: sites, seed: options.seed, archive: archive)
        let results = ConcurrentSlots<Result<PatientRecord, any Error>>.compute(count: options.patients, workers: workers, { i in
            Result {
                let r = try generator.generate(index: i, tumourClass: cohort.classes[i], split: cohort.splits[i])
                try onPatient?(r)
                return r.record
            }
        }, finished: { i, done in progress?(done, options.patients, String(format: "P%04d", i + 1)) })
        var records: [PatientRecord] = []
        for (i, slot) in results.enumerated() {
            switch slot {
            case .success(let r)?: records.append(r)
            case .failure(let e)?: throw PhantomError.patientFailed(key: String(format: "P%04d", i + 1), reason: "\(e)")
            case nil: throw PhantomError.patientFailed(key: String(format: "P%04d", i + 1), reason: "not generated")
            }
        }
        return ArchiveManifest(tool: "medsynth phantoms", seed: options.seed, holdoutFraction: options.holdoutFraction,
                               splitRule: CohortPlan.rule, patients: records)
    }
}
