import Foundation
import Imaging

/// Applies a per-voxel function to a float32 volume in place, in parallel over chunks.
enum VoxelMap {
    static func apply(_ volume: inout Volume, _ f: @Sendable (Float) -> Float) {
        volume.withMutableFloat32Buffer { b in
            guard let base = b.baseAddress else { return }
            let n = b.count
            let chunk = 1 << 16
            let chunks = (n + chunk - 1) / chunk
            let shared = UnsafeShared(base)
            if chunks <= 1 {
                for i in 0..<n { base[i] = f(base[i]) }
                return
            }
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let p = shared.value
                let end = min(n, (c + 1) * chunk)
                for i in (c * chunk)..<end { p[i] = f(p[i]) }
            }
        }
    }

    /// `x * scale + offset` computed in Double, optionally clipped, stored as Float.
    static func linear(_ volume: inout Volume, scale: Double, offset: Double, clip: ClosedRange<Double>? = nil) {
        if let clip {
            let lo = clip.lowerBound, hi = clip.upperBound
            apply(&volume) { x in Float(min(hi, max(lo, Double(x) * scale + offset))) }
        } else {
            apply(&volume) { x in Float(Double(x) * scale + offset) }
        }
    }
}
