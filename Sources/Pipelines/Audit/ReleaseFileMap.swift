import Anonymization
import Foundation

/// Finds the output file of an input file: the same relative path, or (with the key) the
/// file whose name ends in `-<16 hex digits>` (before the extension) where the digits are
/// `Pseudonymizer.fileToken(relativePath:)` of the input's path relative to the input root.
struct ReleaseFileMap: Sendable {
    let files: Set<String>
    let byToken: [String: String]
    let pseudonymizer: Pseudonymizer?

    init(outputFiles: [String], pseudonymizer: Pseudonymizer?) {
        files = Set(outputFiles)
        var tokens: [String: String] = [:]
        for f in outputFiles {
            if let t = ReleaseFileMap.token(of: f), tokens[t] == nil { tokens[t] = f }
        }
        byToken = tokens
        self.pseudonymizer = pseudonymizer
    }

    /// The 16 lowercase hex digits after the last "-" of the file name (extension removed).
    static func token(of relativePath: String) -> String? {
        var name = Substring(relativePath.split(separator: "/").last ?? Substring(relativePath))
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let token = name[name.index(after: dash)...]
        guard token.count == 16, token.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
        return String(token)
    }

    /// The output file made from the input file at `inputRelativePath`, or nil.
    func locate(_ inputRelativePath: String) -> String? {
        if files.contains(inputRelativePath) { return inputRelativePath }
        guard let p = pseudonymizer else { return nil }
        return byToken[p.fileToken(relativePath: inputRelativePath)]
    }
}
