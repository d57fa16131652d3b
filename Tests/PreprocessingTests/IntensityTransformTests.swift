import Foundation
import Imaging
import Testing
@testable import Preprocessing

@Suite struct IntensityTransformTests {
    func ramp(_ shape: [Int] = [6, 5, 4]) throws -> Volume {
        try TestSupport.volume(shape) { i, j, k in Float(i + 2 * j + 3 * k) }
    }

    func run(_ yaml: String, _ subject: inout Subject) throws {
        let p = try PipelineFile.parse(yaml)
        var r = SeededRandom(seed: 1)
        try p.run(&subject, random: &r)
    }

    @Test func zscorePipelineRecordsStatisticsAndUsesOnlyTheMask() throws {
        let image = try TestSupport.volume([4, 4, 2]) { i, _, _ in i < 2 ? 10 : Float(100 + i) }
        let brain = try Volume(values: (0..<32).map { UInt8($0 % 4 < 2 ? 1 : 0) }, shape: [4, 4, 2])
        var s = try Subject(image: image, labelMaps: ["brain": brain])
        #expect { try run("- zscore: {mask: brain}\n", &s) } throws: { "\($0)".contains("zscore.mask") }
        // Inside the mask every value is 10: std 0 is an error naming the parameter.
        #expect(throws: PreprocessError.self) { _ = try image.zscoreNormalized(mask: brain) }
        let other = try Volume(values: (0..<32).map { UInt8($0 % 4 >= 2 ? 1 : 0) }, shape: [4, 4, 2])
        var t = try Subject(image: image, labelMaps: ["brain": other])
        try run("- zscore: {mask: brain}\n", &t)
        let rec = try #require(t.history.first)
        #expect(rec.applied["mean"] == .number(102.5))
        #expect(rec.applied["std"] == .number(0.5))
        let v = t.image.doubles()
        #expect(v[2] == -1 && v[3] == 1 && v[0] == (10 - 102.5) / 0.5)
    }

    @Test func zscoreOfConstantImageNamesTheParameter() throws {
        var s = try Subject(image: try TestSupport.volume([3, 3, 3]) { _, _, _ in 7 })
        #expect { try run("- zscore\n", &s) } throws: { "\($0)".contains("zscore.mask") && "\($0)".contains("standard deviation is 0") }
    }

    @Test func foregroundMaskIsAboveTheMean() throws {
        let image = try TestSupport.volume([5, 1, 1]) { i, _, _ in [0, 0, 1, 9, 8][i] }
        #expect(image.aboveMeanMask().values(as: UInt8.self) == [0, 0, 0, 1, 1])
        var s = try Subject(image: image)
        // Statistics over {9, 8} only (mean 3.6); the map applies to every voxel.
        try run("- minmax: {mask: foreground, out: [0, 10]}\n", &s)
        #expect(s.image.doubles() == [-80, -80, -70, 10, 0])
    }

    @Test func minmaxMapsTheRange() throws {
        var s = try Subject(image: try ramp())
        try run("- minmax: {out: [-1, 1]}\n", &s)
        let v = s.image.doubles()
        #expect(v.min() == -1 && v.max() == 1)
        #expect(abs(v[1] - (-1 + 2.0 / 22)) < 1e-6)  // range 0 ... 22
    }

    @Test func percentileClipsAndValidates() throws {
        var s = try Subject(image: try ramp())
        try run("- percentile: {percentiles: [10, 90]}\n", &s)
        let v = s.image.doubles()
        #expect(v.min() == 0 && v.max() == 1)
        #expect(v.filter { $0 == 0 }.count > 1)   // values below the 10th percentile are clipped
        for bad in ["[90, 10]", "[-1, 50]", "[5, 101]", "[5]"] {
            #expect(throws: PreprocessError.self) { try PipelineFile.parse("- percentile: {percentiles: \(bad)}\n") }
        }
    }

    @Test func windowPresetsAndExplicitLevels() throws {
        let hu = try TestSupport.volume([5, 1, 1]) { i, _, _ in [-1000, 0, 40, 80, 2000][i] }
        var s = try Subject(image: hu)
        try run("- window: {preset: brain}\n", &s)
        #expect(s.image.doubles() == [0, 0, 0.5, 1, 1])
        var t = try Subject(image: hu)
        try run("- window: {level: -600, width: 1500}\n", &t)
        #expect(abs(t.image.doubles()[1] - (0 + 1350.0 / 1500)) < 1e-6)
        #expect { _ = try PipelineFile.parse("- window: {preset: brian}\n") } throws: { "\($0)".contains("subdural") && "\($0)".contains("brian") }
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("- window: {level: 40, width: 0}\n") }
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("- window: {level: 40}\n") }
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("- window: {preset: brain, width: 10}\n") }
        #expect(CTWindow.presets["subdural"]! == (75, 215))
    }

    @Test func castRoundsClipsAndLaterFloatTransformsStillWork() throws {
        let v = try TestSupport.volume([6, 1, 1]) { i, _, _ in [-3.5, 0.5, 1.5, 2.5, 254.6, 300][i] }
        let (nearest, clipped) = try v.cast(to: .uint8)
        #expect(nearest.voxelType == .uint8)
        #expect(nearest.values(as: UInt8.self) == [0, 0, 2, 2, 255, 255])
        #expect(clipped == 2)
        #expect(try v.cast(to: .int16, rounding: .floor).0.values(as: Int16.self) == [-4, 0, 1, 2, 254, 300])
        #expect(try v.cast(to: .int16, rounding: .ceil).0.values(as: Int16.self) == [-3, 1, 2, 3, 255, 300])
        #expect(try v.cast(to: .int16, rounding: .truncate).0.values(as: Int16.self) == [-3, 0, 1, 2, 254, 300])
        #expect { _ = try v.cast(to: .uint8, clip: false) } throws: { "\($0)".contains("2 voxels") }
        #expect { _ = try PipelineFile.parse("- cast: {type: uint7}\n") } throws: { "\($0)".contains("uint16") }
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("- cast: {type: uint8, rounding: up}\n") }
        var s = try Subject(image: v)
        try run("- cast: {type: int16, rounding: floor}\n- minmax: {}\n- cast: {type: float32}\n", &s)
        #expect(s.image.voxelType == .float32)
        #expect(s.image.doubles().first == 0 && s.image.doubles().last == 1)
    }

    @Test func histogramLandmarksRoundTripAndPipelineFile() throws {
        var images: [Volume] = []
        for n in 0..<3 {
            let gain = Float(n + 1)
            images.append(try TestSupport.volume([8, 6, 4]) { i, j, k in
                let v: Int = (i * 7 + j * 3 + k * 11 + n) % 50
                return Float(v) * gain
            })
        }
        let landmarks = try HistogramStandardization.train(images)
        #expect(landmarks.percentiles == [1, 10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90, 99])
        #expect(landmarks.values.first == 0 && abs(landmarks.values.last! - 100) < 1e-9)
        let dir = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("landmarks.json").path
        try landmarks.write(to: path)
        #expect(try HistogramLandmarks.read(from: path) == landmarks)
        var s = try Subject(image: images[1])
        try run("- histogram_standardization: {landmarks_file: \(path)}\n", &s)
        let out = s.image.doubles()
        // The training image's own 1st and 99th percentiles land near 0 and 100.
        let p = try s.image.percentiles([1, 99])
        #expect(abs(p[0]) < 2 && abs(p[1] - 100) < 2, "\(p) of \(out.min()!)...\(out.max()!)")
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("- histogram_standardization: {landmarks: [0, 1, 2]}\n") }
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("- histogram_standardization: {}\n") }
        #expect(throws: PreprocessError.self) { try HistogramLandmarks.read(from: dir.appendingPathComponent("missing.json").path) }
        let constant = try TestSupport.volume([4, 4, 4]) { _, _, _ in 3 }
        #expect { _ = try HistogramStandardization.train([images[0], constant]) } throws: { "\($0)".contains("images[1]") }
        #expect(throws: PreprocessError.self) { _ = try HistogramStandardization.train(images, cutoff: (0.2, 0.99)) }
        #expect(throws: PreprocessError.self) { _ = try HistogramStandardization.train([]) }
    }

    @Test func masksMustExistShareTheGridAndSelectSomething() throws {
        let image = try ramp()
        let empty = try Volume(zeros: .uint8, shape: [6, 5, 4])
        let wrong = try Volume(zeros: .uint8, shape: [6, 5, 3])
        var s = try Subject(image: image, labelMaps: ["empty": empty])
        #expect { try run("- zscore: {mask: brain}\n", &s) } throws: { "\($0)".contains("brain") && "\($0)".contains("empty") }
        #expect { try run("- zscore: {mask: empty}\n", &s) } throws: { e in
            if case .emptyMask = (e as? PreprocessError)?.underlying { return true } else { return false }
        }
        #expect { _ = try image.zscoreNormalized(mask: wrong) } throws: { e in
            if case .gridMismatch = (e as? PreprocessError)?.underlying { return true } else { return false }
        }
        #expect(throws: PreprocessError.self) { try PipelineFile.parse("- zscore: {mask: brain, ddof: 1}\n") }
    }
}
