import DICOM
import Foundation
import Testing
@testable import Anonymization

@Suite struct BurnedInRiskTests {
    static let mrImage = "1.2.840.10008.5.1.4.1.1.4"
    static let ctImage = "1.2.840.10008.5.1.4.1.1.2"

    /// A dataset with the attributes `assess` looks at (nil leaves an attribute out).
    static func dataset(sopClass: String? = mrImage, modality: String? = "MR", burnedIn: String? = nil,
                        imageType: String? = "ORIGINAL\\PRIMARY\\M\\ND", conversionType: String? = nil) -> Dataset {
        var ds = Dataset()
        if let sopClass { ds.set(DataElement(tag: Tags.sopClassUID, vr: .UI, strings: [sopClass])) }
        if let modality { ds.set(DataElement(tag: Tags.modality, vr: .CS, strings: [modality])) }
        if let burnedIn { ds.set(DataElement(tag: Tags.burnedInAnnotation, vr: .CS, strings: [burnedIn])) }
        if let imageType { ds.set(DataElement(tag: Tags.imageType, vr: .CS, strings: [imageType])) }
        if let conversionType { ds.set(DataElement(tag: Tag(0x0008, 0x0064), vr: .CS, strings: [conversionType])) }
        return ds
    }

    @Test func anOrdinaryAcquisitionIsNotAtRisk() {
        #expect(BurnedInRisk.assess(Self.dataset()) == nil)
        #expect(BurnedInRisk.assess(Self.dataset(burnedIn: "NO")) == nil)
        #expect(BurnedInRisk.assess(Self.dataset(sopClass: Self.ctImage, modality: "CT", imageType: "ORIGINAL\\PRIMARY\\AXIAL")) == nil)
        #expect(BurnedInRisk.assess(Dataset()) == nil)
    }

    @Test func burnedInAnnotationYesFlagsAnyImage() {
        #expect(BurnedInRisk.assess(Self.dataset(burnedIn: "YES"))?.reasons == ["Burned In Annotation is YES"])
        #expect(BurnedInRisk.assess(Self.dataset(burnedIn: " yes"))?.reasons == ["Burned In Annotation is YES"])
    }

    @Test(arguments: ["US", "IVUS", "XA", "RF", "ES", "XC", "OP", "SC", "OT", "DOC", "CD", "DD", "EC", "DS", "CF", "VF"])
    func atRiskModalitiesAreFlagged(modality: String) {
        let risk = BurnedInRisk.assess(Self.dataset(sopClass: nil, modality: modality, imageType: nil))
        #expect(risk?.reasons == ["modality \(modality)"])
        // Case and padding do not matter.
        #expect(BurnedInRisk.assess(Self.dataset(sopClass: nil, modality: modality.lowercased() + " ", imageType: nil))?.reasons
                == ["modality \(modality)"])
    }

    @Test(arguments: ["MR", "CT", "PT", "NM", "CR", "DX", "MG", "SEG", "SR"])
    func otherModalitiesAreNotFlagged(modality: String) {
        #expect(BurnedInRisk.assess(Self.dataset(sopClass: nil, modality: modality, imageType: nil)) == nil)
    }

    @Test func atRiskSOPClassesAreFlaggedWithTheirNames() throws {
        let expected: [String: String] = [
            "1.2.840.10008.5.1.4.1.1.7": "Secondary Capture Image Storage",
            "1.2.840.10008.5.1.4.1.1.7.1": "Multi-frame Single Bit Secondary Capture Image Storage",
            "1.2.840.10008.5.1.4.1.1.7.2": "Multi-frame Grayscale Byte Secondary Capture Image Storage",
            "1.2.840.10008.5.1.4.1.1.7.3": "Multi-frame Grayscale Word Secondary Capture Image Storage",
            "1.2.840.10008.5.1.4.1.1.7.4": "Multi-frame True Color Secondary Capture Image Storage",
            "1.2.840.10008.5.1.4.1.1.6": "Ultrasound Image Storage (Retired)",
            "1.2.840.10008.5.1.4.1.1.6.1": "Ultrasound Image Storage",
            "1.2.840.10008.5.1.4.1.1.3": "Ultrasound Multi-frame Image Storage (Retired)",
            "1.2.840.10008.5.1.4.1.1.3.1": "Ultrasound Multi-frame Image Storage",
            "1.2.840.10008.5.1.4.1.1.12.1": "X-Ray Angiographic Image Storage",
            "1.2.840.10008.5.1.4.1.1.12.2": "X-Ray Radiofluoroscopic Image Storage",
            "1.2.840.10008.5.1.4.1.1.77.1.1": "VL Endoscopic Image Storage",
            "1.2.840.10008.5.1.4.1.1.77.1.1.1": "Video Endoscopic Image Storage",
            "1.2.840.10008.5.1.4.1.1.104.1": "Encapsulated PDF Storage",
        ]
        for (uid, name) in expected {
            // With a modality that is not at risk, only the SOP class fires.
            let risk = try #require(BurnedInRisk.assess(Self.dataset(sopClass: uid, modality: "MR", imageType: nil)), "\(uid)")
            #expect(risk.reasons == ["SOP class \(name)"], "\(uid)")
        }
        // Every listed UID is a well-formed storage class UID.
        for uid in BurnedInRisk.atRiskSOPClasses.keys {
            #expect(uid.hasPrefix("1.2.840.10008.5.1.4.1.1."), "\(uid)")
            #expect(uid.allSatisfy { $0.isNumber || $0 == "." } && !uid.hasSuffix("."), "\(uid)")
        }
        #expect(BurnedInRisk.assess(Self.dataset(sopClass: Self.ctImage, modality: "CT", imageType: nil)) == nil)
        // Enhanced MR is not SC even though it starts like one of the listed classes.
        #expect(BurnedInRisk.assess(Self.dataset(sopClass: "1.2.840.10008.5.1.4.1.1.4.1", modality: "MR", imageType: nil)) == nil)
    }

    @Test func conversionTypeMarksASecondaryCapture() {
        let risk = BurnedInRisk.assess(Self.dataset(sopClass: nil, modality: "MR", imageType: nil, conversionType: "WSD"))
        #expect(risk?.reasons == ["Conversion Type WSD (workstation): a secondary capture"])
        let unknown = BurnedInRisk.assess(Self.dataset(sopClass: nil, modality: "MR", imageType: nil, conversionType: "XYZ"))
        #expect(unknown?.reasons == ["Conversion Type XYZ: a secondary capture"])
    }

    @Test func screenCapturesUnderOrdinaryClassesAreFlaggedButDerivedImagesAreNot() {
        let doseScreen = Self.dataset(sopClass: Self.ctImage, modality: "CT", imageType: "DERIVED\\SECONDARY\\SCREEN SAVE")
        #expect(BurnedInRisk.assess(doseScreen)?.reasons == ["Image Type SCREEN SAVE"])
        let protocolPage = Self.dataset(sopClass: Self.ctImage, modality: "CT", imageType: "DERIVED\\SECONDARY\\OTHER\\CSA REPORT")
        #expect(BurnedInRisk.assess(protocolPage)?.reasons == ["Image Type CSA REPORT"])
        let reformat = Self.dataset(sopClass: Self.ctImage, modality: "CT", imageType: "DERIVED\\SECONDARY\\REFORMATTED")
        #expect(BurnedInRisk.assess(reformat) == nil)
    }

    /// The demo archive's screenshots say Burned In Annotation NO; they are flagged all the same.
    @Test func aLyingNoDoesNotClearAScreenshot() throws {
        let screenshot = Self.dataset(sopClass: "1.2.840.10008.5.1.4.1.1.7", modality: "OT", burnedIn: "NO",
                                      imageType: "DERIVED\\SECONDARY", conversionType: "WSD")
        let risk = try #require(BurnedInRisk.assess(screenshot))
        #expect(risk.reasons == ["modality OT", "SOP class Secondary Capture Image Storage",
                                 "Conversion Type WSD (workstation): a secondary capture"])
        // An ultrasound that says NO is still an ultrasound.
        let us = Self.dataset(sopClass: "1.2.840.10008.5.1.4.1.1.6.1", modality: "US", burnedIn: "NO")
        #expect(BurnedInRisk.assess(us)?.reasons == ["modality US", "SOP class Ultrasound Image Storage"])
    }

    @Test func everyCriterionIsReportedInOrder() throws {
        let all = Self.dataset(sopClass: "1.2.840.10008.5.1.4.1.1.6.1", modality: "US", burnedIn: "YES",
                               imageType: "DERIVED\\SECONDARY\\SCREEN SAVE", conversionType: "DV")
        let risk = try #require(BurnedInRisk.assess(all))
        #expect(risk.reasons == ["Burned In Annotation is YES", "modality US", "SOP class Ultrasound Image Storage",
                                 "Conversion Type DV (digitized video): a secondary capture", "Image Type SCREEN SAVE"])
        let decoded = try JSONDecoder().decode(BurnedInRisk.self, from: JSONEncoder().encode(risk))
        #expect(decoded == risk)
    }
}
