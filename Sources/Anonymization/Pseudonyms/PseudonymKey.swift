import Crypto
import Foundation

/// The secret behind every pseudonym: 32 or more random bytes kept in a file the user owns.
/// The same key gives the same UIDs, IDs and date shifts on every run and every machine;
/// whoever holds it can link pseudonyms back to originals they already know, so keep it
/// out of the release.
public struct PseudonymKey: Sendable {
    private let bytes: [UInt8]

    /// The smallest key file accepted, in bytes.
    public static let minimumLength = 32

    public init(bytes: [UInt8]) throws {
        guard bytes.count >= PseudonymKey.minimumLength else {
            throw AnonymizationError(.key, "a key needs at least \(PseudonymKey.minimumLength) bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// Reads a key file (raw bytes; a text file of 64+ hex digits is read as hex).
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw AnonymizationError(.key, path: path, exists
                ? "cannot read the key file (check its permissions)"
                : "no key file here; create one with `medsynth anonymize --create-key \(path) ...` and keep it safe")
        }
        var bytes = [UInt8](data)
        if let text = String(bytes: bytes, encoding: .utf8) {
            let hex = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if hex.count >= 2 * PseudonymKey.minimumLength, hex.count % 2 == 0, hex.allSatisfy(\.isHexDigit) {
                bytes = stride(from: 0, to: hex.count, by: 2).map { i in
                    let a = hex.index(hex.startIndex, offsetBy: i)
                    return UInt8(hex[a...hex.index(after: a)], radix: 16)!
                }
            }
        }
        do { try self.init(bytes: bytes) } catch let e as AnonymizationError {
            throw AnonymizationError(.key, path: path, e.reason)
        }
    }

    /// Writes a new random key (64 hex digits) readable by its owner only; refuses to overwrite.
    @discardableResult
    public static func create(at path: String) throws -> PseudonymKey {
        if FileManager.default.fileExists(atPath: path) {
            throw AnonymizationError(.key, path: path, "a file is already there; refusing to overwrite a key")
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = bytes.map { String(format: "%02x", $0) }.joined() + "\n"
        let created = FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        guard created else { throw AnonymizationError(.key, path: path, "cannot create the key file") }
        return try PseudonymKey(bytes: bytes)
    }

    /// HMAC-SHA256 of `domain` and `message`, separated so that different uses never collide.
    func mac(_ domain: String, _ message: String) -> [UInt8] {
        var input = Array(domain.utf8)
        input.append(0)
        input.append(contentsOf: message.utf8)
        return Array(HMAC<SHA256>.authenticationCode(for: input, using: SymmetricKey(data: bytes)))
    }
}
