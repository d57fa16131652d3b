import Foundation
import Imaging
import Preprocessing

/// What the scanner adds to the ideal signal: intensity non-uniformity (a smooth
/// multiplicative bias field) and Rician noise (the magnitude of a complex signal with
/// Gaussian noise in both channels).
enum MRSignal {
    /// Multiplies by the bias field `exp(polynomial)` (third order, on the grid's normalized
    /// coordinates, `RandomBiasField.field`) and adds Rician noise of per-channel standard
    /// deviation `sigma` (`RandomRicianNoise.add`: per-slice streams, so the bytes do not
    /// depend on the thread count).
    static func corrupt(_ volume: inout Volume, biasCoefficients: [Double], sigma: Float,
                        seed: UInt64, stream: String) throws(PhantomError) {
        let shape = Array(volume.shape.prefix(3))
        let field: [Float]
        do { field = try RandomBiasField.field(shape: shape, order: 3, coefficients: biasCoefficients) } catch {
            throw .invalidParameter(name: "bias", value: "\(biasCoefficients.count) coefficients", reason: "\(error)")
        }
        volume.withMutableFloat32Buffer { buf in
            for n in 0..<min(buf.count, field.count) { buf[n] *= field[n] }
        }
        var random = SeededRandom(seed: seed, stream: stream + "/noise")
        RandomRicianNoise.add(to: &volume, mean: 0, std: Double(sigma), seed: random.next())
    }
}
