import Foundation
import Testing
@testable import Imaging

/// Reading PNGs made by an independent encoder (Tests/Reference/imaging_png.py,
/// zlib + struct only) whose expected samples are in Fixtures/png/expected.json.
@Suite struct PNGReferenceFixtureTests {
    struct Expected: Decodable, Sendable, CustomTestStringConvertible {
        var name = ""
        let file: String
        let width: Int
        let height: Int
        let voxelType: String
        let spacing: [Double]
        let values: [Int]?
        let rule: String?
        let error: String?
        var testDescription: String { name }

        enum CodingKeys: String, CodingKey { case file, width, height, voxelType, spacing, values, rule, error }

        var samples: [Int]? {
            if rule == "ramp16" { return Array(0..<(width * height)) }
            return values
        }
    }

    static let fixtures: [Expected] = {
        let url = TestSupport.fixture("png/expected.json")
        guard let data = try? Data(contentsOf: url),
              let map = try? JSONDecoder().decode([String: Expected].self, from: data) else { return [] }
        return map.map { name, e in var e = e; e.name = name; return e }.sorted { $0.name < $1.name }
    }()

    @Test func fixturesArePresent() {
        #expect(Self.fixtures.count >= 10, "missing Fixtures/png/expected.json; run Tests/Reference/imaging_png.py")
    }

    @Test(arguments: fixtures)
    func readsExactValues(_ e: Expected) throws {
        let path = TestSupport.fixture("png/" + e.file).path
        if let kind = e.error {
            #expect { try PNGCodec.read(path: path) } throws: { error in
                guard let error = error as? PNGError else { return false }
                return error.kind.rawValue == kind && error.path == path
            }
            return
        }
        let v = try PNGCodec.read(path: path)
        #expect(v.voxelType.rawValue == e.voxelType)
        #expect(v.shape == [e.width, e.height, 1])
        let samples = v.doubles(scaled: false).map { Int($0) }
        #expect(samples == e.samples)
        #expect(abs(v.geometry.spacing[0] - e.spacing[0]) < 1e-12)
        #expect(abs(v.geometry.spacing[1] - e.spacing[1]) < 1e-12)
        #expect(v.geometry.origin == [0, 0, 0])
    }

    /// Row 0 of the picture is j = 0: the ramp's first row holds 0...255.
    @Test func rowZeroIsTheTopRow() throws {
        let v = try PNGCodec.read(path: TestSupport.fixture("png/gray16_ramp.png").path)
        let values = try #require(v.values(as: UInt16.self))
        #expect(Array(values[0..<3]) == [0, 1, 2])
        #expect(values[256 * 1 + 0] == 256)  // (i, j) = (0, 1)
    }

    /// Stored colour-space chunks do not change the values: the same ramp with
    /// gAMA + cHRM reads the same as without.
    @Test func gammaChunksAreIgnored() throws {
        let plain = try PNGCodec.read(path: TestSupport.fixture("png/gray16_ramp.png").path)
        let gamma = try PNGCodec.read(path: TestSupport.fixture("png/gray16_ramp_gamma.png").path)
        #expect(plain.data == gamma.data)
    }
}
