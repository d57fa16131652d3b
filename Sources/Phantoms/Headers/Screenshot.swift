import DICOM
import Foundation
import Imaging
import Preprocessing

/// A secondary-capture "screenshot" of a viewer: an axial slice of the head with the
/// patient's name, ID, birth date and the study date burned into the pixels, as exported
/// by workstations. Secondary Capture Image Storage, 8-bit MONOCHROME2.
enum Screenshot {
    static let sopClass = "1.2.840.10008.5.1.4.1.1.7"
    static let size = 384

    /// The pixels and the burned-in text boxes (kind, value, box).
    /// `image` is the posed T1 head.
    static func pixels(image: Volume, identity id: PatientIdentity, study: StudyContext,
                       centre: [Double]) throws(PhantomError) -> (bytes: [UInt8], text: [(kind: String, value: String, box: PixelRegion)]) {
        // An axial grid 240 mm wide through the lesion level (or the brain centre).
        let ps = 240.0 / Double(size)
        let z = centre[2]
        let origin = [centre[0] + ps * Double(size - 1) / 2, centre[1] + ps * Double(size - 1) / 2, z]
        let grid = SamplingGrid(shape: [size, size, 1], affine: Matrix4(rows: [
            [-ps, 0, 0, origin[0]], [0, -ps, 0, origin[1]], [0, 0, 1, origin[2]], [0, 0, 0, 1]]))
        let slice: Volume
        do { slice = try Resampler.resample(image, onto: grid, options: ResampleOptions(interpolation: .linear, fill: 0, antialias: true)) } catch {
            throw .invalidParameter(name: "screenshot", value: "\(size)", reason: "\(error)")
        }
        var bytes = [UInt8](repeating: 0, count: size * size)
        slice.withFloat32Buffer { src in
            for n in 0..<(size * size) { bytes[n] = UInt8(min(200, max(0, src[n] / 1000 * 200)).rounded()) }
        }
        let font = BitmapFont.standard
        let name = "\(id.name.family.uppercased()), \(id.name.given.uppercased())"
        let birth = Array(id.birthDate), studyDate = Array(study.date)
        let dob = "\(String(birth[0..<4]))-\(String(birth[4..<6]))-\(String(birth[6..<8]))"
        let day = "\(String(studyDate[0..<4]))-\(String(studyDate[4..<6]))-\(String(studyDate[6..<8]))"
        let lines: [(String, String, String)] = [
            ("patient_name", name, name),
            ("patient_id", id.medicalRecordNumber, "ID " + id.medicalRecordNumber),
            ("birth_date", dob, "DOB " + dob),
            ("date", day, day),
        ]
        var text: [(kind: String, value: String, box: PixelRegion)] = []
        var y = 6
        for (kind, value, line) in lines {
            let box = font.draw(line, into: &bytes, width: size, height: size, x: 6, y: y, scale: 2, value: 255)
            // The box of the value itself (the line may start with a label).
            let prefix = font.size(of: String(line.dropLast(value.count)), scale: 2).width
            let lead = prefix > 0 ? prefix + font.advance * 2 - font.glyphWidth * 2 : 0
            text.append((kind, value, PixelRegion(x: box.x + lead, y: box.y, width: box.width - lead, height: box.height)))
            y += font.lineHeight * 2
        }
        let inst = id.institution.stationPrefix
        let w = font.size(of: inst, scale: 2).width
        let box = font.draw(inst, into: &bytes, width: size, height: size, x: size - 6 - w, y: size - 6 - font.glyphHeight * 2, scale: 2, value: 255)
        text.append(("institution", inst, box))
        return (bytes, text)
    }

    /// The dataset of the screenshot file (without the identifying elements, added by the caller).
    static func dataset(pixels: [UInt8], study: StudyContext, seriesUID: String, sopInstanceUID: String, seriesNumber: Int,
                        seriesTime: Double, burnedInAnnotation: String, manufacturer: String) -> Dataset {
        func t(_ keyword: String, _ vr: VR, _ value: String) -> DataElement {
            DataElement(tag: HeaderBuilder.tag(keyword), vr: vr, strings: [value])
        }
        let time = SeriesWriter.Format.time(seriesTime)
        return Dataset([
            t("SOPClassUID", .UI, sopClass),
            t("SOPInstanceUID", .UI, sopInstanceUID),
            t("ImageType", .CS, "DERIVED\\SECONDARY"),
            t("StudyDate", .DA, study.date),
            t("SeriesDate", .DA, study.date),
            t("ContentDate", .DA, study.date),
            t("StudyTime", .TM, SeriesWriter.Format.time(study.startTime)),
            t("SeriesTime", .TM, time),
            t("ContentTime", .TM, time),
            t("Modality", .CS, "OT"),
            t("ConversionType", .CS, "WSD"),
            t("Manufacturer", .LO, manufacturer),
            t("StudyInstanceUID", .UI, study.studyInstanceUID),
            t("SeriesInstanceUID", .UI, seriesUID),
            t("SeriesNumber", .IS, String(seriesNumber)),
            t("InstanceNumber", .IS, "1"),
            t("PatientOrientation", .CS, ""),
            t("Laterality", .CS, ""),
            DataElement(tag: Tags.samplesPerPixel, vr: .US, integers: [UInt16(1)]),
            t("PhotometricInterpretation", .CS, "MONOCHROME2"),
            DataElement(tag: Tags.rows, vr: .US, integers: [UInt16(size)]),
            DataElement(tag: Tags.columns, vr: .US, integers: [UInt16(size)]),
            DataElement(tag: Tags.bitsAllocated, vr: .US, integers: [UInt16(8)]),
            DataElement(tag: Tags.bitsStored, vr: .US, integers: [UInt16(8)]),
            DataElement(tag: Tags.highBit, vr: .US, integers: [UInt16(7)]),
            DataElement(tag: Tags.pixelRepresentation, vr: .US, integers: [UInt16(0)]),
            t("BurnedInAnnotation", .CS, burnedInAnnotation),
            DataElement(tag: Tags.pixelData, vr: .OB, value: .bytes(pixels)),
        ])
    }
}
