import Foundation

/// Encapsulated (compressed) pixel data as stored: the basic offset table and the fragments.
public struct EncapsulatedPixelData: Sendable, Equatable {
    public var offsetTable: [UInt8]
    public var fragments: [[UInt8]]
    public init(offsetTable: [UInt8], fragments: [[UInt8]]) {
        self.offsetTable = offsetTable
        self.fragments = fragments
    }
    /// Byte offsets of each frame's first fragment, from the basic offset table (empty if absent).
    public var frameOffsets: [UInt32] {
        stride(from: 0, to: offsetTable.count - 3, by: 4).map { i in
            UInt32(offsetTable[i]) | UInt32(offsetTable[i + 1]) << 8 | UInt32(offsetTable[i + 2]) << 16 | UInt32(offsetTable[i + 3]) << 24
        }
    }
}

/// The value of a data element.
public enum Value: Sendable, Equatable {
    /// Raw bytes: text as stored (multi-values separated by "\"), binary values in host byte order.
    case bytes([UInt8])
    /// A sequence of items.
    case sequence([Dataset])
    /// Compressed pixel data, kept byte for byte.
    case encapsulated(EncapsulatedPixelData)
}

/// One data element: tag, VR and value.
public struct DataElement: Sendable, Equatable {
    public var tag: Tag
    public var vr: VR
    public var value: Value

    public init(tag: Tag, vr: VR, value: Value) {
        self.tag = tag
        self.vr = vr
        self.value = value
    }

    /// A text element; values are joined with "\".
    public init(tag: Tag, vr: VR, strings: [String]) {
        let text = strings.joined(separator: "\\")
        var bytes = Array(text.utf8)
        // DICOM values have even length: pad with a space (UI with NUL).
        if bytes.count % 2 == 1 { bytes.append(vr == .UI ? 0 : 0x20) }
        self.init(tag: tag, vr: vr, value: .bytes(bytes))
    }

    /// A binary element from numeric values (US, SS, UL, SL, FL, FD, ...).
    public init<T: BinaryInteger & VoxelStorable>(tag: Tag, vr: VR, integers: [T]) {
        self.init(tag: tag, vr: vr, value: .bytes(integers.withUnsafeBytes { [UInt8]($0) }))
    }

    public init(tag: Tag, vr: VR, floats: [Float]) {
        self.init(tag: tag, vr: vr, value: .bytes(floats.withUnsafeBytes { [UInt8]($0) }))
    }

    public init(tag: Tag, vr: VR, doubles: [Double]) {
        self.init(tag: tag, vr: vr, value: .bytes(doubles.withUnsafeBytes { [UInt8]($0) }))
    }

    public init(tag: Tag, items: [Dataset]) {
        self.init(tag: tag, vr: .SQ, value: .sequence(items))
    }

    /// Raw bytes, or nil for sequences and encapsulated data.
    public var bytes: [UInt8]? {
        if case .bytes(let b) = value { return b }
        return nil
    }

    public var items: [Dataset]? {
        if case .sequence(let s) = value { return s }
        return nil
    }

    /// Value length in bytes (sequences: number of items).
    public var length: Int {
        switch value {
        case .bytes(let b): return b.count
        case .sequence(let s): return s.count
        case .encapsulated(let e): return e.fragments.reduce(e.offsetTable.count) { $0 + $1.count }
        }
    }

    /// Text values with DICOM padding (trailing spaces, NULs; leading spaces except for LT/ST/UT) removed.
    public var strings: [String] {
        guard vr.isString, let b = bytes else {
            return numbers.map { $0.rounded() == $0 && abs($0) < 1e15 ? String(Int64($0)) : String($0) }
        }
        return DataElement.textValues(b, singleValued: vr.isSingleValuedText)
    }

    /// The values of text bytes: split on backslashes (unless `singleValued`, as for LT, ST, UT,
    /// UR), trailing spaces and NULs removed, leading spaces removed from split values; each
    /// decoded by `decodeText`. Empty values are kept (their positions matter).
    public static func textValues(_ b: [UInt8], singleValued single: Bool) -> [String] {
        var out: [String] = []
        b.withUnsafeBufferPointer { all in
            var start = 0
            func emit(_ end: Int) {
                var lo = start, hi = end
                while hi > lo, all[hi - 1] == 0x20 || all[hi - 1] == 0 { hi -= 1 }
                if !single { while lo < hi, all[lo] == 0x20 { lo += 1 } }
                out.append(DataElement.decodeText(UnsafeBufferPointer(rebasing: all[lo..<hi])))
            }
            if !single {
                for i in 0..<all.count where all[i] == 0x5C {
                    emit(i)
                    start = i + 1
                }
            }
            emit(all.count)
        }
        return out
    }

    /// The value multiplicity.
    public var multiplicity: Int {
        switch value {
        case .sequence(let s): return s.count
        case .encapsulated: return 1
        case .bytes(let b):
            if b.isEmpty { return 0 }
            if vr.isString { return strings.count }
            if let w = vr.binaryWidth { return b.count / w }
            return 1
        }
    }

    /// Numeric values: binary VRs decoded, DS/IS text parsed. Non-numbers are skipped.
    public var numbers: [Double] {
        guard let b = bytes else { return [] }
        if vr.isString { return strings.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
        func decode<T>(_: T.Type, _ f: (T) -> Double) -> [Double] {
            let n = b.count / MemoryLayout<T>.size
            return b.withUnsafeBytes { raw in (0..<n).map { f(raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) } }
        }
        switch vr.rawValue {
        case "US", "OW": return decode(UInt16.self) { Double($0) }
        case "SS": return decode(Int16.self) { Double($0) }
        case "UL", "OL": return decode(UInt32.self) { Double($0) }
        case "SL": return decode(Int32.self) { Double($0) }
        case "FL", "OF": return decode(Float.self) { Double($0) }
        case "FD", "OD": return decode(Double.self) { $0 }
        case "UV", "OV": return decode(UInt64.self) { Double($0) }
        case "SV": return decode(Int64.self) { Double($0) }
        case "AT":
            return decode(UInt16.self) { Double($0) }
        default: return b.map { Double($0) }
        }
    }

    /// Attribute-tag values (VR AT).
    public var tags: [Tag] {
        guard vr == .AT, let b = bytes else { return [] }
        var out: [Tag] = []
        var i = 0
        while i + 3 < b.count {
            let g = UInt16(b[i]) | (UInt16(b[i + 1]) << 8)
            let e = UInt16(b[i + 2]) | (UInt16(b[i + 3]) << 8)
            out.append(Tag(g, e))
            i += 4
        }
        return out
    }

    /// Decodes DICOM text: UTF-8 when valid, else ISO 8859-1.
    static func decodeText(_ b: [UInt8]) -> String {
        b.withUnsafeBufferPointer { decodeText($0) }
    }

    /// Decodes DICOM text: UTF-8 when valid, else ISO 8859-1 (every byte one character).
    public static func decodeText(_ b: UnsafeBufferPointer<UInt8>) -> String {
        if b.allSatisfy({ $0 < 0x80 }) { return String(decoding: b, as: UTF8.self) }
        if let s = String(validating: b, as: UTF8.self) { return s }
        return String(b.map { Character(Unicode.Scalar($0)) })
    }
}

/// Integer types that can be stored as DICOM binary values.
public protocol VoxelStorable {}
extension UInt16: VoxelStorable {}
extension Int16: VoxelStorable {}
extension UInt32: VoxelStorable {}
extension Int32: VoxelStorable {}
extension UInt8: VoxelStorable {}
extension UInt64: VoxelStorable {}
extension Int64: VoxelStorable {}
