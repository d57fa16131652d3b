import Foundation
import Imaging
import Yams

/// Reads pipelines declared in YAML:
///
/// ```yaml
/// seed: 7                      # optional
/// transforms:
///   - reorient: {code: RAS}
///   - resample: {spacing: [1, 1, 1], interpolation: bspline}
///   - name: random_affine      # the long form: name plus parameters
///     degrees: 10
///     p: 0.5                   # probability that the step runs (default 1)
/// ```
///
/// Every transform and parameter name is checked: an unknown one is an error naming it.
public enum PipelineFile {
    /// Parses YAML text; `source` names the file in errors.
    public static func parse(_ text: String, source: String = "<pipeline>") throws(PreprocessError) -> Pipeline {
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch {
            throw .inFile(path: source, .invalidPipeline("not valid YAML: \(error)"))
        }
        do throws(PreprocessError) {
            return try build(json(root))
        } catch {
            throw .inFile(path: source, error)
        }
    }

    /// Reads and parses a pipeline file.
    public static func load(path: String) throws(PreprocessError) -> Pipeline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .inFile(path: path, .invalidPipeline("cannot read the file"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .inFile(path: path, .invalidPipeline("the file is not UTF-8 text"))
        }
        return try parse(text, source: path)
    }

    static func build(_ root: JSONValue) throws(PreprocessError) -> Pipeline {
        var steps: [JSONValue]
        var seed: UInt64?
        switch root {
        case .array(let a): steps = a
        case .object(let o):
            for key in o.keys where key != "transforms" && key != "seed" {
                throw .invalidPipeline("unknown top-level key '\(key)' (expected 'seed' and 'transforms')")
            }
            guard case .array(let a)? = o["transforms"] else {
                throw .invalidPipeline("expected a list under 'transforms'")
            }
            steps = a
            if let s = o["seed"], s != .null {
                guard case .number(let d) = s, d >= 0, d == d.rounded(), d < 1.8e19 else {
                    throw .invalidParameter(name: "seed", value: TransformParameters.show(s), reason: "expected a non-negative integer")
                }
                seed = UInt64(d)
            }
        case .null: throw .invalidPipeline("the file is empty")
        default: throw .invalidPipeline("expected a mapping with 'transforms' or a list of transforms")
        }
        var out: [PipelineStep] = []
        for (i, item) in steps.enumerated() {
            let (name, params) = try nameAndParameters(item, index: i)
            var values = params
            var probability = 1.0
            if let p = values.removeValue(forKey: "p") {
                guard case .number(let d) = p, d >= 0, d <= 1 else {
                    throw .invalidParameter(name: "\(name).p", value: TransformParameters.show(p), reason: "a probability must lie in [0, 1]")
                }
                probability = d
            }
            out.append(PipelineStep(try TransformRegistry.make(name, values), probability: probability))
        }
        return Pipeline(steps: out, seed: seed)
    }

    private static func nameAndParameters(_ item: JSONValue, index: Int) throws(PreprocessError) -> (String, [String: JSONValue]) {
        switch item {
        case .string(let name): return (name, [:])
        case .object(var o):
            if case .string(let name)? = o["name"] {
                o.removeValue(forKey: "name")
                return (name, o)
            }
            if o.count == 1, let (name, v) = o.first {
                switch v {
                case .object(let params): return (name, params)
                case .null: return (name, [:])
                default: break
                }
            }
            throw .invalidPipeline("transform \(index + 1): write '- NAME: {parameters}' or '- name: NAME' with parameters")
        default:
            throw .invalidPipeline("transform \(index + 1) is not a name or a mapping")
        }
    }

    /// Converts what Yams loads (dictionaries, arrays, scalars) into JSON values.
    static func json(_ any: Any?) throws(PreprocessError) -> JSONValue {
        switch any {
        case nil, is NSNull: return .null
        case let b as Bool: return .bool(b)
        case let i as Int: return .number(Double(i))
        case let d as Double: return .number(d)
        case let s as String: return .string(s)
        case let a as [Any?]:
            var out: [JSONValue] = []
            for e in a { out.append(try json(e)) }
            return .array(out)
        case let o as [String: Any?]:
            var out: [String: JSONValue] = [:]
            for (k, v) in o { out[k] = try json(v) }
            return .object(out)
        case let o as [AnyHashable: Any?]:
            var out: [String: JSONValue] = [:]
            for (k, v) in o { out["\(k.base)"] = try json(v) }
            return .object(out)
        default:
            throw .invalidPipeline("unsupported YAML value \(String(describing: any!))")
        }
    }
}
