extension TransformRegistry {
    /// Pipeline names of the spatial transforms (image and label maps move together).
    static var spatial: [String: TransformFactory] {
        [
            "crop_or_pad": { p throws(PreprocessError) in
                let shape = try p.ints("shape", count: 3)
                let anchor = p.values["anchor"] == nil || p.values["anchor"] == .null ? nil : try p.ints("anchor", count: 3)
                p.declare("anchor")
                var fill = CropOrPad.PadFill.value(0)
                switch p.values["fill"] {
                case .string(let s)?:
                    try p.require(s == "min", "fill", "expected a number or 'min'")
                    fill = .minimum
                    p.declare("fill")
                default:
                    fill = .value(try p.double("fill", default: 0))
                }
                return try CropOrPad(shape: shape, anchor: anchor, fill: fill)
            },
            "crop_foreground": { p throws(PreprocessError) in
                let mask = try p.optionalString("mask")
                let threshold = try p.optionalDouble("threshold")
                let margin = try p.ints("margin", count: 3, default: [0, 0, 0])
                var source = CropForeground.Source.aboveMinimum
                if let mask {
                    try p.require(threshold == nil, "threshold", "give either a mask or a threshold, not both")
                    source = .labelMap(mask)
                } else if let threshold {
                    source = .threshold(threshold)
                }
                return try CropForeground(source: source, margin: margin)
            },
            "foreground_mask": { p throws(PreprocessError) in
                var o = ForegroundMask.Options()
                switch p.values["threshold"] {
                case .string(let s)?:
                    try p.require(s == "otsu", "threshold", "expected a number or 'otsu'")
                    p.declare("threshold")
                default:
                    o.threshold = try p.optionalDouble("threshold")
                }
                o.closingRadius = try p.int("closing", default: 2)
                o.element = try p.string("element", default: "ball")
                o.fillHoles = try p.bool("fill_holes", default: true)
                o.largestComponent = try p.bool("largest_component", default: true)
                o.connectivity = try Connectivity(try p.int("connectivity", default: 6), parameter: "foreground_mask.connectivity")
                return try ForegroundMask(options: o, name: try p.string("name", default: "foreground"), apply: try p.bool("apply", default: false))
            },
        ]
    }
}
