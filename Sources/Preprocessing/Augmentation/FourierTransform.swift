import Foundation
import Imaging

/// The discrete Fourier transform of any length, in Double precision:
/// an iterative radix-2 transform for powers of two and Bluestein's chirp-z algorithm
/// (a convolution done with a power-of-two transform) for every other length.
///
/// Conventions are numpy's `fft`: the forward transform is
/// `X[k] = sum_j x[j] exp(-2 pi i j k / n)` and the inverse divides by `n`, so
/// `inverse(forward(x)) == x`. A plan (`FourierTransform(length:)`) holds the twiddle
/// factors and is reused for every line; the 3D transforms (`forward(_:)`,
/// `inverse(_:)` on a `ComplexVolume`) run the 1D transform along x, y and z,
/// lines spread over the cores. Float32 images go in and out through `ComplexVolume`.
public struct FourierTransform: Sendable {
    /// The transform length.
    public let length: Int
    private let plan: Plan

    /// Plans a transform of `length` (at least 1).
    public init(length: Int) {
        self.length = max(length, 1)
        plan = Plan(length: self.length)
    }

    /// Scratch Doubles a caller must hand to the pointer-level `transform`.
    public var scratchCount: Int { plan.scratchCount }

    // MARK: 1D

    /// Forward transform of one sequence in place.
    public func forward(real: inout [Double], imaginary: inout [Double]) {
        oneDimensional(&real, &imaginary, inverse: false)
    }

    /// Inverse transform of one sequence in place (divided by the length).
    public func inverse(real: inout [Double], imaginary: inout [Double]) {
        oneDimensional(&real, &imaginary, inverse: true)
        let s = 1 / Double(length)
        for i in 0..<length { real[i] *= s; imaginary[i] *= s }
    }

    private func oneDimensional(_ re: inout [Double], _ im: inout [Double], inverse: Bool) {
        precondition(re.count == length && im.count == length, "a sequence of \(length) values is expected")
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: max(scratchCount, 1))
        defer { scratch.deallocate() }
        re.withUnsafeMutableBufferPointer { r in
            im.withUnsafeMutableBufferPointer { i in
                transform(r.baseAddress!, i.baseAddress!, inverse: inverse, scratch: scratch)
            }
        }
    }

    /// Transforms `length` contiguous values in place; the inverse is not divided by
    /// the length. `scratch` must hold `scratchCount` Doubles.
    public func transform(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>,
                          inverse: Bool, scratch: UnsafeMutablePointer<Double>) {
        plan.run(re, im, inverse: inverse, scratch: scratch)
    }

    // MARK: 3D

    /// Forward 3D transform in place (numpy's `fftn`).
    public static func forward(_ field: inout ComplexVolume) {
        transform3D(&field, inverse: false)
    }

    /// Inverse 3D transform in place, divided by the element count (numpy's `ifftn`).
    public static func inverse(_ field: inout ComplexVolume) {
        transform3D(&field, inverse: true)
        let s = 1 / Double(field.count)
        let n = field.count
        field.real.withUnsafeMutableBufferPointer { r in
            field.imaginary.withUnsafeMutableBufferPointer { i in
                for e in 0..<n { r[e] *= s; i[e] *= s }
            }
        }
    }

    /// The unshifted frequency index held at position `s` of numpy's `fftshift` of a
    /// length-`n` axis (position `n / 2` holds frequency 0).
    @inline(__always)
    public static func unshiftedIndex(_ s: Int, length n: Int) -> Int {
        ((s - n / 2) % n + n) % n
    }

    private static func transform3D(_ field: inout ComplexVolume, inverse: Bool) {
        let shape = field.shape
        let total = field.count
        field.real.withUnsafeMutableBufferPointer { rb in
            field.imaginary.withUnsafeMutableBufferPointer { ib in
                let re = UnsafeShared(rb.baseAddress!), im = UnsafeShared(ib.baseAddress!)
                for axis in 0..<3 where shape[axis] > 1 {
                    let n = shape[axis]
                    let fft = FourierTransform(length: n)
                    let inner = shape.prefix(axis).reduce(1, *)
                    // Lines are handled in batches of `width` neighbours along the faster
                    // axes (contiguous in memory for axes 1 and 2), gathered into a block.
                    let width = axis == 0 ? 1 : min(inner, 16)
                    let perOuter = (inner + width - 1) / width
                    let batches = (total / (inner * n)) * perOuter
                    let chunks = min(batches, ProcessInfo.processInfo.activeProcessorCount * 4)
                    DispatchQueue.concurrentPerform(iterations: chunks) { c in
                        let lo = batches * c / chunks, hi = batches * (c + 1) / chunks
                        guard lo < hi else { return }
                        let bufR = UnsafeMutablePointer<Double>.allocate(capacity: n * width)
                        let bufI = UnsafeMutablePointer<Double>.allocate(capacity: n * width)
                        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: max(fft.scratchCount, 1))
                        defer { bufR.deallocate(); bufI.deallocate(); scratch.deallocate() }
                        let r = re.value, i = im.value
                        for b in lo..<hi {
                            if axis == 0 {
                                fft.transform(r + b * n, i + b * n, inverse: inverse, scratch: scratch)
                                continue
                            }
                            // Batch b: w lines with consecutive inner offsets in one outer block.
                            let outer = b / perOuter
                            let i0 = (b % perOuter) * width
                            let w = min(width, inner - i0)
                            let base = i0 + outer * inner * n
                            for t in 0..<n {
                                let src = base + t * inner
                                for l in 0..<w { bufR[l * n + t] = r[src + l]; bufI[l * n + t] = i[src + l] }
                            }
                            for l in 0..<w {
                                fft.transform(bufR + l * n, bufI + l * n, inverse: inverse, scratch: scratch)
                            }
                            for t in 0..<n {
                                let dst = base + t * inner
                                for l in 0..<w { r[dst + l] = bufR[l * n + t]; i[dst + l] = bufI[l * n + t] }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension FourierTransform {
    /// Twiddle tables and, for lengths that are not powers of two, Bluestein's chirp
    /// and the transform of its conjugate.
    final class Plan: Sendable {
        let n: Int
        let isPowerOfTwo: Bool
        /// cos(2 pi k / n) and sin(2 pi k / n) for k < n / 2 (power-of-two lengths).
        let cosTable: [Double]
        let sinTable: [Double]
        let bitReversed: [Int32]
        // Bluestein: chirp w[k] = exp(-i pi k^2 / n); filter = FFT_m(conj(w)) circularly placed.
        let inner: Plan?
        let chirpCos: [Double]
        let chirpSin: [Double]
        let filterRe: [Double]
        let filterIm: [Double]
        let scratchCount: Int

        init(length n: Int) {
            self.n = n
            isPowerOfTwo = n & (n - 1) == 0
            if isPowerOfTwo {
                let half = n / 2
                cosTable = (0..<half).map { cos(2 * Double.pi * Double($0) / Double(n)) }
                sinTable = (0..<half).map { sin(2 * Double.pi * Double($0) / Double(n)) }
                var bits = 0
                while (1 << bits) < n { bits += 1 }
                bitReversed = (0..<n).map { i in
                    var r = 0, v = i
                    for _ in 0..<bits { r = (r << 1) | (v & 1); v >>= 1 }
                    return Int32(r)
                }
                inner = nil
                chirpCos = []; chirpSin = []; filterRe = []; filterIm = []
                scratchCount = 0
            } else {
                var m = 1
                while m < 2 * n - 1 { m <<= 1 }
                let p = Plan(length: m)
                // k^2 mod 2n keeps the angle exact for large k.
                var cc = [Double](repeating: 0, count: n), cs = cc
                for k in 0..<n {
                    let q = (k * k) % (2 * n)
                    let a = Double.pi * Double(q) / Double(n)
                    cc[k] = cos(a); cs[k] = sin(a)
                }
                var fr = [Double](repeating: 0, count: m), fi = fr
                for k in 0..<n {
                    fr[k] = cc[k]; fi[k] = cs[k]          // conj(w[k]) = exp(+i pi k^2 / n)
                    if k > 0 { fr[m - k] = cc[k]; fi[m - k] = cs[k] }
                }
                fr.withUnsafeMutableBufferPointer { r in
                    fi.withUnsafeMutableBufferPointer { i in
                        p.radix2(r.baseAddress!, i.baseAddress!, inverse: false)
                    }
                }
                cosTable = []; sinTable = []; bitReversed = []
                inner = p
                chirpCos = cc; chirpSin = cs; filterRe = fr; filterIm = fi
                scratchCount = 2 * m
            }
        }

        @inline(__always)
        func run(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, inverse: Bool,
                 scratch: UnsafeMutablePointer<Double>) {
            if n == 1 { return }
            if isPowerOfTwo {
                radix2(re, im, inverse: inverse)
            } else {
                // inverse(x) = conj(forward(conj(x))), unscaled.
                if inverse { for k in 0..<n { im[k] = -im[k] } }
                bluestein(re, im, scratch: scratch)
                if inverse { for k in 0..<n { im[k] = -im[k] } }
            }
        }

        /// In-place iterative radix-2 transform (decimation in time), unscaled.
        func radix2(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, inverse: Bool) {
            bitReversed.withUnsafeBufferPointer { rev in
                for i in 0..<n {
                    let j = Int(rev[i])
                    if j > i {
                        let tr = re[i]; re[i] = re[j]; re[j] = tr
                        let ti = im[i]; im[i] = im[j]; im[j] = ti
                    }
                }
            }
            let sign: Double = inverse ? 1 : -1
            cosTable.withUnsafeBufferPointer { ct in
                sinTable.withUnsafeBufferPointer { st in
                    var len = 2
                    while len <= n {
                        let half = len / 2, step = n / len
                        var start = 0
                        while start < n {
                            var t = 0
                            for k in 0..<half {
                                let wr = ct[t], wi = sign * st[t]
                                let a = start + k, b = a + half
                                let br = re[b], bi = im[b]
                                let xr = br * wr - bi * wi
                                let xi = br * wi + bi * wr
                                re[b] = re[a] - xr; im[b] = im[a] - xi
                                re[a] += xr; im[a] += xi
                                t += step
                            }
                            start += len
                        }
                        len <<= 1
                    }
                }
            }
        }

        /// Forward transform of any length as a circular convolution of length m.
        private func bluestein(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>,
                               scratch: UnsafeMutablePointer<Double>) {
            guard let p = inner else { return }
            let m = p.n
            let ar = scratch, ai = scratch + m
            chirpCos.withUnsafeBufferPointer { wc in
                chirpSin.withUnsafeBufferPointer { ws in
                    // a[k] = x[k] * w[k], w[k] = cos - i sin.
                    for k in 0..<n {
                        let xr = re[k], xi = im[k], c = wc[k], s = ws[k]
                        ar[k] = xr * c + xi * s
                        ai[k] = xi * c - xr * s
                    }
                    for k in n..<m { ar[k] = 0; ai[k] = 0 }
                    p.radix2(ar, ai, inverse: false)
                    filterRe.withUnsafeBufferPointer { fr in
                        filterIm.withUnsafeBufferPointer { fi in
                            for k in 0..<m {
                                let xr = ar[k], xi = ai[k]
                                ar[k] = xr * fr[k] - xi * fi[k]
                                ai[k] = xr * fi[k] + xi * fr[k]
                            }
                        }
                    }
                    p.radix2(ar, ai, inverse: true)
                    let s = 1 / Double(m)
                    for k in 0..<n {
                        let cr = ar[k] * s, ci = ai[k] * s, c = wc[k], sn = ws[k]
                        re[k] = cr * c + ci * sn
                        im[k] = ci * c - cr * sn
                    }
                }
            }
        }
    }
}
