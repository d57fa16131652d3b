/// The units packed into `xyzt_units`: spatial in bits 0-2, temporal in bits 3-5.
public enum NIfTIUnits {
    public static let unknown = 0
    public static let meter = 1
    public static let millimeter = 2
    public static let micron = 3
    public static let second = 8
    public static let millisecond = 16
    public static let microsecond = 24
    public static let hertz = 32
    public static let ppm = 40
    public static let radiansPerSecond = 48

    /// The spatial unit code of an `xyzt_units` value.
    public static func spatial(_ xyztUnits: Int) -> Int { xyztUnits & 0x07 }

    /// The temporal unit code of an `xyzt_units` value.
    public static func temporal(_ xyztUnits: Int) -> Int { xyztUnits & 0x38 }

    /// Seconds per unit of pixdim[4]: 1 for seconds and for unknown units (assumed seconds),
    /// 1e-3 for ms, 1e-6 for us, nil when the 4th axis is not time (Hz, ppm, rad/s).
    public static func secondsPerTimeUnit(_ xyztUnits: Int) -> Double? {
        switch temporal(xyztUnits) {
        case unknown, second: return 1
        case millisecond: return 1e-3
        case microsecond: return 1e-6
        default: return nil
        }
    }
}
