import ArgumentParser
import Foundation
import Pipelines

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a DICOM file, a DICOM folder (series table), a NIfTI, a PNG or a safetensors file.",
        discussion: """
        Images: dimensions, voxel type, spacing, orientation code (RAS, LPS, ...), the
        voxel-to-RAS affine and key header fields. Patient identifiers are not printed.

        Safetensors files (.safetensors): file size, tensor and value counts, dtypes, metadata
        (long values shortened) and the tensors, grouped by module (--json lists every
        tensor). A medsynth training checkpoint is described by its records: step, models
        (tensors and values each), optimizers (kind, steps, learning rate), random generators,
        the DCGAN configuration and the run's own metadata. A truncated or damaged file is
        refused with the reason (exit code 2).

        Examples:
          medsynth info ../shared/data/dicom/samples/CT_small.dcm
          medsynth info ../shared/data/nifti/example4d.nii.gz --json
          medsynth info ./archive        # one row per series, plus skipped files
          medsynth info run/step-1000.safetensors          # a training checkpoint
          medsynth info generator.safetensors --json       # a state dict, every tensor
        """)

    @Argument(help: "A DICOM file or folder, a .nii/.nii.gz/.hdr, a .png, or a .safetensors file.")
    var path: String

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        let report: InfoReport
        do {
            report = try Inspector.inspect(path)
        } catch {
            Output.stderr("error: \(error)")
            throw ExitCode(2)
        }
        if json {
            print(try JSONOutput.string(report))
            return
        }
        print("\(report.path) (\(report.kind))")
        for f in report.fields {
            let text = f.text
            if text.contains("\n") {
                print("  \(f.key):")
                for line in text.split(separator: "\n") { print("    \(line)") }
            } else {
                print("  \(f.key.padding(toLength: 18, withPad: " ", startingAt: 0)) \(text)")
            }
        }
        if let rows = report.series, !rows.isEmpty {
            print("\n  #    images  shape             orient  description")
            for s in rows {
                let shape = s.shape.map { $0.map(String.init).joined(separator: "x") } ?? "-"
                let desc = (s.description ?? "") + (s.split.map { " [\($0)]" } ?? "")
                print("  \(String(s.number ?? 0).padding(toLength: 4, withPad: " ", startingAt: 0)) \(String(s.images).padding(toLength: 7, withPad: " ", startingAt: 0)) \(shape.padding(toLength: 17, withPad: " ", startingAt: 0)) \((s.orientation ?? "-").padding(toLength: 7, withPad: " ", startingAt: 0)) \(desc)")
                if let p = s.problem { print("       problem: \(p)") }
                for w in s.warnings { print("       warning: \(w)") }
            }
        }
        if let lines = report.tensorLines, !lines.isEmpty {
            print("  tensors by module:")
            for line in lines { print("    \(line)") }
        }
        if let skipped = report.skipped, !skipped.isEmpty {
            print("\n  skipped files:")
            for s in skipped { print("    \(s.path): \(s.reason)") }
        }
    }
}
