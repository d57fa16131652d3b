import Foundation
import Imaging
import Testing
@testable import Preprocessing

/// Known answers of the intensity and k-space augmentations.
@Suite struct AugmentIntensityTests {
    static func constant(_ value: Float, _ shape: [Int] = [40, 40, 40]) throws -> Subject {
        try Subject(image: try TestSupport.volume(shape) { _, _, _ in value })
    }

    static func meanAndVariance(_ v: Volume) -> (Double, Double) {
        let x = AugmentTestSupport.floats(v).map(Double.init)
        let m = x.reduce(0, +) / Double(x.count)
        return (m, x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1))
    }

    @Test func gammaFollowsTheSignedPowerLaw() throws {
        let image = try Volume(values: [Float(-3), -1, 0, 0.5, 2, 4], shape: [6, 1, 1])
        let s = try Subject(image: image)
        let (out, record) = try AugmentTestSupport.run("random_gamma", ["log_gamma": .array([.number(log(2)), .number(log(2))])], on: s)
        #expect(AugmentTestSupport.maxAbsDifference(AugmentTestSupport.floats(out.image), [-9, -1, 0, 0.25, 4, 16]) < 1e-5)
        guard case .number(let g)? = record["gamma"] else { Issue.record("no gamma"); return }
        #expect(abs(g - 2) < 1e-12)
        let (half, _) = try AugmentTestSupport.run("random_gamma", ["log_gamma": .array([.number(-log(2)), .number(-log(2))])], on: s)
        #expect(AugmentTestSupport.maxAbsDifference(AugmentTestSupport.floats(half.image),
                                                    [-Float(3).squareRoot(), -1, 0, Float(0.5).squareRoot(), Float(2).squareRoot(), 2]) < 1e-5)
    }

    @Test func gammaDrawsWithinTheRange() throws {
        let s = try Self.constant(2, [4, 4, 4])
        for seed in UInt64(1)...20 {
            let (_, record) = try AugmentTestSupport.run("random_gamma", [:], on: s, seed: seed)
            guard case .number(let g)? = record["gamma"] else { Issue.record("no gamma"); return }
            #expect(g >= exp(-0.3) && g <= exp(0.3))
        }
    }

    @Test func biasFieldOfOrderZeroAndOne() throws {
        let s = try Self.constant(3, [5, 4, 3])
        let (zero, r0) = try AugmentTestSupport.run("random_bias_field", ["order": .number(0), "coefficients": .array([.number(0.2), .number(0.2)])], on: s)
        #expect(r0["coefficients"] == .array([.number(0.2)]))
        #expect(AugmentTestSupport.floats(zero.image).allSatisfy { abs($0 - 3 * Float(exp(0.2))) < 1e-5 })
        // Order 1: coefficients in TorchIO's order (1, z, y, x).
        let f = try RandomBiasField.field(shape: [5, 4, 3], order: 1, coefficients: [0.1, 0.2, 0.3, 0.4])
        // Corner (0, 0, 0): every normalized coordinate is -1; (4, 3, 2): +1; centre x = 2 is 0.
        #expect(abs(f[0] - Float(exp(0.1 - 0.2 - 0.3 - 0.4))) < 1e-6)
        #expect(abs(f[f.count - 1] - Float(exp(0.1 + 0.2 + 0.3 + 0.4))) < 1e-6)
        let centreX = 2 + 5 * (0 + 4 * 0)
        #expect(abs(f[centreX] - Float(exp(0.1 - 0.2 - 0.3))) < 1e-6)
        #expect(RandomBiasField.coefficientCount(order: 3) == 20)
        let (_, r3) = try AugmentTestSupport.run("random_bias_field", [:], on: s)
        guard case .array(let c)? = r3["coefficients"] else { Issue.record("no coefficients"); return }
        #expect(c.count == 20)
    }

    @Test func gaussianNoiseHasTheDrawnMoments() throws {
        let s = try Self.constant(10)
        let (out, record) = try AugmentTestSupport.run("random_noise", ["std": .array([.number(2), .number(2)]), "mean": .array([.number(1), .number(1)])], on: s)
        let (m, v) = Self.meanAndVariance(out.image)
        #expect(abs(m - 11) < 0.05)
        #expect(abs(v.squareRoot() - 2) < 0.03)
        #expect(record["std"] == .number(2))
    }

    /// Rice distribution with nu = 3, sigma = 1: mean sigma sqrt(pi/2) L_1/2(-nu^2 / 2 sigma^2),
    /// variance 2 sigma^2 + nu^2 - mean^2.
    @Test func ricianNoiseFollowsTheRiceDistribution() throws {
        func besselI(_ order: Int, _ x: Double) -> Double {
            var term = pow(x / 2, Double(order)) / Double((1...max(order, 1)).reduce(1, *))
            var sum = term
            for k in 1..<60 {
                term *= (x * x / 4) / (Double(k) * Double(k + order))
                sum += term
            }
            return sum
        }
        let nu = 3.0, sigma = 1.0
        let x = -nu * nu / (2 * sigma * sigma)
        let laguerre = exp(x / 2) * ((1 - x) * besselI(0, -x / 2) - x * besselI(1, -x / 2))
        let mean = sigma * (Double.pi / 2).squareRoot() * laguerre
        let variance = 2 * sigma * sigma + nu * nu - mean * mean

        let s = try Self.constant(Float(nu))
        let (out, _) = try AugmentTestSupport.run("random_rician_noise", ["std": .array([.number(sigma), .number(sigma)])], on: s)
        let (m, v) = Self.meanAndVariance(out.image)
        #expect(abs(m - mean) < 0.02, "mean \(m), Rice \(mean)")
        #expect(abs(v - variance) / variance < 0.03, "variance \(v), Rice \(variance)")
        #expect(AugmentTestSupport.floats(out.image).allSatisfy { $0 >= 0 })
    }

    @Test func blurWithZeroStdIsTheIdentityAndOtherwiseSmooths() throws {
        let image = try AugmentTestSupport.formula([12, 10, 8], geometry: .identity(spacing: [2, 1, 1]))
        let s = try Subject(image: image)
        let (same, _) = try AugmentTestSupport.run("random_blur", ["std": .number(0)], on: s)
        #expect(same.image.data == image.data)
        let (blurred, record) = try AugmentTestSupport.run("random_blur", ["std": .array([.number(2), .number(2)])], on: s)
        #expect(record["std_voxels"] == .array([.number(1), .number(2), .number(2)]))
        var expected = image
        GaussianSmoothing.smooth(&expected, sigma: [1, 2, 2])
        #expect(blurred.image.data == expected.data)
    }

    @Test func ghostingWithoutStrengthIsTheIdentity() throws {
        let image = try AugmentTestSupport.formula([10, 8, 6])
        let s = try Subject(image: image)
        let (zero, record) = try AugmentTestSupport.run("random_ghosting", ["intensity": .number(0)], on: s)
        #expect(zero.image.data == image.data)
        #expect(record["intensity"] == .number(0))
        let (none, _) = try AugmentTestSupport.run("random_ghosting", ["num_ghosts": .number(0)], on: s)
        #expect(none.image.data == image.data)
        // Restoring the whole (even) axis undoes the ghosts up to rounding.
        var v = image
        RandomGhosting.ghost(&v, numGhosts: 2, axis: 0, intensity: 1, restore: 1)
        #expect(AugmentTestSupport.maxAbsDifference(AugmentTestSupport.floats(v), AugmentTestSupport.floats(image)) < 1e-4)
        RandomGhosting.ghost(&v, numGhosts: 2, axis: 0, intensity: 1, restore: nil)
        #expect(AugmentTestSupport.maxAbsDifference(AugmentTestSupport.floats(v), AugmentTestSupport.floats(image)) > 0.1)
    }

    @Test func motionWithoutMovementIsTheIdentity() throws {
        let image = try AugmentTestSupport.formula([10, 8, 6])
        let s = try Subject(image: image)
        let (still, record) = try AugmentTestSupport.run("random_motion", ["num_transforms": .number(0)], on: s)
        #expect(still.image.data == image.data)
        #expect(record["times"] == .array([]))
        // Poses that do not move (zero angles and translation) give the image back up to rounding.
        let (zero, _) = try AugmentTestSupport.run("random_motion", ["degrees": .number(0), "translation": .number(0), "num_transforms": .number(3)], on: s)
        #expect(AugmentTestSupport.maxAbsDifference(AugmentTestSupport.floats(zero.image), AugmentTestSupport.floats(image)) < 1e-4)
        let (moved, _) = try AugmentTestSupport.run("random_motion", [:], on: s)
        #expect(AugmentTestSupport.maxAbsDifference(AugmentTestSupport.floats(moved.image), AugmentTestSupport.floats(image)) > 0.01)
    }

    @Test func spikeWithoutIntensityIsTheIdentity() throws {
        let image = try AugmentTestSupport.formula([10, 8, 6])
        let s = try Subject(image: image)
        let (out, _) = try AugmentTestSupport.run("random_spike", ["intensity": .array([.number(0), .number(0)])], on: s)
        #expect(out.image.data == image.data)
    }

    @Test func intensityParametersAreValidated() {
        let bad: [(String, [String: JSONValue], String)] = [
            ("random_noise", ["std": .number(-1)], "random_noise.std"),
            ("random_noise", ["std": .array([.number(-1), .number(1)])], "random_noise.std"),
            ("random_rician_noise", ["mean": .array([.number(2), .number(1)])], "random_rician_noise.mean"),
            ("random_gamma", ["log_gamma": .array([.number(1), .number(2), .number(3)])], "random_gamma.log_gamma"),
            ("random_bias_field", ["order": .number(-1)], "random_bias_field.order"),
            ("random_blur", ["std": .array([.number(-1), .number(1)])], "random_blur.std"),
            ("random_ghosting", ["restore": .number(1.5)], "random_ghosting.restore"),
            ("random_ghosting", ["num_ghosts": .number(2.5)], "random_ghosting.num_ghosts"),
            ("random_ghosting", ["axes": .number(4)], "random_ghosting.axes"),
            ("random_motion", ["num_transforms": .number(-1)], "random_motion.num_transforms"),
            ("random_motion", ["interpolation": .string("sinc")], "random_motion.interpolation"),
            ("random_spike", ["num_spikes": .number(-2)], "random_spike.num_spikes"),
        ]
        AugmentTestSupport.expectRejected(bad)
        do {
            _ = try TransformRegistry.make("random_noise", ["sd": .number(1)])
            Issue.record("unknown parameter accepted")
        } catch {
            guard case .unknownParameter(let t, let n, _) = error else { Issue.record("\(error)"); return }
            #expect(t == "random_noise" && n == "sd")
        }
    }
}
