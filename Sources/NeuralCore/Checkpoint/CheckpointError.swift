/// Why a training checkpoint could not be written, read or restored. Every error names the
/// file and says what to do. Files that are not valid safetensors files at all (truncated,
/// damaged) are refused earlier with a `SafeTensorsError`.
public struct CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// The file has no `medsynth.format` metadata of a training checkpoint.
        case notACheckpoint(format: String?)
        /// A format version this build cannot read.
        case unsupportedVersion(String)
        /// A `medsynth.*` metadata value that cannot be decoded.
        case badMetadata(key: String, String)
        /// A model, optimizer, generator or metadata name refused when writing.
        case invalidName(String, String)
        /// The checkpoint does not fit the models and optimizers it is restored into: every
        /// missing, unexpected and mis-shaped name (checkpoint names, e.g. `G.main.0.weight`,
        /// `optimizer.G.exp_avg.3`).
        case mismatch(missing: [String], unexpected: [String], misshaped: [String])
        /// An optimizer refused its saved state (nothing was restored).
        case optimizerRefused(name: String, String)
        /// No saved generator or model of that name.
        case notFound(kind: String, name: String, available: [String])
    }

    /// The checkpoint file (or `SafeTensorsFile.inMemoryPath`).
    public let path: String
    public let reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "training checkpoint \(path): \(reason.message)" }
}

extension CheckpointError.Reason {
    /// The human-readable reason, with advice.
    public var message: String {
        switch self {
        case let .notACheckpoint(format?):
            return "its medsynth.format is \"\(format)\", not \"\(TrainingCheckpoint.format)\"; load it with the reader of that format"
        case .notACheckpoint(nil):
            return "it has no medsynth.format metadata, so it is not a training checkpoint; a plain state dict (as PyTorch or Layer.saveState writes it) loads with Layer.loadState(contentsOf:)"
        case let .unsupportedVersion(version):
            return "format version \"\(version)\" is not one this build reads (it reads \(TrainingCheckpoint.version)); it was written by another medsynth version, use that version or a newer one"
        case let .badMetadata(key, why):
            return "metadata \(key) is invalid (\(why)); the file is damaged or was edited"
        case let .invalidName(name, why):
            return "cannot save \"\(name)\": \(why)"
        case let .mismatch(missing, unexpected, misshaped):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
            if !unexpected.isEmpty { parts.append("unexpected \(unexpected.joined(separator: ", "))") }
            if !misshaped.isEmpty { parts.append("wrong shape or type \(misshaped.joined(separator: "; "))") }
            return "it does not fit the models and optimizers given (nothing was restored): " + parts.joined(separator: "; ")
                + "; build them with the configuration the checkpoint was saved with"
        case let .optimizerRefused(name, why):
            return "optimizer \(name) refused its saved state (\(why)); nothing was restored, check that it is the same kind of optimizer over the same parameters"
        case let .notFound(kind, name, available):
            let list = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "no \(kind) named \"\(name)\" (saved: \(list))"
        }
    }
}
