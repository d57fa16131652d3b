import Foundation
import Imaging
import Testing
@testable import Preprocessing

/// Builders shared by the augmentation tests.
enum AugmentTestSupport {
    /// The formula volume of Tests/Reference/preprocessing_augmentation.py:
    /// 10 + 5 sin(0.4 i) + 3 cos(0.3 j + 0.2 k) + 0.1 i j - 0.05 k^2 (Double, then Float).
    static func formula(_ shape: [Int] = [16, 14, 12], geometry: Geometry = .identity()) throws -> Volume {
        try TestSupport.volume(shape, geometry: geometry) { i, j, k in
            let (x, y, z) = (Double(i), Double(j), Double(k))
            return Float(10 + 5 * sin(0.4 * x) + 3 * cos(0.3 * y + 0.2 * z) + 0.1 * x * y - 0.05 * z * z)
        }
    }

    /// A label map on `shape` with a few labels (uint8 unless `type` says otherwise).
    static func labels<T: VoxelScalar & FixedWidthInteger>(_ shape: [Int], geometry: Geometry = .identity(), as _: T.Type,
                                                            values: [T]) throws -> Volume {
        var out: [T] = []
        for k in 0..<shape[2] {
            for j in 0..<shape[1] {
                for i in 0..<shape[0] {
                    out.append(values[(i / 3 + j / 2 + k) % values.count])
                }
            }
        }
        return try Volume(values: out, shape: shape, geometry: geometry)
    }

    static func floats(_ v: Volume) -> [Float] { v.withFloat32Buffer { Array($0) } }

    static func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0) { max($0, Double(abs($1.0 - $1.1))) }
    }

    /// Runs a registry transform once on a copy of `subject`.
    static func run(_ name: String, _ parameters: [String: JSONValue] = [:], on subject: Subject,
                    seed: UInt64 = 1) throws -> (Subject, [String: JSONValue]) {
        let t = try TransformRegistry.make(name, parameters)
        var s = subject
        var r = SeededRandom(seed: seed)
        let applied = try t.apply(to: &s, random: &r)
        return (s, applied)
    }

    /// Expects every (transform, parameters) to be refused with an invalid-parameter error
    /// naming `expected` (`transform.parameter`).
    static func expectRejected(_ bad: [(String, [String: JSONValue], String)],
                               sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, params, expected) in bad {
            do {
                _ = try TransformRegistry.make(name, params)
                Issue.record("\(name) \(params) was accepted", sourceLocation: sourceLocation)
            } catch {
                guard case .invalidParameter(let n, _, _) = error else {
                    Issue.record("\(error)", sourceLocation: sourceLocation)
                    continue
                }
                #expect(n == expected, "\(params)", sourceLocation: sourceLocation)
            }
        }
    }
}
