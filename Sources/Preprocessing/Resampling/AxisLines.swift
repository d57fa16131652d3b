import Foundation
import Imaging

/// Runs a 1D filter over every line of a float32 3D frame along one axis, in parallel.
/// Lines are gathered in batches of `lanes` side by side (element `e` of lane `l` at
/// `e * lanes + l`), so a filter written as a loop over elements with an inner loop over
/// lanes vectorizes whatever the axis; results are scattered back in place.
enum AxisLines {
    static let lanes = 32

    /// `body(source, destination, length)`: read `length * lanes` floats, write as many.
    static func filter(_ base: UnsafeMutablePointer<Float>, shape: (Int, Int, Int), axis: Int,
                       _ body: @Sendable (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) {
        let (nx, ny, nz) = shape
        let L = lanes
        let n = [nx, ny, nz][axis]
        let batchCount: Int
        switch axis {
        case 0: batchCount = (ny * nz + L - 1) / L
        case 1: batchCount = (nx + L - 1) / L * nz
        default: batchCount = (nx * ny + L - 1) / L
        }
        let workers = min(batchCount, max(1, ProcessInfo.processInfo.activeProcessorCount) * 4)
        let shared = UnsafeShared(base)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let src = UnsafeMutablePointer<Float>.allocate(capacity: n * L)
            let dst = UnsafeMutablePointer<Float>.allocate(capacity: n * L)
            src.initialize(repeating: 0, count: n * L)
            dst.initialize(repeating: 0, count: n * L)
            defer { src.deallocate(); dst.deallocate() }
            let p = shared.value
            var b = w * batchCount / workers
            let end = (w + 1) * batchCount / workers
            while b < end {
                let d = batch(b, shape: shape, axis: axis)
                if d.laneStride == 1 {
                    for e in 0..<n {
                        (src + e * L).update(from: p + d.start + e * d.step, count: d.count)
                    }
                } else {
                    for l in 0..<d.count {
                        let line = p + d.start + l * d.laneStride
                        for e in 0..<n { src[e * L + l] = line[e * d.step] }
                    }
                }
                body(src, dst, n)
                if d.laneStride == 1 {
                    for e in 0..<n {
                        (p + d.start + e * d.step).update(from: dst + e * L, count: d.count)
                    }
                } else {
                    for l in 0..<d.count {
                        let line = p + d.start + l * d.laneStride
                        for e in 0..<n { line[e * d.step] = dst[e * L + l] }
                    }
                }
                b += 1
            }
        }
    }

    /// Batch `b`: first element's offset, offset between lanes, offset between elements, lane count.
    private static func batch(_ b: Int, shape: (Int, Int, Int), axis: Int) -> (start: Int, laneStride: Int, step: Int, count: Int) {
        let (nx, ny, nz) = shape
        let L = lanes
        switch axis {
        case 0:
            return (b * L * nx, nx, 1, min(L, ny * nz - b * L))
        case 1:
            let perSlice = (nx + L - 1) / L
            let k = b / perSlice, i0 = (b % perSlice) * L
            return (k * nx * ny + i0, 1, nx, min(L, nx - i0))
        default:
            return (b * L, 1, nx * ny, min(L, nx * ny - b * L))
        }
    }
}
