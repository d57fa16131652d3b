import Foundation
import Imaging
import Preprocessing

extension Benchmarks {
    /// Resampling of a generated `size`^3 float32 volume by `zoom` per axis (output shape
    /// `round(size * zoom)`, as `scipy.ndimage.zoom`), trilinear and cubic B-spline, in
    /// process, against `scipy.ndimage.zoom(order=1)` and `(order=3)` timed inside a Python
    /// process (`python`, array creation excluded). Target: medsynth at least 4x faster
    /// (ratio <= 0.25). Returns one result per interpolation; when Python or scipy is not
    /// available the anchor is reported as unavailable (no anchor times, target not met).
    ///
    /// Antialiasing is off for the timed runs (scipy's zoom has none); the time with it on is
    /// added to the notes when downsampling.
    public static func resample(size: Int = 256, zoom: Double = 0.8, runs: Int = 5, python: String = "python3") throws -> [BenchResult] {
        guard size >= 2, runs >= 1, zoom.isFinite, zoom > 0 else {
            throw PipelineError(path: "bench resample", reason: "size must be at least 2, runs at least 1 and the zoom positive")
        }
        let volume = try makeResampleInput(size: size)
        let m = max(1, Int((Double(size) * zoom).rounded()))
        let grid = try Resampler.grid(for: volume, shape: [m, m, m])
        let input = "\(size)^3 float32 -> \(m)^3 (zoom \(zoom), spacing \(String(format: "%.4g", grid.spacing[0])) mm from 1 mm)"

        func timeMedsynth(_ interpolation: Interpolation, antialias: Bool) throws -> [Double] {
            let options = ResampleOptions(interpolation: interpolation, antialias: antialias)
            var seconds: [Double] = []
            for _ in 0..<runs {
                seconds.append(try CommandTimer.time { _ = try Resampler.resample(volume, onto: grid, options: options) })
            }
            return seconds
        }
        let linear = try timeMedsynth(.linear, antialias: false)
        let bspline = try timeMedsynth(.bspline, antialias: false)
        var antialiased: [Double] = []
        if zoom < 1 { antialiased = try timeMedsynth(.linear, antialias: true) }

        let anchor = scipyZoom(python: python, size: size, zoom: zoom, runs: runs)
        var notes = ["medsynth in process, scipy inside \(python) (array creation excluded); medians of \(runs) runs",
                     "antialias off on both sides (scipy.ndimage.zoom has none)"]
        if let e = anchor.error { notes.append("anchor unavailable: \(e)") }
        if let v = anchor.version { notes.append("scipy \(v)") }
        if !antialiased.isEmpty {
            notes.append(String(format: "medsynth linear with antialias on (Gaussian prefilter): median %.3f s", BenchResult.median(antialiased)))
        }
        return [
            BenchResult(name: "resample-linear", input: input, runs: runs, medsynthSeconds: linear, anchorSeconds: anchor.linear,
                        anchor: "scipy.ndimage.zoom(order=1)", target: 0.25, notes: notes),
            BenchResult(name: "resample-bspline", input: input, runs: runs, medsynthSeconds: bspline, anchorSeconds: anchor.bspline,
                        anchor: "scipy.ndimage.zoom(order=3)", target: 0.25, notes: notes),
        ]
    }

    /// A smooth volume with texture (so no path can take a shortcut on constant data).
    static func makeResampleInput(size n: Int) throws -> Volume {
        try Volume(float32Shape: [n, n, n], geometry: .identity()) { b in
            let c = Double(n) / 2
            var o = 0
            for k in 0..<n {
                for j in 0..<n {
                    for i in 0..<n {
                        let dx = (Double(i) - c) / c, dy = (Double(j) - c) / c, dz = (Double(k) - c) / c
                        let h = UInt32(truncatingIfNeeded: (i &* 73856093) ^ (j &* 19349663) ^ (k &* 83492791)) % 41
                        b[o] = Float(800 * (1 - dx * dx - dy * dy - 0.5 * dz * dz) + Double(h))
                        o += 1
                    }
                }
            }
        }
    }

    struct ScipyTimes {
        var linear: [Double] = []
        var bspline: [Double] = []
        var version: String?
        var error: String?
    }

    /// Times scipy.ndimage.zoom in a Python process; never throws (an unavailable anchor is reported).
    static func scipyZoom(python: String, size: Int, zoom: Double, runs: Int) -> ScipyTimes {
        let script = """
        import json, sys, time
        try:
            import numpy as np
            import scipy, scipy.ndimage as ndi
        except Exception as e:
            print(json.dumps({"error": "cannot import numpy/scipy: %s" % e})); sys.exit(0)
        n, zoom, runs = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
        i = np.arange(n, dtype=np.float64)
        c = n / 2
        d = (i - c) / c
        vol = (800 * (1 - d[None, None, :] ** 2 - d[None, :, None] ** 2 - 0.5 * d[:, None, None] ** 2)).astype(np.float32)
        out = {"version": scipy.__version__}
        for name, order in (("linear", 1), ("bspline", 3)):
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                ndi.zoom(vol, zoom, order=order)
                times.append(time.perf_counter() - t)
            out[name] = times
        print(json.dumps(out))
        """
        var result = ScipyTimes()
        let object: [String: Any]
        switch PythonAnchor.run(python, script: script, arguments: ["\(size)", "\(zoom)", "\(runs)"]) {
        case .success(let o): object = o.object
        case .failure(let e): result.error = e.description; return result
        }
        result.linear = object["linear"] as? [Double] ?? []
        result.bspline = object["bspline"] as? [Double] ?? []
        result.version = object["version"] as? String
        if result.linear.isEmpty || result.bspline.isEmpty { result.error = "no timings from \(python)" }
        return result
    }
}
