import Foundation
import Imaging
import NIfTI
import Preprocessing
import XCTest
@testable import Pipelines

/// `medsynth preprocess` end to end on generated NIfTI files.
final class PreprocessJobTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-preprocess-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("in/sub-01"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// An LPS-oriented 20x16x12 int16 image with a bright block, and its uint8 mask.
    func writeImage(_ rel: String, value: (Int, Int, Int) -> Double = { i, j, k in Double(i + j + k) }) throws -> String {
        let g = Geometry(spacing: [1, 1.5, 2], origin: [30, 40, -10], direction: [[-1, 0, 0], [0, -1, 0], [0, 0, 1]])
        var v: [Int16] = []
        for k in 0..<12 { for j in 0..<16 { for i in 0..<20 { v.append(Int16(value(i, j, k))) } } }
        let path = dir.appendingPathComponent("in/\(rel)").path
        try NIfTIWriter.write(try Volume(values: v, shape: [20, 16, 12], geometry: g), to: path)
        return path
    }

    func writeMask(_ rel: String) throws {
        let g = Geometry(spacing: [1, 1.5, 2], origin: [30, 40, -10], direction: [[-1, 0, 0], [0, -1, 0], [0, 0, 1]])
        var m: [UInt8] = []
        for k in 0..<12 { for j in 0..<16 { for i in 0..<20 { m.append((5..<15).contains(i) && (4..<12).contains(j) && (3..<9).contains(k) ? 3 : 0) } } }
        try NIfTIWriter.write(try Volume(values: m, shape: [20, 16, 12], geometry: g), to: dir.appendingPathComponent("in/\(rel)").path)
    }

    func testSingleFileReorientResampleWithRecord() throws {
        let input = try writeImage("sub-01/t1.nii")
        let out = dir.appendingPathComponent("out/t1_2mm.nii.gz").path
        let s = try PreprocessJob.run(PreprocessOptions(input: input, output: out, orient: "RAS", spacing: [2, 2, 2]))
        XCTAssertEqual(s.written, 1, "\(s.files)")
        let v = try NIfTIReader.readVolume(at: out)
        XCTAssertEqual(v.geometry.orientationCode, "RAS")
        XCTAssertEqual(v.geometry.spacing[0], 2, accuracy: 1e-6)
        XCTAssertEqual(v.voxelType, .float32)
        let record = try JSONDecoder().decode(PreprocessRecord.self, from: Data(contentsOf: URL(fileURLWithPath: dir.appendingPathComponent("out/t1_2mm.json").path)))
        XCTAssertEqual(record.transforms.map(\.name), ["reorient", "resample"])
        XCTAssertEqual(record.source, input)
        XCTAssertEqual(record.orientation, "RAS")
    }

    func testFolderAccountsForEveryFileAndGoesOnAfterAFailure() throws {
        _ = try writeImage("sub-01/t1.nii.gz")
        try writeMask("sub-01/t1_seg.nii.gz")
        _ = try writeImage("sub-02.nii")
        try Data("not an image".utf8).write(to: dir.appendingPathComponent("in/notes.txt"))
        try Data(repeating: 7, count: 100).write(to: dir.appendingPathComponent("in/broken.nii"))
        let out = dir.appendingPathComponent("out").path
        let s = try PreprocessJob.run(PreprocessOptions(input: dir.appendingPathComponent("in").path, output: out,
                                                        orient: "RAS", spacing: [2, 2, 2], labelSuffixes: ["_seg"]))
        XCTAssertEqual(s.written, 2)
        XCTAssertEqual(s.failed, 1)
        XCTAssertEqual(s.skipped, 2)  // notes.txt, the label map (processed with its image)
        let broken = try XCTUnwrap(s.files.first { $0.input.hasSuffix("broken.nii") })
        XCTAssertTrue(broken.reason?.contains("broken.nii") ?? false, broken.reason ?? "")
        // The label map moved with its image, nearest neighbour: only its original values.
        let seg = try NIfTIReader.readVolume(at: "\(out)/sub-01/t1_seg.nii.gz")
        let img = try NIfTIReader.readVolume(at: "\(out)/sub-01/t1.nii.gz")
        XCTAssertEqual(seg.voxelType, .uint8)
        XCTAssertEqual(Array(seg.shape.prefix(3)), Array(img.shape.prefix(3)))
        XCTAssertLessThan(seg.geometry.affine.maxAbsDifference(img.geometry.affine), 1e-5)
        XCTAssertEqual(Set(seg.values(as: UInt8.self) ?? []), [0, 3])
    }

    func testBadFlagsNameTheParameter() throws {
        let input = try writeImage("a.nii")
        let out = dir.appendingPathComponent("o").path
        XCTAssertThrowsError(try PreprocessJob.run(PreprocessOptions(input: input, output: out, normalize: "bogus"))) {
            XCTAssertTrue("\($0)".contains("--normalize"), "\($0)")
        }
        XCTAssertThrowsError(try PreprocessJob.run(PreprocessOptions(input: input, output: out, orient: "RAR"))) {
            XCTAssertTrue("\($0)".contains("RAR"), "\($0)")
        }
        XCTAssertThrowsError(try PreprocessJob.run(PreprocessOptions(input: input, output: out, spacing: [1, 0, 1]))) {
            XCTAssertTrue("\($0)".contains("spacing"), "\($0)")
        }
        let yaml = dir.appendingPathComponent("p.yaml")
        try Data("transforms:\n  - teleport: {}\n".utf8).write(to: yaml)
        XCTAssertThrowsError(try PreprocessJob.run(PreprocessOptions(input: input, output: out, pipelineFile: yaml.path))) {
            XCTAssertTrue("\($0)".contains("p.yaml") && "\($0)".contains("teleport"), "\($0)")
        }
    }

    func testNaNVolumeFailsNamingTheFile() throws {
        let path = dir.appendingPathComponent("in/nan.nii").path
        var values = [Float](repeating: 1, count: 64)
        values[5] = .nan
        try NIfTIWriter.write(try Volume(values: values, shape: [4, 4, 4]), to: path)
        let s = try PreprocessJob.run(PreprocessOptions(input: path, output: dir.appendingPathComponent("o").path, orient: "RAS"))
        XCTAssertEqual(s.failed, 1)
        let reason = s.files.first?.reason ?? ""
        XCTAssertTrue(reason.contains("nan.nii") && reason.contains("NaN"), reason)
    }

    func testExistingOutputsAreKeptUnlessOverwrite() throws {
        let input = try writeImage("a.nii")
        let out = dir.appendingPathComponent("o").path
        XCTAssertEqual(try PreprocessJob.run(PreprocessOptions(input: input, output: out, orient: "RAS")).written, 1)
        let again = try PreprocessJob.run(PreprocessOptions(input: input, output: out, orient: "RAS"))
        XCTAssertEqual(again.failed, 1)
        XCTAssertTrue(again.files[0].reason?.contains("--overwrite") ?? false)
        XCTAssertEqual(try PreprocessJob.run(PreprocessOptions(input: input, output: out, orient: "RAS", overwrite: true)).written, 1)
    }

    func testTrainedLandmarksEqualTheLibraryAndFeedThePipeline() throws {
        let a = try writeImage("a.nii") { i, j, k in Double(i * j + k) }
        let b = try writeImage("b.nii") { i, j, k in Double(3 * i + j * k) }
        let file = dir.appendingPathComponent("landmarks.json").path
        let t = try LandmarkTraining.run(input: dir.appendingPathComponent("in").path, output: file)
        XCTAssertEqual(t.used.count, 2)
        let direct = try HistogramStandardization.train([try NIfTIReader.readVolume(at: a), try NIfTIReader.readVolume(at: b)])
        let read = try HistogramLandmarks.read(from: file)
        XCTAssertEqual(read.values.count, direct.values.count)
        for (x, y) in zip(read.values, direct.values) { XCTAssertEqual(x, y, accuracy: 1e-9) }
        let yaml = dir.appendingPathComponent("hist.yaml")
        try Data("transforms:\n  - histogram_standardization: {landmarks_file: \(file)}\n".utf8).write(to: yaml)
        let out = dir.appendingPathComponent("std").path
        let s = try PreprocessJob.run(PreprocessOptions(input: a, output: out, pipelineFile: yaml.path))
        XCTAssertEqual(s.written, 1, "\(s.files)")
        // The image's own 1 % and 99 % values map onto the landmarks' ends (0 and 100).
        let p = try NIfTIReader.readVolume(at: out + "/a.nii.gz").percentiles([1, 99])
        XCTAssertEqual(p[0], read.values.first ?? -1, accuracy: 1e-3)
        XCTAssertEqual(p[1], read.values.last ?? -1, accuracy: 1e-3)
    }

    // MARK: - Inputs and outputs are accounted for and kept safe

    func testEveryFileOfAFolderIsAccountedForWithItsReason() throws {
        let fm = FileManager.default
        _ = try writeImage("sub-01/t1.nii.gz")
        try writeMask("sub-01/t1_seg.nii.gz")
        try writeMask("sub-01/t1_seg.nii")           // a second label map of the same image
        try writeMask("sub-01/orphan_seg.nii.gz")    // a label map without its image
        _ = try writeImage("pair.hdr")               // .hdr + .img, read together
        _ = try writeImage("header-only.hdr")
        try fm.removeItem(atPath: dir.appendingPathComponent("in/header-only.img").path)
        _ = try writeImage("gz.hdr.gz")
        try fm.createDirectory(at: dir.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("in/linked").path,
                                  withDestinationPath: dir.appendingPathComponent("elsewhere").path)
        let s = try PreprocessJob.run(PreprocessOptions(input: dir.appendingPathComponent("in").path,
                                                        output: dir.appendingPathComponent("out").path,
                                                        orient: "RAS", labelSuffixes: ["_seg"]))
        func reason(_ name: String) -> String? { s.files.first { $0.input.hasSuffix("/" + name) }?.reason }
        XCTAssertEqual(s.written, 3, "\(s.files)")  // t1, pair.hdr, gz.hdr.gz
        XCTAssertEqual(s.failed, 0, "\(s.files)")
        XCTAssertEqual(s.files.count, 10, "\(s.files.map(\.input))")  // 9 files and the linked folder
        XCTAssertTrue(reason("sub-01/t1_seg.nii.gz")?.contains("processed with it") ?? false)
        XCTAssertTrue(reason("sub-01/t1_seg.nii")?.contains("only t1_seg.nii.gz is used") ?? false, reason("sub-01/t1_seg.nii") ?? "")
        XCTAssertTrue(reason("sub-01/orphan_seg.nii.gz")?.contains("without an image named orphan") ?? false)
        XCTAssertTrue(reason("pair.img")?.contains("pair.hdr") ?? false)
        XCTAssertTrue(reason("header-only.hdr")?.contains("header without image data") ?? false)
        XCTAssertTrue(reason("gz.img.gz")?.contains("gz.hdr.gz") ?? false)
        XCTAssertTrue(reason("linked")?.contains("symbolic link to a folder") ?? false)
        let written = try XCTUnwrap(s.files.first { $0.input.hasSuffix("t1.nii.gz") })
        XCTAssertEqual(written.labelMaps, [dir.appendingPathComponent("out/sub-01/t1_seg.nii.gz").path])
        XCTAssertTrue(fm.fileExists(atPath: dir.appendingPathComponent("out/gz.nii.gz").path))
    }

    func testOutputInsideTheInputIsNotReadBack() throws {
        _ = try writeImage("a.nii")
        let input = dir.appendingPathComponent("in").path
        let options = PreprocessOptions(input: input, output: input + "/prep", orient: "RAS", overwrite: true)
        XCTAssertEqual(try PreprocessJob.run(options).written, 1)
        let again = try PreprocessJob.run(options)
        XCTAssertEqual(again.files.map(\.input), [input + "/a.nii"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: input + "/prep/prep"))
    }

    func testOutputFolderThatIsTheInputFolderIsRefused() throws {
        _ = try writeImage("a.nii.gz")
        let input = dir.appendingPathComponent("in").path
        XCTAssertThrowsError(try PreprocessJob.run(PreprocessOptions(input: input, output: input + "/./", orient: "RAS", overwrite: true))) {
            XCTAssertTrue("\($0)".contains("must not be the input folder"), "\($0)")
        }
    }

    func testAnOutputNeverReplacesItsInput() throws {
        let input = try writeImage("a.nii.gz")
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        let s = try PreprocessJob.run(PreprocessOptions(input: input, output: input, orient: "RAS", spacing: [2, 2, 2], overwrite: true))
        XCTAssertEqual(s.failed, 1)
        XCTAssertTrue(s.files[0].reason?.contains("would replace an input file") ?? false, s.files[0].reason ?? "")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: input)), before)
    }

    func testImagesWithTheSameOutputNameAreNotWrittenOverEachOther() throws {
        _ = try writeImage("a.nii") { _, _, _ in 1 }
        _ = try writeImage("a.nii.gz") { _, _, _ in 2 }
        let out = dir.appendingPathComponent("out").path
        let s = try PreprocessJob.run(PreprocessOptions(input: dir.appendingPathComponent("in").path, output: out, orient: "RAS"))
        XCTAssertEqual(s.written, 1)
        XCTAssertEqual(s.failed, 1)
        let failed = try XCTUnwrap(s.files.first { $0.status == .failed })
        XCTAssertTrue(failed.input.hasSuffix("a.nii.gz"))
        XCTAssertTrue(failed.reason?.contains("a.nii is written to the same output") ?? false, failed.reason ?? "")
        // The output is the first image's, whole.
        XCTAssertEqual(Set(try NIfTIReader.readVolume(at: out + "/a.nii.gz").percentiles([0, 100])), [1])
    }

    func testALabelMapOnAnotherGridFailsNamingTheLabelMap() throws {
        let input = try writeImage("a.nii")
        let g = Geometry(spacing: [1, 1.5, 2], origin: [30, 40, -10], direction: [[-1, 0, 0], [0, -1, 0], [0, 0, 1]])
        try NIfTIWriter.write(try Volume(values: [UInt8](repeating: 1, count: 8), shape: [2, 2, 2], geometry: g),
                              to: dir.appendingPathComponent("in/a_seg.nii").path)
        let out = dir.appendingPathComponent("out").path
        let s = try PreprocessJob.run(PreprocessOptions(input: input, output: out, orient: "RAS", labelSuffixes: ["_seg"]))
        XCTAssertEqual(s.failed, 1)
        let reason = s.files[0].reason ?? ""
        XCTAssertTrue(reason.contains("a_seg.nii") && reason.contains("shape"), reason)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), [])
    }

    func testAFailureAfterTheFirstWriteLeavesNoPartialOutputs() throws {
        let input = try writeImage("a.nii")
        let out = dir.appendingPathComponent("out").path
        // The record cannot be written: a folder stands in its place.
        try FileManager.default.createDirectory(atPath: out + "/a.json/x", withIntermediateDirectories: true)
        let s = try PreprocessJob.run(PreprocessOptions(input: input, output: out, orient: "RAS", overwrite: true))
        XCTAssertEqual(s.failed, 1)
        XCTAssertEqual(s.files[0].outputs, [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/a.nii.gz"))
    }

    func testLikePutsTheOutputOnTheReferenceGrid() throws {
        let input = try writeImage("a.nii")
        let refPath = dir.appendingPathComponent("ref.nii").path
        let refGeometry = Geometry(spacing: [2, 2, 3], origin: [25, 30, -8], direction: [[1, 0, 0], [0, 0.8, 0.6], [0, -0.6, 0.8]])
        try NIfTIWriter.write(try Volume(zeros: .uint8, shape: [9, 7, 5], geometry: refGeometry), to: refPath)
        let out = dir.appendingPathComponent("like").path
        let s = try PreprocessJob.run(PreprocessOptions(input: input, output: out, like: refPath))
        XCTAssertEqual(s.written, 1, "\(s.files)")
        let v = try NIfTIReader.readVolume(at: out + "/a.nii.gz")
        XCTAssertEqual(Array(v.shape.prefix(3)), [9, 7, 5])
        XCTAssertLessThan(v.geometry.affine.maxAbsDifference(refGeometry.affine), 1e-5)
        XCTAssertThrowsError(try PreprocessJob.run(PreprocessOptions(input: input, output: out, spacing: [1], like: refPath)))
    }
}
