import Imaging

/// Writes an Encodable as pretty JSON to a file, atomically.
public enum AtomicJSON {
    public static func write<T: Encodable>(_ value: T, to path: String) throws {
        try AtomicFile.write([UInt8](try JSONOutput.encode(value)) + [0x0A], to: path)
    }
}
