import Foundation
import SafeTensors
import XCTest

/// Files written by the Python `safetensors` package (Fixtures/safetensors, made by
/// Tests/Reference/safetensors_files.py) decode to the values PyTorch put in them, and the
/// Swift writer produces the same bytes for the same tensors.
final class SafeTensorsReferenceTests: XCTestCase {
    private typealias Support = SafeTensorsTestSupport

    /// Files whose header the Python package writes the same way every time (at most one metadata key).
    private let deterministicFiles = ["torch_dtypes.safetensors", "names.safetensors", "from_floats.safetensors", "numpy.safetensors"]

    private func tensors(_ file: [String: Any]) throws -> [String: [String: Any]] {
        try XCTUnwrap(file["tensors"] as? [String: [String: Any]])
    }

    private func assertSameFloat(_ a: Float, _ b: Float, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        if a.isNaN || b.isNaN {
            // torch widens every F16 NaN to 0x7FFFFFFF; medsynth keeps sign and payload.
            XCTAssertTrue(a.isNaN && b.isNaN, "\(what): \(a) vs \(b)", file: file, line: line)
        } else {
            XCTAssertEqual(a.bitPattern, b.bitPattern, "\(what): \(a) vs \(b)", file: file, line: line)
        }
    }

    func testFixturesAreListed() throws {
        let listed = Set(try Support.expected().keys)
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: Support.fixtureDir.path)
            .filter { $0.hasSuffix(".safetensors") })
        XCTAssertEqual(listed, present, "rerun Tests/Reference/safetensors_files.py")
        XCTAssertEqual(listed.count, 5)
    }

    func testDecodesEveryFixtureLikePyTorch() throws {
        for (fileName, expected) in try Support.expected().sorted(by: { $0.key < $1.key }) {
            let file = try SafeTensorsFile(contentsOf: Support.fixture(fileName))
            XCTAssertEqual(file.metadata, expected["metadata"] as? [String: String], fileName)
            let ref = try tensors(expected)
            XCTAssertEqual(Set(file.names), Set(ref.keys), fileName)
            XCTAssertEqual(file.entries.count, ref.count, fileName)
            for (name, t) in ref {
                let what = "\(fileName) \(name)"
                let entry = try file.entry(name)
                XCTAssertEqual(entry.dtype.rawValue, t["dtype"] as? String, what)
                XCTAssertEqual(entry.shape, t["shape"] as? [Int], what)
                XCTAssertEqual(try file.shape(name), entry.shape, what)
                XCTAssertEqual(Support.hex([UInt8](entry.bytes)), t["hex"] as? String, what)
                if let bits = Support.uint32s(t["float32_bits"]) {
                    let values = try file.floats(name)
                    XCTAssertEqual(values.count, bits.count, what)
                    for (v, b) in zip(values, bits) { assertSameFloat(v, Float(bitPattern: b), what) }
                    let doubles = try file.doubles(name)
                    if let hex = t["float64_hex"] as? [String] {
                        let expectedBits = hex.map { UInt64($0, radix: 16) ?? 0 }
                        XCTAssertEqual(doubles.map(\.bitPattern), expectedBits, what)
                    } else {
                        XCTAssertEqual(doubles.map(\.bitPattern), values.map { Double($0).bitPattern }, what)
                    }
                    let e = Support.expectError(path: file.path) { try file.int64s(name) }
                    XCTAssertEqual(e?.reason, .notConvertible(name: name, dtype: entry.dtype, to: "Int64 (only integer dtypes and BOOL are)"))
                } else if let ints = t["int"] as? [String] {
                    let exact = ints.map { Int64($0) }
                    if exact.allSatisfy({ $0 != nil }) {
                        XCTAssertEqual(try file.int64s(name), exact.compactMap { $0 }, what)
                    } else {
                        let bad = try XCTUnwrap(exact.firstIndex(where: { $0 == nil }))
                        let e = Support.expectError(path: file.path) { try file.int64s(name) }
                        XCTAssertEqual(e?.reason, .valueOutOfRange(name: name, index: bad), what)
                    }
                    let e = Support.expectError(path: file.path) { try file.floats(name) }
                    guard case .notConvertible(name, entry.dtype, _)? = e?.reason else { return XCTFail(what) }
                    XCTAssertTrue(e?.description.contains(entry.dtype.rawValue) == true, what)
                } else {
                    // F8, C64, F4: raw bytes only.
                    XCTAssertNil(entry.floats(), what)
                    XCTAssertNil(entry.int64s(), what)
                }
            }
        }
    }

    func testEntriesAreInFileOrder() throws {
        let file = try SafeTensorsFile(contentsOf: Support.fixture("torch_dtypes.safetensors"))
        // The Python package lays tensors out widest dtype first, then by name.
        XCTAssertEqual(Array(file.names.prefix(4)), ["u64", "u64_small", "i64", "f64"])
        XCTAssertEqual(file.names.last, "bool")
        let ranks = file.entries.map(\.dtype.serializationRank)
        XCTAssertEqual(ranks, ranks.sorted(by: >))
        XCTAssertEqual(try file.shape("scalar"), [])
        XCTAssertEqual(try file.floats("scalar"), [3.5])
        XCTAssertEqual(try file.shape("empty"), [2, 0, 3])
        XCTAssertEqual(try file.floats("empty"), [])
        XCTAssertEqual(file["empty"]?.byteCount, 0)
        XCTAssertEqual(file["f4"]?.shape, [4])
        XCTAssertEqual(file["f4"]?.byteCount, 2)
    }

    /// Writing the fixtures' tensors (raw bytes) with Swift gives the Python package's bytes.
    func testWriterMatchesPythonBytes() throws {
        let dir = try Support.temporaryDirectory(self)
        let all = try Support.expected()
        for fileName in deterministicFiles {
            let expected = try XCTUnwrap(all[fileName])
            var writer = SafeTensorsWriter(metadata: expected["metadata"] as? [String: String] ?? [:])
            // Added in reverse name order: the writer must sort them itself.
            for (name, t) in try tensors(expected).sorted(by: { $0.key > $1.key }) {
                let dtype = try XCTUnwrap(SafeTensorsDType(rawValue: t["dtype"] as? String ?? ""))
                try writer.add(name, dtype: dtype, shape: t["shape"] as? [Int] ?? [],
                               bytes: Data(Support.bytes(hex: t["hex"] as? String ?? "")))
            }
            let python = try Data(contentsOf: URL(fileURLWithPath: Support.fixture(fileName)))
            XCTAssertEqual(Support.hex([UInt8](try writer.serialized())), Support.hex([UInt8](python)), fileName)
            let out = dir.appendingPathComponent(fileName).path
            try writer.write(to: out)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), python, fileName)
        }
    }

    /// Read a Python file, write it back: the same bytes.
    func testResavingPythonFilesKeepsTheirBytes() throws {
        let dir = try Support.temporaryDirectory(self)
        for fileName in deterministicFiles {
            let path = Support.fixture(fileName)
            let python = try Data(contentsOf: URL(fileURLWithPath: path))
            let file = try SafeTensorsFile(contentsOf: path)
            XCTAssertEqual(try file.serialized(), python, fileName)
            let out = dir.appendingPathComponent("copy-" + fileName).path
            try file.write(to: out)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), python, fileName)
        }
    }

    /// The writer's Float -> F16/BF16/F64 conversions round exactly as PyTorch's.
    func testWriterConvertsFloatsLikePyTorch() throws {
        let expected = try XCTUnwrap(try Support.expected()["from_floats.safetensors"])
        let inputs = try XCTUnwrap(expected["writer_inputs"] as? [String: Any])
        let values = try XCTUnwrap(Support.uint32s(inputs["float32_bits"])).map { Float(bitPattern: $0) }
        let bf16Count = try XCTUnwrap(inputs["bf16_count"] as? Int)
        let floatTensors = try XCTUnwrap(inputs["float_tensors"] as? [String: String])
        let ints = try XCTUnwrap(inputs["ints"] as? [String]).compactMap { Int64($0) }
        XCTAssertEqual(ints.count, 6)

        var writer = SafeTensorsWriter(metadata: expected["metadata"] as? [String: String] ?? [:])
        for (name, dtypeName) in floatTensors.sorted(by: { $0.key < $1.key }) {
            let dtype = try XCTUnwrap(SafeTensorsDType(rawValue: dtypeName))
            let v = dtype == .bf16 ? Array(values.prefix(bf16Count)) : values
            try writer.add(name, floats: v, shape: [v.count], as: dtype)
        }
        try writer.add("ints", int64s: ints, shape: try XCTUnwrap(inputs["ints_shape"] as? [Int]))
        let python = try Data(contentsOf: URL(fileURLWithPath: Support.fixture("from_floats.safetensors")))
        let swift = try writer.serialized()
        XCTAssertEqual(swift.count, python.count)
        // Compare tensor by tensor first, for a readable failure.
        let a = try SafeTensorsFile(data: swift), b = try SafeTensorsFile(data: python)
        for name in b.names {
            let x = [UInt8](try a.entry(name).bytes), y = [UInt8](try b.entry(name).bytes)
            let firstDiff = zip(x, y).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            XCTAssertNil(firstDiff, "\(name): first differing byte \(firstDiff ?? -1)")
        }
        XCTAssertEqual(swift, python)
    }

    /// The Python package writes metadata in hash order (different every run), so this file
    /// is compared by content.
    func testMetadataFile() throws {
        let path = Support.fixture("metadata.safetensors")
        let file = try SafeTensorsFile(contentsOf: path)
        XCTAssertEqual(file.metadata, [
            "format": "pt", "note": "line one\nline \"two\" \\ tab\t", "unicode": "Grüße €", "empty": "", "epoch": "12",
        ])
        XCTAssertEqual(try file.floats("w"), [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(try file.shape("w"), [2, 3])
        let resaved = try file.serialized()
        let python = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(resaved.count, python.count)
        let again = try SafeTensorsFile(data: resaved)
        XCTAssertEqual(again.metadata, file.metadata)
        XCTAssertEqual(again.entries, file.entries)
        XCTAssertEqual(resaved.suffix(24), python.suffix(24))  // the data section
        // medsynth sorts the metadata keys.
        let header = String(decoding: resaved[8..<(resaved.count - 24)], as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("{\"__metadata__\":{\"empty\":\"\",\"epoch\":\"12\",\"format\":\"pt\",\"note\":"), header)
    }
}
