import Foundation
import Imaging

/// A 3D binary mask (one byte per voxel, 0 or 1, x fastest) for the morphology code, and
/// a parallel runner over the lines of a 3D array along one axis.
struct MaskGrid: Sendable, Equatable {
    var bits: [UInt8]
    let nx: Int, ny: Int, nz: Int

    init(bits: [UInt8], nx: Int, ny: Int, nz: Int) {
        self.bits = bits
        self.nx = nx; self.ny = ny; self.nz = nz
    }

    init(zeros nx: Int, _ ny: Int, _ nz: Int) {
        self.init(bits: [UInt8](repeating: 0, count: nx * ny * nz), nx: nx, ny: ny, nz: nz)
    }

    var count: Int { bits.count }
    var shape: (Int, Int, Int) { (nx, ny, nz) }
    var selected: Int { bits.reduce(0) { $0 + Int($1) } }

    /// Non-zero voxels of the first frame of `volume` (any single-channel voxel type).
    init(_ volume: Volume) {
        let (nx, ny, nz) = (volume.shape[0], volume.shape[1], volume.shape[2])
        let n = nx * ny * nz
        let d = volume.doubles(scaled: false)
        self.init(bits: (0..<n).map { d[$0] != 0 ? 1 : 0 }, nx: nx, ny: ny, nz: nz)
    }

    /// A uint8 0/1 volume with `geometry`.
    func volume(geometry: Geometry) -> Volume? {
        try? Volume(values: bits, shape: [nx, ny, nz], geometry: geometry)
    }

    /// Runs `body(line, length)` on every line along `axis` of a 3D array in place, in
    /// parallel; each line is gathered into a contiguous buffer and scattered back.
    static func forEachLine<T: Sendable>(_ base: UnsafeMutablePointer<T>, shape: (Int, Int, Int), axis: Int, zero: T,
                               _ body: (UnsafeMutablePointer<T>, Int) -> Void) {
        let (nx, ny, nz) = shape
        let n = [nx, ny, nz][axis]
        let step = [1, nx, nx * ny][axis]
        let lineCount = nx * ny * nz / max(n, 1)
        let workers = min(lineCount, max(1, ProcessInfo.processInfo.activeProcessorCount) * 4)
        guard workers > 0 else { return }
        let shared = UnsafeShared(base)
        withoutActuallyEscaping(body) { body in
            let work = UnsafeShared(body)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let p = shared.value
                let buffer = UnsafeMutablePointer<T>.allocate(capacity: n)
                buffer.initialize(repeating: zero, count: n)
                defer { buffer.deinitialize(count: n); buffer.deallocate() }
                for l in (w * lineCount / workers)..<((w + 1) * lineCount / workers) {
                    // Line l's first element: lines enumerate the two other axes, lower axis fastest.
                    let s = axis == 0 ? l * nx : axis == 1 ? (l / nx) * nx * ny + l % nx : l
                    for e in 0..<n { buffer[e] = p[s + e * step] }
                    work.value(buffer, n)
                    for e in 0..<n { p[s + e * step] = buffer[e] }
                }
            }
        }
    }
}
