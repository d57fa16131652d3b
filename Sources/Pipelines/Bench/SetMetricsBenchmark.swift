import Foundation
import Metrics

extension Benchmarks {
    /// Set metrics on seeded 10,000 x 2048 feature sets (the size of an FID evaluation with
    /// Inception features), in process, each beside its Python reference in the same run:
    ///
    /// - `frechet-distance-2048`: the Frechet distance from the two sets' statistics, against
    ///   pytorch-fid's `calculate_frechet_distance` (SciPy `sqrtm`, about 10 s here) on the same
    ///   statistics (written to an `.npz` and read by NumPy). Target: under 1 s, and at least
    ///   10x faster than SciPy (ratio <= 0.1). The two values are compared in the notes.
    /// - `kid-10000x2048`: KID with the defaults (100 subsets of 1000, cubic kernel), against
    ///   torch-fidelity's KID code (`mmd2`, `polynomial_kernel`, float32 NumPy matmul, its
    ///   `RandomState` sampling) on the same features (written to `.npy`). Target: under 5 s and
    ///   no slower than NumPy (ratio <= 1).
    ///
    /// The anchor is timed inside `python` (loading excluded) and runs at most twice (SciPy's
    /// sqrtm is slow); when Python, NumPy or SciPy is missing it is reported as unavailable.
    /// pytorch-fid and torch-fidelity are used when installed (their functions are read from
    /// the installed sources, since importing the packages needs torchvision), otherwise the
    /// same formulas inline. Covariance time is reported in the notes.
    public static func setMetrics(runs: Int = 3, python: String = "python3", count: Int = 10_000, dimension: Int = 2048) throws -> [BenchResult] {
        guard runs >= 1, count >= 2, dimension >= 1 else {
            throw PipelineError(path: "bench set-metrics", reason: "runs must be at least 1, count at least 2 and dimension at least 1")
        }
        let real = try FeatureMatrix.seededUniform(count: count, dimension: dimension, seed: 1, source: "seeded uniform (seed 1)")
        let synthetic = try setMetricsSynthetic(count: count, dimension: dimension, seed: 2)
        let input = "\(count) x \(dimension) float32 features per set (seeded)"
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-bench-sets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let anchorRuns = min(runs, 2)

        // Frechet distance from statistics.
        var statistics: (FeatureStatistics, FeatureStatistics)?
        let covarianceSeconds = try CommandTimer.time { statistics = (try FeatureStatistics(real), try FeatureStatistics(synthetic)) }
        guard let (a, b) = statistics else { throw PipelineError(path: "bench set-metrics", reason: "no statistics") }
        var fidSeconds: [Double] = []
        var fid: FrechetDistanceResult?
        for _ in 0..<runs {
            fidSeconds.append(try CommandTimer.time { fid = try FrechetDistance.compute(real: a, synthetic: b) })
        }
        try a.write(npz: "\(work)/real_stats.npz")
        try b.write(npz: "\(work)/synthetic_stats.npz")
        let fidAnchor = runSetMetricsAnchor(python: python, arguments: ["fid", work, "\(anchorRuns)"])
        var fidNotes = ["medsynth in process from statistics (Cholesky + symmetric eigenvalues, LAPACK); Python timed inside the process, loading excluded",
                        String(format: "statistics (mean and covariance of both sets, DSYRK in Double): %.3f s", covarianceSeconds),
                        "anchor runs: \(anchorRuns)"]
        if let r = fid {
            let median = BenchResult.median(fidSeconds)
            fidNotes.append(String(format: "value %.10g, warnings: %d; absolute target under 1 s: %@ (%.3f s)", r.value, r.warnings.count, median < 1 ? "met" : "not met", median))
            if let v = fidAnchor.value {
                fidNotes.append(String(format: "anchor value %.10g, relative difference %.2e (target 1e-6)", v, abs(r.value - v) / max(abs(v), 1e-300)))
            }
        }
        fidNotes += fidAnchor.notes

        // KID with defaults.
        var kidSeconds: [Double] = []
        var kid: KIDResult?
        for _ in 0..<runs {
            kidSeconds.append(try CommandTimer.time { kid = try KernelInceptionDistance.compute(real: real, synthetic: synthetic) })
        }
        try real.write(npy: "\(work)/real.npy")
        try synthetic.write(npy: "\(work)/synthetic.npy")
        let kidAnchor = runSetMetricsAnchor(python: python, arguments: ["kid", work, "1"])
        var kidNotes = ["medsynth in process (SSYRK/SGEMM per subset, kernel sums in Double); Python timed inside the process, loading excluded",
                        "defaults: 100 subsets of 1000, (x.y/d + 1)^3, unbiased MMD^2; the two sides draw different subsets (our SplitMix64 sampler vs NumPy RandomState(0))",
                        "anchor runs: 1"]
        if let r = kid {
            let median = BenchResult.median(kidSeconds)
            kidNotes.append(String(format: "KID %.6g +- %.3g; absolute target under 5 s: %@ (%.2f s)", r.mean, r.standardDeviation, median < 5 ? "met" : "not met", median))
            if let v = kidAnchor.value { kidNotes.append(String(format: "anchor KID %.6g (its own subsets, float32 sums)", v)) }
        }
        kidNotes += kidAnchor.notes

        return [
            BenchResult(name: "frechet-distance-2048", input: input, runs: runs, medsynthSeconds: fidSeconds,
                        anchorSeconds: fidAnchor.seconds, anchor: "pytorch-fid calculate_frechet_distance (scipy.linalg.sqrtm)",
                        target: 0.1, notes: fidNotes),
            BenchResult(name: "kid-10000x2048", input: input, runs: runs, medsynthSeconds: kidSeconds,
                        anchorSeconds: kidAnchor.seconds, anchor: "torch-fidelity KID code (NumPy float32)", target: 1.0, notes: kidNotes),
        ]
    }

    /// The benchmark's synthetic set: `1.25 v + 0.5 v[:, j+1 mod D] + 0.0625` of seeded uniform
    /// features `v` (Float32), so that its mean and covariance differ from the real set's.
    static func setMetricsSynthetic(count: Int, dimension d: Int, seed: UInt64) throws -> FeatureMatrix {
        let v = try FeatureMatrix.seededUniform(count: count, dimension: d, seed: seed)
        var out = [Float](repeating: 0, count: count * d)
        v.values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<count {
                    let row = i * d
                    for j in 0..<d {
                        var s = x[row + j] * 1.25
                        s = s + 0.5 * x[row + (j + 1) % d]
                        o[row + j] = s + 0.0625
                    }
                }
            }
        }
        return try FeatureMatrix(count: count, dimension: d, values: out, source: "seeded synthetic (seed \(seed))")
    }

    struct SetMetricsAnchor {
        var seconds: [Double] = []
        var value: Double?
        var notes: [String] = []
    }

    /// Runs the Python side of `setMetrics`; never throws (an unavailable anchor is reported).
    static func runSetMetricsAnchor(python: String, arguments: [String]) -> SetMetricsAnchor {
        let script = #"""
        import ast, importlib.util, json, os, sys, time
        try:
            import numpy as np
            import scipy
            from scipy import linalg
        except Exception as e:
            print(json.dumps({"error": "cannot import numpy/scipy: %s" % e})); sys.exit(0)

        def from_package(package, module_file, names, namespace):
            try:
                spec = importlib.util.find_spec(package)
                path = os.path.join(os.path.dirname(spec.origin), module_file)
                tree = ast.parse(open(path).read())
                for node in tree.body:
                    if isinstance(node, ast.FunctionDef) and node.name in names:
                        exec(compile(ast.Module(body=[node], type_ignores=[]), path, "exec"), namespace)
                return [namespace[n] for n in names]
            except Exception:
                return None

        def inline_fid(mu1, sigma1, mu2, sigma2, eps=1e-6):
            diff = mu1 - mu2
            covmean, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
            if not np.isfinite(covmean).all():
                offset = np.eye(sigma1.shape[0]) * eps
                covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
            if np.iscomplexobj(covmean):
                covmean = covmean.real
            return diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean)

        def inline_kernel(X, Y, degree=3, gamma=None, coef0=1):
            if gamma is None:
                gamma = 1.0 / X.shape[1]
            return (np.matmul(X, Y.T) * gamma + coef0) ** degree

        def inline_mmd2(K_XX, K_XY, K_YY):
            m = K_XX.shape[0]
            diag_X, diag_Y = np.diagonal(K_XX), np.diagonal(K_YY)
            Kt_XX_sum = (K_XX.sum(axis=1) - diag_X).sum()
            Kt_YY_sum = (K_YY.sum(axis=1) - diag_Y).sum()
            K_XY_sum = K_XY.sum(axis=0).sum()
            return (Kt_XX_sum + Kt_YY_sum) / (m * (m - 1)) - 2 * K_XY_sum / (m * m)

        mode, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
        out = {"versions": "numpy %s, scipy %s" % (np.__version__, scipy.__version__), "times": []}
        if mode == "fid":
            found = from_package("pytorch_fid", "fid_score.py", ["calculate_frechet_distance"], {"np": np, "linalg": linalg})
            fid = found[0] if found else inline_fid
            out["source"] = "pytorch-fid (installed source)" if found else "inline copy of pytorch-fid's formula"
            a, b = np.load(work + "/real_stats.npz"), np.load(work + "/synthetic_stats.npz")
            mu1, s1, mu2, s2 = a["mu"], a["sigma"], b["mu"], b["sigma"]
            for _ in range(runs):
                t = time.perf_counter()
                value = fid(mu1, s1, mu2, s2)
                out["times"].append(time.perf_counter() - t)
            out["value"] = float(value)
        else:
            def vassert(c, m):
                if not c:
                    raise ValueError(m)
            found = from_package("torch_fidelity", "metric_kid.py", ["mmd2", "polynomial_kernel"], {"np": np, "vassert": vassert})
            mmd2, kernel = found if found else (inline_mmd2, inline_kernel)
            out["source"] = "torch-fidelity (installed source)" if found else "inline copy of torch-fidelity's formula"
            f1, f2 = np.load(work + "/real.npy"), np.load(work + "/synthetic.npy")
            for _ in range(runs):
                t = time.perf_counter()
                rng = np.random.RandomState(0)
                mmds = np.zeros(100)
                for i in range(100):
                    x = f1[rng.choice(len(f1), 1000, replace=False)]
                    y = f2[rng.choice(len(f2), 1000, replace=False)]
                    mmds[i] = mmd2(kernel(x, x, degree=3, gamma=None, coef0=1), kernel(x, y, degree=3, gamma=None, coef0=1),
                                   kernel(y, y, degree=3, gamma=None, coef0=1))
                value = float(np.mean(mmds))
                out["times"].append(time.perf_counter() - t)
            out["value"] = value
        print(json.dumps(out))
        """#
        var result = SetMetricsAnchor()
        let object: [String: Any], data: Data
        switch PythonAnchor.run(python, script: script, arguments: arguments) {
        case .success(let o): (object, data) = (o.object, o.data)
        case .failure(let e): result.notes.append("anchor unavailable: \(e)"); return result
        }
        result.seconds = (object["times"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.doubleValue }
        // Printed with repr precision; parsed exactly through JSONDecoder rather than NSNumber.
        if let line = String(data: data, encoding: .utf8), let range = line.range(of: "\"value\": ") {
            let tail = line[range.upperBound...].prefix { "0123456789.eE+-".contains($0) }
            result.value = Double(tail)
        }
        if let s = object["source"] as? String { result.notes.append("anchor: \(s)") }
        if let v = object["versions"] as? String { result.notes.append(v) }
        return result
    }
}
