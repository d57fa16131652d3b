import DICOM

/// The codes of PS3.16 CID 7050 (De-identification Method) for the Basic Profile and its
/// options, recorded in De-identification Method Code Sequence (0012,0064).
public enum DeidentificationMethod {
    public struct Code: Sendable, Equatable, Codable {
        public var value: String
        public var meaning: String
    }

    public static let basicProfile = Code(value: "113100", meaning: "Basic Application Confidentiality Profile")
    public static let cleanPixelData = Code(value: "113101", meaning: "Clean Pixel Data Option")

    public static func code(for option: ProfileOption) -> Code {
        switch option {
        case .cleanGraphics: return Code(value: "113103", meaning: "Clean Graphics Option")
        case .cleanStructuredContent: return Code(value: "113104", meaning: "Clean Structured Content Option")
        case .cleanDescriptors: return Code(value: "113105", meaning: "Clean Descriptors Option")
        case .retainLongitudinalFullDates: return Code(value: "113106", meaning: "Retain Longitudinal Temporal Information Full Dates Option")
        case .retainLongitudinalModifiedDates: return Code(value: "113107", meaning: "Retain Longitudinal Temporal Information Modified Dates Option")
        case .retainPatientCharacteristics: return Code(value: "113108", meaning: "Retain Patient Characteristics Option")
        case .retainDeviceIdentity: return Code(value: "113109", meaning: "Retain Device Identity Option")
        case .retainUIDs: return Code(value: "113110", meaning: "Retain UIDs Option")
        case .retainSafePrivate: return Code(value: "113111", meaning: "Retain Safe Private Option")
        case .retainInstitutionIdentity: return Code(value: "113112", meaning: "Retain Institution Identity Option")
        }
    }

    /// The codes for a set of options, Basic Profile first, then the options in table order.
    public static func codes(options: Set<ProfileOption>, pixelsCleaned: Bool) -> [Code] {
        var out = [basicProfile]
        if pixelsCleaned { out.append(cleanPixelData) }
        out += ProfileOption.allCases.filter { options.contains($0) }.map(code(for:))
        return out
    }

    /// Short option names for De-identification Method (0012,0063) text.
    public static func shortName(_ option: ProfileOption) -> String {
        switch option {
        case .retainSafePrivate: return "RetainSafePrivate"
        case .retainUIDs: return "RetainUIDs"
        case .retainDeviceIdentity: return "RetainDeviceIdentity"
        case .retainInstitutionIdentity: return "RetainInstitutionIdentity"
        case .retainPatientCharacteristics: return "RetainPatientCharacteristics"
        case .retainLongitudinalFullDates: return "RetainFullDates"
        case .retainLongitudinalModifiedDates: return "RetainModifiedDates"
        case .cleanDescriptors: return "CleanDescriptors"
        case .cleanStructuredContent: return "CleanStructuredContent"
        case .cleanGraphics: return "CleanGraphics"
        }
    }

    /// The elements added to every de-identified dataset.
    static func elements(options: DeidentificationOptions, pixelsCleaned: Bool, software: String) -> [DataElement] {
        let codes = codes(options: options.options, pixelsCleaned: pixelsCleaned)
        let items = codes.map { c in
            Dataset([
                DataElement(tag: Tag(0x0008, 0x0100), vr: .SH, strings: [c.value]),
                DataElement(tag: Tag(0x0008, 0x0102), vr: .SH, strings: ["DCM"]),
                DataElement(tag: Tag(0x0008, 0x0104), vr: .LO, strings: [c.meaning]),
            ])
        }
        var method = ["PS3.15 E.1-1 \(AnnexETable.edition) Basic Profile", software]
        method += ProfileOption.allCases.filter { options.options.contains($0) }.map(shortName)
        if pixelsCleaned { method.append("CleanPixelData") }
        let temporal = options.shiftsDates ? "MODIFIED" : options.keepsDates ? "UNMODIFIED" : "REMOVED"
        return [
            DataElement(tag: Tag(0x0012, 0x0062), vr: .CS, strings: ["YES"]),
            DataElement(tag: Tag(0x0012, 0x0063), vr: .LO, strings: method.map { String($0.prefix(64)) }),
            DataElement(tag: Tag(0x0012, 0x0064), items: items),
            DataElement(tag: Tag(0x0028, 0x0303), vr: .CS, strings: [temporal]),
        ]
    }
}
