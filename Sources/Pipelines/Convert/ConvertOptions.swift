/// Settings of a DICOM -> NIfTI conversion.
public struct ConvertOptions: Sendable {
    public var input: String
    public var output: String
    /// Write `.nii.gz` (default) or `.nii`.
    public var gzip: Bool
    /// gzip level (1 fastest ... 9 smallest).
    public var compressionLevel: Int
    /// File name pattern (see `OutputNaming`).
    public var pattern: String
    /// Write a BIDS-style JSON sidecar beside each NIfTI.
    public var sidecars: Bool

    public init(input: String, output: String, gzip: Bool = true, compressionLevel: Int = 6,
                pattern: String = OutputNaming.defaultPattern, sidecars: Bool = true) {
        self.input = input
        self.output = output
        self.gzip = gzip
        self.compressionLevel = compressionLevel
        self.pattern = pattern
        self.sidecars = sidecars
    }
}
