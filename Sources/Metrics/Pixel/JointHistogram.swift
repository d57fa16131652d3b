/// The joint histogram of two images as `numpy.histogramdd` builds it for
/// `skimage.metrics.normalized_mutual_information` on float32 arrays: per image, `bins`
/// equal bins from its minimum to its maximum (widened by 0.5 on each side when the image is
/// constant), edges computed in float32 exactly as `numpy.linspace` does, each sample in the
/// bin whose edges satisfy left <= value < right (the maximum in the last bin).
struct JointHistogram {
    let bins: Int
    /// counts[i * bins + j]: samples with the reference in bin i and the test in bin j.
    let counts: [Int]
    let total: Int
    let referenceRange: ClosedRange<Float>
    let testRange: ClosedRange<Float>

    init(_ a: [Float], _ b: [Float], inside: [Bool]?, bins: Int) {
        var loA = Float.infinity, hiA = -Float.infinity, loB = Float.infinity, hiB = -Float.infinity
        var total = 0
        for i in a.indices where inside?[i] ?? true {
            loA = min(loA, a[i]); hiA = max(hiA, a[i])
            loB = min(loB, b[i]); hiB = max(hiB, b[i])
            total += 1
        }
        let edgesA = Self.edges(lo: loA, hi: hiA, bins: bins)
        let edgesB = Self.edges(lo: loB, hi: hiB, bins: bins)
        var counts = [Int](repeating: 0, count: bins * bins)
        for i in a.indices where inside?[i] ?? true {
            counts[Self.bin(a[i], edgesA) * bins + Self.bin(b[i], edgesB)] += 1
        }
        self.bins = bins
        self.counts = counts
        self.total = total
        self.referenceRange = loA...hiA
        self.testRange = loB...hiB
    }

    /// numpy.linspace(lo, hi, bins + 1) in float32 (after histogramdd widens a zero range):
    /// delta = hi - lo, step = delta / bins, edge k = Float(k) * step + lo, last edge = hi.
    static func edges(lo: Float, hi: Float, bins: Int) -> [Float] {
        var first = lo, last = hi
        if first == last {
            first -= 0.5
            last += 0.5
        }
        let delta = last - first
        let step = delta / Float(bins)
        var e = [Float](repeating: 0, count: bins + 1)
        for k in 0...bins {
            if step == 0 {
                e[k] = Float(k) / Float(bins) * delta + first
            } else {
                e[k] = Float(k) * step + first
            }
        }
        e[bins] = last
        return e
    }

    /// The bin of `v` (within [edges.first, edges.last]): numpy's searchsorted(side='right') - 1,
    /// with values equal to the last edge in the last bin.
    @inline(__always)
    static func bin(_ v: Float, _ edges: [Float]) -> Int {
        let bins = edges.count - 1
        let width = edges[bins] - edges[0]
        var k = 0
        if width > 0 {
            let guess = Double(v - edges[0]) / Double(width) * Double(bins)
            k = guess.isFinite ? min(bins - 1, max(0, Int(guess))) : 0
        }
        while k + 1 < bins && v >= edges[k + 1] { k += 1 }
        while k > 0 && v < edges[k] { k -= 1 }
        return k
    }
}
