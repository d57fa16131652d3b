import ArgumentParser
import Foundation
import Phantoms
import Pipelines

struct DemoDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-data",
        abstract: "Write the embedded default data: a simulated multi-patient brain MRI archive with planted PHI.",
        discussion: """
        Builds patients from the Colin27 brain and the AAL atlas (Debian package mricron-data):
        each gets a smooth anatomical deformation, one of four classes (glioma, meningioma,
        pituitary, no tumour), T1/T2/FLAIR-like contrasts, bias field, Rician noise, and one or
        two studies of one to three MR series with varied planes, obliquity, matrix, slice
        thickness and order, and int16/uint16 storage. Fictitious identifiers are planted where
        real archives hide them (patient module, sequences, descriptions, private tags, folder
        names, and burned-in text on screenshot series).

        Writes OUT/archive/ (DICOM, PACS-like folders), OUT/manifest.json (class, split and
        every planted identifier with its file and attribute path), OUT/slices2d/ (PNG slices in
        {train,holdout}/{class}/, index.csv, index.json, preview.png) and OUT/summary.json.
        The same seed gives byte-identical files.

        Examples:
          medsynth demo-data                      # 40 patients into ./demo-data
          medsynth demo-data --out big --patients 100 --seed 7 --slices2d 128
          medsynth demo-data --out quick --patients 8 --slices2d 0 --json
        """)

    @Option(help: "Output folder (new or empty; see --overwrite).")
    var out = "demo-data"

    @Option(help: "Number of patients (1 ... 10000).")
    var patients = PhantomArchiveOptions.defaultPatients

    @Option(help: "Seed of every random choice.")
    var seed: UInt64 = 1

    @Option(help: "Picture size of the 2D dataset (8 ... 1024); 0 writes none.")
    var slices2d = DemoDataOptions.defaultSlices2d

    @Option(help: "Axial pictures per patient in the 2D dataset.")
    var slicesPerPatient = DemoDataOptions.defaultSlicesPerPatient

    @Option(help: "Fraction of each class's patients held out (never in train).")
    var holdout = 0.25

    @Option(help: "Folder of the mricron-data templates.")
    var templates = PhantomAnatomy.defaultDirectory

    @Flag(help: "Replace a previous demo-data output in OUT.")
    var overwrite = false

    @Flag(help: "Print the summary as JSON instead of text.")
    var json = false

    func run() throws {
        let options = DemoDataOptions(
            output: out, archive: PhantomArchiveOptions(patients: patients, seed: seed, holdoutFraction: holdout, templates: templates),
            slices2d: slices2d > 0 ? slices2d : nil, slicesPerPatient: slicesPerPatient, overwrite: overwrite)
        let bar = ProgressBar("simulating")
        let summary = try bar.run {
            try DemoDataJob.run(options) { event in
                if case .patient(let done, let total, let key) = event { bar.update(done, total, note: key) }
            }
        }
        if json {
            print(try JSONOutput.string(summary))
            return
        }
        print("archive:  \(summary.archive)")
        print("          \(summary.patients) patients, \(summary.studies) studies, \(summary.mrSeries) MR series, \(summary.screenshotSeries) screenshot series, \(summary.files) files, \(String(format: "%.1f", Double(summary.bytes) / 1e6)) MB")
        for c in TumourClass.allCases {
            let by = summary.cohort[c.rawValue] ?? [:]
            print("          \(c.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) train \(by["train"] ?? 0), holdout \(by["holdout"] ?? 0)")
        }
        print("manifest: \(summary.manifest) (\(summary.phiValues) planted identifiers)")
        if let s = summary.slices2d {
            print("slices2d: \(s.folder) (\(s.pngs) PNGs of \(s.size)x\(s.size); preview \(s.preview))")
            for f in s.failedPatients { print("          FAILED \(f)") }
        }
        print(String(format: "done in %.1f s", summary.seconds))
        if summary.slices2d?.failedPatients.isEmpty == false { throw ExitCode(1) }
    }
}
