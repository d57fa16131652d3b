import Foundation
import Metrics
import Pipelines

/// The terminal form of a score report: a table of metrics, then what was left out.
enum ScoreTable {
    static func print(_ r: ScoreReport) {
        Swift.print("\(r.mode) scores: real \(r.real), synthetic \(r.synthetic)")
        if let range = r.settings.dataRange { Swift.print("data range \(number(range)) (\(r.settings.dataRangeSource ?? ""))") }
        if let s = r.settings.ssim { Swift.print("ssim window \(s.window), K1 \(s.k1), K2 \(s.k2), \(s.covariance.rawValue) covariance") }
        if let e = r.settings.extractor { Swift.print("features: \(e.name) \(e.version)" + (e.dimension.map { ", \($0) dimensions" } ?? "")) }
        if !r.summary.isEmpty {
            Swift.print("\(r.scored ?? 0) of \(r.pairs ?? 0) pairs scored")
            row(["metric", "n", "mean", "std", "min", "max"])
            for s in r.summary {
                row([s.metric, "\(s.count)", number(s.mean), number(s.standardDeviation), number(s.minimum), number(s.maximum)]
                    + (s.identical.map { $0 > 0 ? ["(\($0) identical: infinite)"] : [] } ?? []))
            }
            for (label, summaries) in (r.summaryByLabel ?? [:]).sorted(by: { $0.key < $1.key }) {
                Swift.print("class \(label): " + summaries.map { "\($0.metric) \(number($0.mean))" }.joined(separator: ", "))
            }
        }
        if let s = r.sets {
            Swift.print("real: \(s.real.count ?? 0) x \(s.real.dimension), synthetic: \(s.synthetic.count ?? 0) x \(s.synthetic.dimension)")
            if let f = s.fid { Swift.print("fid        \(number(f.value))" + interval(s.fidInterval)) }
            if let x = s.fidInfinity {
                Swift.print("fid-inf    \(number(x.fidInfinity)) (line through FID at \(x.sizes.count) sizes \(x.sizes.first ?? 0)...\(x.sizes.last ?? 0), R^2 \(number(x.rSquared)))")
            }
            if let k = s.kid {
                Swift.print("kid        \(number(k.mean)) +- \(number(k.standardDeviation)) (\(k.subsets) subsets of \(k.subsetSize))" + interval(s.kidInterval))
            }
            if let p = s.prdc {
                Swift.print("precision  \(number(p.precision))   recall \(number(p.recall))   density \(number(p.density))   coverage \(number(p.coverage))")
            }
        }
        if let u = r.unpaired, !(u.onlyInReal.isEmpty && u.onlyInSynthetic.isEmpty && u.ambiguous.isEmpty) {
            Swift.print("unpaired: \(u.onlyInReal.count) only in real, \(u.onlyInSynthetic.count) only in synthetic, \(u.ambiguous.count) ambiguous (see --json)")
        }
        for f in r.failures.prefix(10) { Swift.print("FAILED  \(f.item): \(f.reason)") }
        if r.failures.count > 10 { Swift.print("... and \(r.failures.count - 10) more failures (see --json)") }
        if !r.skipped.isEmpty { Swift.print("\(r.skipped.count) files are not images (skipped; see --json)") }
        for w in r.warnings { Swift.print("warning: \(w)") }
        Swift.print(String(format: "%.2f s", r.seconds))
    }

    static func interval(_ i: BootstrapInterval?) -> String {
        guard let i else { return "" }
        return "   \(Int((i.options.level * 100).rounded()))% interval [\(number(i.lower)), \(number(i.upper))] (\(i.options.resamples) bootstrap resamples)"
    }

    static func row(_ cells: [String]) {
        Swift.print(cells.enumerated().map { i, c in i == 0 ? c.padding(toLength: 8, withPad: " ", startingAt: 0) : leftPadded(c, 12) }.joined())
    }

    static func leftPadded(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }

    static func number(_ v: Double) -> String {
        if v != 0 && (abs(v) < 1e-3 || abs(v) >= 1e6) { return String(format: "%.4e", v) }
        return String(format: "%.6f", v)
    }
}
