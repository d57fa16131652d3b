import Testing
@testable import NeuralCore

/// PackedGEMM (CKernels' AVX-512 GEMM, a packed A) against OpenBLAS's SGEMM: products of
/// every shape around the kernel's tile sizes (12 rows, 32 columns, blocks of 256 values of k,
/// 240 rows and 1024 columns), A read plainly or transposed, C overwritten or added to, and
/// nothing written outside C. Float32 sums in another order differ in the last bits: the bound
/// is 1e-5 of the largest |C|. (Runs where the CPU has AVX-512, as the machines this project
/// builds on do, unless MEDSYNTH_GEMM=openblas turns the kernels off.)
@Suite(.enabled(if: PackedGEMM.isEnabled, "no AVX-512 here, or MEDSYNTH_GEMM=openblas: convolutions use OpenBLAS"))
struct PackedGEMMTests {
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var rng = PhiloxGenerator(seed: seed)
        return (0..<count).map { _ in Float(rng.next() % 2_000_001) / 1_000_000 - 1 }
    }

    /// C = op(A) B (+ C), C inside a larger buffer (row stride n + 5, 3 rows after): the
    /// difference from OpenBLAS, relative to the largest |C|, and whether the margins kept
    /// their sentinel.
    static func compare(m: Int, n: Int, k: Int, transpose: Bool, accumulate: Bool, groups: Int = 1, seed: UInt64) -> (Double, Bool) {
        let lda = transpose ? m + 3 : k + 2, ldb = n + 1, ldc = n + 5
        let aRows = transpose ? k : m
        let groupStride = aRows * lda
        let a = values(groups * groupStride, seed: seed), b = values(k * ldb, seed: seed + 1)
        let start = values((m + 3) * ldc, seed: seed + 2).map { $0 == 0 ? 1 : $0 }
        var worst = 0.0, scale = 0.0, marginsKept = true
        a.withUnsafeBufferPointer { a in
            PackedGEMM.withPacked(a.baseAddress!, lda: lda, transpose: transpose, m: m, k: k, groups: groups, groupStride: groupStride) { packed in
                guard let packed else {
                    Issue.record("PackedGEMM packed nothing for m \(m) k \(k)")
                    return
                }
                for group in 0..<groups {
                    var ours = start, theirs = start
                    b.withUnsafeBufferPointer { b in
                        ours.withUnsafeMutableBufferPointer { c in
                            packed.multiply(group: group, n: n, b: .matrix(b.baseAddress!, rowStride: ldb),
                                            c: .matrix(UnsafePointer(c.baseAddress!), rowStride: ldc), accumulate: accumulate)
                        }
                        theirs.withUnsafeMutableBufferPointer { c in
                            GEMM.run(transposeA: transpose, transposeB: false, m: m, n: n, k: k, a: a.baseAddress! + group * groupStride, lda: lda,
                                     b: b.baseAddress!, ldb: ldb, beta: accumulate ? 1 : 0, c: c.baseAddress!, ldc: ldc)
                        }
                    }
                    for i in 0..<(m + 3) {
                        for j in 0..<ldc {
                            let at = i * ldc + j
                            if i < m, j < n {
                                worst = Swift.max(worst, Double(Swift.abs(ours[at] - theirs[at])))
                                scale = Swift.max(scale, Double(Swift.abs(theirs[at])))
                            } else if ours[at] != start[at] {
                                marginsKept = false
                            }
                        }
                    }
                }
            }
        }
        return (worst / Swift.max(scale, 1e-30), marginsKept)
    }

    @Test(arguments: [false, true])
    func matchesOpenBLASAroundTheTileSizes(transpose: Bool) {
        var seed: UInt64 = transpose ? 1000 : 0
        for m in [1, 11, 12, 13, 25, 241, 250] {
            for n in [1, 15, 16, 31, 32, 33, 70, 1030] {
                for k in [1, 7, 255, 256, 257, 600] where m * n * k <= 4_000_000 {
                    for accumulate in [false, true] {
                        seed += 3
                        let (difference, marginsKept) = Self.compare(m: m, n: n, k: k, transpose: transpose, accumulate: accumulate, seed: seed)
                        #expect(difference <= 1e-5, "m \(m) n \(n) k \(k) transpose \(transpose) accumulate \(accumulate): \(difference)")
                        #expect(marginsKept, "m \(m) n \(n) k \(k) transpose \(transpose): wrote outside C")
                    }
                }
            }
        }
    }

    /// B read from, and C written to, images of NCHW tensors ([channels, images x plane]): the
    /// same values as OpenBLAS over channel-major copies, for planes of 16 (a panel of 32
    /// columns spans two images) and 48 (a panel crosses images mid-way), and one image of any plane.
    @Test(arguments: [(16, 5), (48, 3), (20, 1)])
    func readsAndWritesImagesInPlace(plane: Int, images: Int) throws {
        let (m, k) = (26, 40)  // C's channels, B's channels
        let n = images * plane
        let a = Self.values(m * k, seed: 90), z = Self.values(images * k * plane, seed: 91)
        // Channel-major copy of z: row c, column i * plane + p.
        var zc = [Float](repeating: 0, count: k * n)
        for i in 0..<images { for c in 0..<k { for p in 0..<plane { zc[c * n + i * plane + p] = z[(i * k + c) * plane + p] } } }
        var expected = [Float](repeating: 0, count: m * n), ours = [Float](repeating: .nan, count: images * m * plane)
        a.withUnsafeBufferPointer { a in
            zc.withUnsafeBufferPointer { zc in
                expected.withUnsafeMutableBufferPointer { e in
                    GEMM.run(transposeA: false, transposeB: false, m: m, n: n, k: k, a: a.baseAddress!, lda: k, b: zc.baseAddress!, ldb: n,
                             c: e.baseAddress!, ldc: n)
                }
            }
            PackedGEMM.withPacked(a.baseAddress!, lda: k, transpose: false, m: m, k: k) { packed in
                z.withUnsafeBufferPointer { z in
                    ours.withUnsafeMutableBufferPointer { y in
                        guard PackedGEMM.Layout.fitsImages(plane: plane, count: images) else {
                            Issue.record("plane \(plane), \(images) images: no layout")
                            return
                        }
                        let b = PackedGEMM.Layout.images(z.baseAddress!, channels: k, plane: plane, count: images)
                        let c = PackedGEMM.Layout.images(UnsafePointer(y.baseAddress!), channels: m, plane: plane, count: images)
                        packed?.multiply(n: n, b: b, c: c)
                    }
                }
            }
        }
        var worst: Float = 0
        for i in 0..<images { for c in 0..<m { for p in 0..<plane {
            worst = Swift.max(worst, Swift.abs(ours[(i * m + c) * plane + p] - expected[c * n + i * plane + p]))
        } } }
        #expect(worst <= 1e-5 * (expected.map(Swift.abs).max() ?? 1), "plane \(plane), \(images) images: \(worst)")
    }

    /// Several images whose plane is not a multiple of 16 have no in-place layout (the callers
    /// then copy them channel-major).
    @Test func planesOfOtherSizesAreCopied() {
        #expect(!PackedGEMM.Layout.fitsImages(plane: 20, count: 2))
        #expect(PackedGEMM.Layout.fitsImages(plane: 20, count: 1))
        #expect(PackedGEMM.Layout.fitsImages(plane: 16, count: 2))
    }

    /// A grouped weight packs each group's block; the slivers of all groups are split over
    /// the threads as one range.
    @Test func groupsArePackedApart() {
        for transpose in [false, true] {
            let (difference, marginsKept) = Self.compare(m: 40, n: 50, k: 300, transpose: transpose, accumulate: false, groups: 3, seed: 77)
            #expect(difference <= 1e-5 && marginsKept, "transpose \(transpose): \(difference)")
        }
    }

    /// A product's sums are formed in one fixed order: the same inputs give the same bytes.
    @Test func sameInputsSameBytes() {
        let (m, n, k) = (30, 70, 600)
        let a = Self.values(m * k, seed: 5), b = Self.values(k * n, seed: 6)
        func product() -> [Float] {
            var c = [Float](repeating: 0, count: m * n)
            a.withUnsafeBufferPointer { a in
                PackedGEMM.withPacked(a.baseAddress!, lda: k, transpose: false, m: m, k: k) { packed in
                    b.withUnsafeBufferPointer { b in
                        c.withUnsafeMutableBufferPointer { c in
                            packed?.multiply(n: n, b: .matrix(b.baseAddress!, rowStride: n), c: .matrix(UnsafePointer(c.baseAddress!), rowStride: n))
                        }
                    }
                }
            }
            return c
        }
        let first = product()
        #expect(first.contains { $0 != 0 })
        #expect(first == product())
    }

    /// Not packed: Float64, an empty product, a nil A.
    @Test func declinesWhatItDoesNotTake() {
        let doubles = [Double](repeating: 1, count: 4)
        doubles.withUnsafeBufferPointer { a in
            #expect(PackedGEMM.withPacked(a.baseAddress!, lda: 2, transpose: false, m: 2, k: 2) { $0 == nil })
        }
        let floats = [Float](repeating: 1, count: 4)
        floats.withUnsafeBufferPointer { a in
            #expect(PackedGEMM.withPacked(a.baseAddress!, lda: 2, transpose: false, m: 2, k: 0) { $0 == nil })
            #expect(PackedGEMM.withPacked(a.baseAddress!, lda: 2, transpose: false, m: 2, k: 2) { $0 != nil } == PackedGEMM.isEnabled)
        }
        #expect(PackedGEMM.withPacked(nil as UnsafePointer<Float>?, lda: 2, transpose: false, m: 2, k: 2) { $0 == nil })
    }
}
