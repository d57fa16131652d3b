import Foundation
import Imaging
import NIfTI
import Preprocessing

/// Turns `medsynth preprocess` flags into pipeline steps. Order: --orient, --spacing or
/// --like, --crop-foreground, --normalize, --shape; then the steps of --pipeline.
public enum PreprocessPlan {
    public static func pipeline(for options: PreprocessOptions) throws -> Pipeline {
        var steps: [PipelineStep] = []
        func make(_ flag: String, _ name: String, _ values: [String: JSONValue]) throws -> PipelineStep {
            do { return PipelineStep(try TransformRegistry.make(name, values)) } catch {
                throw PipelineError(path: flag, reason: error.description)
            }
        }
        if let code = options.orient {
            steps.append(try make("--orient", "reorient", ["code": .string(code)]))
        }
        if options.spacing != nil && options.like != nil {
            throw PipelineError(path: "--spacing", reason: "give either --spacing or --like, not both")
        }
        if let s = options.spacing {
            guard s.count == 1 || s.count == 3 else {
                throw PipelineError(path: "--spacing", reason: "expected one value or three values X,Y,Z (mm)")
            }
            steps.append(try make("--spacing", "resample", [
                "spacing": .array((s.count == 1 ? [s[0], s[0], s[0]] : s).map { .number($0) }),
                "interpolation": .string(options.interpolation.rawValue),
            ]))
        }
        if let like = options.like {
            let header: NIfTIHeader
            do { header = try NIfTIReader.readHeader(at: like) } catch {
                throw PipelineError(path: like, reason: "cannot read the --like image: \(error)")
            }
            var shape = Array(header.shape.prefix(3))
            while shape.count < 3 { shape.append(1) }
            let grid = SamplingGrid(shape: shape, affine: header.bestAffine)
            do {
                let resample = try Resample(.grid(grid, source: like), options: ResampleOptions(interpolation: options.interpolation))
                steps.append(PipelineStep(resample))
            } catch { throw PipelineError(path: like, reason: error.description) }
        }
        if options.cropForeground {
            steps.append(try make("--crop-foreground", "crop_foreground", [:]))
        }
        if let n = options.normalize {
            let (name, values) = try normalization(n)
            steps.append(try make("--normalize", name, values))
        }
        if let shape = options.shape {
            guard shape.count == 3 else { throw PipelineError(path: "--shape", reason: "expected three values X,Y,Z") }
            steps.append(try make("--shape", "crop_or_pad", ["shape": .array(shape.map { .number(Double($0)) })]))
        }
        var seed = options.seed
        if let file = options.pipelineFile {
            let p: Pipeline
            do { p = try PipelineFile.load(path: file) } catch { throw PipelineError(path: file, reason: error.underlying.description) }
            steps += p.steps
            if seed == nil { seed = p.seed }
        }
        return Pipeline(steps: steps, seed: seed ?? 0)
    }

    /// `zscore`, `minmax`, `percentile:P1,P99`, `window:PRESET` or `window:LEVEL,WIDTH`.
    static func normalization(_ spec: String) throws -> (String, [String: JSONValue]) {
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        let method = parts.first?.lowercased() ?? ""
        let arg = parts.count > 1 ? parts[1] : nil
        func numbers(_ s: String) -> [Double]? {
            let v = s.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            return v.allSatisfy { $0 != nil } ? v.compactMap { $0 } : nil
        }
        let usage = "expected zscore, minmax, percentile:P1,P99, window:PRESET (brain, subdural, lung, bone, abdomen) or window:LEVEL,WIDTH"
        switch method {
        case "zscore" where arg == nil: return ("zscore", [:])
        case "minmax" where arg == nil: return ("minmax", [:])
        case "percentile":
            guard let arg else { return ("percentile", [:]) }
            guard let p = numbers(arg), p.count == 2 else {
                throw PipelineError(path: "--normalize", reason: "'\(spec)': percentile needs two numbers, e.g. percentile:1,99")
            }
            return ("percentile", ["percentiles": .array(p.map { .number($0) })])
        case "window":
            guard let arg else { throw PipelineError(path: "--normalize", reason: "'\(spec)': \(usage)") }
            if let p = numbers(arg) {
                guard p.count == 2 else { throw PipelineError(path: "--normalize", reason: "'\(spec)': window needs LEVEL,WIDTH") }
                return ("window", ["level": .number(p[0]), "width": .number(p[1])])
            }
            return ("window", ["preset": .string(arg.lowercased())])
        default:
            throw PipelineError(path: "--normalize", reason: "'\(spec)': \(usage)")
        }
    }
}
