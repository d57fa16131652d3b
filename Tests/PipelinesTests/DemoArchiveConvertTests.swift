import Foundation
import Imaging
import NIfTI
import Phantoms
import XCTest
@testable import Pipelines

/// `medsynth convert` of the simulated archive must write what dcm2niix writes for every
/// series: same shape, datatype, scaling, orientation, affine (within 1e-3 mm) and voxel bytes.
///
/// The affine compared is the one a reader uses (nibabel's: sform, else qform, else the
/// pixdim-only affine centred on the volume). For the screenshot series (secondary capture, no
/// patient geometry) both write sform and qform codes 0, so readers take that centred fallback.
/// The fixture (Fixtures/phantoms/dcm2niix_series.json) is made by
/// Tests/Reference/phantoms_dcm2niix.sh from `medsynth demo-data --patients 6 --seed 11 --slices2d 0`,
/// which this test regenerates byte for byte through `DemoDataJob`.
final class DemoArchiveConvertTests: XCTestCase {
    /// One NIfTI dcm2niix wrote, as the reference script describes it.
    struct Entry: Decodable {
        var shape: [Int]
        var sformCode: Int
        var qformCode: Int
        /// The affine a reader uses (equal to the sform when `sformCode` > 0).
        var affine: [[Double]]
        var axcodes: String
        var datatype: Int
        var sclSlope: Double
        var sclInter: Double
        var voxelBytes: Int
        var voxelFNV1a64: String
        var kind: String?
        var acquisition: [String: Acquisition]

        /// A manifest acquisition value (number, string or flag), for failure messages.
        enum Acquisition: Decodable, CustomStringConvertible {
            case number(Double), text(String), flag(Bool)
            init(from decoder: Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let b = try? c.decode(Bool.self) { self = .flag(b) } else if let d = try? c.decode(Double.self) { self = .number(d) } else { self = .text(try c.decode(String.self)) }
            }
            var description: String {
                switch self {
                case .number(let d): return "\(d)"
                case .text(let s): return s
                case .flag(let b): return "\(b)"
                }
            }
        }

        enum CodingKeys: String, CodingKey {
            case shape, affine, axcodes, datatype, kind, acquisition
            case sformCode = "sform_code", qformCode = "qform_code"
            case sclSlope = "scl_slope", sclInter = "scl_inter", voxelBytes = "voxel_bytes", voxelFNV1a64 = "voxel_fnv1a64"
        }

        /// "mr axial, oblique 8.37°, ..." for failure messages.
        var label: String {
            "\(kind ?? "?") " + ["plane", "obliqueDegrees", "sliceThickness", "reversedStack", "sliceOrder", "storage"]
                .compactMap { key in acquisition[key].map { "\(key) \($0)" } }.joined(separator: ", ")
        }
    }

    struct Fixture: Decodable {
        var manifestSeries: Int
        var series: [String: Entry]
        enum CodingKeys: String, CodingKey { case series, manifestSeries = "manifest_series" }
    }

    static var fixtureURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/phantoms/dcm2niix_series.json")
    }

    var tmp: URL!
    override func setUpWithError() throws {
        let template = PhantomAnatomy.defaultDirectory + "/ch2.nii.gz"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: template),
                          "\(template) is absent: install the Debian package mricron-data to simulate the archive")
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-demo-convert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    func testEverySeriesMatchesDcm2niix() throws {
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: Self.fixtureURL))
        let demo = tmp.appendingPathComponent("demo").path
        _ = try DemoDataJob.run(DemoDataOptions(output: demo, archive: PhantomArchiveOptions(patients: 6, seed: 11), slices2d: nil))
        let manifest = try JSONDecoder().decode(ArchiveManifest.self, from: Data(contentsOf: URL(fileURLWithPath: demo + "/manifest.json")))
        let uids = manifest.patients.flatMap { $0.studies.flatMap { $0.series.map(\.seriesInstanceUID) } }
        XCTAssertEqual(uids.count, fixture.manifestSeries, "the archive differs from the one the fixture was made from")
        XCTAssertEqual(Set(uids), Set(fixture.series.keys), "series of the archive vs series dcm2niix wrote")

        let out = tmp.appendingPathComponent("nii").path
        let summary = try ConvertJob.run(ConvertOptions(input: demo + "/archive", output: out, gzip: false, pattern: "%j"))
        XCTAssertEqual(summary.failed, 0, "\(summary.series.filter { $0.status == .failed }.map { "\($0.seriesInstanceUID): \($0.reason ?? "")" })")
        let written = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".nii") }
        XCTAssertEqual(written.count, uids.count, "one NIfTI per manifest series: \(written.sorted())")

        for (uid, theirs) in fixture.series.sorted(by: { $0.key < $1.key }) {
            let what = "\(uid) (\(theirs.label))"
            let path = out + "/\(uid).nii"
            guard FileManager.default.fileExists(atPath: path) else {
                XCTFail("\(what): medsynth wrote no \(uid).nii")
                continue
            }
            let ours = try NIfTIReader.read(at: path)
            XCTAssertEqual(ours.volume.shape, theirs.shape, "\(what): shape")
            XCTAssertEqual(ours.header.datatype, theirs.datatype, "\(what): NIfTI datatype")
            XCTAssertEqual(ours.volume.geometry.orientationCode, theirs.axcodes, "\(what): orientation")
            let difference = ours.header.bestAffine.maxAbsDifference(Matrix4(rows: theirs.affine))
            XCTAssertLessThan(difference, 1e-3, "\(what): affine differs by \(difference) mm\nours   \(ours.header.bestAffine)\ntheirs \(theirs.affine)")
            XCTAssertEqual(ours.header.sformCode, theirs.sformCode, "\(what): sform_code")
            XCTAssertEqual(ours.header.qformCode, theirs.qformCode, "\(what): qform_code")
            let scale = ours.volume.scale ?? IntensityScale(slope: 1, intercept: 0)
            XCTAssertEqual(scale.slope, theirs.sclSlope, accuracy: 1e-6 * abs(theirs.sclSlope), "\(what): scl_slope")
            XCTAssertEqual(scale.intercept, theirs.sclInter, accuracy: 1e-6, "\(what): scl_inter")
            XCTAssertEqual(ours.volume.data.count, theirs.voxelBytes, "\(what): voxel bytes")
            XCTAssertEqual(Self.fnv1a64(ours.volume.data), theirs.voxelFNV1a64, "\(what): voxel arrays differ")
        }
    }

    /// FNV-1a, 64 bit, as lowercase hex: the hash the reference script stores.
    static func fnv1a64(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBufferPointer { buffer in
            for b in buffer { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
