/// What `NIfTIWriter` writes besides the volume itself.
public struct NIfTIWriteOptions: Sendable {
    /// The statistical or other meaning of the data (intent_code, intent_p1...p3, intent_name).
    public struct Intent: Sendable, Equatable {
        public var code: Int
        public var p1: Double
        public var p2: Double
        public var p3: Double
        /// Up to 15 bytes.
        public var name: String

        public init(code: Int, p1: Double = 0, p2: Double = 0, p3: Double = 0, name: String = "") {
            self.code = code
            self.p1 = p1
            self.p2 = p2
            self.p3 = p3
            self.name = name
        }

        public static let none = Intent(code: 0)
    }

    /// NIfTI-1 or NIfTI-2; nil chooses NIfTI-1 unless a dimension exceeds 32767
    /// (or, for an `NIfTIImage`, the version it was read as).
    public var version: NIfTIHeader.Version?
    /// sform_code for the affine (1 = scanner anatomical, as dcm2niix; 0 leaves the sform unused).
    public var sformCode: Int
    /// qform_code for the affine.
    public var qformCode: Int
    /// gzip level 0...9 for .nii.gz and .hdr.gz/.img.gz.
    public var compressionLevel: Int
    /// descrip (up to 79 bytes).
    public var description: String
    public var intent: Intent
    /// xyzt_units; pixdim[4] is written in the temporal unit given here.
    public var xyztUnits: Int
    public var extensions: [NIfTIExtension]

    public init(version: NIfTIHeader.Version? = nil, sformCode: Int = 1, qformCode: Int = 1,
                compressionLevel: Int = 6, description: String = "", intent: Intent = .none,
                xyztUnits: Int = NIfTIUnits.millimeter | NIfTIUnits.second,
                extensions: [NIfTIExtension] = []) {
        self.version = version
        self.sformCode = sformCode
        self.qformCode = qformCode
        self.compressionLevel = compressionLevel
        self.description = description
        self.intent = intent
        self.xyztUnits = xyztUnits
        self.extensions = extensions
    }
}
