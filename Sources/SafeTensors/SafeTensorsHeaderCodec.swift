/// The JSON header: decoding with every check the format implies, and encoding byte for byte
/// as the reference implementation (the Rust `safetensors` crate behind the Python package)
/// writes it.
enum SafeTensorsHeaderCodec {
    /// One tensor as the header describes it; offsets are relative to the data section.
    struct Descriptor {
        let name: String
        let dtype: SafeTensorsDType
        let shape: [Int]
        let begin: Int
        let end: Int
    }

    static let metadataKey = "__metadata__"

    // MARK: - Decoding

    /// Parses and validates the header bytes against a data section of `dataSize` bytes.
    /// Returns the tensors in data order (by offset) and the metadata.
    static func decode(_ header: UnsafeRawBufferPointer, dataSize: Int, path: String) throws -> ([Descriptor], [String: String]) {
        func fail(_ reason: SafeTensorsError.Reason) -> SafeTensorsError { SafeTensorsError(path: path, reason: reason) }

        guard String(validating: header.bindMemory(to: UInt8.self), as: UTF8.self) != nil else { throw fail(.headerNotUTF8) }
        guard header.first == UInt8(ascii: "{") else { throw fail(.headerNotObject) }
        let root: HeaderJSON
        do {
            root = try HeaderJSONParser.parse(header)
        } catch {
            throw fail(.headerNotJSON(error.message))
        }
        guard case .object(let members) = root else { throw fail(.headerNotObject) }

        var seen = Set<String>()
        var metadata: [String: String] = [:]
        var descriptors: [Descriptor] = []
        descriptors.reserveCapacity(members.count)
        for member in members {
            let (name, value) = (member.key, member.value)
            guard seen.insert(name).inserted else { throw fail(.duplicateName(name)) }
            if name == metadataKey {
                metadata = try decodeMetadata(value, path: path)
            } else {
                descriptors.append(try decodeTensor(name, value, dataSize: dataSize, path: path))
            }
        }

        // Data order (header order among equal offsets); then the tensors must tile the data
        // section exactly.
        descriptors = descriptors.enumerated()
            .sorted { ($0.element.begin, $0.element.end, $0.offset) < ($1.element.begin, $1.element.end, $1.offset) }
            .map(\.element)
        var cursor = 0
        var previous: String?
        for d in descriptors {
            if d.begin < cursor, let previous { throw fail(.overlappingTensors(previous, d.name)) }
            if d.begin > cursor { throw fail(.uncoveredBytes(from: cursor, to: d.begin)) }
            cursor = d.end
            previous = d.name
        }
        if cursor < dataSize { throw fail(.uncoveredBytes(from: cursor, to: dataSize)) }
        return (descriptors, metadata)
    }

    private static func decodeMetadata(_ value: HeaderJSON, path: String) throws -> [String: String] {
        func fail(_ why: String) -> SafeTensorsError { SafeTensorsError(path: path, reason: .badMetadata(why)) }
        switch value {
        case .null:
            return [:]  // the reference implementation reads null as "no metadata"
        case .object(let members):
            var result: [String: String] = [:]
            for member in members {
                let (key, v) = (member.key, member.value)
                guard case .string(let s) = v else { throw fail("the value of \"\(key)\" is \(v.kindDescription), not a string") }
                guard result.updateValue(s, forKey: key) == nil else { throw fail("the key \"\(key)\" appears twice") }
            }
            return result
        default:
            throw fail("it is \(value.kindDescription), not an object")
        }
    }

    private static func decodeTensor(_ name: String, _ value: HeaderJSON, dataSize: Int, path: String) throws -> Descriptor {
        func fail(_ reason: SafeTensorsError.Reason) -> SafeTensorsError { SafeTensorsError(path: path, reason: reason) }
        guard case .object(let members) = value else { throw fail(.badEntry(name: name, "it is \(value.kindDescription), not an object")) }
        var fields: [String: HeaderJSON] = [:]
        for member in members {
            let (key, v) = (member.key, member.value)
            // Unknown fields are ignored, as the reference implementation does; repeated ones are not.
            guard fields.updateValue(v, forKey: key) == nil else { throw fail(.badEntry(name: name, "the field \"\(key)\" appears twice")) }
        }
        guard let dtypeValue = fields["dtype"] else { throw fail(.badEntry(name: name, "dtype is missing")) }
        guard let shapeValue = fields["shape"] else { throw fail(.badEntry(name: name, "shape is missing")) }
        guard let offsetsValue = fields["data_offsets"] else { throw fail(.badEntry(name: name, "data_offsets is missing")) }

        guard case .string(let dtypeText) = dtypeValue else { throw fail(.badEntry(name: name, "dtype is \(dtypeValue.kindDescription), not a string")) }
        guard let dtype = SafeTensorsDType(rawValue: dtypeText) else { throw fail(.unknownDType(name: name, dtype: dtypeText)) }

        guard case .array(let dims) = shapeValue else { throw fail(.badShape(name: name, "it is \(shapeValue.kindDescription), not an array")) }
        var shape: [Int] = []
        shape.reserveCapacity(dims.count)
        for dim in dims {
            switch dim.nonNegativeInteger() {
            case .success(let d): shape.append(d)
            case .failure(let problem): throw fail(.badShape(name: name, problem.message))
            }
        }

        guard case .array(let offsets) = offsetsValue else { throw fail(.badOffsets(name: name, "it is \(offsetsValue.kindDescription), not an array")) }
        guard offsets.count == 2 else { throw fail(.badOffsets(name: name, "\(offsets.count) values instead of 2")) }
        var bounds: [Int] = []
        for o in offsets {
            switch o.nonNegativeInteger() {
            case .success(let v): bounds.append(v)
            case .failure(let problem): throw fail(.badOffsets(name: name, problem.message))
            }
        }
        let (begin, end) = (bounds[0], bounds[1])
        guard begin <= end else { throw fail(.badOffsets(name: name, "\(begin) > \(end)")) }

        guard let count = SafeTensorsEntry.elementCount(shape) else { throw fail(.shapeOverflow(name: name, shape: shape)) }
        let (bits, overflow) = count.multipliedReportingOverflow(by: dtype.bitSize)
        guard !overflow else { throw fail(.shapeOverflow(name: name, shape: shape)) }
        let expected = bits % 8 == 0 ? bits / 8 : nil
        guard expected == end - begin else {
            throw fail(.byteCountMismatch(name: name, dtype: dtype, shape: shape, expected: expected, got: end - begin))
        }
        guard end <= dataSize else { throw fail(.dataPastEnd(name: name, end: end, dataSize: dataSize)) }
        return Descriptor(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
    }

    // MARK: - Encoding

    /// The order tensors are written in: by dtype, widest first (the format's dtype order,
    /// descending), then by name (UTF-8 bytes), as the reference writer sorts them.
    static func writingOrder(_ entries: [SafeTensorsEntry]) -> [SafeTensorsEntry] {
        entries.sorted { a, b in
            if a.dtype != b.dtype { return a.dtype.serializationRank > b.dtype.serializationRank }
            return a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }
    }

    /// The header for `entries` (already in writing order), padded with spaces to a multiple
    /// of 8 bytes. Metadata keys are written in UTF-8 order (the reference writer uses hash
    /// order, which differs from run to run), and `__metadata__` only when there is any.
    static func encode(_ entries: [SafeTensorsEntry], metadata: [String: String]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        var first = true
        func separator() {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
        }
        if !metadata.isEmpty {
            separator()
            appendString(metadataKey, to: &out)
            out.append(contentsOf: Array(":{".utf8))
            let keys = metadata.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (i, key) in keys.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                appendString(metadata[key] ?? "", to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        var offset = 0
        for e in entries {
            separator()
            appendString(e.name, to: &out)
            out.append(contentsOf: Array(":{\"dtype\":".utf8))
            appendString(e.dtype.rawValue, to: &out)
            out.append(contentsOf: Array(",\"shape\":[".utf8))
            out.append(contentsOf: Array(e.shape.map(String.init).joined(separator: ",").utf8))
            out.append(contentsOf: Array("],\"data_offsets\":[".utf8))
            out.append(contentsOf: Array("\(offset),\(offset + e.byteCount)]}".utf8))
            offset += e.byteCount
        }
        out.append(UInt8(ascii: "}"))
        while out.count % 8 != 0 { out.append(UInt8(ascii: " ")) }
        return out
    }

    /// A JSON string escaped as serde_json does: `"` and `\`, the short escapes for
    /// backspace, form feed, newline, carriage return and tab, `\u00xx` (lowercase) for the
    /// other control characters, and everything else (including `/`, DEL and non-ASCII) as is.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            default:
                out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
