/// Reading and writing NumPy `.npz` archives: a zip of `.npy` members, one per named array,
/// stored (`numpy.savez`) or deflated (`numpy.savez_compressed`).
///
/// Names are given and returned without the `.npy` suffix, as `numpy.load(...)[name]` uses
/// them. Member order is kept.
public enum NumPyArchive {
    /// Reads every array of an `.npz` file, in archive order.
    public static func read(_ path: String) throws -> [(name: String, array: NumPyArray)] {
        let bytes = try NumPyFile.readBytes(path)
        var arrays: [(name: String, array: NumPyArray)] = []
        for entry in try ZipArchive.entries(bytes, path: path) where !entry.name.hasSuffix("/") {
            let data = try ZipArchive.extract(entry, from: bytes, path: path)
            let name = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
            arrays.append((name, try NumPyFile.decode(data, path: "\(path)[\(name)]")))
        }
        return arrays
    }

    /// Reads one named array of an `.npz` file; the error lists the names present when absent.
    public static func read(_ path: String, name: String) throws -> NumPyArray {
        let all = try read(path)
        guard let found = all.first(where: { $0.name == name }) else {
            throw MetricsError.file(path: path, reason: "no array named '\(name)' (the archive holds: \(all.map(\.name).joined(separator: ", ")))")
        }
        return found.array
    }

    /// Writes arrays to an `.npz` file atomically, deflated when `compressed` (as
    /// `numpy.savez_compressed`) else stored (as `numpy.savez`).
    public static func write(_ arrays: [(name: String, array: NumPyArray)], to path: String, compressed: Bool = false) throws {
        var seen = Set<String>()
        for a in arrays {
            guard !a.name.isEmpty, seen.insert(a.name).inserted else {
                throw MetricsError.file(path: path, reason: "array names must be non-empty and unique ('\(a.name)')")
            }
        }
        let members = arrays.map { (name: $0.name + ".npy", data: NumPyFile.encode($0.array)) }
        try NumPyFile.writeBytes(try ZipArchive.build(members, deflated: compressed, path: path), to: path)
    }
}
