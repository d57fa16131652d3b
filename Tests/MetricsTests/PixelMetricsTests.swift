import Foundation
import Imaging
@testable import Metrics
import XCTest

/// Behaviour of the pixel metrics: data ranges, masks, identical and constant images, bad
/// input, JSON encoding.
final class PixelMetricsTests: XCTestCase {
    func image(_ w: Int, _ h: Int, _ d: Int = 1, seed: UInt64, scale: Float = 1, type: VoxelType = .float32) throws -> MetricImage {
        try MetricImage(width: w, height: h, depth: d, pixels: PixelKernelTests.values(w * h * d, seed: seed, scale: scale), sourceType: type)
    }

    func noisy(_ a: MetricImage, seed: UInt64, amount: Float) throws -> MetricImage {
        let noise = PixelKernelTests.values(a.count, seed: seed, scale: amount)
        return try MetricImage(width: a.width, height: a.height, depth: a.depth, pixels: zip(a.pixels, noise).map { $0 + $1 },
                               sourceType: a.sourceType)
    }

    func assertThrows(_ body: @autoclosure () throws -> Any, _ fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(fragment), "\"\(error)\" does not mention \"\(fragment)\"", file: file, line: line)
        }
    }

    // MARK: data range

    func testDataRangeFromVoxelTypeFollowsScikitImage() throws {
        let u8 = try image(16, 16, seed: 1, scale: 255, type: .uint8)
        XCTAssertEqual(try DataRange.fromReference.resolve(for: .span, reference: u8).value, 255)
        XCTAssertEqual(try DataRange.fromReference.resolve(for: .peak, reference: u8).value, 255)
        XCTAssertEqual(try DataRange.voxelType(.uint16).resolve(for: .span, reference: u8).value, 65535)
        // int16: SSIM uses the span; PSNR the maximum when the reference is non-negative.
        let i16 = try image(16, 16, seed: 2, scale: 3000, type: .int16)
        XCTAssertEqual(try DataRange.fromReference.resolve(for: .span, reference: i16).value, 65535)
        XCTAssertEqual(try DataRange.fromReference.resolve(for: .peak, reference: i16).value, 32767)
        let negative = try MetricImage(width: 2, height: 1, pixels: [-5, 10], sourceType: .int16)
        XCTAssertEqual(try DataRange.fromReference.resolve(for: .peak, reference: negative).value, 65535)
        let outside = try MetricImage(width: 2, height: 1, pixels: [0, 300], sourceType: .uint8)
        assertThrows(try DataRange.fromReference.resolve(for: .peak, reference: outside), "outside the uint8 range")
        // Floats are never guessed.
        let f = try image(16, 16, seed: 3)
        assertThrows(try PixelMetrics.ssim(reference: f, test: f, dataRange: .fromReference), "explicit")
        assertThrows(try PixelMetrics.psnr(reference: f, test: f, dataRange: .voxelType(.float64)), "explicit")
        assertThrows(try PixelMetrics.ssim(reference: f, test: f, dataRange: .explicit(0)), "finite positive")
        assertThrows(try PixelMetrics.ssim(reference: f, test: f, dataRange: .explicit(.nan)), "finite positive")
        // The value used is in the result.
        let r = try PixelMetrics.ssim(reference: u8, test: u8, dataRange: .fromReference)
        XCTAssertEqual(r.dataRange, 255)
        XCTAssertTrue(r.dataRangeSource.contains("uint8"))
        XCTAssertEqual(try PixelMetrics.ssim(reference: f, test: f, dataRange: .explicit(2)).dataRangeSource, "explicit")
    }

    // MARK: identical, constant and masked images

    func testIdenticalImages() throws {
        let a = try image(170, 165, seed: 4, scale: 100)
        XCTAssertEqual(try PixelMetrics.ssim(reference: a, test: a, dataRange: .explicit(100)).ssim, 1, accuracy: 1e-12)
        XCTAssertEqual(try PixelMetrics.ssim(reference: a, test: a, dataRange: .explicit(100), settings: .scikitImageDefaults).ssim, 1, accuracy: 1e-12)
        XCTAssertEqual(try PixelMetrics.msssim(reference: a, test: a, dataRange: .explicit(100)).msssim, 1, accuracy: 1e-12)
        let psnr = try PixelMetrics.psnr(reference: a, test: a, dataRange: .explicit(100))
        XCTAssertEqual(psnr.psnr, .infinity)
        XCTAssertTrue(psnr.identical)
        XCTAssertNotNil(psnr.note)
        // JSON: null plus "identical", decoded back to +infinity; a default encoder does not throw.
        let json = try JSONEncoder().encode(psnr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: json) as? [String: Any])
        XCTAssertTrue(object["psnr"] is NSNull)
        XCTAssertEqual(object["identical"] as? Bool, true)
        XCTAssertEqual(try JSONDecoder().decode(PSNRResult.self, from: json).psnr, .infinity)
        let mi = try PixelMetrics.mutualInformation(reference: a, test: a)
        XCTAssertEqual(try XCTUnwrap(mi.normalizedMutualInformation), 2, accuracy: 1e-12)
        XCTAssertEqual(mi.mutualInformation, mi.referenceEntropy, accuracy: 1e-12)
        let e = try PixelMetrics.errors(reference: a, test: a)
        XCTAssertEqual(e.mse, 0)
        XCTAssertEqual(e.nmse, 0)
    }

    func testConstantImagesGiveValuesOrReasonsNeverNaN() throws {
        let zero = try MetricImage(width: 20, height: 20, pixels: [Float](repeating: 0, count: 400))
        let seven = try MetricImage(width: 20, height: 20, pixels: [Float](repeating: 7, count: 400))
        let varied = try image(20, 20, seed: 5, scale: 10)
        let s = try PixelMetrics.ssim(reference: zero, test: seven, dataRange: .explicit(10))
        XCTAssertTrue(s.ssim.isFinite)
        XCTAssertEqual(try PixelMetrics.ssim(reference: seven, test: seven, dataRange: .explicit(10)).ssim, 1)
        // NMSE of a zero reference is undefined: nil with a note, or an error.
        let e = try PixelMetrics.errors(reference: zero, test: varied)
        XCTAssertNil(e.nmse)
        XCTAssertNotNil(e.note)
        assertThrows(try PixelMetrics.nmse(reference: zero, test: varied), "zero")
        // NMI: one constant image gives 1 (independent), both constant is 0/0.
        XCTAssertEqual(try PixelMetrics.nmi(reference: zero, test: varied), 1, accuracy: 1e-12)
        let both = try PixelMetrics.mutualInformation(reference: zero, test: seven)
        XCTAssertNil(both.normalizedMutualInformation)
        XCTAssertEqual(both.mutualInformation, 0)
        XCTAssertNotNil(both.note)
        assertThrows(try PixelMetrics.nmi(reference: zero, test: seven), "constant")
        XCTAssertNoThrow(try JSONEncoder().encode(both))
    }

    func testFullMaskEqualsNoMask() throws {
        let a = try image(170, 170, seed: 6, scale: 500), b = try noisy(a, seed: 7, amount: 80)
        let all = try MetricMask(width: 170, height: 170, inside: [Bool](repeating: true, count: a.count))
        let range = DataRange.explicit(500)
        XCTAssertEqual(try PixelMetrics.ssim(reference: a, test: b, mask: all, dataRange: range).ssim,
                       try PixelMetrics.ssim(reference: a, test: b, dataRange: range).ssim, accuracy: 1e-12)
        XCTAssertEqual(try PixelMetrics.msssim(reference: a, test: b, mask: all, dataRange: range).msssim,
                       try PixelMetrics.msssim(reference: a, test: b, dataRange: range).msssim, accuracy: 1e-12)
        XCTAssertEqual(try PixelMetrics.psnr(reference: a, test: b, mask: all, dataRange: range).psnr,
                       try PixelMetrics.psnr(reference: a, test: b, dataRange: range).psnr, accuracy: 1e-12)
        XCTAssertEqual(try PixelMetrics.nmi(reference: a, test: b, mask: all), try PixelMetrics.nmi(reference: a, test: b), accuracy: 1e-12)
        // A partial mask changes the value and is recorded.
        let half = try MetricMask(width: 170, height: 170, inside: (0..<a.count).map { $0 % 170 < 85 })
        let masked = try PixelMetrics.ssim(reference: a, test: b, mask: half, dataRange: range)
        XCTAssertTrue(masked.masked)
        XCTAssertLessThan(masked.voxels, try PixelMetrics.ssim(reference: a, test: b, dataRange: range).voxels)
        let ms = try PixelMetrics.msssim(reference: a, test: b, mask: half, dataRange: range)
        XCTAssertTrue(ms.masked)
        XCTAssertTrue(ms.msssim.isFinite)
    }

    func testMaskOnlyOutsideTheScoredRegionIsAnError() throws {
        let a = try image(30, 30, seed: 8)
        var flags = [Bool](repeating: false, count: 900)
        flags[0] = true  // a corner voxel: inside the 5-voxel border SSIM does not average over
        let corner = try MetricMask(width: 30, height: 30, inside: flags)
        assertThrows(try PixelMetrics.ssim(reference: a, test: a, mask: corner, dataRange: .explicit(1)), "cropped")
        XCTAssertEqual(try PixelMetrics.mse(reference: a, test: a, mask: corner), 0)
        let empty = try MetricMask(width: 30, height: 30, inside: [Bool](repeating: false, count: 900))
        assertThrows(try PixelMetrics.psnr(reference: a, test: a, mask: empty, dataRange: .explicit(1)), "empty")
    }

    // MARK: bad input

    func testBadInputIsAClearError() throws {
        assertThrows(try MetricImage(width: 2, height: 2, pixels: [0, .nan, 1, .infinity]), "NaN or infinite")
        assertThrows(try MetricImage(width: 3, height: 2, pixels: [0, 1]), "needs 6 samples")
        let a = try image(20, 20, seed: 9), b = try image(20, 19, seed: 10)
        assertThrows(try PixelMetrics.ssim(reference: a, test: b, dataRange: .explicit(1)), "20x19x1")
        assertThrows(try PixelMetrics.mse(reference: a, test: b), "same shape")
        let wrongMask = try MetricMask(width: 19, height: 20, inside: [Bool](repeating: true, count: 380))
        assertThrows(try PixelMetrics.nmi(reference: a, test: a, mask: wrongMask), "mask")
        // Too small for the window.
        let tiny = try image(9, 40, seed: 11)
        assertThrows(try PixelMetrics.ssim(reference: tiny, test: tiny, dataRange: .explicit(1)), "at least 11")
        XCTAssertNoThrow(try PixelMetrics.ssim(reference: tiny, test: tiny, dataRange: .explicit(1), settings: .scikitImageDefaults))
        let thin = try image(40, 40, 5, seed: 12)
        assertThrows(try PixelMetrics.ssim(reference: thin, test: thin, dataRange: .explicit(1)), "slice by slice")
        // Settings.
        assertThrows(try PixelMetrics.ssim(reference: a, test: a, dataRange: .explicit(1), settings: SSIMSettings(k1: 0)), "K1")
        assertThrows(try PixelMetrics.ssim(reference: a, test: a, dataRange: .explicit(1), settings: SSIMSettings(window: .uniform(size: 4))), "odd")
        assertThrows(try PixelMetrics.mutualInformation(reference: a, test: a, bins: 0), "bins")
    }

    func testMSSSIMSizeRuleSaysTheMinimumAndHowToUseFewerScales() throws {
        let a = try image(160, 200, seed: 13)
        XCTAssertThrowsError(try PixelMetrics.msssim(reference: a, test: a, dataRange: .explicit(1))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("at least 161"), text)
            XCTAssertTrue(text.contains("up to 4 fit"), text)
            XCTAssertTrue(text.contains("MSSSIMSettings.firstScales(4)"), text)
        }
        let r = try PixelMetrics.msssim(reference: a, test: try noisy(a, seed: 14, amount: 0.2), dataRange: .explicit(1), settings: .firstScales(4))
        XCTAssertEqual(r.scales.count, 4)
        XCTAssertEqual(r.settings.weights, Array(MSSSIMSettings.standardWeights.prefix(4)))
        XCTAssertEqual(MSSSIMSettings.standard.minimumSide(), 161)
        XCTAssertEqual(MSSSIMSettings.standard.maximumScales(smallerSide: 96), 4)
        XCTAssertEqual(MSSSIMSettings.standard.maximumScales(smallerSide: 80), 3)
        XCTAssertEqual(MSSSIMSettings.standard.maximumScales(smallerSide: 10), 0)
        assertThrows(try PixelMetrics.msssim(reference: a, test: a, dataRange: .explicit(1), settings: MSSSIMSettings(weights: [])), "weight")
        // Volumes: only width and height are checked; a thin z is not filtered and noted.
        let v = try image(48, 48, 24, seed: 15, scale: 100)
        let vr = try PixelMetrics.msssim(reference: v, test: try noisy(v, seed: 16, amount: 20), dataRange: .explicit(100), settings: .firstScales(3))
        XCTAssertEqual(vr.dimensions, 3)
        XCTAssertEqual(vr.scales.map(\.filteredZ), [true, true, false])
        XCTAssertEqual(vr.scales.map(\.depth), [24, 12, 6])
        XCTAssertEqual(vr.notes.count, 1)
    }

    // MARK: inputs from volumes, JSON

    func testImagesFromVolumes() throws {
        let values: [Int16] = (0..<(12 * 10 * 3)).map { Int16($0 % 200) }
        let volume = try Volume(values: values, shape: [12, 10, 3])
        let m = try MetricImage(volume)
        XCTAssertEqual(m.shape, [12, 10, 3])
        XCTAssertEqual(m.sourceType, .int16)
        XCTAssertTrue(m.isVolume)
        XCTAssertEqual(m.pixels[13], 13)
        var scaled = volume
        scaled.scale = IntensityScale(slope: 2, intercept: -1)
        let s = try MetricImage(scaled)
        XCTAssertEqual(s.sourceType, .float32)
        XCTAssertEqual(s.pixels[13], 25)
        let frames = try Volume(values: [Float](repeating: 0, count: 4 * 4 * 2 * 3), shape: [4, 4, 2, 3])
        assertThrows(try MetricImage(frames), "frame")
        let rgb = try Volume(voxelType: .rgb24, shape: [2, 2, 1], data: [UInt8](repeating: 0, count: 12))
        assertThrows(try MetricImage(rgb), "colour")
        let mask = try MetricMask(try Volume(values: [UInt8](arrayLiteral: 0, 1, 2, 0), shape: [2, 2, 1]))
        XCTAssertEqual(mask.inside, [false, true, true, false])
        XCTAssertEqual(mask.count, 2)
    }

    func testResultsEncodeToJSONWithTheirSettings() throws {
        let a = try image(170, 170, seed: 17, scale: 100), b = try noisy(a, seed: 18, amount: 10)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let ssim = try PixelMetrics.ssim(reference: a, test: b, dataRange: .explicit(100), settings: .scikitImageDefaults)
        let text = String(decoding: try encoder.encode(ssim), as: UTF8.self)
        for key in ["\"covariance\":\"sample\"", "\"k1\":0.01", "\"k2\":0.03", "\"windowSize\":7", "\"dataRange\":100", "uniform"] {
            XCTAssertTrue(text.contains(key), "\(key) missing in \(text)")
        }
        XCTAssertEqual(try JSONDecoder().decode(SSIMResult.self, from: try encoder.encode(ssim)), ssim)
        let ms = try PixelMetrics.msssim(reference: a, test: b, dataRange: .explicit(100))
        let msText = String(decoding: try encoder.encode(ms), as: UTF8.self)
        XCTAssertTrue(msText.contains("\"weights\":[0.0448,0.2856,0.3001,0.2363,0.1333]"), msText)
        let mi = try PixelMetrics.mutualInformation(reference: a, test: b, bins: 64)
        let miText = String(decoding: try encoder.encode(mi), as: UTF8.self)
        XCTAssertTrue(miText.contains("\"bins\":64") && miText.contains("\"logBase\":\"e\""), miText)
        XCTAssertNoThrow(try encoder.encode(try PixelMetrics.errors(reference: a, test: b)))
        XCTAssertNoThrow(try encoder.encode(try PixelMetrics.psnr(reference: a, test: b, dataRange: .explicit(100))))
    }

    // MARK: several metrics at once

    func testScoreKeepsEveryValueOrAReason() throws {
        let a = try image(170, 170, seed: 19, scale: 100), b = try noisy(a, seed: 20, amount: 10)
        let all = PixelMetrics.score(reference: a, test: b, options: PixelScoreOptions(dataRange: .explicit(100)))
        XCTAssertTrue(all.failures.isEmpty, "\(all.failures)")
        for m in PixelMetric.allCases { XCTAssertNotNil(all.value(m), m.rawValue) }
        XCTAssertEqual(all.value(.ssim), try PixelMetrics.ssim(reference: a, test: b, dataRange: .explicit(100)).ssim)
        // Without a data range PSNR, SSIM and MS-SSIM fail with a reason; the rest are computed.
        let noRange = PixelMetrics.score(reference: a, test: b, metrics: [.psnr, .ssim, .nmi, .mse])
        XCTAssertEqual(Set(noRange.failures.keys), ["psnr", "ssim"])
        XCTAssertNotNil(noRange.value(.nmi))
        XCTAssertNotNil(noRange.value(.mse))
        XCTAssertNil(noRange.msssim)
        // Too small for MS-SSIM, identical (infinite PSNR), constant: still JSON.
        let small = try image(40, 40, seed: 21)
        let s = PixelMetrics.score(reference: small, test: small, options: PixelScoreOptions(dataRange: .explicit(1)))
        XCTAssertNotNil(s.failures["ms-ssim"])
        XCTAssertEqual(s.value(.psnr), .infinity)
        let zero = try MetricImage(width: 40, height: 40, pixels: [Float](repeating: 0, count: 1600))
        let z = PixelMetrics.score(reference: zero, test: zero, options: PixelScoreOptions(dataRange: .explicit(1)))
        XCTAssertNotNil(z.failures["nmse"])
        XCTAssertNotNil(z.failures["nmi"])
        XCTAssertNoThrow(try JSONEncoder().encode([s, z]))
        let mismatch = PixelMetrics.score(reference: small, test: a, options: PixelScoreOptions(dataRange: .explicit(1)))
        XCTAssertEqual(mismatch.failures.count, PixelMetric.allCases.count)
    }
}
