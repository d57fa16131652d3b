import XCTest
import CDCMTK
import COpenBLAS
import COpenJPEG
import CPNG
import CZlib

/// The system-library targets link and compute (versions come from the libraries themselves).
final class SystemLibrariesTests: XCTestCase {
    func testVersions() {
        XCTAssertTrue(String(cString: msd_dcmtk_version()).hasPrefix("3.6"))
        XCTAssertTrue(String(cString: zlibVersion()).hasPrefix("1."))
        XCTAssertTrue(String(cString: png_get_libpng_ver(nil)).hasPrefix("1.6"))
        XCTAssertTrue(String(cString: opj_version()).hasPrefix("2."))
        XCTAssertNotNil(lazy_blas_config())
    }

    func testOpenBLASIsOpenedWithTheRightKernel() throws {
        var reason = [UInt8](repeating: 0, count: 512)
        let status = reason.withUnsafeMutableBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { lazy_blas_load($0.baseAddress, $0.count) }
        }
        XCTAssertEqual(status, 0, String(decoding: reason.prefix { $0 != 0 }, as: UTF8.self))
        let core = String(cString: try XCTUnwrap(lazy_blas_corename()))
        // On AVX-512 machines the loader names the kernel Debian's OpenBLAS 0.3.21 misdetects.
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        if cpuinfo.contains(" avx512f") {
            XCTAssertEqual(core.lowercased(), "skylakex", "OpenBLAS runs the \(core) kernel")
        }
    }

    func testSGEMM() {
        // C = A (2x3) * B (3x2), row-major.
        let a: [Float] = [1, 2, 3, 4, 5, 6]
        let b: [Float] = [7, 8, 9, 10, 11, 12]
        var c = [Float](repeating: 0, count: 4)
        lazy_cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 3, 1, a, 3, b, 2, 0, &c, 2)
        XCTAssertEqual(c, [58, 64, 139, 154])
    }

    func testSymmetricEigendecomposition() {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
        var m: [Double] = [2, 1, 1, 2]
        var w = [Double](repeating: 0, count: 2)
        let info = lazy_LAPACKE_dsyev(LAPACK_ROW_MAJOR, 86 /* V */, 85 /* U */, 2, &m, 2, &w)
        XCTAssertEqual(info, 0)
        XCTAssertEqual(w[0], 1, accuracy: 1e-12)
        XCTAssertEqual(w[1], 3, accuracy: 1e-12)
    }

    func testZlibRoundTrip() {
        let input = [UInt8]((0..<10_000).map { UInt8($0 % 251) })
        var bound = compressBound(uLong(input.count))
        var packed = [UInt8](repeating: 0, count: Int(bound))
        XCTAssertEqual(compress2(&packed, &bound, input, uLong(input.count), 6), Z_OK)
        var size = uLong(input.count)
        var output = [UInt8](repeating: 0, count: input.count)
        XCTAssertEqual(uncompress(&output, &size, packed, bound), Z_OK)
        XCTAssertEqual(output, input)
    }
}
