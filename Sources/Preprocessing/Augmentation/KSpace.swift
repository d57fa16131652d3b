import Imaging

/// Simulated MR acquisition helpers: the k-space (3D Fourier transform) of each frame of
/// a float32 volume, edited and transformed back. As TorchIO's k-space artifacts, the
/// result is the *real part* of the inverse transform, not its magnitude: with no edit
/// the image comes back unchanged, negative values included (a magnitude would fold
/// the negative values of a normalized image).
///
/// Positions along an axis are given as in numpy's `fftshift`ed spectrum (position n / 2
/// holds frequency 0); `FourierTransform.unshiftedIndex` maps them to storage.
enum KSpace {
    /// For each frame: forward transform, `edit(frame, &spectrum)`, inverse transform,
    /// real part written back (frames for which `edit` returns false are left as they were).
    static func edit(_ volume: inout Volume, _ edit: (Int, inout ComplexVolume) -> Bool) {
        for f in 0..<volume.frames {
            var spectrum = ComplexVolume(realPartOf: volume, frame: f)
            FourierTransform.forward(&spectrum)
            guard edit(f, &spectrum) else { continue }
            FourierTransform.inverse(&spectrum)
            spectrum.writeRealPart(into: &volume, frame: f)
        }
    }

    /// Calls `body(index)` for every element of the plane at shifted position `s` along `axis`.
    static func forEachInPlane(_ shape: [Int], axis: Int, shifted s: Int, _ body: (Int) -> Void) {
        let u = FourierTransform.unshiftedIndex(s, length: shape[axis])
        var inner = 1
        for d in 0..<axis { inner *= shape[d] }
        let n = shape[axis]
        let outer = shape.reduce(1, *) / (inner * n)
        for o in 0..<outer {
            let base = o * inner * n + u * inner
            for i in 0..<inner { body(base + i) }
        }
    }
}
