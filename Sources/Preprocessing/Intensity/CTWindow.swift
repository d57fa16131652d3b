import Imaging

/// CT windowing in Hounsfield units: the window [level - width/2, level + width/2] maps
/// linearly to `output` (default [0, 1]); values below it become `output.lowerBound`,
/// values above it `output.upperBound` (clipped, as a viewer shows them black and white).
public struct CTWindow: Transform {
    /// Window centre in HU.
    public var level: Double
    /// Window width in HU (> 0).
    public var width: Double
    public var output: ClosedRange<Double>
    /// The preset this window came from, if any (for records).
    public var preset: String?

    /// Throws for a non-positive or non-finite width.
    public init(level: Double, width: Double, output: ClosedRange<Double> = 0...1) throws(PreprocessError) {
        guard width.isFinite, width > 0, level.isFinite else {
            throw .invalidParameter(name: "window.width", value: "\(width)", reason: "a window width must be a positive number of HU")
        }
        self.level = level
        self.width = width
        self.output = output
    }

    /// A named preset (see `CTWindow.presets`); throws for an unknown name, listing the known ones.
    public init(preset: String, output: ClosedRange<Double> = 0...1) throws(PreprocessError) {
        guard let p = CTWindow.presets[preset.lowercased()] else {
            throw .invalidParameter(name: "window.preset", value: "'\(preset)'",
                                    reason: "unknown preset (known: \(CTWindow.presets.keys.sorted().joined(separator: ", ")))")
        }
        try self.init(level: p.level, width: p.width, output: output)
        self.preset = preset.lowercased()
    }

    /// Common radiology presets (level, width) in HU, after Radiopaedia's "Windowing (CT)"
    /// table of typical values (which vary by institution): brain W:80 L:40; subdural
    /// W:130-300 L:50-100 (the midpoints, L:75 W:215, are used here); stroke W:40 L:40;
    /// lungs W:1500 L:-600; mediastinum W:350 L:50; abdomen soft tissue W:400 L:50;
    /// liver W:150 L:30; bone W:1800 L:400.
    public static let presets: [String: (level: Double, width: Double)] = [
        "brain": (40, 80),
        "subdural": (75, 215),
        "stroke": (40, 40),
        "lung": (-600, 1500),
        "mediastinum": (50, 350),
        "abdomen": (50, 400),
        "liver": (30, 150),
        "bone": (400, 1800),
    ]

    /// The window's ends in HU.
    public var range: ClosedRange<Double> { (level - width / 2)...(level + width / 2) }

    public var name: String { "window" }
    public var parameters: [String: JSONValue] {
        var p: [String: JSONValue] = [:]
        if let preset { p["preset"] = .string(preset) } else {
            p["level"] = .number(level)
            p["width"] = .number(width)
        }
        if output != 0...1 { p["out"] = .array([.number(output.lowerBound), .number(output.upperBound)]) }
        return p
    }

    /// The windowed image (float32).
    public func apply(_ volume: Volume) throws(PreprocessError) -> Volume {
        var image = try IntensityMask.float32(volume, parameter: "window")
        let a = (output.upperBound - output.lowerBound) / width
        VoxelMap.linear(&image, scale: a, offset: output.lowerBound - range.lowerBound * a, clip: output)
        return image
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        subject.image = try apply(subject.image)
        return ["level": .number(level), "width": .number(width),
                "low": .number(range.lowerBound), "high": .number(range.upperBound)]
    }
}
