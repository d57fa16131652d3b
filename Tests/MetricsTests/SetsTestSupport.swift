import Foundation
import Imaging
import Metrics
import Testing

/// The set-metric fixtures written by Tests/Reference/metrics_sets.py.
enum SetsReference {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// Fixtures/metrics/sets_reference.json, parsed (JSONDecoder: correctly rounded doubles).
    static let json: JSONValue = {
        guard let data = try? Data(contentsOf: MetricsTestSupport.fixture("sets_reference.json")),
              let value = try? JSONDecoder().decode(JSONValue.self, from: data) else { return .null }
        return value
    }()

    /// The value at a key path of the reference JSON.
    static func value(_ keys: [String]) throws -> JSONValue {
        var current = json
        for k in keys {
            guard case .object(let dict) = current, let next = dict[k] else {
                throw Missing(description: "sets_reference.json has no \(keys.joined(separator: "."))")
            }
            current = next
        }
        return current
    }

    static func double(_ keys: String...) throws -> Double {
        guard case .number(let n) = try value(keys) else { throw Missing(description: "\(keys.joined(separator: ".")) is not a number") }
        return n
    }

    static func doubles(_ keys: String...) throws -> [Double] {
        guard case .array(let a) = try value(keys) else { throw Missing(description: "\(keys.joined(separator: ".")) is not a list") }
        return try a.map {
            guard case .number(let n) = $0 else { throw Missing(description: "\(keys.joined(separator: ".")) holds a non-number") }
            return n
        }
    }

    /// Numbers of a list, with null (used for infinities) as nil.
    static func optionalDoubles(_ keys: String...) throws -> [Double?] {
        guard case .array(let a) = try value(keys) else { throw Missing(description: "\(keys.joined(separator: ".")) is not a list") }
        return a.map { if case .number(let n) = $0 { return n } else { return nil } }
    }

    static func ints(_ keys: String...) throws -> [Int] {
        guard case .array(let a) = try value(keys) else { throw Missing(description: "\(keys.joined(separator: ".")) is not a list") }
        return try a.map {
            guard case .number(let n) = $0, let i = Int(exactly: n) else { throw Missing(description: "\(keys.joined(separator: ".")) holds a non-integer") }
            return i
        }
    }

    static func string(_ keys: String...) throws -> String {
        guard case .string(let s) = try value(keys) else { throw Missing(description: "\(keys.joined(separator: ".")) is not a string") }
        return s
    }

    /// The keys of an object.
    static func keys(_ keys: String...) throws -> [String] {
        guard case .object(let o) = try value(keys) else { throw Missing(description: "\(keys.joined(separator: ".")) is not an object") }
        return o.keys.sorted()
    }

    static func gauss() throws -> (FeatureMatrix, FeatureMatrix) {
        (try FeatureMatrix.read(MetricsTestSupport.fixture("sets_gauss_real.npy").path),
         try FeatureMatrix.read(MetricsTestSupport.fixture("sets_gauss_synthetic.npy").path))
    }

    static func structured() throws -> (FeatureMatrix, FeatureMatrix) {
        let path = MetricsTestSupport.fixture("sets_structured.npz").path
        return (try FeatureMatrix.read(path, name: "real"), try FeatureMatrix.read(path, name: "synthetic"))
    }

    static func small() throws -> (FeatureMatrix, FeatureMatrix) {
        let path = MetricsTestSupport.fixture("sets_small.npz").path
        return (try FeatureMatrix.read(path, name: "real"), try FeatureMatrix.read(path, name: "synthetic"))
    }

    /// The synthetic set of the D = 2048 check: `1.25 v + 0.5 v[:, j+1 mod D] + 0.0625` in Float32.
    static func seededSynthetic(count: Int, dimension d: Int, seed: UInt64) throws -> FeatureMatrix {
        let v = try FeatureMatrix.seededUniform(count: count, dimension: d, seed: seed)
        var out = [Float](repeating: 0, count: count * d)
        for i in 0..<count {
            for j in 0..<d {
                var s = v.values[i * d + j] * 1.25
                s = s + 0.5 * v.values[i * d + (j + 1) % d]
                out[i * d + j] = s + 0.0625
            }
        }
        return try FeatureMatrix(count: count, dimension: d, values: out, source: "seeded synthetic (seed \(seed))")
    }

    static func relative(_ a: Double, _ b: Double) -> Double {
        abs(a - b) / max(abs(b), 1e-300)
    }
}
