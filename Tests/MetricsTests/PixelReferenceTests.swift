import Foundation
import Imaging
@testable import Metrics
import XCTest

/// Agreement with scikit-image 0.26 (SSIM, PSNR, NMI, MSE/MAE/NMSE), NumPy (MI) and
/// pytorch-msssim 1.0.0 (MS-SSIM) on real MRI images and random ones, through
/// Fixtures/metrics/pixel_reference.json (made by Tests/Reference/metrics_pixel.py).
final class PixelReferenceTests: XCTestCase {
    struct Fixture: Decodable {
        struct StoredImage: Decodable {
            let shape: [Int]
            let dtype: String
            let base64: String
        }
        struct Formula: Decodable {
            let shape: [Int]
            let checksumA: Double
            let checksumB: Double
        }
        struct Case: Decodable {
            let name: String
            let metric: String
            let reference: String
            let test: String
            let expected: Double
            let tolerance: Double
            let relative: Bool?
            let dataRange: Double?
            let settings: String?
            let bins: Int?
            let scales: Int?
            let maskThreshold: Double?
            let sourceType: String?
            let dataRangeValue: Double?
            let upsample: Int?
            let float32: Double?
            let doubleWindow: Double?
            let formula: Bool?
        }
        let images: [String: StoredImage]
        let formula: [String: Formula]
        let cases: [Case]
    }

    static let fixture: Fixture? = {
        guard let data = try? Data(contentsOf: MetricsTestSupport.fixture("pixel_reference.json")) else { return nil }
        return try? JSONDecoder().decode(Fixture.self, from: data)
    }()

    func loadFixture() throws -> Fixture {
        try XCTUnwrap(Self.fixture, "Fixtures/metrics/pixel_reference.json is missing or unreadable; run Tests/Reference/metrics_pixel.py")
    }

    /// A stored image as Float samples (x fastest) with its shape.
    static func decode(_ image: Fixture.StoredImage) throws -> (shape: [Int], pixels: [Float]) {
        let bytes = try XCTUnwrap(Data(base64Encoded: image.base64))
        let values: [Float]
        switch image.dtype {
        case "float32":
            values = bytes.withUnsafeBytes { raw in (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) } }
        case "int16":
            values = bytes.withUnsafeBytes { raw in (0..<(raw.count / 2)).map { Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self))) } }
        case "uint8":
            values = bytes.map { Float($0) }
        default:
            throw XCTSkip("unknown dtype \(image.dtype)")
        }
        XCTAssertEqual(values.count, image.shape.reduce(1, *))
        return (image.shape, values)
    }

    /// The integer formula images of the reference script (`formula_pair`), rebuilt exactly.
    static func formulaPair(_ nx: Int, _ ny: Int, _ nz: Int) -> ([Float], [Float]) {
        var a = [Float](repeating: 0, count: nx * ny * nz), b = a
        for z in 0..<nz {
            for y in 0..<ny {
                for x in 0..<nx {
                    let h = ((x * 73856093) ^ (y * 19349663) ^ (z * 83492791)) % 1021
                    let dx = x - nx / 2, dy = y - ny / 3, dz = z - nz / 2
                    let smooth = 3000 - (dx * dx + dy * dy + 4 * dz * dz) / 16
                    let va = max(smooth, 0) + h
                    let h2 = ((x * 2654435761) ^ (y * 40503) ^ (z * 97)) % 241
                    let vb = (va * 3) / 4 + h2 + (x / 8) * 5
                    let i = (z * ny + y) * nx + x
                    a[i] = Float(va)
                    b[i] = Float(vb)
                }
            }
        }
        return (a, b)
    }

    static func upsample2(_ pixels: [Float], _ nx: Int, _ ny: Int) -> [Float] {
        var out = [Float](repeating: 0, count: 4 * nx * ny)
        for y in 0..<(2 * ny) {
            for x in 0..<(2 * nx) { out[y * 2 * nx + x] = pixels[(y / 2) * nx + x / 2] }
        }
        return out
    }

    /// The reference and test images (and mask) of a case.
    func inputs(_ c: Fixture.Case, _ f: Fixture) throws -> (MetricImage, MetricImage, MetricMask?) {
        var a: [Float], b: [Float], shape: [Int]
        if c.formula == true {
            let info = try XCTUnwrap(f.formula[c.reference])
            shape = info.shape
            (a, b) = Self.formulaPair(shape[0], shape[1], shape[2])
            XCTAssertEqual(a.reduce(0.0) { $0 + Double($1) }, info.checksumA, "formula image A of \(c.name) differs from the script's")
            XCTAssertEqual(b.reduce(0.0) { $0 + Double($1) }, info.checksumB, "formula image B of \(c.name) differs from the script's")
        } else {
            let ra = try Self.decode(try XCTUnwrap(f.images[c.reference]))
            let rb = try Self.decode(try XCTUnwrap(f.images[c.test]))
            XCTAssertEqual(ra.shape, rb.shape)
            (shape, a, b) = (ra.shape, ra.pixels, rb.pixels)
        }
        if c.upsample == 2 {
            a = Self.upsample2(a, shape[0], shape[1])
            b = Self.upsample2(b, shape[0], shape[1])
            shape = [2 * shape[0], 2 * shape[1], 1]
        }
        let type = c.sourceType.flatMap(VoxelType.init(rawValue:)) ?? .float32
        let ref = try MetricImage(width: shape[0], height: shape[1], depth: shape[2], pixels: a, sourceType: type)
        let test = try MetricImage(width: shape[0], height: shape[1], depth: shape[2], pixels: b, sourceType: type)
        var mask: MetricMask?
        if let t = c.maskThreshold {
            let threshold = Float(t)
            mask = try MetricMask(width: shape[0], height: shape[1], depth: shape[2], inside: a.map { $0 > threshold })
        }
        return (ref, test, mask)
    }

    /// Runs every case of one metric and checks it against the fixture; returns the largest difference.
    @discardableResult
    func check(_ metric: String, file: StaticString = #filePath, line: UInt = #line) throws -> Double {
        let f = try loadFixture()
        let cases = f.cases.filter { $0.metric == metric }
        XCTAssertFalse(cases.isEmpty, "no \(metric) cases in the fixture", file: file, line: line)
        var worst = 0.0
        for c in cases {
            let (ref, test, mask) = try inputs(c, f)
            let range: DataRange = c.dataRange.map { .explicit($0) } ?? .fromReference
            let value: Double
            switch metric {
            case "ssim":
                let settings: SSIMSettings = c.settings == "skimage" ? .scikitImageDefaults : .wang
                let r = try PixelMetrics.ssim(reference: ref, test: test, mask: mask, dataRange: range, settings: settings)
                if let expectedRange = c.dataRangeValue { XCTAssertEqual(r.dataRange, expectedRange, c.name, file: file, line: line) }
                XCTAssertEqual(r.dimensions, ref.isVolume ? 3 : 2)
                value = r.ssim
            case "psnr":
                let r = try PixelMetrics.psnr(reference: ref, test: test, mask: mask, dataRange: range)
                if let expectedRange = c.dataRangeValue { XCTAssertEqual(r.dataRange, expectedRange, c.name, file: file, line: line) }
                value = r.psnr
            case "mse":
                value = try PixelMetrics.mse(reference: ref, test: test, mask: mask)
            case "mae":
                value = try PixelMetrics.mae(reference: ref, test: test, mask: mask)
            case "nmse":
                value = try PixelMetrics.nmse(reference: ref, test: test, mask: mask)
            case "nmi":
                value = try PixelMetrics.nmi(reference: ref, test: test, mask: mask, bins: c.bins ?? 100)
            case "mi":
                value = try PixelMetrics.mutualInformation(reference: ref, test: test, mask: mask, bins: c.bins ?? 100).mutualInformation
            case "msssim":
                let settings = MSSSIMSettings.firstScales(try XCTUnwrap(c.scales))
                let r = try PixelMetrics.msssim(reference: ref, test: test, mask: mask, dataRange: range, settings: settings)
                XCTAssertEqual(r.scales.count, c.scales)
                value = r.msssim
                if let f32 = c.float32 {
                    XCTAssertEqual(value, f32, accuracy: 1e-4, "\(c.name): pytorch-msssim in float32", file: file, line: line)
                }
                // pytorch-msssim's float32 window sums to 1 only to ~3e-8; with its window in
                // float64 (as here) the same loop agrees to rounding.
                if let d = c.doubleWindow {
                    XCTAssertEqual(value, d, accuracy: 1e-9, "\(c.name): pytorch-msssim loop with a float64 window", file: file, line: line)
                }
            default:
                XCTFail("unknown metric \(metric)", file: file, line: line)
                continue
            }
            let difference = abs(value - c.expected)
            let allowed = c.relative == true ? c.tolerance * abs(c.expected) : c.tolerance
            XCTAssertLessThanOrEqual(difference, allowed, "\(c.name): \(value) vs reference \(c.expected)", file: file, line: line)
            worst = max(worst, c.relative == true ? difference / max(abs(c.expected), .leastNormalMagnitude) : difference)
        }
        print("\(metric): \(cases.count) cases, largest difference \(worst)\(cases.first?.relative == true ? " (relative)" : "")")
        return worst
    }

    func testSSIMMatchesScikitImage() throws { try check("ssim") }
    func testPSNRMatchesScikitImage() throws { try check("psnr") }
    func testMSEMatchesScikitImage() throws { try check("mse") }
    func testMAEMatchesNumPy() throws { try check("mae") }
    func testNMSEMatchesScikitImage() throws { try check("nmse") }
    func testNMIMatchesScikitImage() throws { try check("nmi") }
    func testMutualInformationMatchesNumPy() throws { try check("mi") }
    func testMSSSIMMatchesPytorchMSSSIM() throws { try check("msssim") }
}
