/// A JSON value as the header parser sees it. Objects keep their members in file order,
/// duplicates included (the header decoder refuses them); numbers keep their text, so
/// integers of any size and non-integers can be told apart exactly.
enum HeaderJSON {
    /// One `"key": value` of an object.
    struct Member {
        let key: String
        let value: HeaderJSON
    }

    case object([Member])
    case array([HeaderJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// "an object", "a string", ...: for error messages.
    var kindDescription: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number(let text): return "the number \(text)"
        case .bool(let b): return "\(b)"
        case .null: return "null"
        }
    }
}

/// A strict RFC 8259 parser over UTF-8 bytes (already validated as UTF-8 by the caller).
/// Nesting is bounded so that a hostile header cannot exhaust the stack.
struct HeaderJSONParser {
    struct Failure: Error {
        let message: String
    }

    static let maxDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Parses one value surrounded by optional whitespace (the format pads headers with spaces).
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> HeaderJSON {
        var parser = HeaderJSONParser(bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.position < bytes.count {
            throw parser.failure("unexpected \(parser.describeCurrent()) after the end of the header object")
        }
        return value
    }

    // MARK: - Values

    private mutating func parseValue(depth: Int) throws(Failure) -> HeaderJSON {
        guard depth < Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth) levels") }
        guard let byte = peek() else { throw failure("unexpected end of the header") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        default: throw failure("unexpected \(describeCurrent())")
        }
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> HeaderJSON {
        position += 1  // {
        var members: [HeaderJSON.Member] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw failure("expected a quoted key, found \(describeCurrent())") }
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw failure("expected ':' after key \"\(key)\", found \(describeCurrent())") }
            position += 1
            skipWhitespace()
            members.append(HeaderJSON.Member(key: key, value: try parseValue(depth: depth + 1)))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return .object(members)
            default: throw failure("expected ',' or '}' in an object, found \(describeCurrent())")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> HeaderJSON {
        position += 1  // [
        var elements: [HeaderJSON] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return .array(elements)
            default: throw failure("expected ',' or ']' in an array, found \(describeCurrent())")
            }
        }
    }

    private mutating func parseString() throws(Failure) -> String {
        let start = position
        position += 1  // opening quote
        var decoded: [UInt8] = []
        var runStart = position
        while true {
            guard let byte = peek() else { throw failure("unterminated string starting at byte \(start)") }
            if byte == UInt8(ascii: "\"") {
                decoded.append(contentsOf: bytes[runStart..<position])
                position += 1
                return String(decoding: decoded, as: UTF8.self)
            }
            if byte < 0x20 { throw failure("control character 0x\(String(byte, radix: 16)) inside a string (must be escaped)") }
            if byte != UInt8(ascii: "\\") {
                position += 1
                continue
            }
            decoded.append(contentsOf: bytes[runStart..<position])
            position += 1
            guard let escape = peek() else { throw failure("unterminated escape") }
            position += 1
            switch escape {
            case UInt8(ascii: "\""): decoded.append(0x22)
            case UInt8(ascii: "\\"): decoded.append(0x5C)
            case UInt8(ascii: "/"): decoded.append(0x2F)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = UInt32(try parseHex4())
                if (0xD800...0xDBFF).contains(scalar) {
                    guard peek() == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                        throw failure("unpaired surrogate \\u\(String(scalar, radix: 16)) in a string")
                    }
                    position += 2
                    let low = UInt32(try parseHex4())
                    guard (0xDC00...0xDFFF).contains(low) else { throw failure("unpaired surrogate \\u\(String(scalar, radix: 16)) in a string") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw failure("unpaired surrogate \\u\(String(scalar, radix: 16)) in a string")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw failure("invalid \\u escape") }
                decoded.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw failure("invalid escape \\\(Self.printable(escape)) in a string")
            }
            runStart = position
        }
    }

    private mutating func parseHex4() throws(Failure) -> UInt16 {
        guard position + 4 <= bytes.count else { throw failure("truncated \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw failure("invalid hex digit in a \\u escape")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    /// The number's text, checked against the JSON grammar.
    private mutating func parseNumber() throws(Failure) -> String {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), isDigit(first) else { throw failure("invalid number") }
        position += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard let d = peek(), isDigit(d) else { throw failure("invalid number: digits must follow '.'") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let d = peek(), isDigit(d) else { throw failure("invalid number: digits must follow the exponent") }
            skipDigits()
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        let matches = position + count <= bytes.count && literal.withUTF8Buffer { lit in
            (0..<count).allSatisfy { bytes[position + $0] == lit[$0] }
        }
        guard matches else { throw failure("unexpected \(describeCurrent())") }
        position += count
    }

    // MARK: - Helpers

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while let b = peek(), isDigit(b) { position += 1 }
    }

    private mutating func skipWhitespace() {
        while let b = peek(), b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { position += 1 }
    }

    private func describeCurrent() -> String {
        guard let b = peek() else { return "end of the header" }
        return "'\(Self.printable(b))'"
    }

    private static func printable(_ b: UInt8) -> String {
        (0x20..<0x7F).contains(b) ? String(UnicodeScalar(b)) : "byte 0x" + String(b, radix: 16)
    }

    private func failure(_ message: String) -> Failure {
        Failure(message: "\(message) at header byte \(position)")
    }
}

extension HeaderJSON {
    /// A non-negative integer written without fraction or exponent (as the format's usize fields).
    func nonNegativeInteger() -> Result<Int, IntegerProblem> {
        guard case .number(let text) = self else { return .failure(.notANumber(kindDescription)) }
        if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return .failure(.notAnInteger(text)) }
        if text == "-0" { return .success(0) }
        if text.hasPrefix("-") { return .failure(.negative(text)) }
        guard let value = Int(text) else { return .failure(.tooLarge(text)) }
        return .success(value)
    }

    enum IntegerProblem: Error {
        case notANumber(String)
        case notAnInteger(String)
        case negative(String)
        case tooLarge(String)

        var message: String {
            switch self {
            case .notANumber(let kind): return "\(kind) where an integer was expected"
            case .notAnInteger(let text): return "\(text) is not an integer"
            case .negative(let text): return "\(text) is negative"
            case .tooLarge(let text): return "\(text) is too large"
            }
        }
    }
}
