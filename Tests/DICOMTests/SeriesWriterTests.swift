import Foundation
import Imaging
import XCTest
@testable import DICOM

final class SeriesWriterTests: XCTestCase {
    var tmp: URL!
    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-series-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    // MARK: round trip of every geometry case

    func testEveryGeometryCaseRoundTripsThroughTheReader() throws {
        let cases = try GeometryTestCases.all()
        XCTAssertEqual(cases.count, 13)
        for c in cases {
            let dir = tmp.appendingPathComponent(c.name).path
            let result = try SeriesWriter.write(c.volume, to: dir, options: c.options)
            let (nz, nt) = (c.volume.shape[2], c.volume.frames)
            let expectedFiles = c.options.layout == .singleFrame ? nz * nt : 1
            XCTAssertEqual(result.paths.count, expectedFiles, c.name)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(),
                           result.paths.map { ($0 as NSString).lastPathComponent }.sorted(), c.name)
            let frames = try readFrames(result.paths)
            XCTAssertEqual(frames.count, nz * nt, c.name)
            for f in frames {
                // Which (t, k) this frame must be, from the documented numbering alone.
                let n = f.number - 1
                let t = n / nz
                let k = c.options.sliceOrder == .ascending ? n % nz : nz - 1 - n % nz
                try checkFrame(f, of: c.volume, t: t, k: k, label: "\(c.name) #\(f.number)")
                XCTAssertEqual(f.seriesUID, result.seriesInstanceUID, c.name)
            }
            // The slice axis, rebuilt from two positions, is the affine's third column.
            if let a = frames.first(where: { $0.number == 1 }), let b = frames.first(where: { $0.number == 2 }) {
                let step = c.options.sliceOrder == .ascending ? 1.0 : -1.0
                let column = zip(PatientSpace.convertPoint(b.position), PatientSpace.convertPoint(a.position)).map { ($0 - $1) * step }
                assertClose(column, (0..<3).map { c.volume.geometry.affine[$0, 2] }, "\(c.name) slice step")
            }
        }
    }

    func testEnhancedMultiFrameHasPerFrameGroupsAndDimensions() throws {
        guard let c = try GeometryTestCases.named("enhanced_oblique_uint16") else { return XCTFail("case missing") }
        let result = try SeriesWriter.write(c.volume, to: tmp.path, options: c.options)
        let file = try DicomFile.read(try XCTUnwrap(result.paths.first))
        let ds = file.dataset
        XCTAssertEqual(ds.string(Tags.sopClassUID), SeriesWriter.enhancedMRImageStorage)
        XCTAssertEqual(ds.int(Tags.numberOfFrames), 7)
        let perFrame = ds.items(Tags.perFrameFunctionalGroups)
        XCTAssertEqual(perFrame.count, 7)
        let shared = try XCTUnwrap(ds.items(Tags.sharedFunctionalGroups).first)
        XCTAssertEqual(shared.items(Tags.pixelMeasuresSequence).first?.numbers(Tags.pixelSpacing), [1.1, 0.9])
        XCTAssertEqual(shared.items(Tags.pixelMeasuresSequence).first?.number(Tags.sliceThickness), 2.5)
        XCTAssertEqual(shared.items(Tags.pixelValueTransformationSequence).first?.string(Tags.rescaleType), "US")
        var positions: [[Double]] = []
        for (n, item) in perFrame.enumerated() {
            let content = try XCTUnwrap(item.items(Tags.frameContentSequence).first)
            XCTAssertEqual(content.numbers(Tags.dimensionIndexValues), [1, Double(n + 1)])
            XCTAssertEqual(content.int(Tag(0x0020, 0x9057)), n + 1)  // InStackPositionNumber
            XCTAssertEqual(content.string(Tag(0x0020, 0x9056)), "1")  // StackID
            positions.append(try XCTUnwrap(item.items(Tags.planePositionSequence).first?.numbers(Tags.imagePositionPatient)))
        }
        XCTAssertEqual(Set(positions.map { $0.map { ($0 * 1000).rounded() } }).count, 7, "every frame has its own position")
        let pixels = try PixelDecoder.decode(file)
        XCTAssertEqual(pixels.frames, 7)
        XCTAssertEqual(pixels.data, c.volume.data)

        // 4D: temporal position index per frame, as a third dimension.
        var v4 = try XCTUnwrap(try GeometryTestCases.named("fmri_4d_int16"))
        v4.options.layout = .enhancedMultiFrame
        let r4 = try SeriesWriter.write(v4.volume, to: tmp.appendingPathComponent("4d").path, options: v4.options)
        let f4 = try DicomFile.read(try XCTUnwrap(r4.paths.first))
        let items = f4.dataset.items(Tags.perFrameFunctionalGroups)
        XCTAssertEqual(items.count, 21)
        XCTAssertEqual(items[8].items(Tags.frameContentSequence).first?.numbers(Tags.dimensionIndexValues), [1, 2, 2])
        XCTAssertEqual(items[20].items(Tags.frameContentSequence).first?.int(Tag(0x0020, 0x9128)), 3)  // TemporalPositionIndex
        XCTAssertEqual(f4.dataset.items(Tag(0x0020, 0x9222)).count, 3)  // DimensionIndexSequence
        XCTAssertEqual(try PixelDecoder.decode(f4).data, v4.volume.data)
        for f in try readFrames(r4.paths) {
            let n = f.number - 1
            try checkFrame(f, of: v4.volume, t: n / 7, k: n % 7, label: "enhanced 4D frame \(f.number)")
        }
    }

    func testFourDimensionalClassicSeriesRepeatsPositionsWithLaterTimes() throws {
        guard let c = try GeometryTestCases.named("fmri_4d_int16") else { return XCTFail("case missing") }
        let result = try SeriesWriter.write(c.volume, to: tmp.path, options: c.options)
        XCTAssertEqual(result.paths.count, 21)
        let files = try result.paths.map { try DicomFile.read($0, options: .header).dataset }
        for (n, ds) in files.enumerated() {
            XCTAssertEqual(ds.int(Tags.temporalPositionIdentifier), n / 7 + 1)
            XCTAssertEqual(ds.int(Tags.instanceNumber), n + 1)
        }
        XCTAssertEqual(files[0].numbers(Tags.imagePositionPatient), files[7].numbers(Tags.imagePositionPatient))
        XCTAssertEqual(files[0].string(Tags.acquisitionTime), "120500.000000")
        XCTAssertEqual(files[7].string(Tags.acquisitionTime), "120502.000000")
        XCTAssertEqual(files[14].string(Tags.acquisitionTime), "120504.000000")
        XCTAssertEqual(Set(files.map { $0.string(Tags.sopInstanceUID) ?? "" }).count, 21)
    }

    // MARK: determinism

    func testSameSeedGivesTheSameBytesAndAnotherSeedOtherUIDs() throws {
        for name in ["oblique_desc_uint16", "enhanced_multiframe_int16"] {
            guard let c = try GeometryTestCases.named(name) else { return XCTFail("case missing") }
            let a = try SeriesWriter.write(c.volume, to: tmp.appendingPathComponent("a-\(name)").path, options: c.options)
            let b = try SeriesWriter.write(c.volume, to: tmp.appendingPathComponent("b-\(name)").path, options: c.options)
            XCTAssertEqual(a.paths.count, b.paths.count)
            for (p, q) in zip(a.paths, b.paths) {
                XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: p)), try Data(contentsOf: URL(fileURLWithPath: q)), p)
            }
            var other = c.options
            other.seed += 1
            let d = try SeriesWriter.write(c.volume, to: tmp.appendingPathComponent("d-\(name)").path, options: other)
            XCTAssertNotEqual(d.seriesInstanceUID, a.seriesInstanceUID)
            XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: d.paths[0])), try Data(contentsOf: URL(fileURLWithPath: a.paths[0])))
        }
        XCTAssertTrue(try FileManager.default.subpathsOfDirectory(atPath: tmp.path).allSatisfy { !$0.contains(".tmp-") })
    }

    func testUIDGenerator() {
        XCTAssertEqual(UIDGenerator.decimal(hi: 0, lo: 0), "0")
        XCTAssertEqual(UIDGenerator.decimal(hi: 0, lo: 12345), "12345")
        XCTAssertEqual(UIDGenerator.decimal(hi: 1, lo: 0), "18446744073709551616")
        XCTAssertEqual(UIDGenerator.decimal(hi: .max, lo: .max), "340282366920938463463374607431768211455")
        XCTAssertEqual(UIDGenerator.decimal(hi: 0x0000_0000_0000_0001, lo: 0x0000_0000_0000_0005), "18446744073709551621")
        let g = UIDGenerator(seed: 7)
        XCTAssertEqual(g.uid("study"), UIDGenerator(seed: 7).uid("study"))
        XCTAssertNotEqual(g.uid("study"), g.uid("series"))
        XCTAssertNotEqual(g.uid("study"), UIDGenerator(seed: 8).uid("study"))
        for label in ["study", "series", "instance/0/0/0", ""] {
            let uid = g.uid(label)
            XCTAssertTrue(uid.hasPrefix("2.25."))
            XCTAssertLessThanOrEqual(uid.count, 64)
            XCTAssertFalse(uid.dropFirst(5).hasPrefix("0") && uid.count > 6, "no leading zero: \(uid)")
        }
    }

    // MARK: options

    func testDescendingOrderNumbersTheLastSliceFirst() throws {
        guard let c = try GeometryTestCases.named("axial_int16_desc") else { return XCTFail("case missing") }
        let files = try SeriesWriter.files(c.volume, options: c.options)
        XCTAssertEqual(files.map(\.name).first, "IM0001.dcm")
        XCTAssertEqual(files[0].dataset.int(Tags.instanceNumber), 1)
        assertClose(files[0].dataset.numbers(Tags.imagePositionPatient),
                    PatientSpace.convertPoint(c.volume.geometry.world([0, 0, 6])), "instance 1 is k = 6")
        assertClose(files[6].dataset.numbers(Tags.imagePositionPatient),
                    PatientSpace.convertPoint(c.volume.geometry.world([0, 0, 0])), "instance 7 is k = 0")
    }

    func testOmittedAndDuplicatedSlices() throws {
        guard var c = try GeometryTestCases.named("axial_int16_asc") else { return XCTFail("case missing") }
        c.options.omitSlices = [2]
        c.options.duplicateSlices = [4]
        c.options.fileNaming = .bare
        let result = try SeriesWriter.write(c.volume, to: tmp.path, options: c.options)
        XCTAssertEqual(result.paths.map { ($0 as NSString).lastPathComponent },
                       ["00001", "00002", "00003", "00004", "00005", "00006", "00007"])
        let files = try result.paths.map { try DicomFile.read($0, options: .header).dataset }
        let ks = files.map { ds -> Int in
            let z = ds.numbers(Tags.imagePositionPatient)[2]
            return Int(((z - c.volume.geometry.world([0, 0, 0])[2]) / 2.5).rounded())
        }
        XCTAssertEqual(ks, [0, 1, 3, 4, 4, 5, 6])
        XCTAssertEqual(files.map { $0.int(Tags.instanceNumber) ?? 0 }, [1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(Set(files.map { $0.string(Tags.sopInstanceUID) ?? "" }).count, 7)

        c.options.omitSlices = [7]
        XCTAssertThrowsError(try SeriesWriter.files(c.volume, options: c.options)) { e in
            XCTAssertEqual((e as? DicomError)?.kind, .invalidArgument)
        }
    }

    func testFloatVolumeIsScaledIntoTheStorageRange() throws {
        let shape = [5, 4, 3]
        let values = (0..<60).map { Float(sin(Double($0) * 0.37) * 812.25 + 40) }
        let volume = try Volume(values: values, shape: shape, geometry: .identity(spacing: [1, 1, 2]))
        for storage in SeriesWriterOptions.Storage.allCases {
            var options = SeriesWriterOptions()
            options.storage = storage
            XCTAssertThrowsError(try SeriesWriter.files(volume, options: options), "fractional values need scaling") { e in
                XCTAssertEqual((e as? DicomError)?.kind, .invalidArgument)
            }
            options.intensityMapping = .scaleToStorageRange
            let result = try SeriesWriter.write(volume, to: tmp.appendingPathComponent(storage.rawValue).path, options: options)
            let scale = try XCTUnwrap(result.rescale)
            var decoded: [Double] = []
            for path in result.paths {
                let px = try PixelDecoder.decode(try DicomFile.read(path))
                XCTAssertEqual(px.voxelType, storage == .int16 ? .int16 : .uint16)
                XCTAssertEqual(px.commonRescale, scale)
                let stored = try Volume(voxelType: px.voxelType, shape: [px.columns, px.rows, 1], data: px.data).doubles(scaled: false)
                decoded += stored.map { $0 * scale.slope + scale.intercept }
            }
            XCTAssertEqual(decoded.count, 60)
            let worst = zip(decoded, values).map { abs($0 - Double($1)) }.max() ?? .infinity
            XCTAssertLessThanOrEqual(worst, scale.slope * 0.5 + 1e-9, storage.rawValue)
            XCTAssertLessThan(scale.slope, 0.03, "the whole range is used")
        }
    }

    func testBadVolumesGiveClearErrorsAndWriteNothing() throws {
        let out = tmp.appendingPathComponent("bad").path
        func expectInvalid(_ v: Volume, _ o: SeriesWriterOptions = SeriesWriterOptions(), _ label: String) {
            XCTAssertThrowsError(try SeriesWriter.write(v, to: out, options: o), label) { e in
                XCTAssertEqual((e as? DicomError)?.kind, .invalidArgument, label)
                XCTAssertEqual((e as? DicomError)?.path, out, label)
            }
        }
        let big = try Volume(values: [Int32](repeating: 70000, count: 8), shape: [2, 2, 2])
        expectInvalid(big, SeriesWriterOptions(), "int32 above the int16 range")
        var sheared = Geometry.identity()
        sheared.affine[0, 1] = 0.5  // j axis leans toward i: rows and columns not perpendicular
        expectInvalid(try Volume(values: [Int16](repeating: 1, count: 8), shape: [2, 2, 2], geometry: sheared), SeriesWriterOptions(), "sheared")
        var flat = Geometry.identity()
        flat.affine[2, 2] = 0
        expectInvalid(try Volume(values: [Int16](repeating: 1, count: 8), shape: [2, 2, 2], geometry: flat), SeriesWriterOptions(), "zero spacing")
        expectInvalid(try Volume(voxelType: .rgb24, shape: [2, 2, 2], data: [UInt8](repeating: 1, count: 24)), SeriesWriterOptions(), "colour")
        var negative = SeriesWriterOptions()
        negative.storage = .uint16
        expectInvalid(try Volume(values: [Int16](repeating: -1, count: 8), shape: [2, 2, 2]), negative, "negative values as uint16")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testDecimalStringsFitSixteenCharacters() {
        for v in [0.9781476007338057, -0.20791169081775931, 1e-17, -6.123233995736766e-17, 123456.78901234, -98765.4321, 2.5, 1e21, -1.234567891e-5] {
            let s = SeriesWriter.Format.decimal(v)
            XCTAssertLessThanOrEqual(s.count, 16, s)
            let back = Double(s) ?? .nan
            XCTAssertEqual(back, abs(v) < 1e-12 ? 0 : v, accuracy: abs(v) * 1e-12 + 1e-12, s)
        }
        XCTAssertEqual(SeriesWriter.Format.decimal(-6.123233995736766e-17), "0")
        XCTAssertEqual(SeriesWriter.Format.time(12 * 3600 + 5 * 60 + 2.5), "120502.500000")
        XCTAssertEqual(SeriesWriter.Format.time(86_400 + 1), "000001.000000")
    }

    // MARK: dcm2niix reference

    /// The committed dcm2niix outputs (Tests/Reference/dcm2niix_fixtures.sh) still describe the
    /// current geometry cases: same shape, same data sum, and an affine that is ours up to a
    /// flip/permutation of voxel axes (the one the fixture script recorded).
    func testDcm2niixFixturesMatchTheGeometryCases() throws {
        let url = SampleData.repository.appendingPathComponent("Fixtures/dcm2niix/summary.json")
        guard let data = try? Data(contentsOf: url) else { throw XCTSkip("no dcm2niix fixtures at \(url.path)") }
        let summary = try JSONDecoder().decode(Dcm2niixSummary.self, from: data)
        let cases = try GeometryTestCases.all()
        XCTAssertEqual(Set(summary.cases.keys), Set(cases.map(\.name)))
        for c in cases {
            guard let ref = summary.cases[c.name], ref.outputs.count == 1, let out = ref.outputs.first else {
                XCTFail("\(c.name): expected one dcm2niix output"); continue
            }
            XCTAssertEqual(out.dataSum, c.volume.doubles().reduce(0, +), accuracy: 1e-6, c.name)
            XCTAssertTrue(out.dataMatchesVolume, "\(c.name): dcm2niix voxels differ from the volume mapped through the voxel map")
            // theirs = ours * T, with T mapping their voxel index to ours; T is the rule described in
            // Docs/SeriesWriter.md, so this also checks that description. The recorded map comes
            // from float32 affines: compare to 1e-4 of a voxel.
            let theirs = Matrix4(rows: out.affine)
            let t = Self.dcm2niixVoxelMap(c.volume, rotates: (c.options.acquisitionType ?? (c.volume.frames > 1 ? "2D" : "3D")) == "3D")
            XCTAssertLessThan(Matrix4(rows: out.voxelMap).maxAbsDifference(t), 1e-4, "\(c.name): recorded map \(out.voxelMap) vs predicted \(t)")
            XCTAssertLessThan(theirs.maxAbsDifference(c.volume.geometry.affine * t), 1e-3, "\(c.name): \(theirs) vs ours * \(t)")
            let permutedShape = (0..<3).map { b in c.volume.shape[(0..<3).first { abs(t[$0, b]) > 0.5 } ?? b] }
            XCTAssertEqual(out.shape, permutedShape + c.volume.shape.dropFirst(3), c.name)
        }
    }

    // MARK: helpers

    /// How dcm2niix (v1.0.20220720, default options) lays out the voxels of a series we wrote, as the
    /// matrix T mapping its voxel index to ours (its affine = ours * T):
    /// 1. rows are flipped (j' = ny - 1 - j) and slices run along the normal row x column
    ///    (k reversed when our k steps against it), whatever the instance numbering;
    /// 2. for 3D acquisitions (MRAcquisitionType 3D; not with `-x i`) the result is then
    ///    permuted and flipped to the closest canonical RAS orientation.
    static func dcm2niixVoxelMap(_ volume: Volume, rotates: Bool) -> Matrix4 {
        let a = volume.geometry.lpsAffine
        let (nx, ny, nz) = (Double(volume.shape[0]), Double(volume.shape[1]), Double(volume.shape[2]))
        let col = { (c: Int) in (0..<3).map { a[$0, c] } }
        let (u, v, w) = (col(0), col(1), col(2))
        let normal = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]]
        let alongNormal = zip(normal, w).map(*).reduce(0, +) > 0
        var unrotated = Matrix4.diagonal([1, -1, alongNormal ? 1 : -1, 1])
        unrotated[1, 3] = ny - 1
        unrotated[2, 3] = alongNormal ? 0 : nz - 1
        guard rotates else { return unrotated }
        let flipped = volume.geometry.affine * unrotated
        let sizes = [nx, ny, nz]
        var canonical = Matrix4(rowMajor: [Double](repeating: 0, count: 16))
        canonical[3, 3] = 1
        for (axis, found) in Orientation.axes(of: flipped).enumerated() {
            guard let target = found else { continue }
            canonical[axis, target.axis] = Double(target.sign)
            canonical[axis, 3] = target.sign > 0 ? 0 : sizes[axis] - 1
        }
        return unrotated * canonical
    }

    struct Dcm2niixSummary: Decodable {
        struct Output: Decodable {
            var file: String
            var shape: [Int]
            var affine: [[Double]]
            var voxelMap: [[Double]]
            var dataSum: Double
            var dataMatchesVolume: Bool
            enum CodingKeys: String, CodingKey {
                case file, shape, affine
                case voxelMap = "voxel_map", dataSum = "data_sum", dataMatchesVolume = "data_matches_volume"
            }
        }
        struct Case: Decodable { var outputs: [Output] }
        var cases: [String: Case]
    }

    /// One frame read back: the file's numbering, geometry, pixels and rescale.
    struct ReadFrame {
        var number: Int
        var position: [Double]
        var orientation: [Double]
        var pixelSpacing: [Double]
        var sliceThickness: Double?
        var pixels: [UInt8]
        var rescale: IntensityScale?
        var rows: Int, columns: Int
        var seriesUID: String?
    }

    /// Frames of classic files (numbered by InstanceNumber) or of one enhanced file (numbered by frame).
    func readFrames(_ paths: [String]) throws -> [ReadFrame] {
        var out: [ReadFrame] = []
        for path in paths {
            let file = try DicomFile.read(path)
            let ds = file.dataset
            let px = try PixelDecoder.decode(file)
            let rows = try XCTUnwrap(ds.int(Tags.rows)), columns = try XCTUnwrap(ds.int(Tags.columns))
            if ds.string(Tags.sopClassUID) == SeriesWriter.enhancedMRImageStorage {
                let shared = try XCTUnwrap(ds.items(Tags.sharedFunctionalGroups).first)
                let measures = try XCTUnwrap(shared.items(Tags.pixelMeasuresSequence).first)
                let iop = try XCTUnwrap(shared.items(Tags.planeOrientationSequence).first).numbers(Tags.imageOrientationPatient)
                for (n, item) in ds.items(Tags.perFrameFunctionalGroups).enumerated() {
                    out.append(ReadFrame(
                        number: n + 1,
                        position: try XCTUnwrap(item.items(Tags.planePositionSequence).first).numbers(Tags.imagePositionPatient),
                        orientation: iop, pixelSpacing: measures.numbers(Tags.pixelSpacing),
                        sliceThickness: measures.number(Tags.sliceThickness), pixels: Array(px.frame(n)),
                        rescale: px.rescale[n], rows: rows, columns: columns, seriesUID: ds.string(Tags.seriesInstanceUID)))
                }
            } else {
                XCTAssertEqual(ds.string(Tags.sopClassUID), SeriesWriter.mrImageStorage)
                out.append(ReadFrame(
                    number: try XCTUnwrap(ds.int(Tags.instanceNumber)), position: ds.numbers(Tags.imagePositionPatient),
                    orientation: ds.numbers(Tags.imageOrientationPatient), pixelSpacing: ds.numbers(Tags.pixelSpacing),
                    sliceThickness: ds.number(Tags.sliceThickness), pixels: px.data, rescale: px.commonRescale,
                    rows: rows, columns: columns, seriesUID: ds.string(Tags.seriesInstanceUID)))
            }
        }
        return out
    }

    /// Checks a frame against slice k of time point t: geometry back in RAS, pixels, rescale.
    func checkFrame(_ f: ReadFrame, of volume: Volume, t: Int, k: Int, label: String) throws {
        let a = volume.geometry.affine
        XCTAssertEqual(f.columns, volume.shape[0], label)
        XCTAssertEqual(f.rows, volume.shape[1], label)
        XCTAssertEqual(f.orientation.count, 6, label)
        XCTAssertEqual(f.pixelSpacing.count, 2, label)
        guard f.orientation.count == 6, f.pixelSpacing.count == 2 else { return }
        // Row (i) and column (j) axes: IOP direction x PixelSpacing, LPS -> RAS.
        let iAxis = PatientSpace.convertPoint(f.orientation[0..<3].map { $0 * f.pixelSpacing[1] })
        let jAxis = PatientSpace.convertPoint(f.orientation[3..<6].map { $0 * f.pixelSpacing[0] })
        assertClose(iAxis, (0..<3).map { a[$0, 0] }, "\(label) i axis")
        assertClose(jAxis, (0..<3).map { a[$0, 1] }, "\(label) j axis")
        assertClose(PatientSpace.convertPoint(f.position), volume.geometry.world([0, 0, Double(k)]), "\(label) position of k = \(k)")
        XCTAssertEqual(f.sliceThickness ?? 0, volume.geometry.spacing[2], accuracy: 1e-6, label)
        let n = volume.shape[0] * volume.shape[1] * volume.voxelType.byteSize
        let start = (t * volume.shape[2] + k) * n
        XCTAssertEqual(f.pixels, Array(volume.data[start..<(start + n)]), "\(label) pixels of t = \(t), k = \(k)")
        XCTAssertEqual(f.rescale.flatMap { $0.isIdentity ? nil : $0 }, volume.scale, label)
    }

    func assertClose(_ a: [Double], _ b: [Double], _ label: String, tolerance: Double = 1e-4, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, label, line: line)
        for (x, y) in zip(a, b) where abs(x - y) > tolerance {
            XCTFail("\(label): \(a) != \(b)", line: line)
            return
        }
    }
}
