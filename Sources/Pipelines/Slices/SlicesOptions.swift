import Preprocessing

/// Settings of a 3D NIfTI -> 2D PNG dataset run (`medsynth slices`).
public struct SlicesOptions: Sendable {
    public var input: String
    public var output: String
    public var axis: SliceAxis
    /// Pictures are `size` x `size` pixels (see `SliceResizer`).
    public var size: Int
    /// Optional labels CSV (see `LabelsFile`).
    public var labels: String?
    public var split: SplitFractions
    public var seed: UInt64
    public var selection: SliceSelection
    public var foreground: ForegroundThreshold
    public var window: IntensityWindow
    public var grayLevels: GrayLevels
    public var convention: DisplayConvention
    public var interpolation: Interpolation
    /// Allows a non-empty output folder: the previous train/, val/, test/ folders and index
    /// and summary files there are removed first; other files are left alone.
    public var overwrite: Bool
    /// zlib level of the PNGs, 0 ... 9.
    public var compressionLevel: Int
    /// Class of every volume when there is no labels file.
    public var unlabeledClass: String

    /// 80 % of the patients in train, the rest in test.
    public static let defaultSplit = SplitFractions(unchecked: 0.8, val: 0)

    public init(input: String, output: String, axis: SliceAxis = .axial, size: Int = 64, labels: String? = nil,
                split: SplitFractions = SlicesOptions.defaultSplit, seed: UInt64 = 0,
                selection: SliceSelection = SliceSelection(), foreground: ForegroundThreshold = .standard,
                window: IntensityWindow = .standard, grayLevels: GrayLevels = .eight,
                convention: DisplayConvention = .radiological, interpolation: Interpolation = .linear,
                overwrite: Bool = false, compressionLevel: Int = 6, unlabeledClass: String = "unlabeled") {
        self.input = input
        self.output = output
        self.axis = axis
        self.size = size
        self.labels = labels
        self.split = split
        self.seed = seed
        self.selection = selection
        self.foreground = foreground
        self.window = window
        self.grayLevels = grayLevels
        self.convention = convention
        self.interpolation = interpolation
        self.overwrite = overwrite
        self.compressionLevel = compressionLevel
        self.unlabeledClass = unlabeledClass
    }

    /// Throws for a parameter the job cannot use, naming it.
    public func validate() throws(PreprocessError) {
        guard SliceResizer.sizeRange.contains(size) else {
            throw .invalidParameter(name: "size", value: "\(size)", reason: "the picture size must be in \(SliceResizer.sizeRange.lowerBound) ... \(SliceResizer.sizeRange.upperBound) pixels")
        }
        try selection.validate()
        try foreground.validate()
        try window.validate()
        guard (0...9).contains(compressionLevel) else {
            throw .invalidParameter(name: "compression", value: "\(compressionLevel)", reason: "the zlib level must be in 0 ... 9")
        }
        guard LabelsFile.isValidClassName(unlabeledClass) else {
            throw .invalidParameter(name: "unlabeled_class", value: "'\(unlabeledClass)'", reason: "cannot be a folder name")
        }
    }
}
