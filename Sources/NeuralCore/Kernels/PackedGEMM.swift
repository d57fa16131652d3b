import CKernels
#if canImport(Glibc)
import Glibc
#endif

/// Float32 products whose A is packed once and used for many (CKernels' GEMM.c, AVX-512): the
/// convolutions pack their weight once per op, then every chunk of images and every thread
/// multiplies by it. OpenBLAS repacks A in every call, zeroes C before a product that
/// overwrites it, and packs B whole; here B is packed a block of rows at a time and C is
/// written, not zeroed first. On CPUs without AVX-512 the convolutions call OpenBLAS.
public enum PackedGEMM {
    /// Whether this CPU runs the kernels.
    static let isAvailable = medsynth_sgemm_available() != 0

    /// Whether the convolutions use these kernels: when the CPU runs them, unless the
    /// environment sets `MEDSYNTH_GEMM=openblas` (every product through OpenBLAS, as on CPUs
    /// without AVX-512: for comparisons).
    static let isEnabled = isAvailable && getenv("MEDSYNTH_GEMM").map { String(cString: $0) } != "openblas"

    /// Where the convolutions' products run, for reports (`medsynth doctor`).
    public static var inUse: String {
        isEnabled ? "medsynth's packed GEMM (AVX-512) for outputs and input gradients, OpenBLAS for weight gradients"
            : isAvailable ? "OpenBLAS (MEDSYNTH_GEMM=openblas)" : "OpenBLAS (no AVX-512 for medsynth's packed GEMM)"
    }

    /// The convolutions leave products of fewer rows to OpenBLAS: the kernel computes rows 12 at
    /// a time, and 16 rows (a 4x4 kernel over one channel: DCGAN's first and last layers) are
    /// computed as 24 (measured: those products ran 20-30% slower here than in OpenBLAS).
    static let minimumRows = 32

    /// A packed A of m x k, for each of `groups` blocks (a grouped convolution's weight).
    struct PackedA: @unchecked Sendable {
        let base: UnsafeMutablePointer<Float>
        let m: Int, k: Int, groups: Int

        /// Floats per group.
        var stride: Int { medsynth_sgemm_packed_count(m, k) }

        /// C (m x n) = group `group`'s A times B (k x n), plus C when `accumulate`.
        func multiply(group: Int = 0, n: Int, b: Layout, c: Layout, accumulate: Bool = false) {
            guard n > 0, m > 0 else { return }
            Workspace.withBuffer(medsynth_sgemm_panel_count(n), of: Float.self) { panels in
                withUnsafePointer(to: b.layout) { b in
                    withUnsafePointer(to: c.layout) { c in
                        medsynth_sgemm_packed(m, n, k, base + group * stride, b, c, accumulate ? 1 : 0, panels)
                    }
                }
            }
        }
    }

    /// Where a product's B or C is (B is only read).
    struct Layout {
        fileprivate let layout: medsynth_sgemm_layout

        /// A row-major matrix, rows `rowStride` apart.
        static func matrix(_ base: UnsafePointer<Float>, rowStride: Int) -> Layout {
            Layout(layout: medsynth_sgemm_layout(base: UnsafeMutablePointer(mutating: base), row_stride: rowStride, block: Int.max / 2, block_stride: 0))
        }

        /// Whether `images` takes `count` images of this plane: a plane that is a multiple of
        /// 16 (the kernel reads and writes 16 columns at a time), or one image.
        static func fitsImages(plane: Int, count: Int) -> Bool { plane % 16 == 0 || count == 1 }

        /// Images of an NCHW tensor seen as a matrix [channels, images * plane]: row c, column
        /// n * plane + p is image n's value p of channel c. Only where `fitsImages`.
        static func images(_ base: UnsafePointer<Float>, channels: Int, plane: Int, count: Int) -> Layout {
            precondition(fitsImages(plane: plane, count: count), "plane \(plane) of \(count) images has no in-place layout")
            return Layout(layout: medsynth_sgemm_layout(base: UnsafeMutablePointer(mutating: base), row_stride: plane,
                                                        block: count == 1 ? Int.max / 2 : plane, block_stride: channels * plane))
        }
    }

    /// Runs `body` with `groups` blocks of A packed (m x k each, block g at a + g * groupStride,
    /// read as a[i * lda + kk], or a[kk * lda + i] when `transpose`), or with nil when `a` is
    /// nil, the kernels are off or unavailable, the scalar type is not Float32, or the sizes are outside
    /// what they take (k of 0, offsets past 32 bits): the caller then uses OpenBLAS. The packing is split
    /// over the threads.
    static func withPacked<T: TensorScalar, R>(_ a: UnsafePointer<T>?, lda: Int, transpose: Bool, m: Int, k: Int, groups: Int = 1,
                                               groupStride: Int = 0, _ body: (PackedA?) -> R) -> R {
        guard T.self == Float.self, isEnabled, let source = a, m > 0, k > 0, groups > 0, 11 * lda < Int(Int32.max) else { return body(nil) }
        let a = UncheckedSendable(UnsafeRawPointer(source).assumingMemoryBound(to: Float.self))
        let perGroup = medsynth_sgemm_packed_count(m, k), slivers = medsynth_sgemm_slivers(m)
        return Workspace.withBuffer(groups * perGroup, of: Float.self) { buffer in
            let packed = UncheckedSendable(buffer)
            // Slivers of every group as one range, split over the threads.
            Parallel.forEachChunk(groups * slivers, grain: Swift.max(1, (1 << 16) / Swift.max(1, 12 * k))) { range in
                var index = range.lowerBound
                while index < range.upperBound {
                    let group = index / slivers, first = index - group * slivers
                    let end = Swift.min(slivers, first + (range.upperBound - index))
                    medsynth_sgemm_pack_a(a.value + group * groupStride, lda, transpose ? 1 : 0, m, k, packed.value + group * perGroup,
                                          first, end)
                    index += end - first
                }
            }
            return body(PackedA(base: buffer, m: m, k: k, groups: groups))
        }
    }
}
