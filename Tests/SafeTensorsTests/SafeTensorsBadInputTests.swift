import Foundation
import SafeTensors
import XCTest

/// Damaged or hostile files give a SafeTensorsError naming the file and the reason; never a
/// crash, never a read past the end, never a wrong tensor.
final class SafeTensorsBadInputTests: XCTestCase {
    private typealias Support = SafeTensorsTestSupport
    private var tmp: URL!
    private var counter = 0

    override func setUpWithError() throws {
        tmp = try Support.temporaryDirectory(self)
    }

    /// The reason reading `bytes` (written to a fresh file) fails with.
    private func reason(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> SafeTensorsError.Reason? {
        counter += 1
        return Support.readError(bytes, name: "bad-\(counter).safetensors", in: tmp, file: file, line: line)?.reason
    }

    private func reason(header: String, data: [UInt8] = [], file: StaticString = #filePath, line: UInt = #line) -> SafeTensorsError.Reason? {
        reason(Support.bytes(header: header, data: data), file: file, line: line)
    }

    /// A valid file with three tensors and metadata, as bytes.
    private func validFile() throws -> [UInt8] {
        var w = SafeTensorsWriter(metadata: ["k": "v"])
        try w.add("a", floats: [1, 2, 3, 4], shape: [2, 2])
        try w.add("b", int64s: [7, 8], shape: [2])
        try w.add("c", floats: [0.5], shape: [], as: .f16)
        return [UInt8](try w.serialized())
    }

    func testMissingFileAndFolder() {
        let missing = tmp.appendingPathComponent("nothing.safetensors").path
        guard case .cannotOpen? = Support.expectError(path: missing, { try SafeTensorsFile(contentsOf: missing) })?.reason else {
            return XCTFail()
        }
        guard case .cannotOpen? = Support.expectError(path: tmp.path, { try SafeTensorsFile(contentsOf: self.tmp.path) })?.reason else {
            return XCTFail()
        }
    }

    func testTooShortForTheHeaderLength() {
        for n in 0..<8 {
            XCTAssertEqual(reason([UInt8](repeating: 0, count: n)), .fileTooShort(size: n))
        }
    }

    func testHostileHeaderLengths() {
        XCTAssertEqual(reason(Support.bytes(headerBytes: Array("{}".utf8), declaredLength: .max)),
                       .headerTooLarge(length: .max, limit: 100_000_000))
        XCTAssertEqual(reason(Support.bytes(headerBytes: Array("{}".utf8), declaredLength: 100_000_001)),
                       .headerTooLarge(length: 100_000_001, limit: 100_000_000))
        // At the limit, the length is checked against the file instead.
        XCTAssertEqual(reason(Support.bytes(headerBytes: Array("{}      ".utf8), declaredLength: 100_000_000)),
                       .headerPastEnd(length: 100_000_000, fileSize: 16))
        XCTAssertEqual(reason(Support.bytes(headerBytes: Array("{}      ".utf8), declaredLength: 9)),
                       .headerPastEnd(length: 9, fileSize: 16))
    }

    /// Cut a valid file at every length: each one is refused, with the reason for where it was cut.
    func testTruncationAtEveryByte() throws {
        let bytes = try validFile()
        let headerEnd = 8 + Int(bytes[0]) + Int(bytes[1]) << 8
        for n in 0..<bytes.count {
            switch reason(Array(bytes.prefix(n))) {
            case .fileTooShort? where n < 8: break
            case .headerPastEnd? where n >= 8 && n < headerEnd: break
            case .dataPastEnd? where n >= headerEnd: break
            case let other: XCTFail("cut at \(n): \(String(describing: other))")
            }
        }
        XCTAssertNoThrow(try SafeTensorsFile(data: Data(bytes)))
    }

    func testHeaderNotUTF8() {
        XCTAssertEqual(reason(Support.bytes(headerBytes: Array("{\"a\":".utf8) + [0xFF, 0xFE] + Array("}".utf8))), .headerNotUTF8)
        XCTAssertEqual(reason(Support.bytes(headerBytes: Array(Array("{\"\u{e9}".utf8).dropLast()) + Array("\"}".utf8))), .headerNotUTF8)
    }

    func testHeaderNotAnObject() {
        for header in ["[]", " {}", "\"x\"", "null", "", "\u{FEFF}{}"] {
            XCTAssertEqual(reason(header: header), .headerNotObject, header)
        }
    }

    func testHeaderNotJSON() {
        let headers = [
            "{", "{\"a\":", "{\"a\" 1}", "{\"a\":1,}", "{a:1}", "{} x", "{}{}", "{\"a\":[1,]}",
            "{\"a\":tru}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":\"\\x\"}",
            "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"tab\there\"}",
            "{\"a\":\"open}", "{'a':1}",
            "{\"a\":" + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "}",
        ]
        for header in headers {
            guard case .headerNotJSON(let why)? = reason(header: header) else { XCTFail(header); continue }
            XCTAssertTrue(why.contains("header byte"), why)
        }
        // NUL padding is not whitespace.
        guard case .headerNotJSON? = reason(Support.bytes(headerBytes: Array("{}".utf8) + [0, 0, 0, 0, 0, 0])) else { return XCTFail() }
    }

    func testDuplicateNames() {
        let x = Support.f32("x", shape: [1], 0, 4)
        XCTAssertEqual(reason(header: "{\(x),\(x)}", data: [0, 0, 0, 0]), .duplicateName("x"))
        XCTAssertEqual(reason(header: "{\"__metadata__\":{},\(x),\"__metadata__\":{}}", data: [0, 0, 0, 0]),
                       .duplicateName("__metadata__"))
    }

    func testBadMetadata() {
        let x = Support.f32("x", shape: [1], 0, 4)
        for meta in ["{\"a\":1}", "{\"a\":null}", "{\"a\":[\"b\"]}", "{\"a\":{}}", "[]", "\"text\"", "{\"a\":\"1\",\"a\":\"2\"}"] {
            guard case .badMetadata? = reason(header: "{\"__metadata__\":\(meta),\(x)}", data: [0, 0, 0, 0]) else {
                XCTFail(meta); continue
            }
        }
    }

    func testBadEntries() {
        let cases: [(String, SafeTensorsError.Reason)] = [
            ("{\"x\":5}", .badEntry(name: "x", "it is the number 5, not an object")),
            ("{\"x\":{\"shape\":[1],\"data_offsets\":[0,4]}}", .badEntry(name: "x", "dtype is missing")),
            ("{\"x\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", .badEntry(name: "x", "shape is missing")),
            ("{\"x\":{\"dtype\":\"F32\",\"shape\":[1]}}", .badEntry(name: "x", "data_offsets is missing")),
            ("{\"x\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", .badEntry(name: "x", "dtype is the number 32, not a string")),
            ("{\"x\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
             .badEntry(name: "x", "the field \"dtype\" appears twice")),
        ]
        for (header, expected) in cases {
            XCTAssertEqual(reason(header: header, data: [0, 0, 0, 0]), expected, header)
        }
    }

    func testUnknownDType() {
        for dtype in ["F128", "f32", "float32", "", "Q4_K"] {
            XCTAssertEqual(reason(header: "{\"x\":{\"dtype\":\"\(dtype)\",\"shape\":[1],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]),
                           .unknownDType(name: "x", dtype: dtype))
        }
        // The message lists the known dtypes.
        XCTAssertTrue(SafeTensorsError.Reason.unknownDType(name: "x", dtype: "F128").message.contains("BF16"))
    }

    func testBadShapes() {
        for shape in ["[-1]", "[1.0]", "[1e2]", "[\"1\"]", "[null]", "\"1\"", "{}", "[99999999999999999999]", "[[1]]"] {
            let header = "{\"x\":{\"dtype\":\"F32\",\"shape\":\(shape),\"data_offsets\":[0,4]}}"
            guard case .badShape(name: "x", _)? = reason(header: header, data: [0, 0, 0, 0]) else { XCTFail(shape); continue }
        }
    }

    func testShapeOverflow() {
        let big = 1 << 32
        let cases: [(String, [Int])] = [
            ("F32", [big, big]), ("U8", [big, big, 4]), ("F32", [1 << 62, 4]),
            ("F64", [1 << 60, 1]),  // the element count fits, its bytes do not
        ]
        for (dtype, shape) in cases {
            let header = "{\"x\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":[0,4]}}"
            XCTAssertEqual(reason(header: header, data: [0, 0, 0, 0]), .shapeOverflow(name: "x", shape: shape), "\(shape)")
        }
    }

    func testBadOffsets() {
        for offsets in ["[0]", "[]", "[0,4,4]", "[4,0]", "[-1,3]", "[0,4.0]", "\"0,4\"", "[0,\"4\"]", "[0,99999999999999999999]"] {
            let header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":\(offsets)}}"
            guard case .badOffsets(name: "x", _)? = reason(header: header, data: [0, 0, 0, 0]) else { XCTFail(offsets); continue }
        }
    }

    func testByteCountMismatch() {
        XCTAssertEqual(reason(header: "{" + Support.f32("x", shape: [2], 0, 4) + "}", data: [0, 0, 0, 0]),
                       .byteCountMismatch(name: "x", dtype: .f32, shape: [2], expected: 8, got: 4))
        XCTAssertEqual(reason(header: "{" + Support.f32("x", shape: [1], 0, 8) + "}", data: [UInt8](repeating: 0, count: 8)),
                       .byteCountMismatch(name: "x", dtype: .f32, shape: [1], expected: 4, got: 8))
        // Three 4-bit values do not end on a byte boundary; five 6-bit values neither.
        XCTAssertEqual(reason(header: "{\"x\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}}", data: [0, 0]),
                       .byteCountMismatch(name: "x", dtype: .f4, shape: [3], expected: nil, got: 2))
        XCTAssertEqual(reason(header: "{\"x\":{\"dtype\":\"F6_E3M2\",\"shape\":[5],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]),
                       .byteCountMismatch(name: "x", dtype: .f6E3M2, shape: [5], expected: nil, got: 4))
    }

    func testOffsetsPastTheEnd() {
        XCTAssertEqual(reason(header: "{" + Support.f32("x", shape: [2], 0, 8) + "}", data: [0, 0, 0, 0]),
                       .dataPastEnd(name: "x", end: 8, dataSize: 4))
        // A huge offset with a consistent byte count.
        let far = 1 << 40
        XCTAssertEqual(reason(header: "{" + Support.f32("x", shape: [1], far, far + 4) + "}", data: [0, 0, 0, 0]),
                       .dataPastEnd(name: "x", end: far + 4, dataSize: 4))
        // An empty tensor beyond the end.
        XCTAssertEqual(reason(header: "{" + Support.f32("e", shape: [0], 9, 9) + "}", data: []),
                       .dataPastEnd(name: "e", end: 9, dataSize: 0))
    }

    func testOverlappingTensors() {
        let data = [UInt8](repeating: 0, count: 8)
        XCTAssertEqual(reason(header: "{" + Support.f32("a", shape: [2], 0, 8) + "," + Support.f32("b", shape: [1], 4, 8) + "}", data: data),
                       .overlappingTensors("a", "b"))
        XCTAssertEqual(reason(header: "{" + Support.f32("b", shape: [2], 0, 8) + "," + Support.f32("a", shape: [2], 0, 8) + "}", data: data),
                       .overlappingTensors("b", "a"))
        // An empty tensor inside another one.
        XCTAssertEqual(reason(header: "{" + Support.f32("a", shape: [2], 0, 8) + "," + Support.f32("e", shape: [0], 4, 4) + "}", data: data),
                       .overlappingTensors("a", "e"))
    }

    func testHolesInTheDataSection() {
        XCTAssertEqual(reason(header: "{" + Support.f32("a", shape: [1], 0, 4) + "," + Support.f32("b", shape: [1], 8, 12) + "}",
                              data: [UInt8](repeating: 0, count: 12)),
                       .uncoveredBytes(from: 4, to: 8))
        XCTAssertEqual(reason(header: "{" + Support.f32("a", shape: [1], 4, 8) + "}", data: [UInt8](repeating: 0, count: 8)),
                       .uncoveredBytes(from: 0, to: 4))
        // Trailing bytes after the last tensor.
        XCTAssertEqual(reason(header: "{" + Support.f32("a", shape: [1], 0, 4) + "}", data: [UInt8](repeating: 0, count: 5)),
                       .uncoveredBytes(from: 4, to: 5))
        XCTAssertEqual(reason(header: "{}", data: [1]), .uncoveredBytes(from: 0, to: 1))
    }

    /// What the format (or its reference reader) allows is accepted.
    func testAcceptedOddities() throws {
        // Unknown fields are ignored, whitespace is allowed, null metadata means none,
        // empty tensors may sit anywhere on a boundary, the header need not be padded.
        let header = "{\"__metadata__\":null, \"e\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]},\n"
            + "\t\"a\":{\"extra\":[1,{\"y\":null}],\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}\r\n "
        let f = try SafeTensorsFile(data: Data(Support.bytes(header: header, data: [0, 0, 0x80, 0x3F], pad: false)))
        XCTAssertEqual(f.names, ["a", "e"])
        XCTAssertEqual(try f.floats("a"), [1])
        XCTAssertEqual(f.metadata, [:])
        let empty = try SafeTensorsFile(data: Data(Support.bytes(header: "{}")))
        XCTAssertTrue(empty.entries.isEmpty)
        let escaped = try SafeTensorsFile(data: Data(Support.bytes(
            header: "{\"__metadata__\":{\"k\\u00e9\\ud83d\\ude00\":\"\\/\\\"\\n\"}}")))
        XCTAssertEqual(escaped.metadata, ["k\u{e9}\u{1F600}": "/\"\n"])
    }

    func testLookupErrors() throws {
        let path = tmp.appendingPathComponent("ok.safetensors").path
        var w = SafeTensorsWriter()
        try w.add("w", floats: [1], shape: [1])
        try w.add("n", int64s: [1], shape: [1])
        try w.add("q", dtype: .f8E4M3, shape: [2], bytes: Data([0x38, 0x40]))
        try w.add("u", dtype: .u64, shape: [2], bytes: Data([0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]))
        try w.write(to: path)
        let f = try SafeTensorsFile(contentsOf: path)
        XCTAssertEqual(Support.expectError(path: path) { try f.floats("missing") }?.reason, .tensorNotFound("missing"))
        XCTAssertEqual(Support.expectError(path: path) { try f.shape("W") }?.reason, .tensorNotFound("W"))
        XCTAssertNil(f["missing"])
        let e = Support.expectError(path: path) { try f.floats("n") }
        guard case .notConvertible(name: "n", dtype: .i64, _)? = e?.reason else { return XCTFail() }
        XCTAssertTrue(e?.description.contains("I64") == true)
        guard case .notConvertible(name: "q", dtype: .f8E4M3, _)? = Support.expectError(path: path, { try f.doubles("q") })?.reason else {
            return XCTFail()
        }
        guard case .notConvertible(name: "w", dtype: .f32, _)? = Support.expectError(path: path, { try f.int64s("w") })?.reason else {
            return XCTFail()
        }
        XCTAssertEqual(Support.expectError(path: path) { try f.int64s("u") }?.reason, .valueOutOfRange(name: "u", index: 1))
    }
}
