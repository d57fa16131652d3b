import Foundation
import Imaging
import Metrics
import XCTest
@testable import Pipelines

/// `medsynth score` on small PNG folders: paired values equal the metrics called directly,
/// unpaired and unreadable images are reported, set metrics run on images and on feature files.
final class ScoreJobTests: XCTestCase {
    var root = ""
    let size = 48

    /// A seeded 8-bit picture; `noise` adds a deterministic perturbation.
    func picture(_ seed: Int, noise: Int = 0) -> [UInt8] {
        (0..<(size * size)).map { i in
            let x = i % size, y = i / size
            let v = 100 + Int(60 * sin(Double(x + seed) / 5) * cos(Double(y) / 7)) + (noise > 0 ? ((i * 7919 + seed) % (2 * noise + 1)) - noise : 0)
            return UInt8(max(0, min(255, v)))
        }
    }

    override func setUpWithError() throws {
        root = try ImageSetFixture.temporaryFolder("score")
        for (label, seeds) in [("glioma", [1, 2, 3]), ("normal", [4, 5])] {
            for s in seeds {
                try ImageSetFixture.png(root + "/real/\(label)/img\(s).png", width: size, height: size, values: picture(s))
                try ImageSetFixture.png(root + "/fake/\(label)/img\(s).png", width: size, height: size, values: picture(s, noise: s == 5 ? 0 : 6))
            }
        }
        // Unpaired on both sides, a damaged synthetic image and a note that is not an image.
        try ImageSetFixture.png(root + "/real/normal/only_real.png", width: size, height: size, values: picture(9))
        try ImageSetFixture.png(root + "/fake/normal/only_fake.png", width: size, height: size, values: picture(8))
        try ImageSetFixture.png(root + "/real/glioma/bad.png", width: size, height: size, values: picture(7))
        try ImageSetFixture.write(Array("\u{89}PNG\r\n\u{1A}\n broken".utf8), to: root + "/fake/glioma/bad.png")
        try ImageSetFixture.write(Array("notes".utf8), to: root + "/fake/readme.txt")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func testPairedScoresEqualTheMetricsAndEveryImageIsAccountedFor() throws {
        let report = try ScoreJob.run(ScoreOptions(real: root + "/real", synthetic: root + "/fake", paired: true,
                                                   metrics: [.mse, .psnr, .ssim, .msssim, .nmi], msssimScales: 2, perImage: true))
        XCTAssertEqual(report.mode, "paired")
        XCTAssertEqual(report.pairs, 6)
        XCTAssertEqual(report.scored, 5)
        XCTAssertEqual(report.failures.map(\.item), ["glioma/bad"])
        XCTAssertEqual(report.unpaired?.onlyInReal, ["normal/only_real.png"])
        XCTAssertEqual(report.unpaired?.onlyInSynthetic, ["normal/only_fake.png"])
        XCTAssertEqual(report.skipped.map(\.path), ["synthetic/readme.txt"])
        XCTAssertEqual(report.settings.dataRange, 255)
        XCTAssertEqual(report.settings.ssim, .wang)

        // Each pair's values are those of the metrics called directly.
        let entry = try XCTUnwrap(report.perImage?.first { $0.key == "glioma/img2" })
        let a = try MetricImage(PNGCodec.read(path: root + "/real/glioma/img2.png"))
        let b = try MetricImage(PNGCodec.read(path: root + "/fake/glioma/img2.png"))
        XCTAssertEqual(entry.values["ssim"], try PixelMetrics.ssim(reference: a, test: b, dataRange: .explicit(255)).ssim)
        XCTAssertEqual(entry.values["psnr"], try PixelMetrics.psnr(reference: a, test: b, dataRange: .explicit(255)).psnr)
        XCTAssertEqual(entry.values["nmi"], try PixelMetrics.nmi(reference: a, test: b))
        XCTAssertEqual(entry.label, "glioma")

        // The identical pair: PSNR is infinite, counted apart, never a NaN or infinity in the statistics.
        let psnr = try XCTUnwrap(report.summary.first { $0.metric == "psnr" })
        XCTAssertEqual(psnr.identical, 1)
        XCTAssertEqual(psnr.count, 4)
        XCTAssertTrue(psnr.mean.isFinite)
        let ssim = try XCTUnwrap(report.summary.first { $0.metric == "ssim" })
        let direct = try report.perImage!.map { try XCTUnwrap($0.values["ssim"]) }
        XCTAssertEqual(ssim.mean, direct.reduce(0, +) / Double(direct.count), accuracy: 1e-15)
        XCTAssertEqual(Set(report.summaryByLabel?.keys.map { $0 } ?? []), ["glioma", "normal"])

        // The report encodes (no infinity reaches JSON).
        let json = try JSONOutput.string(report)
        XCTAssertTrue(json.contains("\"ms-ssim\""))
    }

    func testTooSmallForFiveScalesIsAWarningNotACrash() throws {
        let report = try ScoreJob.run(ScoreOptions(real: root + "/real", synthetic: root + "/fake", paired: true, metrics: [.ssim, .msssim]))
        XCTAssertEqual(report.scored, 5)
        XCTAssertNil(report.summary.first { $0.metric == "ms-ssim" })
        XCTAssertTrue(report.warnings.contains { $0.contains("ms-ssim is missing for 5 of 5 pairs") && $0.contains("161") })
    }

    func testSetMetricsOnImagesAndOnFeatureFiles() throws {
        let images = try ScoreJob.run(ScoreOptions(real: root + "/real", synthetic: root + "/fake", dataRange: 255, rawPixelSize: [16, 16],
                                                   kid: KIDOptions(subsets: 10, subsetSize: 4)))
        XCTAssertEqual(images.mode, "sets")
        XCTAssertEqual(images.settings.extractor?.name, "raw-pixels")
        XCTAssertEqual(images.sets?.real.dimension, 256)
        XCTAssertNotNil(images.sets?.fid)
        XCTAssertNotNil(images.sets?.kid)
        XCTAssertNotNil(images.sets?.prdc)
        // The damaged image is left out and listed; the 7 other synthetic images are scored.
        XCTAssertEqual(images.failures.map(\.item), ["synthetic/glioma/bad.png"])
        XCTAssertEqual(images.sets?.synthetic.count, 6)
        XCTAssertEqual(images.sets?.real.count, 7)

        // Features written as .npy files are scored as they are.
        let a = try FeatureMatrix.seededUniform(count: 60, dimension: 8, seed: 1, source: "a")
        let b = try FeatureMatrix.seededUniform(count: 50, dimension: 8, seed: 2, source: "b")
        try a.write(npy: root + "/a.npy")
        try b.write(npy: root + "/b.npy")
        let files = try ScoreJob.run(ScoreOptions(realFeatures: root + "/a.npy", syntheticFeatures: root + "/b.npy", metrics: [.fid]))
        let fid = try XCTUnwrap(files.sets?.fid?.value)
        XCTAssertEqual(fid, try FrechetDistance.compute(real: a, synthetic: b).value, accuracy: 1e-9 * max(1, fid))
        XCTAssertNil(files.sets?.kid)

        // Bootstrap intervals and the extrapolated FID, seeded: the same run gives the same bytes.
        let options = ScoreOptions(realFeatures: root + "/a.npy", syntheticFeatures: root + "/b.npy", metrics: [.fid, .kid],
                                   kid: KIDOptions(subsets: 5, subsetSize: 20), bootstrap: BootstrapOptions(resamples: 20, seed: 3),
                                   fidInfinity: FIDExtrapolationOptions(points: 5, seed: 3))
        let extra = try ScoreJob.run(options)
        let interval = try XCTUnwrap(extra.sets?.fidInterval)
        XCTAssertEqual(interval.options.resamples, 20)
        XCTAssertLessThanOrEqual(interval.lower, interval.upper)
        XCTAssertNotNil(extra.sets?.kidInterval)
        XCTAssertEqual(extra.sets?.fidInfinity?.sizes.count, 5)
        XCTAssertEqual(try ScoreJob.run(options).sets?.fidInterval, interval)

        // A paired metric without --paired is refused with the reason.
        XCTAssertThrowsError(try ScoreJob.run(ScoreOptions(realFeatures: root + "/a.npy", syntheticFeatures: root + "/b.npy", metrics: [.ssim]))) {
            XCTAssertTrue("\($0)".contains("paired metric"))
        }
    }
}
