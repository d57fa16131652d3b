import CDCMTK
import Foundation

/// Writes datasets as DICOM Part 10 files through DCMTK, atomically.
/// The meta header is rebuilt from the dataset (Media Storage SOP Class/Instance
/// UID, Transfer Syntax UID). Encapsulated pixel data is written byte for byte
/// in its original transfer syntax; otherwise explicit VR little endian is the default.
public enum DicomWriter {
    /// Writes `dataset` to `path`.
    /// - Parameter transferSyntax: the syntax to write; nil picks the file's own syntax when its
    ///   pixel data is encapsulated (kept byte for byte), else explicit VR little endian.
    /// - Parameter atomic: write to a temporary name beside `path` and rename (default); false
    ///   writes `path` directly, for callers that manage their own temporary names.
    public static func write(_ dataset: Dataset, to path: String, transferSyntax: TransferSyntax? = nil,
                             originalTransferSyntax: TransferSyntax? = nil, atomic: Bool = true) throws {
        let encapsulated: Bool = {
            if case .encapsulated? = dataset[Tags.pixelData]?.value { return true }
            return false
        }()
        let ts: TransferSyntax
        if let t = transferSyntax {
            ts = t
        } else if encapsulated {
            guard let o = originalTransferSyntax, o.isEncapsulated else {
                throw DicomError(.write, path: path, "encapsulated pixel data needs its original (compressed) transfer syntax")
            }
            ts = o
        } else {
            ts = .explicitVRLittleEndian
        }
        if encapsulated && !ts.isEncapsulated {
            throw DicomError(.write, path: path, "cannot write compressed pixel data as \(ts.name) without decoding it first")
        }
        guard let handle = msd_file_new() else { throw DicomError(.write, path: path, "DCMTK could not allocate a file") }
        defer { msd_file_free(handle) }
        var builder = DatasetBuilder(path: path, transferSyntax: ts)
        try builder.fill(msd_file_dataset(handle), from: dataset)
        var err = [CChar](repeating: 0, count: 512)
        let save: (String) throws -> Void = { target in
            guard msd_file_save(handle, target, ts.uid, &err, err.count) == 0 else {
                throw DicomError(.write, path: path, "DCMTK could not write the file: \(cString(err))")
            }
        }
        if atomic { try AtomicFileWrite.write(to: path, save) } else { try save(path) }
    }

    /// Writes a file read earlier, keeping its transfer syntax when its pixel data is compressed.
    public static func write(_ file: DicomFile, to path: String, transferSyntax: TransferSyntax? = nil) throws {
        try write(file.dataset, to: path, transferSyntax: transferSyntax, originalTransferSyntax: file.transferSyntax)
    }
}

/// Copies a Swift dataset into a DCMTK item.
private struct DatasetBuilder {
    let path: String
    let transferSyntax: TransferSyntax
    private var err = [CChar](repeating: 0, count: 512)

    init(path: String, transferSyntax: TransferSyntax) {
        self.path = path
        self.transferSyntax = transferSyntax
    }

    mutating func fill(_ item: OpaquePointer?, from ds: Dataset) throws {
        guard let item else { throw DicomError(.write, path: path, "no dataset to fill") }
        for e in ds.elements where e.tag.group != 0x0002 {
            switch e.value {
            case .bytes(let b):
                let rc = b.withUnsafeBufferPointer { p in
                    msd_item_put_value(item, e.tag.group, e.tag.element, e.vr.rawValue, p.baseAddress, p.count, &err, err.count)
                }
                guard rc == 0 else { throw DicomError(.write, path: path, "cannot write \(e.tag) \(e.vr): \(cString(err))") }
            case .sequence(let items):
                guard let seq = msd_item_put_sequence(item, e.tag.group, e.tag.element, &err, err.count) else {
                    throw DicomError(.write, path: path, "cannot write sequence \(e.tag): \(cString(err))")
                }
                for child in items { try fill(msd_seq_append_item(seq), from: child) }
            case .encapsulated(let enc):
                let parts = [enc.offsetTable] + enc.fragments
                let rc = withPointers(parts) { ptrs, lens in
                    msd_item_put_encapsulated(item, e.vr.rawValue, transferSyntax.uid, ptrs, lens, parts.count, &err, err.count)
                }
                guard rc == 0 else { throw DicomError(.write, path: path, "cannot write encapsulated pixel data: \(cString(err))") }
            }
        }
    }

    private func withPointers<R>(_ parts: [[UInt8]], _ body: (UnsafePointer<UnsafePointer<UInt8>?>, UnsafePointer<Int>) -> R) -> R {
        // Copy fragments into one stable buffer so the pointers outlive the call.
        let total = parts.reduce(0) { $0 + $1.count }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(total, 1))
        defer { buffer.deallocate() }
        var ptrs: [UnsafePointer<UInt8>?] = []
        var lens: [Int] = []
        var off = 0
        for p in parts {
            p.withUnsafeBufferPointer { src in
                if let b = src.baseAddress { (buffer + off).initialize(from: b, count: p.count) }
            }
            ptrs.append(UnsafePointer(buffer + off))
            lens.append(p.count)
            off += p.count
        }
        return ptrs.withUnsafeBufferPointer { pp in lens.withUnsafeBufferPointer { lp in body(pp.baseAddress!, lp.baseAddress!) } }
    }
}
