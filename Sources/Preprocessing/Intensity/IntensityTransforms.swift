extension TransformRegistry {
    /// Pipeline names of the intensity transforms (image only; label maps untouched).
    static var intensity: [String: TransformFactory] {
        [
            "zscore": { p throws(PreprocessError) in
                ZScoreNormalization(mask: IntensityMask(parameter: try p.optionalString("mask")))
            },
            "minmax": { p throws(PreprocessError) in
                MinMaxRescale(output: try p.outputRange(), mask: IntensityMask(parameter: try p.optionalString("mask")))
            },
            "percentile": { p throws(PreprocessError) in
                let ps = try p.doubles("percentiles", count: 2, default: [0.5, 99.5])
                return try PercentileRescale(low: ps[0], high: ps[1], output: try p.outputRange(),
                                             mask: IntensityMask(parameter: try p.optionalString("mask")))
            },
            "window": { p throws(PreprocessError) in
                let output = try p.outputRange()
                let preset = try p.optionalString("preset")
                let level = try p.optionalDouble("level"), width = try p.optionalDouble("width")
                if let preset {
                    try p.require(level == nil && width == nil, "preset", "give either a preset or level and width, not both")
                    return try CTWindow(preset: preset, output: output)
                }
                guard let level, let width else {
                    throw .missingParameter(transform: "window", name: level == nil ? "level" : "width")
                }
                return try CTWindow(level: level, width: width, output: output)
            },
            "histogram_standardization": { p throws(PreprocessError) in
                let mask = IntensityMask(parameter: try p.optionalString("mask"))
                let file = try p.optionalString("landmarks_file")
                let hasValues = p.values["landmarks"] != nil && p.values["landmarks"] != .null
                if let file {
                    try p.require(!hasValues, "landmarks", "give either landmarks or landmarks_file, not both")
                    p.declare("landmarks", "percentiles")
                    try p.require(p.values["percentiles"] == nil, "percentiles", "the landmarks file holds its percentiles")
                    var t = HistogramStandardization(landmarks: try HistogramLandmarks.read(from: file), mask: mask)
                    t.landmarksFile = file
                    return t
                }
                guard hasValues else { throw .missingParameter(transform: "histogram_standardization", name: "landmarks") }
                let values = try p.doubles("landmarks")
                let ps = try p.doubles("percentiles", default: HistogramLandmarks.landmarkPercentiles())
                return HistogramStandardization(landmarks: try HistogramLandmarks(percentiles: ps, values: values), mask: mask)
            },
            "cast": { p throws(PreprocessError) in
                let type = try p.string("type")
                let r = try p.string("rounding", default: VoxelRounding.nearest.rawValue)
                guard let rounding = VoxelRounding(rawValue: r) else {
                    throw .invalidParameter(name: "cast.rounding", value: "'\(r)'",
                                            reason: "expected one of \(VoxelRounding.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return try CastVoxelType(type: type, rounding: rounding, clip: try p.bool("clip", default: true))
            },
        ]
    }
}

extension TransformParameters {
    /// The `out` parameter of the intensity transforms: two ascending numbers, default [0, 1].
    mutating func outputRange() throws(PreprocessError) -> ClosedRange<Double> {
        let o = try doubles("out", count: 2, default: [0, 1])
        try require(o[0] < o[1], "out", "expected two ascending numbers [low, high]")
        return o[0]...o[1]
    }
}
