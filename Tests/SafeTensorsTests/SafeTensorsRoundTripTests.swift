import Foundation
import SafeTensors
import XCTest

/// Write -> read gives back the same tensors and metadata, for every dtype and shape kind.
final class SafeTensorsRoundTripTests: XCTestCase {
    private typealias Support = SafeTensorsTestSupport

    /// Deterministic bytes (a small LCG).
    private func bytes(_ count: Int, seed: UInt64) -> Data {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        return Data((0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        })
    }

    func testEveryDTypeAsRawBytes() throws {
        let dir = try Support.temporaryDirectory(self)
        var writer = SafeTensorsWriter(metadata: ["what": "every dtype"])
        var expected: [SafeTensorsEntry] = []
        for (i, dtype) in SafeTensorsDType.allCases.enumerated() {
            // Element counts that fill whole bytes for the packed 4- and 6-bit types.
            for (j, shape) in [[4, 3], [], [2, 0, 5], [8]].enumerated() {
                let count = shape.reduce(1, *)
                let n = try XCTUnwrap(dtype.byteCount(elementCount: dtype.bitSize < 8 && shape.isEmpty ? 0 : count))
                let s = dtype.bitSize < 8 && shape.isEmpty ? [0] : shape
                let entry = try SafeTensorsEntry(name: "\(dtype.rawValue.lowercased())_\(j)", dtype: dtype, shape: s,
                                                 bytes: bytes(n, seed: UInt64(i * 10 + j)))
                try writer.add(entry)
                expected.append(entry)
            }
        }
        let path = dir.appendingPathComponent("all.safetensors").path
        try writer.write(to: path)
        let file = try SafeTensorsFile(contentsOf: path)
        XCTAssertEqual(file.path, path)
        XCTAssertEqual(file.metadata, ["what": "every dtype"])
        XCTAssertEqual(Set(file.names), Set(expected.map(\.name)))
        for e in expected { XCTAssertEqual(file[e.name], e, e.name) }
        // Widest dtype first, then by name.
        let order = file.entries.map { ($0.dtype.serializationRank, $0.name) }
        XCTAssertEqual(order.map(\.0), order.map(\.0).sorted(by: >))
        XCTAssertEqual(try writer.serialized(), try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func testDTypeSizes() {
        XCTAssertEqual(SafeTensorsDType.allCases.count, 22)
        let sizes: [SafeTensorsDType: Int] = [.f64: 8, .f32: 4, .f16: 2, .bf16: 2, .i64: 8, .i32: 4, .i16: 2, .i8: 1, .u8: 1,
                                              .bool: 1, .u16: 2, .u32: 4, .u64: 8, .f8E4M3: 1, .f8E5M2: 1, .c64: 8]
        for (dtype, size) in sizes { XCTAssertEqual(dtype.byteSize, size, dtype.rawValue) }
        XCTAssertNil(SafeTensorsDType.f4.byteSize)
        XCTAssertEqual(SafeTensorsDType.f4.byteCount(elementCount: 6), 3)
        XCTAssertNil(SafeTensorsDType.f4.byteCount(elementCount: 5))
        XCTAssertEqual(SafeTensorsDType.f6E2M3.byteCount(elementCount: 8), 6)
        XCTAssertNil(SafeTensorsDType.f6E2M3.byteCount(elementCount: 2))
        XCTAssertNil(SafeTensorsDType.f64.byteCount(elementCount: .max))
        XCTAssertEqual(SafeTensorsDType(rawValue: "F8_E4M3"), .f8E4M3)
        XCTAssertEqual(SafeTensorsDType.bf16.rawValue, "BF16")
    }

    func testFloatsThroughEveryStorageType() throws {
        let exact: [Float] = [0, -0.0, 1, -2.5, 0.375, 1024, -57344, .infinity, -.infinity]
        var writer = SafeTensorsWriter()
        for dtype in [SafeTensorsDType.f32, .f16, .bf16, .f64] {
            try writer.add("exact_\(dtype.rawValue)", floats: exact, shape: [3, 3], as: dtype)
        }
        let values: [Float] = (0..<100).map { Float($0) * 0.731 - 30 }
        for dtype in [SafeTensorsDType.f32, .f16, .bf16, .f64] {
            try writer.add("v_\(dtype.rawValue)", floats: values, shape: [100], as: dtype)
        }
        try writer.add("nan", floats: [.nan, -.nan], shape: [2], as: .f16)
        let file = try SafeTensorsFile(data: try writer.serialized())
        for dtype in [SafeTensorsDType.f32, .f16, .bf16, .f64] {
            let name = "exact_\(dtype.rawValue)"
            XCTAssertEqual(try file.floats(name).map(\.bitPattern), exact.map(\.bitPattern), name)
            XCTAssertEqual(try file.shape(name), [3, 3])
            XCTAssertEqual(file[name]?.dtype, dtype)
            XCTAssertEqual(try file.doubles(name), exact.map(Double.init), name)
            let got = try file.floats("v_\(dtype.rawValue)")
            let tolerance: Float = dtype == .f16 ? 0x1p-11 : dtype == .bf16 ? 0x1p-8 : 0
            for (a, b) in zip(got, values) { XCTAssertEqual(a, b, accuracy: abs(b) * tolerance, dtype.rawValue) }
            XCTAssertEqual(file[name]?.elementCount, 9)
            XCTAssertEqual(file[name]?.byteCount, 9 * (dtype.byteSize ?? 0))
        }
        let nan = try file.floats("nan")
        XCTAssertTrue(nan[0].isNaN && nan[0].sign == .plus)
        XCTAssertTrue(nan[1].isNaN && nan[1].sign == .minus)
    }

    func testDoublesAndInt64s() throws {
        let doubles: [Double] = [.pi, -1e300, .leastNonzeroMagnitude, -0.0, .infinity]
        let ints: [Int64] = [.min, -1, 0, 1, .max, 1 << 53 + 1]
        var writer = SafeTensorsWriter()
        try writer.add("d", doubles: doubles, shape: [5])
        try writer.add("d32", doubles: [0.1, 2], shape: [1, 2], as: .f32)
        try writer.add("i", int64s: ints, shape: [2, 3])
        try writer.add("s", int64s: [42], shape: [])
        let file = try SafeTensorsFile(data: try writer.serialized())
        XCTAssertEqual(try file.doubles("d").map(\.bitPattern), doubles.map(\.bitPattern))
        XCTAssertEqual(try file.floats("d"), doubles.map { Float($0) })
        XCTAssertEqual(try file.doubles("d32"), [Double(Float(0.1)), 2])
        XCTAssertEqual(file["d32"]?.dtype, .f32)
        XCTAssertEqual(try file.int64s("i"), ints)
        XCTAssertEqual(try file.shape("i"), [2, 3])
        XCTAssertEqual(try file.int64s("s"), [42])
        XCTAssertEqual(try file.shape("s"), [])
    }

    func testIntegerDTypesAsInt64() throws {
        var writer = SafeTensorsWriter()
        try writer.add("i8", dtype: .i8, shape: [3], bytes: Data([0x80, 0xFF, 0x7F]))
        try writer.add("u8", dtype: .u8, shape: [2], bytes: Data([0xFF, 0x01]))
        try writer.add("i16", dtype: .i16, shape: [2], bytes: Data([0x00, 0x80, 0xFE, 0xFF]))
        try writer.add("u16", dtype: .u16, shape: [1], bytes: Data([0xFF, 0xFF]))
        try writer.add("i32", dtype: .i32, shape: [1], bytes: Data([0x00, 0x00, 0x00, 0x80]))
        try writer.add("u32", dtype: .u32, shape: [1], bytes: Data([0xFF, 0xFF, 0xFF, 0xFF]))
        try writer.add("u64", dtype: .u64, shape: [1], bytes: Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]))
        try writer.add("bool", dtype: .bool, shape: [3], bytes: Data([1, 0, 2]))
        let f = try SafeTensorsFile(data: try writer.serialized())
        XCTAssertEqual(try f.int64s("i8"), [-128, -1, 127])
        XCTAssertEqual(try f.int64s("u8"), [255, 1])
        XCTAssertEqual(try f.int64s("i16"), [-32768, -2])
        XCTAssertEqual(try f.int64s("u16"), [65535])
        XCTAssertEqual(try f.int64s("i32"), [Int64(Int32.min)])
        XCTAssertEqual(try f.int64s("u32"), [Int64(UInt32.max)])
        XCTAssertEqual(try f.int64s("u64"), [.max])
        XCTAssertEqual(try f.int64s("bool"), [1, 0, 1])
    }

    func testNamesAndMetadataNeedingEscapes() throws {
        let controls = String((1..<32).map { Character(Unicode.Scalar(UInt8($0))) })
        let names = ["quote\"back\\slash/", "controls" + controls, "del\u{7F}", "Grüße €😀", "a", "A", "é", "e\u{301}x"]
        let metadata = ["k" + controls: "v\"\\/\u{0}", "": "empty key", "unicode ✓": "日本語"]
        var writer = SafeTensorsWriter(metadata: metadata)
        for (i, name) in names.enumerated() { try writer.add(name, floats: [Float(i)], shape: [1]) }
        let data = try writer.serialized()
        let file = try SafeTensorsFile(data: data)
        XCTAssertEqual(file.metadata, metadata)
        for (i, name) in names.enumerated() { XCTAssertEqual(try file.floats(name), [Float(i)], name) }
        // Same dtype: sorted by UTF-8 bytes ("A" < "a" < "e\u{301}x" < "quote..." < "é").
        XCTAssertEqual(Array(file.names.prefix(3)), ["A", "Grüße €😀", "a"])
        // The header is valid JSON to Foundation too and starts on an 8-byte boundary.
        let n = Int(data[0]) | Int(data[1]) << 8
        XCTAssertEqual(n % 8, 0)
        let json = try JSONSerialization.jsonObject(with: data[8..<(8 + n)]) as? [String: Any]
        XCTAssertEqual((json?["__metadata__"] as? [String: String])?["unicode ✓"], "日本語")
    }

    func testFileFromEntriesAndSlicedInput() throws {
        let a = try SafeTensorsEntry(name: "a", dtype: .f32, shape: [2], bytes: Data([0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]))
        let b = try SafeTensorsEntry(name: "b", dtype: .u8, shape: [3], bytes: Data([1, 2, 3]))
        let file = try SafeTensorsFile(entries: [b, a], metadata: ["m": "1"])
        XCTAssertEqual(file.path, SafeTensorsFile.inMemoryPath)
        XCTAssertEqual(file.names, ["b", "a"])
        let data = try file.serialized()
        // Read from a slice whose indices do not start at 0.
        let padded = Data([9, 9, 9]) + data + Data([7])
        let slice = padded[3..<(padded.count - 1)]
        let back = try SafeTensorsFile(data: slice, path: "slice")
        XCTAssertEqual(back.names, ["a", "b"])
        XCTAssertEqual(try back.floats("a"), [1, 2])
        XCTAssertEqual(back["b"]?.bytes, Data([1, 2, 3]))
        XCTAssertEqual(back["b"]?.bytes.startIndex, 0)
        XCTAssertEqual(back["a"], a)
        XCTAssertEqual(back["a"]?.withUnsafeBytes { Array($0) }, [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40])
        XCTAssertEqual(back.metadata, ["m": "1"])
    }

    /// A file above the memory-mapping threshold reads back the same.
    func testLargeFileIsReadBack() throws {
        let dir = try Support.temporaryDirectory(self)
        let values = (0..<(600_000)).map { Float($0) * 0.5 }
        var writer = SafeTensorsWriter()
        try writer.add("big", floats: values, shape: [600, 1000])
        try writer.add("small", int64s: [1, 2, 3], shape: [3])
        let path = dir.appendingPathComponent("big.safetensors").path
        try writer.write(to: path)
        let file = try SafeTensorsFile(contentsOf: path)
        XCTAssertEqual(try file.floats("big"), values)
        XCTAssertEqual(try file.int64s("small"), [1, 2, 3])
        XCTAssertEqual(file["big"]?.byteCount, 2_400_000)
    }
}
