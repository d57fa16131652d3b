import Foundation
import Imaging
import NIfTI
import XCTest

/// Big-endian files read the same as little-endian ones. The big-endian files are made
/// here by swapping every numeric header field and every data component of a file
/// written by NIfTIWriter (an independent path from the reader's swapping).
final class NIfTIByteOrderTests: XCTestCase {
    /// (offset, field size, count) of every numeric field.
    static let nifti1Fields = [(0, 4, 1), (40, 2, 8), (56, 4, 3), (68, 2, 4), (76, 4, 8), (108, 4, 3), (120, 2, 1),
                               (124, 4, 4), (140, 4, 2), (252, 2, 2), (256, 4, 18)]
    static let nifti2Fields = [(0, 4, 1), (12, 2, 2), (16, 8, 8), (80, 8, 3), (104, 8, 8), (168, 8, 1), (176, 8, 6),
                               (224, 8, 2), (344, 4, 2), (352, 8, 18), (496, 4, 3)]

    static func reverse(_ bytes: inout [UInt8], at offset: Int, size: Int) {
        bytes[offset..<(offset + size)].reverse()
    }

    /// Converts a little-endian single file without extensions to big endian.
    static func toBigEndian(_ path: String, version: NIfTIHeader.Version, componentSize: Int) throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        for (offset, size, count) in version == .nifti1 ? nifti1Fields : nifti2Fields {
            for i in 0..<count { reverse(&bytes, at: offset + i * size, size: size) }
        }
        let dataStart = version.headerSize + 4
        if componentSize > 1 {
            var o = dataStart
            while o + componentSize <= bytes.count { reverse(&bytes, at: o, size: componentSize); o += componentSize }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func testBigEndianMatchesLittleEndianForEveryDatatype() throws {
        let tmp = try NIfTITestSupport.temporaryDirectory(self)
        for type in VoxelType.allCases where type != .rgb48 {
            let code = try XCTUnwrap(NIfTIDataType(voxelType: type))
            for version in [NIfTIHeader.Version.nifti1, .nifti2] {
                var v = try NIfTIRoundTripTests.volume(type, shape: [3, 4, 5, 2], seed: 3)
                v.scale = IntensityScale(slope: 2, intercept: -1)
                let le = tmp.appendingPathComponent("le-\(type.rawValue)-\(version.rawValue).nii").path
                let be = tmp.appendingPathComponent("be-\(type.rawValue)-\(version.rawValue).nii").path
                try NIfTIWriter.write(v, to: le, options: NIfTIWriteOptions(version: version, description: "endian"))
                try FileManager.default.copyItem(atPath: le, toPath: be)
                try Self.toBigEndian(be, version: version, componentSize: code == .binary ? 1 : code.componentSize)
                XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: le)), try Data(contentsOf: URL(fileURLWithPath: be)))
                let a = try NIfTIReader.read(at: le), b = try NIfTIReader.read(at: be)
                let what = "\(type) v\(version.rawValue)"
                XCTAssertEqual(b.header.byteOrder, .big, what)
                XCTAssertEqual(b.volume.data, a.volume.data, what)
                XCTAssertEqual(b.volume.data, v.data, what)
                XCTAssertEqual(b.volume.geometry, a.volume.geometry, what)
                XCTAssertEqual(b.volume.scale, IntensityScale(slope: 2, intercept: -1), what)
                let ha = a.header
                var hb = b.header
                hb.byteOrder = ha.byteOrder
                XCTAssertEqual(ha, hb, what)
            }
        }
    }
}
