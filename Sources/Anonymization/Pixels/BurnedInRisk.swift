import DICOM
import Foundation

/// Why a file's pixels may carry burned-in identifying text (names, IDs, dates typed into the
/// image by a scanner or a workstation). Header cleaning cannot reach such text: a flagged file
/// is released only after a redaction rule blanked it (or declared it clean), otherwise it is
/// quarantined.
///
/// `assess` flags a dataset when any of these holds:
/// - Burned In Annotation (0028,0301) is `YES`.
/// - Modality (0008,0060) is one of `atRiskModalities`: ultrasound (US, IVUS and the retired
///   CD, DD, EC), X-ray angiography and fluoroscopy (XA, RF and the retired DS, CF, VF),
///   endoscopy (ES), photography (XC, OP), secondary capture and other (SC, OT) and documents
///   (DOC). These devices commonly write patient details, dates and measurements into the pixels.
/// - SOP Class UID (0008,0016) is one of `atRiskSOPClasses`: every Secondary Capture storage class,
///   Ultrasound (single and multi-frame, current and retired, enhanced volume), X-ray angiographic
///   and radiofluoroscopic (including enhanced and retired bi-plane), VL endoscopic, photographic
///   and ophthalmic photography (still and video), and encapsulated PDF and CDA documents.
/// - Conversion Type (0008,0064) is present: only secondary captures carry it, and every one of
///   its defined terms (DV, DI, DF, WSD, SD, SI, DRW, SYN) describes pixels that were captured
///   from a screen, a film, a document or a drawing rather than acquired.
/// - Image Type (0008,0008) has a value containing `SCREEN` (such as `SCREEN SAVE`) or equal to
///   `CSA REPORT`: screen captures and dose reports stored under an ordinary image class (a CT
///   dose screen, a Siemens patient protocol page).
///
/// Burned In Annotation `NO` does not clear a file flagged by the other criteria: the attribute
/// is written by the device or the exporting workstation and is often wrong (a screenshot
/// exported with "NO" still shows the patient's name). Image Type `SECONDARY` alone is not a
/// criterion: it marks every derived image (reformats, subtractions, parametric maps), which
/// rarely carry text and would otherwise all be quarantined; secondary captures are caught by
/// their SOP class and Conversion Type instead.
public struct BurnedInRisk: Sendable, Codable, Equatable {
    /// Short texts, one per criterion that fired, e.g. "Burned In Annotation is YES",
    /// "modality US", "SOP class Secondary Capture Image Storage".
    public var reasons: [String]

    public init(reasons: [String]) {
        self.reasons = reasons
    }

    /// Modalities whose images often carry burned-in text, with their names.
    public static let atRiskModalities: [String: String] = [
        "US": "ultrasound",
        "IVUS": "intravascular ultrasound",
        "CD": "colour flow Doppler (retired)",
        "DD": "duplex Doppler (retired)",
        "EC": "echocardiography (retired)",
        "XA": "X-ray angiography",
        "RF": "radio fluoroscopy",
        "DS": "digital subtraction angiography (retired)",
        "CF": "cinefluorography (retired)",
        "VF": "videofluorography (retired)",
        "ES": "endoscopy",
        "XC": "external-camera photography",
        "OP": "ophthalmic photography",
        "SC": "secondary capture",
        "OT": "other",
        "DOC": "document",
    ]

    /// SOP classes whose images often carry burned-in text (or are documents), with their names.
    public static let atRiskSOPClasses: [String: String] = [
        "1.2.840.10008.5.1.4.1.1.7": "Secondary Capture Image Storage",
        "1.2.840.10008.5.1.4.1.1.7.1": "Multi-frame Single Bit Secondary Capture Image Storage",
        "1.2.840.10008.5.1.4.1.1.7.2": "Multi-frame Grayscale Byte Secondary Capture Image Storage",
        "1.2.840.10008.5.1.4.1.1.7.3": "Multi-frame Grayscale Word Secondary Capture Image Storage",
        "1.2.840.10008.5.1.4.1.1.7.4": "Multi-frame True Color Secondary Capture Image Storage",
        "1.2.840.10008.5.1.4.1.1.6": "Ultrasound Image Storage (Retired)",
        "1.2.840.10008.5.1.4.1.1.6.1": "Ultrasound Image Storage",
        "1.2.840.10008.5.1.4.1.1.6.2": "Enhanced US Volume Storage",
        "1.2.840.10008.5.1.4.1.1.3": "Ultrasound Multi-frame Image Storage (Retired)",
        "1.2.840.10008.5.1.4.1.1.3.1": "Ultrasound Multi-frame Image Storage",
        "1.2.840.10008.5.1.4.1.1.12.1": "X-Ray Angiographic Image Storage",
        "1.2.840.10008.5.1.4.1.1.12.1.1": "Enhanced XA Image Storage",
        "1.2.840.10008.5.1.4.1.1.12.2": "X-Ray Radiofluoroscopic Image Storage",
        "1.2.840.10008.5.1.4.1.1.12.2.1": "Enhanced XRF Image Storage",
        "1.2.840.10008.5.1.4.1.1.12.3": "X-Ray Angiographic Bi-Plane Image Storage (Retired)",
        "1.2.840.10008.5.1.4.1.1.77.1": "VL Image Storage (Retired)",
        "1.2.840.10008.5.1.4.1.1.77.2": "VL Multi-frame Image Storage (Retired)",
        "1.2.840.10008.5.1.4.1.1.77.1.1": "VL Endoscopic Image Storage",
        "1.2.840.10008.5.1.4.1.1.77.1.1.1": "Video Endoscopic Image Storage",
        "1.2.840.10008.5.1.4.1.1.77.1.4": "VL Photographic Image Storage",
        "1.2.840.10008.5.1.4.1.1.77.1.4.1": "Video Photographic Image Storage",
        "1.2.840.10008.5.1.4.1.1.77.1.5.1": "Ophthalmic Photography 8 Bit Image Storage",
        "1.2.840.10008.5.1.4.1.1.77.1.5.2": "Ophthalmic Photography 16 Bit Image Storage",
        "1.2.840.10008.5.1.4.1.1.77.1.5.5": "Wide Field Ophthalmic Photography Stereographic Projection Image Storage",
        "1.2.840.10008.5.1.4.1.1.77.1.5.6": "Wide Field Ophthalmic Photography 3D Coordinates Image Storage",
        "1.2.840.10008.5.1.4.1.1.104.1": "Encapsulated PDF Storage",
        "1.2.840.10008.5.1.4.1.1.104.2": "Encapsulated CDA Storage",
    ]

    /// Defined terms of Conversion Type (0008,0064), for the reasons' wording.
    static let conversionTypes: [String: String] = [
        "DV": "digitized video", "DI": "digital interface", "DF": "digitized film", "WSD": "workstation",
        "SD": "scanned document", "SI": "scanned image", "DRW": "drawing", "SYN": "synthetic image",
    ]

    /// The risk of burned-in text in this dataset, or nil when no criterion fires.
    public static func assess(_ dataset: Dataset) -> BurnedInRisk? {
        var reasons: [String] = []
        func normalized(_ tag: Tag) -> String? {
            guard let s = dataset.string(tag)?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return nil }
            return s
        }
        if normalized(Tags.burnedInAnnotation)?.uppercased() == "YES" {
            reasons.append("Burned In Annotation is YES")
        }
        if let m = normalized(Tags.modality)?.uppercased(), atRiskModalities[m] != nil {
            reasons.append("modality \(m)")
        }
        if let uid = normalized(Tags.sopClassUID), let name = atRiskSOPClasses[uid] {
            reasons.append("SOP class \(name)")
        }
        if let c = normalized(Tag(0x0008, 0x0064))?.uppercased() {
            let what = conversionTypes[c].map { " (\($0))" } ?? ""
            reasons.append("Conversion Type \(c)\(what): a secondary capture")
        }
        let imageType = dataset.strings(Tags.imageType).map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        if let v = imageType.first(where: { $0.contains("SCREEN") || $0 == "CSA REPORT" }) {
            reasons.append("Image Type \(v)")
        }
        return reasons.isEmpty ? nil : BurnedInRisk(reasons: reasons)
    }
}
