import Imaging

extension TransformRegistry {
    /// Pipeline names of the augmentation transforms (TorchIO's random transforms; see
    /// each type for the parameters, their TorchIO conventions and defaults).
    static var augmentation: [String: TransformFactory] {
        [
            "random_affine": { p throws(PreprocessError) in try RandomAffine(parameters: &p) },
            "random_elastic": { p throws(PreprocessError) in try RandomElasticDeformation(parameters: &p) },
            "random_flip": { p throws(PreprocessError) in
                try RandomFlip(axes: try p.axes("axes", default: [.index(0)]),
                               flipProbability: try p.probability("flip_probability", default: 0.5))
            },
            "random_bias_field": { p throws(PreprocessError) in
                try RandomBiasField(coefficients: try p.scalarRange("coefficients", around: 0, default: -0.5...0.5),
                                    order: try p.int("order", default: 3))
            },
            "random_gamma": { p throws(PreprocessError) in
                RandomGamma(logGamma: try p.scalarRange("log_gamma", around: 0, default: -0.3...0.3))
            },
            "random_noise": { p throws(PreprocessError) in RandomNoise(ranges: try NoiseRanges(parameters: &p)) },
            "random_rician_noise": { p throws(PreprocessError) in RandomRicianNoise(ranges: try NoiseRanges(parameters: &p)) },
            "random_blur": { p throws(PreprocessError) in
                try RandomBlur(std: try p.axisRanges("std", around: nil, minimum: 0, default: Array(repeating: 0...2, count: 3)))
            },
            "random_motion": { p throws(PreprocessError) in
                try RandomMotion(axes: try p.axes("axes", default: [.index(0), .index(1), .index(2)]),
                                 degrees: try p.scalarRange("degrees", around: 0, default: -10...10),
                                 translation: try p.scalarRange("translation", around: 0, default: -10...10),
                                 numTransforms: try p.int("num_transforms", default: 2),
                                 interpolation: try p.interpolationChoice("interpolation", default: .linear))
            },
            "random_ghosting": { p throws(PreprocessError) in
                let restore: ClosedRange<Double>? = p.values["restore"].map { $0 != .null } ?? false
                    ? try p.scalarRange("restore", around: nil, minimum: 0, maximum: 1, default: 0...0) : nil
                p.declare("restore")
                return try RandomGhosting(numGhosts: try p.integerRange("num_ghosts", default: 4...10),
                                          axes: try p.axes("axes", default: [.index(0), .index(1), .index(2)]),
                                          intensity: try p.scalarRange("intensity", around: nil, minimum: 0, default: 0.5...1),
                                          restore: restore)
            },
            "random_spike": { p throws(PreprocessError) in
                try RandomSpike(numSpikes: try p.integerRange("num_spikes", default: 1...1),
                                intensity: try p.scalarRange("intensity", around: 0, default: 1...3))
            },
        ]
    }
}

extension TransformParameters {
    /// A non-negative integer range: one value d means [0, d], two values [a, b].
    mutating func integerRange(_ key: String, default def: ClosedRange<Int>) throws(PreprocessError) -> ClosedRange<Int> {
        let r = try scalarRange(key, around: nil, minimum: 0, default: Double(def.lowerBound)...Double(def.upperBound))
        try require(r.lowerBound == r.lowerBound.rounded() && r.upperBound == r.upperBound.rounded() && r.upperBound < 1e9,
                    key, "expected whole numbers")
        return Int(r.lowerBound)...Int(r.upperBound)
    }
}
