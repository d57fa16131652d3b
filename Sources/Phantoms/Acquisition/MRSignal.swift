import Foundation
import Imaging
import Preprocessing

/// What the scanner adds to the ideal signal: intensity non-uniformity (a smooth
/// multiplicative bias field) and Rician noise (the magnitude of a complex signal with
/// Gaussian noise in both channels).
enum MRSignal {
    /// Multiplies by the bias field `exp(polynomial)` (third order, on the grid's normalized
    /// coordinates) and adds Rician noise of per-channel standard deviation `sigma`. Slices get
    /// their own random streams, so the bytes do not depend on the thread count.
    static func corrupt(_ volume: inout Volume, biasCoefficients: [Double], sigma: Float,
                        seed: UInt64, stream: String) throws(PhantomError) {
        let shape = Array(volume.shape.prefix(3))
        let field: [Float]
        do { field = try RandomBiasField.field(shape: shape, order: 3, coefficients: biasCoefficients) } catch {
            throw .invalidParameter(name: "bias", value: "\(biasCoefficients.count) coefficients", reason: "\(error)")
        }
        let plane = shape[0] * shape[1]
        volume.withMutableFloat32Buffer { buf in
            let p = UnsafeShared(buf.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: shape[2]) { k in
                var random = SeededRandom(seed: seed, stream: "\(stream)/noise/\(k)")
                for idx in (k * plane)..<((k + 1) * plane) {
                    let v = p.value[idx] * field[idx]
                    // Two Gaussian channels from one pair (Marsaglia's polar method: no trigonometry).
                    var a: Float, b: Float, q: Float
                    repeat {
                        let bits = random.next()
                        a = Float(bits >> 40) * 0x1p-23 - 1
                        b = Float((bits >> 16) & 0xFF_FFFF) * 0x1p-23 - 1
                        q = a * a + b * b
                    } while q >= 1 || q == 0
                    let f = sigma * (-2 * logf(q) / q).squareRoot()
                    let re = v + a * f, im = b * f
                    p.value[idx] = (re * re + im * im).squareRoot()
                }
            }
        }
    }
}
