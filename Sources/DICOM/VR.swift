/// A DICOM value representation (two letters, e.g. "PN", "US", "SQ").
public struct VR: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ s: String) { self.rawValue = s }
    public var description: String { rawValue }

    public static let AE = VR("AE"), AS = VR("AS"), AT = VR("AT"), CS = VR("CS"), DA = VR("DA")
    public static let DS = VR("DS"), DT = VR("DT"), FL = VR("FL"), FD = VR("FD"), IS = VR("IS")
    public static let LO = VR("LO"), LT = VR("LT"), OB = VR("OB"), OD = VR("OD"), OF = VR("OF")
    public static let OL = VR("OL"), OV = VR("OV"), OW = VR("OW"), PN = VR("PN"), SH = VR("SH")
    public static let SL = VR("SL"), SQ = VR("SQ"), SS = VR("SS"), ST = VR("ST"), SV = VR("SV")
    public static let TM = VR("TM"), UC = VR("UC"), UI = VR("UI"), UL = VR("UL"), UN = VR("UN")
    public static let UR = VR("UR"), US = VR("US"), UT = VR("UT"), UV = VR("UV")

    /// Text VRs: values are character strings, multiple values separated by a backslash.
    public var isString: Bool {
        ["AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"].contains(rawValue)
    }
    /// Text VRs whose value is a single string that may itself contain backslashes.
    public var isSingleValuedText: Bool { ["LT", "ST", "UT", "UR"].contains(rawValue) }

    /// Size in bytes of one binary value (US = 2, FD = 8...), nil for text and bulk VRs.
    public var binaryWidth: Int? {
        switch rawValue {
        case "US", "SS": return 2
        case "UL", "SL", "FL": return 4
        case "FD", "UV", "SV": return 8
        case "AT": return 4
        default: return nil
        }
    }
    /// Bulk binary VRs (OB, OW, OF, OD, OL, OV, UN).
    public var isBulk: Bool { ["OB", "OW", "OF", "OD", "OL", "OV", "UN"].contains(rawValue) }
}
