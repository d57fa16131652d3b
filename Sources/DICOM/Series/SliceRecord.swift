/// One 2D image of a series: a single-frame file, or one frame of a multi-frame file,
/// with the header values that place it in space and time.
public struct SliceRecord: Sendable {
    public var path: String
    /// Frame index inside the file (0 for single-frame files).
    public var frame: Int
    /// Image Position (Patient), LPS mm; nil when the object has no patient geometry.
    public var position: [Double]?
    /// Image Orientation (Patient): row direction then column direction, LPS.
    public var orientation: [Double]?
    /// Pixel Spacing: [between rows, between columns] (mm).
    public var pixelSpacing: [Double]?
    public var rows: Int
    public var columns: Int
    public var instanceNumber: Int
    /// Ordering key for repeated positions (temporal position, acquisition time, trigger...).
    public var timeKey: Double
    public var echoNumber: Int?
    public var echoTime: Double?
    public var sopInstanceUID: String?
    public var sliceThickness: Double?
    public var spacingBetweenSlices: Double?
}

extension SliceRecord {
    /// Slice normal (row x column direction), LPS.
    public var normal: [Double]? {
        guard let o = orientation, o.count == 6 else { return nil }
        return Vector3.cross(Array(o[0..<3]), Array(o[3..<6]))
    }
}

/// Small 3-vector helpers for geometry in Double.
public enum Vector3 {
    public static func cross(_ a: [Double], _ b: [Double]) -> [Double] {
        [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
    }
    public static func dot(_ a: [Double], _ b: [Double]) -> Double { a[0] * b[0] + a[1] * b[1] + a[2] * b[2] }
    public static func sub(_ a: [Double], _ b: [Double]) -> [Double] { [a[0] - b[0], a[1] - b[1], a[2] - b[2]] }
    public static func scale(_ a: [Double], _ s: Double) -> [Double] { [a[0] * s, a[1] * s, a[2] * s] }
    public static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
}
