/// How `SeriesWriter` lays out, stores and labels a series. Every default is
/// deterministic: with the same options (and `seed`) the same volume gives the same bytes.
public struct SeriesWriterOptions: Sendable, Equatable {
    /// Classic MR Image Storage (one file per slice per time point) or one Enhanced MR multi-frame file.
    public enum Layout: String, Sendable, Codable, CaseIterable {
        case singleFrame
        case enhancedMultiFrame
    }

    /// The stored sample type (16 bits allocated and stored either way).
    public enum Storage: String, Sendable, Codable, CaseIterable {
        case int16, uint16

        public var range: ClosedRange<Double> {
            switch self {
            case .int16: return Double(Int16.min)...Double(Int16.max)
            case .uint16: return 0...Double(UInt16.max)
            }
        }
    }

    /// How voxel values become stored samples.
    public enum IntensityMapping: String, Sendable, Codable, CaseIterable {
        /// Stored values are written as they are (they must be integers within the storage range);
        /// the volume's own `scale`, if any, becomes Rescale Slope / Intercept.
        case exact
        /// Physical values (scale applied) are mapped linearly onto the whole storage range,
        /// with the Rescale Slope / Intercept that map them back. For float data.
        case scaleToStorageRange
    }

    /// Which end of the slice axis gets Instance Number 1 (or frame 1).
    public enum SliceOrder: String, Sendable, Codable, CaseIterable {
        /// Instance Number 1 is slice k = 0.
        case ascending
        /// Instance Number 1 is slice k = depth - 1.
        case descending
    }

    /// File names `<prefix><number, zero-padded to digits>[.<extension>]`, numbered from 1 in writing order.
    public struct FileNaming: Sendable, Equatable, Codable {
        public var prefix: String
        public var digits: Int
        /// Without the dot; nil for no extension.
        public var fileExtension: String?

        public init(prefix: String = "IM", digits: Int = 4, fileExtension: String? = "dcm") {
            self.prefix = prefix
            self.digits = digits
            self.fileExtension = fileExtension
        }

        /// `IM0001.dcm`, `IM0002.dcm`, ...
        public static let numbered = FileNaming()
        /// `00001`, `00002`, ... (no extension, as many archives store them).
        public static let bare = FileNaming(prefix: "", digits: 5, fileExtension: nil)

        /// The name of the `number`-th file (1-based).
        public func name(_ number: Int) -> String {
            let n = String(number)
            let padded = String(repeating: "0", count: max(0, digits - n.count)) + n
            return prefix + padded + (fileExtension.map { "." + $0 } ?? "")
        }
    }

    public var layout: Layout = .singleFrame
    public var storage: Storage = .int16
    public var intensityMapping: IntensityMapping = .exact
    public var sliceOrder: SliceOrder = .ascending
    public var fileNaming: FileNaming = .numbered
    /// Seed of every generated UID.
    public var seed: UInt64 = 1

    // Patient and study.
    public var patientName: String = "SYNTHETIC^PHANTOM"
    public var patientID: String = "MEDSYNTH-0001"
    public var patientSex: String = "O"
    public var patientBirthDate: String = ""
    /// Generated from `seed` when nil (also the series and frame of reference UIDs).
    public var studyInstanceUID: String? = nil
    public var seriesInstanceUID: String? = nil
    public var frameOfReferenceUID: String? = nil
    public var studyID: String = "1"
    public var studyDescription: String = "medsynth synthetic study"
    /// YYYYMMDD of the study, series, acquisition and content dates.
    public var studyDate: String = "20240101"
    /// Start of the first time point, in seconds after midnight (study and series time too).
    public var acquisitionStartTime: Double = 12 * 3600 + 5 * 60

    // Series and acquisition.
    public var seriesNumber: Int = 1
    public var seriesDescription: String = "medsynth series"
    public var protocolName: String = "medsynth"
    public var manufacturer: String = "SYNTHETIC"
    public var manufacturerModelName: String = "SeriesWriter"
    public var magneticFieldStrength: Double = 3
    /// Milliseconds.
    public var echoTime: Double = 4.6
    /// Milliseconds.
    public var repetitionTime: Double = 2000
    /// Degrees.
    public var flipAngle: Double = 10
    /// Seconds between time points of a 4D volume; nil uses the volume's `timeStep`
    /// when positive, else the repetition time.
    public var timePointInterval: Double? = nil
    /// MR Acquisition Type (0018,0023); nil writes "2D" for time series and "3D" otherwise.
    /// dcm2niix rotates 3D acquisitions to the closest canonical orientation, 2D ones not.
    public var acquisitionType: String? = nil

    /// The MR Acquisition Type written for a series of `timePoints` time points.
    public func resolvedAcquisitionType(timePoints: Int) -> String {
        acquisitionType ?? (timePoints > 1 ? "2D" : "3D")
    }

    // Bad-input series.
    /// Slices (k) left out of the series, at every time point.
    public var omitSlices: Set<Int> = []
    /// Slices (k) written twice (with different SOP Instance UIDs), at every time point.
    public var duplicateSlices: Set<Int> = []

    public init() {}
}
