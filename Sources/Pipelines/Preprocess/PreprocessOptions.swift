import Foundation
import Preprocessing

/// What `medsynth preprocess` does: the steps named by flags (in a fixed order) followed by
/// the steps of a pipeline file, applied to one NIfTI file or every NIfTI file in a folder.
public struct PreprocessOptions: Sendable {
    /// A NIfTI file or a folder searched recursively.
    public var input: String
    /// The output file (for a single input named *.nii or *.nii.gz) or folder.
    public var output: String
    /// `--orient CODE`: reorient first (exact permutation and flips).
    public var orient: String?
    /// `--spacing X,Y,Z` (mm): resample to this spacing.
    public var spacing: [Double]?
    /// `--like FILE`: resample onto the grid of this image (instead of --spacing).
    public var like: String?
    /// Interpolation of intensity images for --spacing / --like (label maps: nearest).
    public var interpolation: Interpolation
    /// `--crop-foreground`: crop to the bounding box of the foreground.
    public var cropForeground: Bool
    /// `--normalize zscore|minmax|percentile:P1,P99|window:PRESET|window:LEVEL,WIDTH`.
    public var normalize: String?
    /// `--shape X,Y,Z`: crop or pad (centred) to this shape, last.
    public var shape: [Int]?
    /// `--pipeline FILE.yaml`: further steps after the flags' steps.
    public var pipelineFile: String?
    /// Seed of random steps; default: the pipeline file's seed, else 0.
    public var seed: UInt64?
    /// Label maps next to each image: for image NAME.nii.gz and suffix `_seg`, NAME_seg.nii.gz
    /// is moved along (nearest neighbour) and written next to the output under the same suffix.
    public var labelSuffixes: [String]
    /// gzip the outputs (.nii.gz).
    public var gzip: Bool
    /// Files processed at once.
    public var jobs: Int
    /// Replace existing output files.
    public var overwrite: Bool

    public init(input: String, output: String, orient: String? = nil, spacing: [Double]? = nil, like: String? = nil,
                interpolation: Interpolation = .linear, cropForeground: Bool = false, normalize: String? = nil,
                shape: [Int]? = nil, pipelineFile: String? = nil, seed: UInt64? = nil, labelSuffixes: [String] = [],
                gzip: Bool = true, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, overwrite: Bool = false) {
        self.input = input
        self.output = output
        self.orient = orient
        self.spacing = spacing
        self.like = like
        self.interpolation = interpolation
        self.cropForeground = cropForeground
        self.normalize = normalize
        self.shape = shape
        self.pipelineFile = pipelineFile
        self.seed = seed
        self.labelSuffixes = labelSuffixes
        self.gzip = gzip
        self.jobs = max(1, jobs)
        self.overwrite = overwrite
    }
}
