import ArgumentParser
import Foundation
import Pipelines

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job on the embedded default data.",
        discussion: """
        Writes a DICOM archive made by code into OUT/archive, converts it to NIfTI in
        OUT/nifti and prints the summary (OUT/summary.json holds it as JSON).

        Example:
          medsynth demo --out demo-output
        """)

    @Option(help: "Output folder.")
    var out = "demo-output"

    func run() throws {
        let bar = ProgressBar("converting")
        let result = try DemoJob.run(out: out) { event in
            if case .converting(let d, let t, let n) = event { bar.update(d, t, note: n) }
        }
        bar.finish()
        print("archive: \(result.archive) (\(result.seriesWritten) series written by code)")
        for s in result.convert.series {
            let name = s.outputs.first.map { ($0 as NSString).lastPathComponent } ?? "-"
            print("  \(s.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(name.padding(toLength: 34, withPad: " ", startingAt: 0)) \(s.shape?.map(String.init).joined(separator: "x") ?? "") \(s.orientation ?? "") \(s.reason ?? "")")
        }
        for f in result.convert.skippedFiles { print("  skipped  \(f.path): \(f.reason)") }
        let summaryPath = (out as NSString).appendingPathComponent("summary.json")
        try AtomicJSON.write(result, to: summaryPath)
        print(String(format: "%d series written, %d failed, %d files skipped in %.2f s; summary: %@",
                     result.convert.written, result.convert.failed, result.convert.skippedFiles.count, result.convert.seconds, summaryPath))
        if result.convert.failed > 0 { throw ExitCode(1) }
    }
}
