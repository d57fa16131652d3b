import ArgumentParser
import Foundation
import Phantoms
import Pipelines

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job on the embedded default data.",
        discussion: """
        Writes the simulated archive (as `medsynth demo-data`: OUT/archive, OUT/manifest.json,
        OUT/slices2d), de-identifies it into OUT/release (as `medsynth anonymize`, with the key
        OUT/demo.key and the screenshot rules OUT/redact-regions.yaml), audits the release for
        PHI against the manifest, reading the released screenshots with OCR (as `medsynth audit
        phi --ocr`, report OUT/audit-phi.json), and
        converts the release to NIfTI in OUT/nifti; OUT/demo.json holds the whole result as JSON. A previous demo
        output in OUT is replaced.

        Example:
          medsynth demo --out demo-output
        """)

    @Option(help: "Output folder.")
    var out = "demo-output"

    @Option(help: "Number of simulated patients.")
    var patients = PhantomArchiveOptions.defaultPatients

    @Option(help: "Seed of the simulated archive.")
    var seed: UInt64 = 1

    func run() throws {
        let simulate = ProgressBar("simulating"), anonymize = ProgressBar("anonymizing"), convert = ProgressBar("converting")
        let result = try simulate.run {
            try DemoJob.run(out: out, patients: patients, seed: seed) { event in
                switch event {
                case .demoData(.patient(let d, let t, let key)): simulate.update(d, t, note: key)
                case .anonymize(.anonymizing(let d, let t)): simulate.finish(); anonymize.update(d, t)
                case .convert(.converting(let d, let t, let n)): anonymize.finish(); convert.update(d, t, note: n)
                default: break
                }
            }
        }
        convert.finish()
        let d = result.demoData
        print("archive:  \(d.archive): \(d.patients) patients, \(d.studies) studies, \(d.mrSeries) MR + \(d.screenshotSeries) screenshot series, \(d.files) files (\(String(format: "%.0f", Double(d.bytes) / 1e6)) MB) in \(String(format: "%.1f", d.seconds)) s")
        print("manifest: \(d.manifest) (\(d.phiValues) planted identifiers)")
        if let s = d.slices2d { print("slices2d: \(s.folder) (\(s.pngs) PNGs, preview \(s.preview))") }
        let a = result.anonymize
        print(String(format: "release:  %@: %d files written, %d quarantined, %d failed, %d screenshots redacted in %.1f s (%.0f files/s); log %@",
                     a.output, a.written, a.quarantined.count, a.failed.count, a.pixelsRedacted, a.seconds, a.filesPerSecond, a.log))
        for q in a.quarantined + a.failed { print("  not released  \(q.input): \(q.reason)") }
        let au = result.audit
        print(String(format: "audit:    %@ (%d files, %d burned-in boxes checked against the manifest, OCR read %d screenshots: %d text boxes) in %.1f s; report %@",
                     au.clean ? "no PHI found" : "FINDINGS \(au.findings)", au.filesScanned, au.pixelBoxesChecked, au.ocrFilesRead,
                     au.ocrTextBoxes, au.seconds, au.report))
        let c = result.convert
        print(String(format: "nifti:    %d series written, %d failed, %d files skipped in %.1f s",
                     c.written, c.failed, c.skippedFiles.count, c.seconds))
        for s in c.series where s.status.rawValue != "written" {
            print("  \(s.status.rawValue) \(s.outputs.first ?? "-") \(s.reason ?? "")")
        }
        for f in c.skippedFiles { print("  skipped  \(f.path): \(f.reason)") }
        let summaryPath = (out as NSString).appendingPathComponent("demo.json")
        try AtomicJSON.write(result, to: summaryPath)
        print("summary:  \(summaryPath)")
        if c.failed > 0 || a.hasFailures || !au.clean || d.slices2d?.failedPatients.isEmpty == false { throw ExitCode(1) }
    }
}
