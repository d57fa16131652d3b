import XCTest
@testable import DICOM

final class DatasetTests: XCTestCase {
    func testTypedHeaderAccessByTagAndKeyword() throws {
        let f = try DicomFile.read(try SampleData.dicom("CT_small.dcm"), options: .header)
        XCTAssertTrue(f.pixelDataSkipped)
        XCTAssertEqual(f.dataset.string("Modality"), "CT")
        XCTAssertEqual(f.dataset.string(Tags.patientName), f.dataset.string("PatientName"))
        XCTAssertEqual(f.dataset[Tags.rows]?.vr, .US)
        XCTAssertEqual(f.dataset.int(Tags.rows), 128)
        let iop = try XCTUnwrap(f.dataset[Tags.imageOrientationPatient])
        XCTAssertEqual(iop.vr, .DS)
        XCTAssertEqual(iop.multiplicity, 6)
        XCTAssertEqual(iop.numbers.count, 6)
        XCTAssertEqual(Tag(parsing: "PatientID"), Tag(0x0010, 0x0020))
        XCTAssertEqual(Tag(parsing: "(0010,0020)"), Tag(0x0010, 0x0020))
        XCTAssertEqual(Tag(parsing: "00100020"), Tag(0x0010, 0x0020))
        XCTAssertNil(Tag(parsing: "NoSuchKeyword"))
        XCTAssertEqual(Tag(0x0010, 0x0010).keyword, "PatientName")
    }

    func testNestedPrivateSequencesAndCreators() throws {
        let f = try DicomFile.read(try SampleData.dicom("priv_SQ.dcm"))
        var depths: [Int] = []
        f.dataset.walk { path, _ in depths.append(path.depth) }
        XCTAssertGreaterThanOrEqual(depths.max() ?? 0, 1)
        // Build a private block and find its creator.
        var ds = Dataset()
        let xx = try XCTUnwrap(ds.privateBlock(group: 0x0029, creator: "MEDSYNTH TEST", reserve: true))
        let tag = Tag(0x0029, xx << 8 | 0x01)
        ds.set(DataElement(tag: tag, vr: .LO, strings: ["secret"]))
        XCTAssertEqual(ds.privateCreator(of: tag), "MEDSYNTH TEST")
        XCTAssertEqual(ds.privateBlock(group: 0x0029, creator: "MEDSYNTH TEST", reserve: false), xx)
    }

    func testEditsAtAnyDepthThroughPaths() throws {
        var ds = Dataset()
        let path = try XCTUnwrap(AttributePath(parsing: "RequestAttributesSequence[1].ReferencedStudySequence[0].ReferencedSOPInstanceUID"))
        try ds.set(DataElement(tag: Tags.sopInstanceUID, vr: .UI, strings: ["1.2.3"]), at: path)
        XCTAssertEqual(ds.items(Tag(parsing: "RequestAttributesSequence")!).count, 2)
        XCTAssertEqual(ds[path: path]?.strings, ["1.2.3"])
        XCTAssertEqual(path.description, "RequestAttributesSequence[1].ReferencedStudySequence[0].ReferencedSOPInstanceUID")
        XCTAssertTrue(ds.remove(at: path))
        XCTAssertNil(ds[path: path])
        XCTAssertFalse(ds.remove(at: path))
        // mapElements reaches nested elements.
        try ds.set(DataElement(tag: Tags.patientName, vr: .PN, strings: ["Doe^Jane"]), at: AttributePath(parsing: "RequestAttributesSequence[0].PatientName")!)
        let cleaned = ds.mapElements { _, e in e.tag == Tags.patientName ? nil : e }
        var names = 0
        cleaned.walk { _, e in if e.tag == Tags.patientName { names += 1 } }
        XCTAssertEqual(names, 0)
    }

    func testStringPaddingAndMultiValues() {
        let e = DataElement(tag: Tags.imageType, vr: .CS, strings: ["ORIGINAL", "PRIMARY", "AXIAL"])
        XCTAssertEqual((e.bytes?.count ?? 1) % 2, 0)
        XCTAssertEqual(e.strings, ["ORIGINAL", "PRIMARY", "AXIAL"])
        XCTAssertEqual(e.multiplicity, 3)
        let uid = DataElement(tag: Tags.sopInstanceUID, vr: .UI, strings: ["1.2.3"])
        XCTAssertEqual(uid.bytes?.last, 0)
        XCTAssertEqual(uid.strings, ["1.2.3"])
        let us = DataElement(tag: Tags.rows, vr: .US, integers: [UInt16(512)])
        XCTAssertEqual(us.numbers, [512])
        XCTAssertEqual(us.strings, ["512"])
    }
}
