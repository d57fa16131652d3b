import Foundation
import Imaging
import Preprocessing

/// Fixtures/preprocessing/resampling.json (Tests/Reference/preprocessing_resampling.py)
/// and the formula volumes it was made from.
struct ResamplingFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var spacing: [Double]?
        var shape: [Int]?
        var gridShape: [Int]
        var gridAffine: [[Double]]
        var nearest: [Float]
        var linear: [Float]
        var bspline: [Float]
        var labels: [Int]
        var outsideCount: Int

        var grid: SamplingGrid { SamplingGrid(shape: gridShape, affine: Matrix4(rows: gridAffine)) }

        func expected(_ interpolation: Interpolation) -> [Float] {
            switch interpolation {
            case .nearest: return nearest
            case .linear: return linear
            case .bspline: return bspline
            }
        }
    }

    struct Gaussian: Decodable {
        var sigma: [Double]
        var values: [Float]
    }

    var shape: [Int]
    var inputAffine: [[Double]]
    var fill: Float
    var cases: [Case]
    var gaussian: [Gaussian]

    static func load() throws -> ResamplingFixture {
        let data = try Data(contentsOf: TestSupport.fixture("preprocessing/resampling.json"))
        return try JSONDecoder().decode(ResamplingFixture.self, from: data)
    }

    var geometry: Geometry { Geometry(affine: Matrix4(rows: inputAffine)) }

    /// The intensity formula of the reference script, as float32.
    static func intensity(_ i: Int, _ j: Int, _ k: Int) -> Float {
        let x = Double(i), y = Double(j), z = Double(k)
        let v = sin(0.55 * x + 0.3) * cos(0.45 * y - 0.2) + 0.4 * sin(0.7 * z + 0.13 * x * y / 10) + 0.02 * (x - 8) * (z - 5)
        return Float(v)
    }

    /// The label formula of the reference script (0...4).
    static func label(_ i: Int, _ j: Int, _ k: Int) -> Int16 {
        Int16((i / 4 + 2 * (j / 3) + 3 * (k / 4)) % 5)
    }

    func intensityVolume() throws -> Volume {
        try TestSupport.volume(shape, geometry: geometry) { i, j, k in ResamplingFixture.intensity(i, j, k) }
    }

    func labelVolume() throws -> Volume {
        var values: [Int16] = []
        for k in 0..<shape[2] { for j in 0..<shape[1] { for i in 0..<shape[0] { values.append(ResamplingFixture.label(i, j, k)) } } }
        return try Volume(values: values, shape: shape, geometry: geometry)
    }

    static func maxDifference(_ a: [Float], _ b: [Float]) -> Double {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).map { Double(abs($0 - $1)) }.max() ?? 0
    }
}
