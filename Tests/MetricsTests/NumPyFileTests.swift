import Foundation
import Metrics
import Testing

/// `.npy` / `.npz` files written by NumPy read here, ours byte-identical to NumPy's, and
/// hostile files refused with errors naming the file.
@Suite struct NumPyFileTests {
    static let folder = MetricsTestSupport.fixture("sets_npy")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static let littleEndianCOrder = ["f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1",
                                     "f4_1d", "f8_0d", "f4_empty", "f2_special"]

    static func expectValues(_ name: String, _ a: NumPyArray) throws {
        let shape = try SetsReference.ints("npy", name, "shape")
        #expect(a.shape == shape, "\(name): shape \(a.shape) vs \(shape)")
        let want = try SetsReference.optionalDoubles("npy", name, "values")
        let signs = (try? SetsReference.ints("npy", name, "infinities")) ?? []
        let got = a.doubles()
        #expect(got.count == want.count, "\(name): \(got.count) values vs \(want.count)")
        for (i, (g, w)) in zip(got, want).enumerated() {
            if let w {
                #expect(g == w, "\(name)[\(i)]: \(g) vs \(w)")
            } else {
                #expect(g.isInfinite && (g > 0 ? 1 : -1) == signs[i], "\(name)[\(i)]: \(g)")
            }
        }
    }

    @Test func readsEveryDtypeOrderAndVersion() throws {
        let names = Self.littleEndianCOrder + ["f4_big", "i4_big", "f8_big", "f4_fortran", "i2_fortran_3d", "f4_v2", "f4_v3"]
        for name in names {
            let a = try NumPyFile.read(Self.path(name + ".npy"))
            try Self.expectValues(name, a)
            #expect(!a.dtype.isBigEndian)
        }
        #expect(try NumPyFile.read(Self.path("f2.npy")).dtype == .float16)
        #expect(try NumPyFile.read(Self.path("b1.npy")).dtype == .bool)
        #expect(try NumPyFile.read(Self.path("f4_big.npy")).dtype == .float32)
    }

    /// Decoding then encoding a NumPy-written little-endian C-order file gives its bytes back:
    /// our writer produces exactly what `numpy.save` produces.
    @Test func encodesTheBytesNumPyWrites() throws {
        for name in Self.littleEndianCOrder {
            let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name + ".npy")))
            let a = try NumPyFile.decode(bytes, path: name)
            #expect(NumPyFile.encode(a) == bytes, "\(name): re-encoded bytes differ")
        }
        let f = try NumPyFile.read(Self.path("f4.npy"))
        let fromFloats = try NumPyArray(shape: f.shape, floats: f.floats())
        #expect(NumPyFile.encode(fromFloats) == [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("f4.npy"))))
    }

    @Test func readsNumPyArchives() throws {
        let stored = try NumPyArchive.read(Self.path("stored.npz"))
        #expect(stored.map(\.name) == ["alpha", "beta"])
        #expect(stored[1].array.dtype == .int64 && stored[1].array.doubles() == [0, 1, 2, 3, 4])
        #expect(stored[0].array.floats() == (try NumPyFile.read(Self.path("f4.npy")).floats()))
        let deflated = try NumPyArchive.read(Self.path("deflated.npz"))
        #expect(Set(deflated.map(\.name)) == ["features", "labels"])
        for (name, array) in deflated {
            #expect(array.shape == (try SetsReference.ints("npy", "deflated.npz", name, "shape")))
            #expect(array.doubles() == (try SetsReference.doubles("npy", "deflated.npz", name, "values")))
        }
        // A feature matrix from an archive: named, or the one called "features".
        let f = try FeatureMatrix.read(Self.path("deflated.npz"))
        #expect(f.count == 20 && f.dimension == 8 && f.source.hasSuffix("deflated.npz[features]"))
        #expect(throws: MetricsError.self) { try FeatureMatrix.read(Self.path("stored.npz")) }
        #expect(throws: MetricsError.self) { try FeatureMatrix.read(Self.path("f4_1d.npy")) }
        #expect(throws: MetricsError.self) { try NumPyArchive.read(Self.path("stored.npz"), name: "gamma") }
    }

    @Test func writesArchivesThatReadBackAndForNumPy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try NumPyArray(shape: [3, 4], floats: (0..<12).map { Float($0) * 0.5 - 1 })
        let second = try NumPyArray(shape: [5], doubles: [1e-300, -2.5, 0, 3, 1e300])
        var outputs = [folder.path]
        if let keep = ProcessInfo.processInfo.environment["MEDSYNTH_KEEP_NPY"] {
            try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            outputs.append(keep)
        }
        for out in outputs {
            try NumPyFile.write(first, to: out + "/written_f4.npy")
            try NumPyFile.write(second, to: out + "/written_f8.npy")
            try NumPyArchive.write([("first", first), ("second", second)], to: out + "/written_stored.npz")
            try NumPyArchive.write([("first", first), ("second", second)], to: out + "/written_deflated.npz", compressed: true)
            try FeatureStatistics(FeatureMatrix(count: 4, dimension: 3, values: [1, 2, 3, 2, 2, 5, 0, 1, 1, 4, 4, 4]))
                .write(npz: out + "/written_stats.npz")
        }
        let p = folder.path
        #expect(try NumPyFile.read(p + "/written_f4.npy") == first)
        #expect(try NumPyFile.read(p + "/written_f8.npy") == second)
        for name in ["written_stored.npz", "written_deflated.npz"] {
            let back = try NumPyArchive.read(p + "/" + name)
            #expect(back.map(\.name) == ["first", "second"] && back[0].array == first && back[1].array == second)
        }
        // Same arrays, same bytes (fixed timestamps).
        try NumPyArchive.write([("first", first)], to: p + "/a.npz", compressed: true)
        try NumPyArchive.write([("first", first)], to: p + "/b.npz", compressed: true)
        #expect(try Data(contentsOf: folder.appendingPathComponent("a.npz")) == Data(contentsOf: folder.appendingPathComponent("b.npz")))
        // Feature matrices round-trip.
        let f = try FeatureMatrix.seededUniform(count: 7, dimension: 5, seed: 1)
        try f.write(npy: p + "/features.npy")
        #expect(try FeatureMatrix.read(p + "/features.npy").values == f.values)
        #expect(throws: MetricsError.self) { try NumPyArchive.write([("x", first), ("x", second)], to: p + "/dup.npz") }
    }

    /// A `.npy` file with the given header dict (padded as NumPy pads) and data.
    static func npy(_ dict: String, data: [UInt8], major: UInt8 = 1) -> [UInt8] {
        let text = Array(dict.utf8)
        let prefix = major == 1 ? 10 : 12
        let hlen = text.count + 1 + (64 - (prefix + text.count + 1) % 64)
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [major, 0]
        out += major == 1 ? [UInt8(hlen & 0xFF), UInt8(hlen >> 8)] : (0..<4).map { UInt8((hlen >> (8 * $0)) & 0xFF) }
        out += text + [UInt8](repeating: 0x20, count: hlen - text.count - 1) + [0x0A]
        return out + data
    }

    static func expectFileError(_ bytes: [UInt8], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try NumPyFile.decode(bytes, path: "hostile.npy")
            Issue.record("decoded a hostile file (expected \(fragment))", sourceLocation: sourceLocation)
        } catch MetricsError.file(let path, let reason) {
            #expect(path == "hostile.npy", sourceLocation: sourceLocation)
            #expect(reason.contains(fragment), "\(reason)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func hostileNpyFilesAreRefusedWithTheFileNamed() throws {
        let good = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("f4.npy")))
        Self.expectFileError(Array(good.prefix(9)), "too short")
        Self.expectFileError(Array(good.prefix(40)), "runs past the end")
        var long = good
        long[8] = 0xFF; long[9] = 0xFF
        Self.expectFileError(long, "runs past the end")
        Self.expectFileError(Array(good.dropLast()), "truncated")
        Self.expectFileError(good + [0], "unexpected bytes")
        var magic = good
        magic[1] = 0x4F
        Self.expectFileError(magic, "magic")
        var version = good
        version[6] = 4
        Self.expectFileError(version, "version 4.0")
        let f4 = [UInt8](repeating: 0, count: 16)
        Self.expectFileError(Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", data: f4), "overflows")
        Self.expectFileError(Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999, 4), }", data: f4), "shape")
        Self.expectFileError(Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 4), }", data: f4), "shape")
        Self.expectFileError(Self.npy("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", data: f4), "not supported")
        Self.expectFileError(Self.npy("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", data: f4), "not supported")
        Self.expectFileError(Self.npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", data: f4), "structured")
        Self.expectFileError(Self.npy("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (4,), }", data: f4), "fortran_order")
        Self.expectFileError(Self.npy("{'descr': '<f4', 'shape': (4,), }", data: f4), "misses")
        Self.expectFileError(Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), 'extra': 1}", data: f4), "unexpected key")
        Self.expectFileError(Self.npy("__import__('os')", data: f4), "not a Python dict")
        // Legal variants: double quotes, Python 2 longs, version 2.0, no trailing comma.
        let ok = try NumPyFile.decode(Self.npy("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2L, 2L)}", data: f4, major: 2), path: "x")
        #expect(ok.shape == [2, 2] && ok.floats() == [0, 0, 0, 0])
    }

    @Test func hostileArchivesAreRefusedWithTheFileNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-npz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let stored = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("stored.npz")))
        let deflated = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("deflated.npz")))
        var cases: [(String, [UInt8], String)] = [
            ("half.npz", Array(stored.prefix(stored.count / 2)), "end-of-central-directory"),
            ("empty.npz", [], "too short"),
            ("text.npz", Array(String(repeating: "not a zip ", count: 10).utf8), "end-of-central-directory"),
        ]
        // Flip one byte inside the first member's data: the CRC catches it (stored) or inflate does (deflated).
        var flipped = stored
        flipped[200] ^= 0xFF
        cases.append(("crc.npz", flipped, "CRC-32"))
        var broken = deflated
        let dataStart = 30 + Int(deflated[26]) + Int(deflated[27]) << 8 + Int(deflated[28]) + Int(deflated[29]) << 8
        broken[dataStart + 20] ^= 0xFF
        cases.append(("inflate.npz", broken, "member"))
        // Cut the data out but keep the directory: offsets point outside.
        let directoryStart = stored.count - 22 - 2 * (46 + 9)
        cases.append(("cut.npz", Array(stored.suffix(from: directoryStart)), "outside the file"))
        for (name, bytes, fragment) in cases {
            let path = folder.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                _ = try NumPyArchive.read(path)
                Issue.record("\(name): read a hostile archive")
            } catch MetricsError.file(let p, let reason) {
                #expect(p.hasPrefix(path), "\(name): \(p)")
                #expect(reason.contains(fragment), "\(name): \(reason)")
            }
        }
        #expect(throws: MetricsError.self) { try NumPyFile.read(folder.appendingPathComponent("missing.npy").path) }
    }
}
