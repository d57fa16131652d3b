import Foundation
import Imaging

/// The fast path for axis-aligned mappings (spacing and shape changes): 1D interpolation
/// along x, then y, then z with precomputed index and weight tables. Output slices are
/// computed in parallel; each worker keeps the few input slices it needs, already
/// resampled in x and y, so no full-size intermediate volume is made.
enum SeparableResampling {
    /// Taps, input indices and weights of one axis for every output index.
    struct AxisTable {
        var taps: Int
        var index: [Int]
        var weight: [Float]
        var inside: [Bool]

        /// Output index o reads input coordinate `scale * o + shift` on an axis of `n` voxels.
        init(scale: Double, shift: Double, n: Int, m: Int, interpolation: Interpolation) {
            taps = interpolation == .nearest ? 1 : interpolation == .linear ? 2 : 4
            index = []
            weight = []
            inside = []
            index.reserveCapacity(m * taps)
            weight.reserveCapacity(m * taps)
            for o in 0..<m {
                let x = scale * Double(o) + shift
                inside.append(FrameSampler.inside(x, n))
                switch interpolation {
                case .nearest:
                    index.append(FrameSampler.nearest(x, n))
                    weight.append(1)
                case .linear:
                    let (i, t) = FrameSampler.linear(x, n)
                    index += [i, min(i + 1, n - 1)]
                    weight += [Float(1 - t), Float(t)]
                case .bspline:
                    let f = x.rounded(.down)
                    let w = FrameSampler.cubicWeights(x - f)
                    let b = Int(f) - 1
                    for c in 0..<4 {
                        index.append(FrameSampler.mirror(b + c, n))
                        weight.append(Float(w[c]))
                    }
                }
            }
        }
    }

    /// Resamples one frame: `input` of shape `n` (x fastest; B-spline coefficients for
    /// bspline) into `output` of shape `m`.
    static func run(_ input: UnsafePointer<Float>, n: (Int, Int, Int), _ output: UnsafeMutablePointer<Float>, m: (Int, Int, Int),
                    mapping: VoxelMapping, interpolation: Interpolation, fill: Float) {
        let tx = AxisTable(scale: mapping[0, 0], shift: mapping[0, 3], n: n.0, m: m.0, interpolation: interpolation)
        let ty = AxisTable(scale: mapping[1, 1], shift: mapping[1, 3], n: n.1, m: m.1, interpolation: interpolation)
        let tz = AxisTable(scale: mapping[2, 2], shift: mapping[2, 3], n: n.2, m: m.2, interpolation: interpolation)
        let K = tx.taps
        let (nx, ny) = (n.0, n.1)
        let (mx, my, mz) = m
        let outX = tx.inside.indices.filter { !tx.inside[$0] }
        let outY = ty.inside.indices.filter { !ty.inside[$0] }
        let chunks = min(mz, max(1, ProcessInfo.processInfo.activeProcessorCount) * 4)
        let src = UnsafeShared(input), dst = UnsafeShared(output)
        tx.index.withUnsafeBufferPointer { xi in tx.weight.withUnsafeBufferPointer { xw in
        ty.index.withUnsafeBufferPointer { yi in ty.weight.withUnsafeBufferPointer { yw in
            let tables = UnsafeShared((xi, xw, yi, yw))
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let (xi, xw, yi, yw) = tables.value
                let input = src.value, output = dst.value
                let plane = mx * my
                let rows = UnsafeMutablePointer<Float>.allocate(capacity: mx * ny)
                let slots = UnsafeMutablePointer<Float>.allocate(capacity: K * plane)
                defer { rows.deallocate(); slots.deallocate() }
                var held = [Int](repeating: -1, count: K)

                // Input slice k resampled in x and y into slot s.
                func load(_ k: Int, into s: Int) {
                    let slice = input + k * nx * ny
                    for j in 0..<ny {
                        let line = slice + j * nx, out = rows + j * mx
                        if K == 2 {
                            for o in 0..<mx {
                                out[o] = xw[2 * o] * line[xi[2 * o]] + xw[2 * o + 1] * line[xi[2 * o + 1]]
                            }
                        } else {
                            for o in 0..<mx {
                                var v: Float = 0
                                for t in 0..<K { v += xw[o * K + t] * line[xi[o * K + t]] }
                                out[o] = v
                            }
                        }
                    }
                    let target = slots + s * plane
                    for o in 0..<my {
                        let d = target + o * mx
                        let w0 = yw[o * K], r0 = rows + yi[o * K] * mx
                        for i in 0..<mx { d[i] = w0 * r0[i] }
                        for t in 1..<max(K, 1) where t < K {
                            let w = yw[o * K + t], r = rows + yi[o * K + t] * mx
                            for i in 0..<mx { d[i] += w * r[i] }
                        }
                    }
                    held[s] = k
                }

                let first = chunk * mz / chunks, end = (chunk + 1) * mz / chunks
                var needed = [Int](repeating: 0, count: K)
                var slotOf = [Int](repeating: 0, count: K)
                for oz in first..<end {
                    let out = output + oz * plane
                    guard tz.inside[oz] else {
                        out.update(repeating: fill, count: plane)
                        continue
                    }
                    for t in 0..<K { needed[t] = tz.index[oz * K + t] }
                    for t in 0..<K {
                        if let s = held.firstIndex(of: needed[t]) { slotOf[t] = s; continue }
                        // A slot holding nothing this output slice needs.
                        var s = 0
                        while s < K && held[s] >= 0 && needed.contains(held[s]) { s += 1 }
                        load(needed[t], into: s)
                        slotOf[t] = s
                    }
                    let w0 = tz.weight[oz * K], s0 = slots + slotOf[0] * plane
                    if K == 2 {
                        let w1 = tz.weight[oz * K + 1], s1 = slots + slotOf[1] * plane
                        for i in 0..<plane { out[i] = w0 * s0[i] + w1 * s1[i] }
                    } else {
                        for i in 0..<plane { out[i] = w0 * s0[i] }
                        for t in 1..<max(K, 1) where t < K {
                            let w = tz.weight[oz * K + t], s = slots + slotOf[t] * plane
                            for i in 0..<plane { out[i] += w * s[i] }
                        }
                    }
                    for j in outY { (out + j * mx).update(repeating: fill, count: mx) }
                    if !outX.isEmpty {
                        for j in 0..<my { for i in outX { out[j * mx + i] = fill } }
                    }
                }
            }
        }}}}
    }
}
