/// Transfer syntaxes medsynth reads and writes.
public struct TransferSyntax: Hashable, Sendable, Codable, CustomStringConvertible {
    public var uid: String
    public init(_ uid: String) { self.uid = uid }

    public static let implicitVRLittleEndian = TransferSyntax("1.2.840.10008.1.2")
    public static let explicitVRLittleEndian = TransferSyntax("1.2.840.10008.1.2.1")
    public static let deflatedExplicitVRLittleEndian = TransferSyntax("1.2.840.10008.1.2.1.99")
    public static let explicitVRBigEndian = TransferSyntax("1.2.840.10008.1.2.2")
    public static let jpegBaseline = TransferSyntax("1.2.840.10008.1.2.4.50")
    public static let jpegExtended = TransferSyntax("1.2.840.10008.1.2.4.51")
    public static let jpegLossless = TransferSyntax("1.2.840.10008.1.2.4.57")
    public static let jpegLosslessSV1 = TransferSyntax("1.2.840.10008.1.2.4.70")
    public static let jpegLSLossless = TransferSyntax("1.2.840.10008.1.2.4.80")
    public static let jpegLSNearLossless = TransferSyntax("1.2.840.10008.1.2.4.81")
    public static let jpeg2000Lossless = TransferSyntax("1.2.840.10008.1.2.4.90")
    public static let jpeg2000 = TransferSyntax("1.2.840.10008.1.2.4.91")
    public static let htj2kLossless = TransferSyntax("1.2.840.10008.1.2.4.201")
    public static let htj2kLosslessRPCL = TransferSyntax("1.2.840.10008.1.2.4.202")
    public static let htj2k = TransferSyntax("1.2.840.10008.1.2.4.203")
    public static let rleLossless = TransferSyntax("1.2.840.10008.1.2.5")

    private static let names: [String: String] = [
        "1.2.840.10008.1.2": "Implicit VR Little Endian",
        "1.2.840.10008.1.2.1": "Explicit VR Little Endian",
        "1.2.840.10008.1.2.1.99": "Deflated Explicit VR Little Endian",
        "1.2.840.10008.1.2.2": "Explicit VR Big Endian",
        "1.2.840.10008.1.2.4.50": "JPEG Baseline (Process 1)",
        "1.2.840.10008.1.2.4.51": "JPEG Extended (Process 2 & 4)",
        "1.2.840.10008.1.2.4.57": "JPEG Lossless (Process 14)",
        "1.2.840.10008.1.2.4.70": "JPEG Lossless SV1",
        "1.2.840.10008.1.2.4.80": "JPEG-LS Lossless",
        "1.2.840.10008.1.2.4.81": "JPEG-LS Near-Lossless",
        "1.2.840.10008.1.2.4.90": "JPEG 2000 Lossless",
        "1.2.840.10008.1.2.4.91": "JPEG 2000",
        "1.2.840.10008.1.2.4.201": "HTJ2K Lossless",
        "1.2.840.10008.1.2.4.202": "HTJ2K Lossless RPCL",
        "1.2.840.10008.1.2.4.203": "HTJ2K",
        "1.2.840.10008.1.2.5": "RLE Lossless",
    ]

    public var name: String { TransferSyntax.names[uid] ?? "unknown (\(uid))" }
    public var description: String { name }

    /// Pixel data is stored as fragments (compressed).
    public var isEncapsulated: Bool { uid.hasPrefix("1.2.840.10008.1.2.4.") || uid == "1.2.840.10008.1.2.5" }
    /// Decoded by OpenJPEG rather than DCMTK.
    public var isJPEG2000: Bool {
        ["1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.201",
         "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203"].contains(uid)
    }
}
