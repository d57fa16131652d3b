import DICOM

/// Dummy values for action D: non-empty, valid for the VR, and the same everywhere, so a
/// reader (and the PHI audit) can tell them from real data.
public enum DummyValue {
    public static let text = "ANONYMIZED"
    public static let date = "19000101"
    public static let dateTime = "19000101000000"
    public static let time = "000000"

    /// The dummy element replacing `element` (sequences are handled by the caller).
    public static func element(replacing element: DataElement) -> DataElement {
        let tag = element.tag, vr = element.vr
        switch vr.rawValue {
        case "DA": return DataElement(tag: tag, vr: vr, strings: [date])
        case "DT": return DataElement(tag: tag, vr: vr, strings: [dateTime])
        case "TM": return DataElement(tag: tag, vr: vr, strings: [time])
        case "DS", "IS": return DataElement(tag: tag, vr: vr, strings: ["0"])
        case "AS": return DataElement(tag: tag, vr: vr, strings: ["000Y"])
        case "UR": return DataElement(tag: tag, vr: vr, strings: ["urn:anonymized"])
        case "CS": return DataElement(tag: tag, vr: vr, strings: [text])
        default:
            if vr.isString { return DataElement(tag: tag, vr: vr, strings: [text]) }
            if let w = vr.binaryWidth { return DataElement(tag: tag, vr: vr, value: .bytes([UInt8](repeating: 0, count: w))) }
            return DataElement(tag: tag, vr: vr, value: .bytes([0, 0]))
        }
    }
}
