import Foundation

/// Tells DICOM files from other files before DCMTK sees them.
enum FileSniffer {
    /// Returns whether the file has a Part 10 header ("DICM" at byte 128); throws when the
    /// file is empty, unreadable, or does not look like DICOM at all.
    static func check(_ path: String) throws -> Bool {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw DicomError(.unreadable, path: path, "is a directory")
        }
        guard let fh = FileHandle(forReadingAtPath: path) else {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
                throw DicomError(.unreadable, path: path, isDir.boolValue ? "is a directory" : "permission denied or unreadable")
            }
            throw DicomError(.unreadable, path: path, "no such file")
        }
        defer { try? fh.close() }
        let head = [UInt8]((try? fh.read(upToCount: 132)) ?? Data())
        if head.isEmpty { throw DicomError(.notDicom, path: path, "file is empty (0 bytes)") }
        if head.count >= 132 && head[128] == 0x44 && head[129] == 0x49 && head[130] == 0x43 && head[131] == 0x4D {
            return true
        }
        // No preamble: a raw dataset must start with a low even group (0002, 0008...) in either byte order.
        if head.count >= 8 {
            let le = UInt16(head[0]) | UInt16(head[1]) << 8
            let be = UInt16(head[0]) << 8 | UInt16(head[1])
            let plausible: Set<UInt16> = [0x0000, 0x0002, 0x0004, 0x0008, 0x0010, 0x0018, 0x0020, 0x0028]
            if plausible.contains(le) || plausible.contains(be) { return false }
        }
        let first = head.prefix(8).map { String(format: "%02X", $0) }.joined(separator: " ")
        throw DicomError(.notDicom, path: path, "not a DICOM file: no 'DICM' marker at byte 128, and the first bytes (\(first)) do not start a DICOM dataset")
    }
}
