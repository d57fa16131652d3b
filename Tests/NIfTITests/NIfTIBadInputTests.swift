import Foundation
import Imaging
import NIfTI
import XCTest

/// Damaged or hostile files give a NIfTIError naming the file and the reason; never a crash
/// and never a wrong image. Each file is a valid one written by NIfTIWriter, then damaged.
final class NIfTIBadInputTests: XCTestCase {
    private var tmp: URL!

    override func setUpWithError() throws {
        tmp = try NIfTITestSupport.temporaryDirectory(self)
    }

    /// A valid little-endian file (int16 6x5x4 for NIfTI-1 unless said otherwise).
    private func validFile(_ name: String, version: NIfTIHeader.Version = .nifti1, type: VoxelType = .int16,
                           shape: [Int] = [6, 5, 4]) throws -> String {
        let path = tmp.appendingPathComponent(name).path
        let v = try NIfTIRoundTripTests.volume(type, shape: shape)
        try NIfTIWriter.write(v, to: path, options: NIfTIWriteOptions(version: version))
        return path
    }

    private func reason(_ path: String, options: NIfTIReader.Options = .init(), headerOnly: Bool = false,
                        file: StaticString = #filePath, line: UInt = #line) -> NIfTIError.Reason? {
        NIfTITestSupport.expectError(path, options: options, headerOnly: headerOnly, file: file, line: line)?.reason
    }

    /// Compresses a file with the system gzip (path + ".gz"); nil when gzip is not installed.
    private func gzip(_ path: String) throws -> String? {
        guard let tool = ["/usr/bin/gzip", "/bin/gzip"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = ["-k", "-n", "-f", path]
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        return path + ".gz"
    }

    private func truncate(_ path: String, to size: UInt64) throws {
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try h.truncate(atOffset: size)
        try h.close()
    }

    func testMissingAndEmptyFiles() throws {
        guard case .cannotOpen? = reason(tmp.appendingPathComponent("nothing.nii").path) else { return XCTFail() }
        let empty = tmp.appendingPathComponent("empty.nii").path
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        XCTAssertEqual(reason(empty), .emptyFile)
        XCTAssertEqual(reason(empty, headerOnly: true), .emptyFile)
    }

    func testTruncatedHeader() throws {
        for (version, size) in [(NIfTIHeader.Version.nifti1, 100), (.nifti2, 400), (.nifti1, 2)] {
            let path = try validFile("short-\(version.rawValue)-\(size).nii", version: version)
            try truncate(path, to: UInt64(size))
            guard case .truncatedHeader? = reason(path, headerOnly: true) else { return XCTFail("\(version) \(size)") }
        }
    }

    func testNotNIfTIAndAnalyzeMagic() throws {
        let junk = tmp.appendingPathComponent("junk.nii").path
        XCTAssertTrue(FileManager.default.createFile(atPath: junk, contents: Data((0..<400).map { UInt8($0 % 251) })))
        guard case .notNIfTI? = reason(junk) else { return XCTFail() }
        let analyze = try validFile("analyze.nii")
        try NIfTITestSupport.patch(analyze, at: 344, [0, 0, 0, 0])
        guard case .badMagic? = reason(analyze, headerOnly: true) else { return XCTFail() }
        let mangled = try validFile("mangled2.nii", version: .nifti2)
        try NIfTITestSupport.patch(mangled, at: 8, [0x0A, 0x1A, 0x0A, 0x00])  // line-ending damage
        guard case .badMagic? = reason(mangled) else { return XCTFail() }
    }

    func testBadDimensions() throws {
        let cases: [(Int, Int16, NIfTIError.Reason)] = [
            (40, 0, .invalidDimensionCount(0)), (40, 8, .invalidDimensionCount(8)), (40, -3, .invalidDimensionCount(-3)),
            (42, 0, .invalidDimension(index: 1, value: 0)), (44, -5, .invalidDimension(index: 2, value: -5)),
            (46, 0, .invalidDimension(index: 3, value: 0)),
        ]
        for (i, (offset, value, expected)) in cases.enumerated() {
            let path = try validFile("dims\(i).nii")
            try NIfTITestSupport.patch(path, at: offset, NIfTITestSupport.le(value))
            XCTAssertEqual(reason(path, headerOnly: true), expected)
            XCTAssertEqual(reason(path), expected)
        }
        // dims past dim[0] are ignored, however odd.
        let path = try validFile("unused.nii")
        try NIfTITestSupport.patch(path, at: 48, NIfTITestSupport.le(Int16(-7)))
        XCTAssertEqual(try NIfTIReader.read(at: path).volume.shape, [6, 5, 4])
    }

    func testDimensionsThatOverflowOrExceedTheCap() throws {
        // NIfTI-2: 2^31 x 2^31 x 2^31 overflows Int.
        let overflow = try validFile("overflow.nii", version: .nifti2)
        for i in 1...3 { try NIfTITestSupport.patch(overflow, at: 16 + 8 * i, NIfTITestSupport.le(Int64(1) << 31)) }
        guard case .tooLarge? = reason(overflow) else { return XCTFail() }
        // NIfTI-1: 32767^3 int16 (70 TB) is over the default 16 GiB cap; nothing is allocated.
        let huge = try validFile("huge.nii")
        for i in 1...3 { try NIfTITestSupport.patch(huge, at: 40 + 2 * i, NIfTITestSupport.le(Int16.max)) }
        guard case .tooLarge? = reason(huge) else { return XCTFail() }
        // A caller's own cap.
        let small = try validFile("capped.nii")
        guard case .tooLarge? = reason(small, options: NIfTIReader.Options(maxDataBytes: 100)) else { return XCTFail() }
        // Header claims more data than the file holds: truncated, not allocated.
        let claims = try validFile("claims.nii")
        try NIfTITestSupport.patch(claims, at: 42, NIfTITestSupport.le(Int16(2000)))
        guard case .truncatedData? = reason(claims) else { return XCTFail() }
        // Same for a small gzip file claiming gigabytes.
        let gz = try validFile("claims.nii.gz", type: .uint8, shape: [120, 120, 100])
        try truncate(gz, to: 900)
        guard case .compressedFileTooSmall? = reason(gz) else { return XCTFail() }
    }

    func testUnknownDatatypeAndBitpixMismatch() throws {
        let unknown = try validFile("dt.nii")
        try NIfTITestSupport.patch(unknown, at: 70, NIfTITestSupport.le(Int16(3)))
        XCTAssertEqual(reason(unknown, headerOnly: true), .unknownDatatype(3))
        let bitpix = try validFile("bitpix.nii")
        try NIfTITestSupport.patch(bitpix, at: 72, NIfTITestSupport.le(Int16(8)))
        XCTAssertEqual(reason(bitpix), .bitpixMismatch(datatype: 4, bitpix: 8, expected: 16))
        let rgb = try validFile("rgb.nii", type: .rgb24)
        try NIfTITestSupport.patch(rgb, at: 72, NIfTITestSupport.le(Int16(32)))
        XCTAssertEqual(reason(rgb), .bitpixMismatch(datatype: 128, bitpix: 32, expected: 24))
    }

    func testBadVoxOffset() throws {
        for (i, value) in [Float(-16), .nan, .infinity, 100, 0].enumerated() {
            let path = try validFile("off\(i).nii")
            try NIfTITestSupport.patch(path, at: 108, NIfTITestSupport.le(value))
            guard case .invalidVoxOffset? = reason(path) else { return XCTFail("vox_offset \(value)") }
        }
        let past = try validFile("past.nii")
        try NIfTITestSupport.patch(past, at: 108, NIfTITestSupport.le(Float(1_000_000)))
        guard case .voxOffsetPastEnd? = reason(past) else { return XCTFail() }
        let negative2 = try validFile("off-v2.nii", version: .nifti2)
        try NIfTITestSupport.patch(negative2, at: 168, NIfTITestSupport.le(Int64(-1)))
        guard case .invalidVoxOffset? = reason(negative2) else { return XCTFail() }
        let huge2 = try validFile("huge-off-v2.nii", version: .nifti2)
        try NIfTITestSupport.patch(huge2, at: 168, NIfTITestSupport.le(Int64.max))
        guard case .voxOffsetPastEnd? = reason(huge2) else { return XCTFail() }
        // The same damage inside a gzip stream (compressed with the system gzip, when present).
        let pastPlain = try validFile("pastgz.nii")
        try NIfTITestSupport.patch(pastPlain, at: 108, NIfTITestSupport.le(Float(5000)))
        if let gz = try gzip(pastPlain) {
            guard case .voxOffsetPastEnd? = reason(gz) else { return XCTFail() }
        }
    }

    func testTruncatedData() throws {
        for name in ["cut.nii", "cut.nii.gz", "cut.hdr", "cut.hdr.gz"] {
            let path = try validFile(name)
            let dataFile = name.hasPrefix("cut.hdr") ? path.replacingOccurrences(of: ".hdr", with: ".img") : path
            let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: dataFile)[.size] as? Int)
            try truncate(dataFile, to: UInt64(size - 30))
            let r = reason(path)
            switch r {
            case .truncatedData?, .compressedFileTooSmall?: break
            default: XCTFail("\(name): \(String(describing: r))")
            }
        }
    }

    func testDamagedGzipStream() throws {
        let path = try validFile("damaged.nii.gz", type: .float32, shape: [40, 40, 10])
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        for i in stride(from: bytes.count / 2, to: bytes.count / 2 + 64, by: 1) { bytes[i] ^= 0x5A }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let r = reason(path)
        switch r {
        case .compression?, .truncatedData?: break
        default: XCTFail("\(String(describing: r))")
        }
    }

    func testMissingImageFileOfPair() throws {
        let hdr = try validFile("lonely.hdr")
        try FileManager.default.removeItem(atPath: tmp.appendingPathComponent("lonely.img").path)
        XCTAssertNoThrow(try NIfTIReader.readHeader(at: hdr))
        guard case .missingImageFile? = reason(hdr) else { return XCTFail() }
        // A pair header under a .nii name has no .img to look for either.
        let renamed = tmp.appendingPathComponent("pairmagic.nii").path
        try FileManager.default.copyItem(atPath: hdr, toPath: renamed)
        guard case .missingImageFile? = reason(renamed) else { return XCTFail() }
    }

    func testDamagedExtensionAndScaling() throws {
        let path = tmp.appendingPathComponent("ext.nii").path
        try NIfTIWriter.write(try NIfTIRoundTripTests.volume(.uint8), to: path,
                              options: NIfTIWriteOptions(extensions: [NIfTIExtension(code: 6, text: "comment")]))
        XCTAssertEqual(try NIfTIReader.readHeader(at: path).extensions.count, 1)
        try NIfTITestSupport.patch(path, at: 352, NIfTITestSupport.le(Int32(4096)))  // esize past vox_offset
        guard case .badExtension? = reason(path, headerOnly: true) else { return XCTFail() }
        try NIfTITestSupport.patch(path, at: 352, NIfTITestSupport.le(Int32(4)))  // esize below 8
        guard case .badExtension? = reason(path) else { return XCTFail() }

        let scaled = try validFile("scl.nii")
        try NIfTITestSupport.patch(scaled, at: 112, NIfTITestSupport.le(Float(2)) + NIfTITestSupport.le(Float.nan))
        guard case .invalidScaling? = reason(scaled) else { return XCTFail() }
    }

    func testErrorDescriptionNamesFileAndReason() throws {
        let path = try validFile("described.nii")
        try NIfTITestSupport.patch(path, at: 70, NIfTITestSupport.le(Int16(3)))
        let e = try XCTUnwrap(NIfTITestSupport.expectError(path))
        XCTAssertTrue(e.description.contains(path))
        XCTAssertTrue(e.description.contains("datatype 3"))
    }
}
