import XCTest
@testable import DICOM

final class WriterTests: XCTestCase {
    var tmp: URL!
    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-dicom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    func testRoundTripExplicitLittleEndianKeepsEveryElement() throws {
        let src = try SampleData.dicom("MR_small_implicit.dcm")
        let f = try DicomFile.read(src)
        let out = tmp.appendingPathComponent("out.dcm").path
        try DicomWriter.write(f, to: out)
        let g = try DicomFile.read(out)
        XCTAssertEqual(g.transferSyntax, .explicitVRLittleEndian)
        XCTAssertEqual(g.meta.string(Tags.mediaStorageSOPInstanceUID), f.dataset.string(Tags.sopInstanceUID))
        XCTAssertEqual(g.dataset.elements.map(\.tag), f.dataset.elements.map(\.tag))
        XCTAssertEqual(try PixelDecoder.decode(g).data, try PixelDecoder.decode(f).data)
        XCTAssertTrue(try FileManager.default.contentsOfDirectory(atPath: tmp.path).allSatisfy { !$0.contains(".tmp-") })
    }

    func testHeaderEditKeepsCompressedPixelDataByteForByte() throws {
        for name in ["MR_small_jp2klossless.dcm", "MR_small_RLE.dcm", "SC_rgb_jpeg_dcmtk.dcm", "emri_small_jpeg_ls_lossless.dcm"] {
            let src = try SampleData.dicom(name)
            let before = try Data(contentsOf: URL(fileURLWithPath: src))
            var f = try DicomFile.read(src, options: ReadOptions(decodePixels: false))
            f.dataset.set(DataElement(tag: Tags.patientName, vr: .PN, strings: ["Anonymous"]))
            f.dataset.remove(Tags.patientBirthDate)
            let out = tmp.appendingPathComponent(name).path
            try DicomWriter.write(f, to: out)
            let g = try DicomFile.read(out, options: ReadOptions(decodePixels: false))
            XCTAssertEqual(g.transferSyntax, f.transferSyntax, name)
            XCTAssertEqual(g.dataset.string(Tags.patientName), "Anonymous", name)
            XCTAssertNil(g.dataset[Tags.patientBirthDate], name)
            guard case .encapsulated(let a)? = f.dataset[Tags.pixelData]?.value,
                  case .encapsulated(let b)? = g.dataset[Tags.pixelData]?.value else { return XCTFail("not encapsulated: \(name)") }
            XCTAssertEqual(a, b, name)
            XCTAssertEqual(try PixelDecoder.decode(try DicomFile.read(out)).data, try PixelDecoder.decode(try DicomFile.read(src)).data, name)
            // The input was not modified.
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: src)), before)
        }
    }

    func testCreateDatasetWithNestedSequencesAndPrivateBlock() throws {
        var ds = Dataset()
        ds.set(DataElement(tag: Tags.sopClassUID, vr: .UI, strings: ["1.2.840.10008.5.1.4.1.1.7"]))
        ds.set(DataElement(tag: Tags.sopInstanceUID, vr: .UI, strings: ["2.25.1234"]))
        ds.set(DataElement(tag: Tags.patientName, vr: .PN, strings: ["Doe^John"]))
        try ds.set(DataElement(tag: Tags.patientID, vr: .LO, strings: ["P1"]),
                   at: AttributePath(parsing: "OtherPatientIDsSequence[0].PatientID")!)
        try ds.set(DataElement(tag: Tags.accessionNumber, vr: .SH, strings: ["ACC9"]),
                   at: AttributePath(parsing: "RequestAttributesSequence[0].ReferencedStudySequence[0].AccessionNumber")!)
        let xx = try XCTUnwrap(ds.privateBlock(group: 0x0011, creator: "MEDSYNTH", reserve: true))
        ds.set(DataElement(tag: Tag(0x0011, xx << 8 | 0x10), vr: .LO, strings: ["hidden phi"]))
        ds.set(DataElement(tag: Tags.rows, vr: .US, integers: [UInt16(2)]))
        ds.set(DataElement(tag: Tag(0x0018, 0x9082), vr: .FD, doubles: [4.5]))
        let out = tmp.appendingPathComponent("new.dcm").path
        try DicomWriter.write(ds, to: out)
        let g = try DicomFile.read(out).dataset
        XCTAssertEqual(g.string(Tags.patientName), "Doe^John")
        XCTAssertEqual(g[path: AttributePath(parsing: "OtherPatientIDsSequence[0].PatientID")!]?.strings, ["P1"])
        XCTAssertEqual(g[path: AttributePath(parsing: "RequestAttributesSequence[0].ReferencedStudySequence[0].AccessionNumber")!]?.strings, ["ACC9"])
        XCTAssertEqual(g.privateCreator(of: Tag(0x0011, xx << 8 | 0x10)), "MEDSYNTH")
        XCTAssertEqual(g.string(Tag(0x0011, xx << 8 | 0x10)), "hidden phi")
        XCTAssertEqual(g.int(Tags.rows), 2)
        XCTAssertEqual(g.number(Tag(0x0018, 0x9082)), 4.5)
    }

    func testCompressedPixelsCannotBeWrittenUncompressedSilently() throws {
        let f = try DicomFile.read(try SampleData.dicom("MR_small_RLE.dcm"), options: ReadOptions(decodePixels: false))
        XCTAssertThrowsError(try DicomWriter.write(f, to: tmp.appendingPathComponent("x.dcm").path, transferSyntax: .explicitVRLittleEndian))
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("x.dcm").path))
    }

    func testBadInputsGiveClearErrors() throws {
        let empty = tmp.appendingPathComponent("empty").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        let text = tmp.appendingPathComponent("notes.txt").path
        try "hello, this is not DICOM at all, just text padding padding".write(toFile: text, atomically: true, encoding: .utf8)
        for (p, kind) in [(empty, DicomError.Kind.notDicom), (text, .notDicom), (tmp.path, .unreadable),
                          (tmp.appendingPathComponent("missing").path, .unreadable)] {
            XCTAssertThrowsError(try DicomFile.read(p)) { e in
                XCTAssertEqual((e as? DicomError)?.kind, kind, p)
                XCTAssertEqual((e as? DicomError)?.path, p)
            }
        }
        // A file cut at random points never crashes: it decodes or fails with a DicomError.
        let full = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try SampleData.dicom("CT_small.dcm"))))
        for cut in [10, 131, 200, 700, 1500, full.count / 2, full.count - 3] {
            let p = tmp.appendingPathComponent("cut\(cut).dcm").path
            _ = FileManager.default.createFile(atPath: p, contents: Data(full[0..<cut]))
            do {
                _ = try PixelDecoder.decode(try DicomFile.read(p))
                XCTFail("a file cut at \(cut) bytes decoded")
            } catch let e as DicomError {
                XCTAssertEqual(e.path, p)
            }
        }
    }
}
typealias ReadOptions = DicomFile.ReadOptions
