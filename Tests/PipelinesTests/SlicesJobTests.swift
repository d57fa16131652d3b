import Foundation
import Imaging
import NIfTI
import Preprocessing
import Testing
@testable import Pipelines

@Suite struct SlicesJobTests {
    typealias F = SlicesTestFixtures

    /// Five patients in three layouts, one corrupt volume, one text file.
    static func makeInput(_ root: URL) throws -> URL {
        let input = root.appendingPathComponent("input")
        try F.write(try F.head(seed: 1), "sub-01/anat/sub-01_T1w.nii.gz", in: input)
        let lps = try #require(try F.head(seed: 2).reoriented(to: "LPS"))
        try F.write(lps, "sub-02/anat/sub-02_T1w.nii.gz", in: input)
        try F.write(try F.head(seed: 3), "sub-03/sub-03_T1w.nii", in: input)
        try F.write(try F.head(seed: 4), "sub-04_T1w.nii.gz", in: input)
        try F.write(try F.head(seed: 5), "P5.nii.gz", in: input)
        try Data((0..<600).map { UInt8(truncatingIfNeeded: $0 &* 37) }).write(to: input.appendingPathComponent("sub-01/anat/broken.nii.gz"))
        try Data("notes".utf8).write(to: input.appendingPathComponent("notes.txt"))
        return input
    }

    static func options(_ input: URL, _ output: URL, seed: UInt64 = 1) -> SlicesOptions {
        SlicesOptions(input: input.path, output: output.path, axis: .axial, size: 32, seed: seed,
                      selection: .standard(every: 2, minForeground: 0.05))
    }

    @Test func slicesAFolderAndAccountsForEveryFile() throws {
        let root = try F.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = try Self.makeInput(root)
        let output = root.appendingPathComponent("out")
        let summary = try SlicesJob.run(Self.options(input, output))

        // Every input is accounted for: 6 volumes (one failed) and one ignored file.
        #expect(summary.filesSeen == 7)
        #expect(summary.volumes.count == 6 && summary.sliced == 5 && summary.failed == 1)
        let failed = try #require(summary.volumes.first { $0.status == .failed })
        #expect(failed.source == "sub-01/anat/broken.nii.gz")
        #expect(!(failed.reason ?? "").isEmpty)
        #expect(summary.ignoredFiles.map(\.path) == ["notes.txt"])
        #expect(Set(summary.volumes.map(\.patient)) == ["sub-01", "sub-02", "sub-03", "sub-04", "P5"])

        // Files on disk = index rows = the summary's count; no temporary file is left.
        let files = try F.files(output)
        let pngs = files.keys.filter { $0.hasSuffix(".png") }.sorted()
        #expect(!files.keys.contains { $0.contains(".tmp-") })
        #expect(Set(files.keys) == Set(pngs + ["index.csv", "index.json", "summary.json"]))
        #expect(pngs.count == summary.slicesWritten && pngs.count > 0)
        let index = try JSONDecoder().decode(SlicesIndex.self, from: try #require(files["index.json"]))
        #expect(index.slices.map(\.file) == pngs)
        let csv = String(decoding: try #require(files["index.csv"]), as: UTF8.self).split(separator: "\n")
        #expect(csv.first == "file,patient,class,split,source,volume,axis,slice,x_mm,y_mm,z_mm,foreground")
        #expect(csv.count == pngs.count + 1)

        // No patient in two splits, and the folders match the index.
        var splitOf: [String: DatasetSplit] = [:]
        for r in index.slices {
            #expect(splitOf[r.patient, default: r.split] == r.split, "patient \(r.patient) in two splits")
            splitOf[r.patient] = r.split
            #expect(r.file.hasPrefix("\(r.split.rawValue)/unlabeled/"))
            #expect(r.foreground > 0.05)
        }
        let listed = Set(DatasetSplit.allCases.flatMap { index.patients[$0.rawValue] ?? [] })
        #expect(listed.count == 5)
        // 0.8 of 5 patients: 4 train, 1 test.
        #expect(index.patients["train"]?.count == 4 && index.patients["test"]?.count == 1)

        // Names: {patient}_{volume}_{axis}{index:03}, the patient prefix not repeated.
        let sub1 = index.slices.filter { $0.source == "sub-01/anat/sub-01_T1w.nii.gz" }
        let first = try #require(sub1.first)
        #expect(first.file.hasSuffix("/sub-01_T1w_axial\(String(format: "%03d", first.slice)).png"))
        #expect(index.slices.contains { $0.file.hasSuffix("/P5_P5_axial008.png") || $0.file.contains("/P5_P5_axial") })

        // Index rows hold the slice centre of the source volume; PNGs are 32 x 32 8-bit.
        let volume = try NIfTIReader.readVolume(at: input.appendingPathComponent(first.source).path)
        let ex = try SliceExtractor(volume, axis: .axial)
        #expect(zip(first.centre, ex.centre(of: first.slice)).allSatisfy { abs($0 - $1) < 1e-9 })
        let row = try #require(csv.first { $0.hasPrefix(first.file + ",") })
        let c = ex.centre(of: first.slice).map { String(format: "%.3f", $0) }
        #expect(row.contains(",axial,\(first.slice),\(c[0]),\(c[1]),\(c[2]),"), "\(row)")
        let png = try PNGCodec.read(path: output.appendingPathComponent(first.file).path)
        #expect(png.shape == [32, 32, 1] && png.voxelType == .uint8)

        // summary.json decodes.
        let decoded = try JSONDecoder().decode(SlicesSummary.self, from: try #require(files["summary.json"]))
        #expect(decoded.failed == 1 && decoded.slicesWritten == summary.slicesWritten)
    }

    @Test func theSameSeedGivesTheSameBytes() throws {
        let root = try F.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = try Self.makeInput(root)
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b"), c = root.appendingPathComponent("c")
        _ = try SlicesJob.run(Self.options(input, a, seed: 9))
        _ = try SlicesJob.run(Self.options(input, b, seed: 9))
        _ = try SlicesJob.run(Self.options(input, c, seed: 10))
        var fa = try F.files(a), fb = try F.files(b), fc = try F.files(c)
        for k in ["summary.json"] { fa[k] = nil; fb[k] = nil; fc[k] = nil }
        #expect(fa.count > 3)
        #expect(fa == fb)
        // Another seed moves patients between splits (the PNG contents stay the same).
        let names = { (f: [String: Data]) in Set(f.keys.map { ($0 as NSString).lastPathComponent }) }
        #expect(names(fa) == names(fc))
        #expect(Set(fa.keys) != Set(fc.keys))
    }

    /// A volume and its LPS-stored copy give the same PNGs.
    @Test func voxelOrderDoesNotChangeThePNGs() throws {
        let root = try F.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let v = try F.head(seed: 6)
        try F.write(v, "ras/sub-01.nii.gz", in: root)
        try F.write(try #require(v.reoriented(to: "LPS")), "lps/sub-01.nii.gz", in: root)
        try F.write(try #require(v.reoriented(to: "AIL")), "ail/sub-01.nii.gz", in: root)
        var outputs: [[String: Data]] = []
        for name in ["ras", "lps", "ail"] {
            for axis in SliceAxis.allCases {
                let out = root.appendingPathComponent("out-\(name)-\(axis)")
                var o = SlicesOptions(input: root.appendingPathComponent(name).path, output: out.path, axis: axis, size: 24, split: try SplitFractions(train: 1))
                o.selection = .standard(central: 6)
                _ = try SlicesJob.run(o)
                var files = try F.files(out)
                files["summary.json"] = nil
                outputs.append(files)
            }
        }
        for n in 0..<3 {
            #expect(outputs[n].keys.filter { $0.hasSuffix(".png") }.count == 6)
            #expect(outputs[n] == outputs[n + 3], "LPS copy differs for \(SliceAxis.allCases[n])")
            #expect(outputs[n] == outputs[n + 6], "AIL copy differs for \(SliceAxis.allCases[n])")
        }
    }

    @Test func labelsGiveClassFoldersAndPatients() throws {
        let root = try F.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in")
        for n in 1...4 { try F.write(try F.head(seed: n), "scan\(n).nii.gz", in: input) }
        let labels = root.appendingPathComponent("labels.csv")
        try "file,class,patient\nscan1.nii.gz,tumor,A\nscan2.nii.gz,healthy,A\nscan3.nii.gz,tumor,B\nscan4.nii.gz,healthy,C\n"
            .write(to: labels, atomically: true, encoding: .utf8)
        var o = SlicesOptions(input: input.path, output: root.appendingPathComponent("out").path, axis: .coronal, size: 16,
                              labels: labels.path, split: try SplitFractions(parsing: "0.34,0.33"), seed: 2)
        o.selection = .standard(central: 2)
        o.grayLevels = .sixteen
        let summary = try SlicesJob.run(o)
        #expect(summary.failed == 0 && summary.slicesWritten == 8)
        let index = try JSONDecoder().decode(SlicesIndex.self, from: Data(contentsOf: root.appendingPathComponent("out/index.json")))
        // Patient A's two volumes (two classes) share one split; three patients, one per split.
        let a = index.slices.filter { $0.patient == "A" }
        #expect(Set(a.map(\.split)).count == 1 && Set(a.map(\.className)) == ["tumor", "healthy"])
        #expect(DatasetSplit.dealt.allSatisfy { index.patients[$0.rawValue]?.count == 1 })
        for r in index.slices {
            #expect(r.file.hasPrefix("\(r.split.rawValue)/\(r.className)/\(r.patient)_scan"))
            let png = try PNGCodec.read(path: root.appendingPathComponent("out/" + r.file).path)
            #expect(png.voxelType == .uint16 && png.shape == [16, 16, 1])
        }
    }

    @Test func badInputStopsBeforeWritingAnything() throws {
        let root = try F.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in")
        try F.write(try F.head(), "a.nii.gz", in: input)
        func reason(_ o: SlicesOptions) -> String {
            do { _ = try SlicesJob.run(o); return "" } catch { return "\(error)" }
        }
        let out = root.appendingPathComponent("out")
        // Empty input folder.
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(reason(SlicesOptions(input: empty.path, output: out.path)).contains("no NIfTI volumes"))
        #expect(reason(SlicesOptions(input: root.appendingPathComponent("nope").path, output: out.path)).contains("no such folder"))
        // Output = input, or holding the input.
        #expect(reason(SlicesOptions(input: input.path, output: input.path)).contains("must not be the input folder"))
        #expect(reason(SlicesOptions(input: input.path, output: root.path)).contains("must not be the input folder"))
        // Parameters.
        #expect(reason(SlicesOptions(input: input.path, output: out.path, size: 4)).contains("'size' = 4"))
        #expect(reason(SlicesOptions(input: input.path, output: out.path, size: 5000)).contains("'size' = 5000"))
        // Labels naming a missing file / leaving a volume out.
        let labels = root.appendingPathComponent("l.csv")
        try "file,class\na.nii.gz,x\nb.nii.gz,y\n".write(to: labels, atomically: true, encoding: .utf8)
        #expect(reason(SlicesOptions(input: input.path, output: out.path, labels: labels.path)).contains("'b.nii.gz' is not a NIfTI volume"))
        try "file,class\nother.nii,x\n".write(to: labels, atomically: true, encoding: .utf8)
        #expect(reason(SlicesOptions(input: input.path, output: out.path, labels: labels.path)).contains("no label: a.nii.gz"))
        #expect(!FileManager.default.fileExists(atPath: out.path))

        // A non-empty output folder needs --overwrite, which replaces the previous dataset only.
        try FileManager.default.createDirectory(at: out.appendingPathComponent("train/old"), withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: out.appendingPathComponent("train/old/stale.png"))
        try Data("keep".utf8).write(to: out.appendingPathComponent("README.txt"))
        #expect(reason(SlicesOptions(input: input.path, output: out.path)).contains("--overwrite"))
        var o = SlicesOptions(input: input.path, output: out.path, split: try SplitFractions(train: 1))
        o.overwrite = true
        let summary = try SlicesJob.run(o)
        #expect(summary.slicesWritten == 16)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("train/old/stale.png").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("README.txt").path))
    }

    @Test func outputInsideTheInputIsNotReadBack() throws {
        let root = try F.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try F.write(try F.head(), "a.nii.gz", in: root)
        let o = SlicesOptions(input: root.path, output: root.appendingPathComponent("png").path, size: 8)
        let first = try SlicesJob.run(o)
        var again = o
        again.overwrite = true
        let second = try SlicesJob.run(again)
        #expect(first.filesSeen == 1 && second.filesSeen == 1)
    }

    @Test func linkedFilesAreReadAndLinkedFoldersReported() throws {
        let root = try F.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try F.write(try F.head(), "store/a.nii.gz", in: root)
        let input = root.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: input.appendingPathComponent("a.nii.gz").path, withDestinationPath: root.appendingPathComponent("store/a.nii.gz").path)
        try fm.createSymbolicLink(atPath: input.appendingPathComponent("folder").path, withDestinationPath: root.appendingPathComponent("store").path)
        let summary = try SlicesJob.run(SlicesOptions(input: input.path, output: root.appendingPathComponent("out").path, size: 8))
        #expect(summary.sliced == 1 && summary.volumes.map(\.source) == ["a.nii.gz"])
        #expect(summary.ignoredFiles.map(\.path) == ["folder"])
    }

    /// The sample files of ../shared/data/nifti, when present.
    @Test func slicesTheSharedSampleFiles() throws {
        let data = F.repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data/nifti")
        guard FileManager.default.fileExists(atPath: data.path) else {
            print("skipped: \(data.path) is absent")
            return
        }
        let root = try F.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let inputs = NIfTIInputs.scan(data.path)
        let summary = try SlicesJob.run(SlicesOptions(input: data.path, output: root.appendingPathComponent("out").path, size: 64))
        #expect(summary.volumes.count == inputs.volumes.count && summary.filesSeen == inputs.filesSeen)
        #expect(summary.sliced >= 1)
        for v in summary.volumes where v.status == .failed { #expect(!(v.reason ?? "").isEmpty) }
        print("shared nifti: \(summary.sliced) sliced, \(summary.failed) failed, \(summary.slicesWritten) PNGs in \(summary.seconds) s")
    }
}
