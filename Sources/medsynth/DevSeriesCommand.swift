import ArgumentParser
import DICOM
import Foundation
import Imaging

/// Hidden developer command: writes every `GeometryTestCases` series as DICOM, for
/// `Tests/Reference/dcm2niix_fixtures.sh` and for eyeballing in a viewer.
struct DevSeriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev-series",
        abstract: "Write the synthetic geometry test series (DICOM) into a folder.",
        discussion: """
            Writes OUT/<case>/ for every case (or only those named with --case), and OUT/cases.json \
            with each case's shape, RAS affine, rescale and physical voxel values (x fastest), so \
            reference tools' outputs can be checked voxel by voxel.

            Example:
              medsynth dev-series --out /tmp/series
              dcm2niix -b y -z n -f axial_int16_asc -o /tmp/nii /tmp/series/axial_int16_asc
            """,
        shouldDisplay: false
    )

    @Option(help: ArgumentHelp("Output folder (created if missing).", valueName: "dir"))
    var out: String

    @Option(name: .customLong("case"), help: ArgumentHelp("Write only this case (repeatable).", valueName: "name"))
    var cases: [String] = []

    func run() throws {
        var selected = try GeometryTestCases.all()
        if !cases.isEmpty {
            let known = Set(selected.map(\.name))
            let unknown = cases.filter { !known.contains($0) }
            guard unknown.isEmpty else {
                throw ValidationError("unknown case(s) \(unknown.joined(separator: ", ")); known: \(selected.map(\.name).joined(separator: ", "))")
            }
            selected = selected.filter { cases.contains($0.name) }
        }
        for c in selected {
            let dir = (out as NSString).appendingPathComponent(c.name)
            if let existing = try? FileManager.default.contentsOfDirectory(atPath: dir), !existing.isEmpty {
                throw ValidationError("\(dir) is not empty: choose a new --out folder so old files do not mix into the series")
            }
        }
        var manifest: [Manifest.Case] = []
        for c in selected {
            let dir = (out as NSString).appendingPathComponent(c.name)
            let result = try SeriesWriter.write(c.volume, to: dir, options: c.options)
            print("\(c.name): \(result.paths.count) file(s) in \(dir)")
            manifest.append(Manifest.Case(
                name: c.name, shape: c.volume.shape, rasAffine: c.volume.geometry.affine.rows,
                rescale: result.rescale, layout: c.options.layout.rawValue, sliceOrder: c.options.sliceOrder.rawValue,
                files: result.paths.map { ($0 as NSString).lastPathComponent }, values: c.volume.doubles(scaled: true)))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let path = (out as NSString).appendingPathComponent("cases.json")
        try AtomicFile.write(Array(try encoder.encode(Manifest(cases: manifest))) + [0x0A], to: path)
    }

    /// OUT/cases.json.
    struct Manifest: Codable {
        struct Case: Codable {
            var name: String
            var shape: [Int]
            var rasAffine: [[Double]]
            var rescale: IntensityScale?
            var layout: String
            var sliceOrder: String
            var files: [String]
            /// Physical values, x fastest, then y, z, t.
            var values: [Double]
        }
        var cases: [Case]
    }
}
