import DICOM
import Foundation
import Imaging
import NIfTI
import XCTest
@testable import Pipelines

/// Small image files written by code for the image-set tests.
enum ImageSetFixture {
    static func temporaryFolder(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-\(name)-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func folder(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    static func png<T: VoxelScalar>(_ path: String, width: Int, height: Int, values: [T]) throws {
        try folder((path as NSString).deletingLastPathComponent)
        try PNGCodec.write(try Volume(values: values, shape: [width, height, 1]), to: path)
    }

    static func rgbPNG(_ path: String, width: Int, height: Int, rgb: [UInt8]) throws {
        try folder((path as NSString).deletingLastPathComponent)
        try PNGCodec.write(try Volume(voxelType: .rgb24, shape: [width, height, 1], data: rgb), to: path)
    }

    static func nifti<T: VoxelScalar>(_ path: String, shape: [Int], values: [T], scale: IntensityScale? = nil) throws {
        try folder((path as NSString).deletingLastPathComponent)
        try NIfTIWriter.write(try Volume(values: values, shape: shape, scale: scale), to: path)
    }

    static func write(_ data: [UInt8], to path: String) throws {
        try folder((path as NSString).deletingLastPathComponent)
        try Data(data).write(to: URL(fileURLWithPath: path))
    }

    /// A minimal MR image: 16-bit unsigned, `frames` frames of `columns` x `rows`, with a
    /// top-level rescale and/or per-frame rescales (functional groups) when given.
    static func mr(columns: Int, rows: Int, frames: Int = 1, pixels: [UInt16], rescale: (Double, Double)? = nil,
                   perFrame: [(Double, Double)]? = nil) -> Dataset {
        func t(_ k: String) -> DICOM.Tag { DICOM.Tag(parsing: k)! }
        var elements = [
            DataElement(tag: t("SOPClassUID"), vr: .UI, strings: ["1.2.840.10008.5.1.4.1.1.4"]),
            DataElement(tag: t("SOPInstanceUID"), vr: .UI, strings: ["1.2.3.4.\(columns).\(rows).\(frames)"]),
            DataElement(tag: t("Modality"), vr: .CS, strings: ["MR"]),
            DataElement(tag: t("SamplesPerPixel"), vr: .US, integers: [UInt16(1)]),
            DataElement(tag: t("PhotometricInterpretation"), vr: .CS, strings: ["MONOCHROME2"]),
            DataElement(tag: t("Rows"), vr: .US, integers: [UInt16(rows)]),
            DataElement(tag: t("Columns"), vr: .US, integers: [UInt16(columns)]),
            DataElement(tag: t("BitsAllocated"), vr: .US, integers: [UInt16(16)]),
            DataElement(tag: t("BitsStored"), vr: .US, integers: [UInt16(16)]),
            DataElement(tag: t("HighBit"), vr: .US, integers: [UInt16(15)]),
            DataElement(tag: t("PixelRepresentation"), vr: .US, integers: [UInt16(0)]),
            DataElement(tag: t("PixelData"), vr: .OW, integers: pixels),
        ]
        if frames > 1 { elements.append(DataElement(tag: t("NumberOfFrames"), vr: .IS, strings: ["\(frames)"])) }
        if let (slope, intercept) = rescale {
            elements.append(DataElement(tag: Tags.rescaleSlope, vr: .DS, strings: ["\(slope)"]))
            elements.append(DataElement(tag: Tags.rescaleIntercept, vr: .DS, strings: ["\(intercept)"]))
        }
        if let perFrame {
            let items = perFrame.map { (s, i) in
                Dataset([DataElement(tag: Tags.pixelValueTransformationSequence, items: [Dataset([
                    DataElement(tag: Tags.rescaleSlope, vr: .DS, strings: ["\(s)"]),
                    DataElement(tag: Tags.rescaleIntercept, vr: .DS, strings: ["\(i)"]),
                ])])])
            }
            elements.append(DataElement(tag: Tags.perFrameFunctionalGroups, items: items))
        }
        return Dataset(elements)
    }

    static func dicom(_ path: String, _ dataset: Dataset) throws {
        try folder((path as NSString).deletingLastPathComponent)
        try DicomWriter.write(dataset, to: path)
    }

    /// A structured report: DICOM, but no pixels.
    static func report() -> Dataset {
        func t(_ k: String) -> DICOM.Tag { DICOM.Tag(parsing: k)! }
        return Dataset([
            DataElement(tag: t("SOPClassUID"), vr: .UI, strings: ["1.2.840.10008.5.1.4.1.1.88.11"]),
            DataElement(tag: t("SOPInstanceUID"), vr: .UI, strings: ["1.2.3.4.99"]),
            DataElement(tag: t("Modality"), vr: .CS, strings: ["SR"]),
        ])
    }

    /// real/ and synthetic/ with class folders, every format, pairs, unpaired files both
    /// sides, a key conflict, a shape mismatch and non-image files. Returns the root.
    static func makeSets() throws -> String {
        let root = try temporaryFolder("image-sets")
        let real = root + "/real", synth = root + "/synthetic"
        // real
        try png(real + "/top.png", width: 2, height: 2, values: [UInt8](arrayLiteral: 1, 2, 3, 4))
        try png(real + "/glioma/a.png", width: 3, height: 2, values: (0..<6).map { UInt8($0 * 10) })
        try png(real + "/glioma/b.png", width: 3, height: 2, values: (0..<6).map { UInt16(1000 + $0) })
        try dicom(real + "/glioma/IM0001", mr(columns: 3, rows: 2, pixels: (0..<6).map { UInt16($0 + 100) }, rescale: (2, -100)))
        try dicom(real + "/glioma/sr.dcm", report())
        try nifti(real + "/meningioma/c.nii.gz", shape: [4, 3, 2], values: (0..<24).map { Int16($0 - 5) },
                  scale: IntensityScale(slope: 0.5, intercept: 10))
        try nifti(real + "/meningioma/d.nii", shape: [3, 2, 1], values: (0..<6).map { Float($0) + 0.25 })
        try dicom(real + "/meningioma/e.dcm", mr(columns: 3, rows: 2, frames: 3, pixels: (0..<18).map { UInt16($0) }, rescale: (1, -1024)))
        try dicom(real + "/meningioma/f.dcm", mr(columns: 3, rows: 2, frames: 2, pixels: (0..<12).map { UInt16($0) },
                                                 perFrame: [(1, 0), (3, 5)]))
        try nifti(real + "/pituitary/x.hdr", shape: [3, 2, 1], values: (0..<6).map { UInt8($0 + 7) })
        try nifti(real + "/pituitary/lonely.hdr", shape: [3, 2, 1], values: [UInt8](repeating: 1, count: 6))
        try FileManager.default.removeItem(atPath: real + "/pituitary/lonely.img")
        try write(Array("raw bytes".utf8), to: real + "/pituitary/orphan.img")
        try write(Array("notes, not an image\n".utf8), to: real + "/notes.txt")
        // synthetic
        try png(synth + "/top.png", width: 2, height: 2, values: [UInt8](arrayLiteral: 1, 2, 3, 5))
        try nifti(synth + "/glioma/a.nii.gz", shape: [3, 2, 1], values: (0..<6).map { UInt8($0 * 10 + 1) })
        try png(synth + "/glioma/b.png", width: 4, height: 2, values: (0..<8).map { UInt16(1000 + $0) })
        try dicom(synth + "/glioma/IM0001.dcm", mr(columns: 3, rows: 2, pixels: (0..<6).map { UInt16($0 + 101) }, rescale: (2, -100)))
        try png(synth + "/meningioma/c.png", width: 4, height: 3, values: [UInt8](repeating: 0, count: 12))
        try nifti(synth + "/meningioma/c.nii.gz", shape: [4, 3, 2], values: [Int16](repeating: 0, count: 24))
        try png(synth + "/meningioma/zzz.png", width: 2, height: 2, values: [UInt8](repeating: 9, count: 4))
        return root
    }
}

final class ImageSetListingTests: XCTestCase {
    var root = ""
    override func setUpWithError() throws { root = try ImageSetFixture.makeSets() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func testItemsKeysLabelsAndFormats() throws {
        let set = try ImageSet.list(root: root + "/real")
        XCTAssertFalse(set.isSingleFile)
        XCTAssertEqual(set.items.map(\.path), [
            "glioma/IM0001", "glioma/a.png", "glioma/b.png",
            "meningioma/c.nii.gz", "meningioma/d.nii", "meningioma/e.dcm", "meningioma/f.dcm",
            "pituitary/x.hdr", "top.png",
        ])
        XCTAssertEqual(set.items.map(\.key), [
            "glioma/IM0001", "glioma/a", "glioma/b",
            "meningioma/c", "meningioma/d", "meningioma/e", "meningioma/f",
            "pituitary/x", "top",
        ])
        XCTAssertEqual(set.items.map(\.format), [.dicom, .png, .png, .nifti, .nifti, .dicom, .dicom, .nifti, .png])
        XCTAssertEqual(set.items.map(\.label), ["glioma", "glioma", "glioma", "meningioma", "meningioma", "meningioma",
                                                "meningioma", "pituitary", nil])
        XCTAssertEqual(set.labels, ["glioma", "meningioma", "pituitary"])
        XCTAssertEqual(set.path(of: set.items[0]), root + "/real/glioma/IM0001")
    }

    func testEveryFileIsAccountedForWithAReason() throws {
        let set = try ImageSet.list(root: root + "/real")
        let skipped = Dictionary(uniqueKeysWithValues: set.skipped.map { ($0.path, $0.reason) })
        XCTAssertEqual(Set(skipped.keys), ["glioma/sr.dcm", "notes.txt", "pituitary/lonely.hdr", "pituitary/orphan.img"])
        XCTAssertTrue(skipped["glioma/sr.dcm"]?.contains("without an image") == true, skipped["glioma/sr.dcm"] ?? "")
        XCTAssertTrue(skipped["notes.txt"]?.contains("not a PNG, NIfTI or DICOM file") == true, skipped["notes.txt"] ?? "")
        XCTAssertTrue(skipped["pituitary/lonely.hdr"]?.contains("lonely.img is missing") == true)
        XCTAssertTrue(skipped["pituitary/orphan.img"]?.contains("without its .hdr") == true)
        XCTAssertEqual(set.companionFiles.map(\.path), ["pituitary/x.img"])
        XCTAssertTrue(set.companionFiles[0].reason.contains("pituitary/x.hdr"))
        XCTAssertEqual(set.filesSeen, 14)
        XCTAssertEqual(set.filesSeen, DemoDataFixture.files(under: root + "/real").count)
    }

    func testGroupsByLabel() throws {
        let set = try ImageSet.list(root: root + "/real")
        let groups = set.groupsByLabel()
        XCTAssertEqual(groups.map(\.label), [nil, "glioma", "meningioma", "pituitary"])
        XCTAssertEqual(groups.map(\.items.count), [1, 3, 4, 1])
        XCTAssertEqual(groups.flatMap(\.items).count, set.items.count)
        XCTAssertEqual(set.items(labelled: "pituitary").map(\.path), ["pituitary/x.hdr"])
        XCTAssertEqual(set.items(labelled: nil).map(\.path), ["top.png"])
    }

    func testKeysStripOnlyTheFormatExtension() {
        XCTAssertEqual(ImageSetItem(path: "a/b.PNG", format: .png).key, "a/b")
        XCTAssertEqual(ImageSetItem(path: "a/b.Nii.Gz", format: .nifti).key, "a/b")
        XCTAssertEqual(ImageSetItem(path: "a/b.img.gz", format: .nifti).key, "a/b")
        XCTAssertEqual(ImageSetItem(path: "s/1.2.840.113619.2.55", format: .dicom).key, "s/1.2.840.113619.2.55")
        XCTAssertEqual(ImageSetItem(path: "s/IM1.dcm", format: .dicom).key, "s/IM1")
        XCTAssertEqual(ImageSetItem(path: ".png", format: .png).key, ".png")
        XCTAssertNil(ImageSetItem(path: "x.png", format: .png).label)
        XCTAssertEqual(ImageSetItem(path: "glioma/deep/x.png", format: .png).label, "glioma")
    }

    func testOneFileRoot() throws {
        let set = try ImageSet.list(root: root + "/real/glioma/a.png")
        XCTAssertTrue(set.isSingleFile)
        XCTAssertEqual(set.items.map(\.path), ["a.png"])
        XCTAssertNil(set.items[0].label)
        XCTAssertEqual(try set.load(set.items[0]).shape, [3, 2, 1])
        // A lone .hdr finds its .img next to it; a lone .img is read through its .hdr.
        for name in ["x.hdr", "x.img"] {
            let pair = try ImageSet.list(root: root + "/real/pituitary/" + name)
            XCTAssertEqual(pair.items.map(\.path), [name])
            XCTAssertEqual(try pair.load(pair.items[0]).pixels, (0..<6).map { Float($0 + 7) })
        }
        let lonely = try ImageSet.list(root: root + "/real/pituitary/lonely.hdr")
        XCTAssertEqual(lonely.items, [])
        XCTAssertEqual(lonely.skipped.map(\.path), ["lonely.hdr"])
    }

    func testMissingRootIsAnErrorNamingIt() {
        XCTAssertThrowsError(try ImageSet.list(root: root + "/nope")) { error in
            guard let e = error as? ImageSetError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.kind, .notFound)
            XCTAssertEqual(e.path, root + "/nope")
            XCTAssertTrue(e.description.contains("/nope"))
        }
    }

    func testExtensionlessPNGAndDICOMAreFoundByContent() throws {
        let dir = root + "/sniff"
        try ImageSetFixture.png(dir + "/pngfile", width: 2, height: 1, values: [UInt8](arrayLiteral: 3, 4))
        // PNGCodec.write needs no extension; the name says nothing, the signature does.
        try ImageSetFixture.dicom(dir + "/1.2.840.5", ImageSetFixture.mr(columns: 1, rows: 1, pixels: [7]))
        try ImageSetFixture.write([0, 0, 0, 0, 1, 2, 3, 4, 5, 6], to: dir + "/zeros.bin")
        let set = try ImageSet.list(root: dir)
        XCTAssertEqual(set.items.map(\.path), ["1.2.840.5", "pngfile"])
        XCTAssertEqual(set.items.map(\.format), [.dicom, .png])
        XCTAssertEqual(set.items.map(\.key), ["1.2.840.5", "pngfile"])
        XCTAssertEqual(set.skipped.map(\.path), ["zeros.bin"])
        XCTAssertEqual(try set.load(set.items[1]).pixels, [3, 4])
    }

    func testSymbolicLinkLoopsAndBrokenLinksAreReported() throws {
        let dir = root + "/links"
        try ImageSetFixture.png(dir + "/glioma/a.png", width: 1, height: 1, values: [UInt8(5)])
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: dir + "/glioma/loop", withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: dir + "/glioma/gone.png", withDestinationPath: dir + "/missing.png")
        try fm.createSymbolicLink(atPath: dir + "/alias.png", withDestinationPath: dir + "/glioma/a.png")
        let set = try ImageSet.list(root: dir)
        XCTAssertEqual(set.items.map(\.path), ["alias.png", "glioma/a.png"])
        let skipped = Dictionary(uniqueKeysWithValues: set.skipped.map { ($0.path, $0.reason) })
        XCTAssertTrue(skipped["glioma/loop"]?.contains("already visited") == true, "\(skipped)")
        XCTAssertTrue(skipped["glioma/gone.png"]?.contains("broken symbolic link") == true, "\(skipped)")
    }

    func testUnreadableFolderIsReported() throws {
        try XCTSkipIf(getuid() == 0, "permissions do not stop root")
        let dir = root + "/locked"
        try ImageSetFixture.png(dir + "/closed/a.png", width: 1, height: 1, values: [UInt8(5)])
        try ImageSetFixture.png(dir + "/open/b.png", width: 1, height: 1, values: [UInt8(5)])
        chmod(dir + "/closed", 0)
        defer { chmod(dir + "/closed", 0o755) }
        let set = try ImageSet.list(root: dir)
        XCTAssertEqual(set.items.map(\.path), ["open/b.png"])
        XCTAssertEqual(set.skipped.map(\.path), ["closed"])
        XCTAssertTrue(set.skipped[0].reason.contains("cannot open folder"))
    }
}
