import Foundation
import SafeTensors

/// A training run saved in one safetensors file, so that training resumes from it bit for bit:
/// named models, named optimizers, named random generators, the global step and free-form
/// metadata.
///
/// Layout (tensors are F32, or F64 for Float64 tensors; counters are I64 scalars):
/// - `<model>.<state_dict name>`: each model's state dict under its name (`G.main.0.weight`,
///   `D.main.3.running_mean`), so a model loads into the equivalent PyTorch module with
///   `load_state_dict(strict=True)` after stripping the prefix;
/// - `optimizer.<name>.<slot>`: each optimizer's `stateTensors()` (`optimizer.G.exp_avg.0`);
/// - metadata `medsynth.format` (`training-checkpoint`), `medsynth.version` (`1`),
///   `medsynth.step`, `medsynth.models` (JSON list of model names),
///   `medsynth.optimizer.<name>` (JSON: kind, parameter count, steps, learning rate) and
///   `medsynth.generator.<name>` (the generator's exact state as JSON); every other key is the
///   caller's metadata, unchanged.
///
/// The same state gives the same bytes. Writing is atomic (temporary file, then rename).
/// Reading checks the file (a truncated or damaged file is refused, never read past its end),
/// the format and version, and every record; restoring checks every model and optimizer entry
/// against the live objects and lists every problem in one error before anything is written.
///
/// ```swift
/// try TrainingCheckpoint.write(to: "run/step-1000.safetensors",
///                              models: [("G", generator), ("D", discriminator)],
///                              optimizers: [("G", optimizerG), ("D", optimizerD)],
///                              generators: ["noise": noise], step: 1000, metadata: ["dataset": "chest"])
/// let checkpoint = try TrainingCheckpoint.restore(from: "run/step-1000.safetensors",
///                                                 models: [("G", generator), ("D", discriminator)],
///                                                 optimizers: [("G", optimizerG), ("D", optimizerD)])
/// noise = try checkpoint.generator("noise")
/// ```
public struct TrainingCheckpoint: Sendable {
    /// The value of `medsynth.format`.
    public static let format = "training-checkpoint"
    /// The format version written, and the only one read.
    public static let version = 1

    /// Metadata keys of the checkpoint's own records; callers' keys must not start with
    /// `reservedPrefix`.
    enum Key {
        static let reservedPrefix = "medsynth."
        static let format = "medsynth.format"
        static let version = "medsynth.version"
        static let step = "medsynth.step"
        static let models = "medsynth.models"
        static let optimizerPrefix = "medsynth.optimizer."
        static let generatorPrefix = "medsynth.generator."
    }

    /// Prefix of optimizer state tensors (`optimizer.<name>.<slot>`); no model may be named
    /// after it.
    static let optimizerTensorPrefix = "optimizer."

    /// What is saved of an optimizer besides its state tensors.
    struct OptimizerRecord: Codable, Equatable, Sendable {
        var kind: String
        var parameters: Int
        var steps: Int
        var learningRate: Double

        enum CodingKeys: String, CodingKey {
            case kind, parameters, steps
            case learningRate = "learning_rate"
        }
    }

    /// The file read (or `SafeTensorsFile.inMemoryPath`); errors name it.
    public var path: String { file.path }
    /// The global step saved.
    public let step: Int
    /// The caller's metadata (every key not starting with `medsynth.`).
    public let metadata: [String: String]
    /// The random generators saved, by name, in the exact state they were saved in.
    public let generators: [String: PhiloxGenerator]
    /// The names of the models saved, in the order given when writing.
    public let modelNames: [String]
    /// The names of the optimizers saved, sorted.
    public var optimizerNames: [String] { optimizerRecords.keys.sorted() }
    /// The underlying file (tensors and all metadata).
    public let file: SafeTensorsFile
    let optimizerRecords: [String: OptimizerRecord]

    // MARK: - Writing

    /// Writes a checkpoint to `path` atomically (temporary file, then rename; an existing file
    /// is replaced only once the new one is complete).
    ///
    /// - Parameters:
    ///   - models: each model under a name (no dots, not `optimizer`), used as the prefix of
    ///     its state dict entries.
    ///   - optimizers: each optimizer under a name (no dots), usually its model's.
    ///   - generators: random generators whose streams must continue on resume.
    ///   - step: the global step (not negative).
    ///   - metadata: free-form strings; keys must not start with `medsynth.`.
    public static func write(to path: String, models: [(String, any Layer)], optimizers: [(String, any Optimizer)] = [],
                             generators: [String: PhiloxGenerator] = [:], step: Int, metadata: [String: String] = [:]) throws {
        try writer(path: path, models: models, optimizers: optimizers, generators: generators, step: step, metadata: metadata)
            .write(to: path)
    }

    /// The bytes `write(to:...)` would write.
    public static func serialized(models: [(String, any Layer)], optimizers: [(String, any Optimizer)] = [],
                                  generators: [String: PhiloxGenerator] = [:], step: Int, metadata: [String: String] = [:]) throws -> Data {
        try writer(path: SafeTensorsFile.inMemoryPath, models: models, optimizers: optimizers, generators: generators,
                   step: step, metadata: metadata).serialized()
    }

    static func writer(path: String, models: [(String, any Layer)], optimizers: [(String, any Optimizer)],
                       generators: [String: PhiloxGenerator], step: Int, metadata: [String: String]) throws -> SafeTensorsWriter {
        func refuse(_ name: String, _ why: String) -> CheckpointError {
            CheckpointError(path: path, reason: .invalidName(name, why))
        }
        guard step >= 0 else { throw refuse("step", "the step must not be negative, got \(step)") }
        if let key = metadata.keys.sorted().first(where: { $0.hasPrefix(Key.reservedPrefix) }) {
            throw refuse(key, "metadata keys starting with \"\(Key.reservedPrefix)\" are reserved for the checkpoint's own records")
        }
        try checkNames(models.map(\.0), kind: "model", path: path)
        try checkNames(optimizers.map(\.0), kind: "optimizer", path: path)
        try checkNames(generators.keys.sorted(), kind: "generator", path: path)

        var writer = SafeTensorsWriter(metadata: metadata)
        writer.metadata[Key.format] = format
        writer.metadata[Key.version] = String(version)
        writer.metadata[Key.step] = String(step)
        writer.metadata[Key.models] = try json(models.map(\.0))
        for (name, model) in models {
            try writer.add(state: model.stateDict(), prefix: name + ".")
        }
        for (name, optimizer) in optimizers {
            guard optimizer.learningRate.isFinite else {
                throw refuse(name, "the optimizer's learning rate is \(optimizer.learningRate); only finite rates can be saved")
            }
            let record = OptimizerRecord(kind: kind(of: optimizer), parameters: optimizer.parameters.count,
                                         steps: optimizer.steps, learningRate: optimizer.learningRate)
            writer.metadata[Key.optimizerPrefix + name] = try json(record)
            try writer.add(state: optimizer.stateTensors().map { ($0.0, StateValue.tensor($0.1)) },
                           prefix: optimizerTensorPrefix + name + ".")
        }
        for (name, generator) in generators {
            writer.metadata[Key.generatorPrefix + name] = try json(generator)
        }
        return writer
    }

    /// Names are non-empty, unique, without dots (they become prefixes and metadata keys), and
    /// no model is named `optimizer`.
    static func checkNames(_ names: [String], kind: String, path: String) throws {
        var seen: Set<String> = []
        for name in names {
            func refuse(_ why: String) -> CheckpointError { CheckpointError(path: path, reason: .invalidName(name, why)) }
            guard !name.isEmpty else { throw refuse("\(kind) names must not be empty") }
            guard !name.contains(".") else { throw refuse("\(kind) names must not contain dots (they become name prefixes)") }
            guard kind != "model" || name + "." != optimizerTensorPrefix else {
                throw refuse("\"optimizer\" is reserved for optimizer state tensors; name the model otherwise")
            }
            guard seen.insert(name).inserted else { throw refuse("two \(kind)s have that name") }
        }
    }

    /// The optimizer's type name, saved to refuse restoring one kind's state into another.
    static func kind(of optimizer: any Optimizer) -> String { String(describing: type(of: optimizer)) }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    // MARK: - Reading

    /// Reads and checks a checkpoint file (see `init(file:)`).
    public init(contentsOf path: String) throws {
        try self.init(file: SafeTensorsFile(contentsOf: path))
    }

    /// Reads and checks the bytes of a checkpoint; `path` is only used in errors.
    public init(data: Data, path: String = SafeTensorsFile.inMemoryPath) throws {
        try self.init(file: SafeTensorsFile(data: data, path: path))
    }

    /// Checks a safetensors file's checkpoint records: the format and version, the step, the
    /// model list, every optimizer record and generator state. Tensors are checked when
    /// restoring, against the models and optimizers given.
    public init(file: SafeTensorsFile) throws {
        let path = file.path, m = file.metadata
        func bad(_ key: String, _ why: String) -> CheckpointError {
            CheckpointError(path: path, reason: .badMetadata(key: key, why))
        }
        guard m[Key.format] == Self.format else { throw CheckpointError(path: path, reason: .notACheckpoint(format: m[Key.format])) }
        guard let version = m[Key.version] else { throw bad(Key.version, "missing") }
        guard version == String(Self.version) else { throw CheckpointError(path: path, reason: .unsupportedVersion(version)) }
        guard let stepText = m[Key.step] else { throw bad(Key.step, "missing") }
        guard let step = Int(stepText), step >= 0 else { throw bad(Key.step, "\"\(stepText)\" is not a non-negative integer") }
        guard let modelsText = m[Key.models] else { throw bad(Key.models, "missing") }
        let models: [String] = try Self.decode(modelsText, key: Key.models, path: path)
        do { try Self.checkNames(models, kind: "model", path: path) } catch let error as CheckpointError {
            throw bad(Key.models, error.reason.message)
        }

        var optimizers: [String: OptimizerRecord] = [:], generators: [String: PhiloxGenerator] = [:]
        for (key, value) in m where key.hasPrefix(Key.reservedPrefix) {
            let isOptimizer = key.hasPrefix(Key.optimizerPrefix), isGenerator = key.hasPrefix(Key.generatorPrefix)
            guard isOptimizer || isGenerator else {
                guard [Key.format, Key.version, Key.step, Key.models].contains(key) else {
                    throw bad(key, "not a key of format version \(Self.version)")
                }
                continue
            }
            let name = String(key.dropFirst(isOptimizer ? Key.optimizerPrefix.count : Key.generatorPrefix.count))
            guard !name.isEmpty, !name.contains(".") else { throw bad(key, "the name \"\(name)\" is empty or contains dots") }
            if isOptimizer {
                let record: OptimizerRecord = try Self.decode(value, key: key, path: path)
                guard record.parameters >= 0, record.steps >= 0, record.learningRate.isFinite else {
                    throw bad(key, "parameter count \(record.parameters), steps \(record.steps), learning rate \(record.learningRate)")
                }
                optimizers[name] = record
            } else {
                generators[name] = try Self.decode(value, key: key, path: path)
            }
        }
        self.file = file
        self.step = step
        self.metadata = m.filter { !$0.key.hasPrefix(Key.reservedPrefix) }
        self.generators = generators
        self.modelNames = models
        self.optimizerRecords = optimizers
    }

    static func decode<T: Decodable>(_ text: String, key: String, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            let why: String
            switch error {
            case let .keyNotFound(key, c):
                why = "no \"\(key.stringValue)\" field" + (c.codingPath.isEmpty ? "" : " in \(c.codingPath.map(\.stringValue).joined(separator: "."))")
            case let .dataCorrupted(c), let .typeMismatch(_, c), let .valueNotFound(_, c):
                why = c.debugDescription + (c.codingPath.isEmpty ? "" : " (field \(c.codingPath.map(\.stringValue).joined(separator: ".")))")
            @unknown default:
                why = "\(error)"
            }
            throw CheckpointError(path: path, reason: .badMetadata(key: key, why))
        }
    }

    // MARK: - Contents

    /// The generator saved as `name`, in the state it was saved in.
    public func generator(_ name: String) throws -> PhiloxGenerator {
        guard let g = generators[name] else {
            throw CheckpointError(path: path, reason: .notFound(kind: "generator", name: name, available: generators.keys.sorted()))
        }
        return g
    }

    /// The state dict of the model saved as `name` (names without the prefix), to load one
    /// model alone with `Layer.loadState(_:source:)` (e.g. a generator for sampling).
    public func modelState(_ name: String) throws -> [String: StateValue] {
        guard modelNames.contains(name) else {
            throw CheckpointError(path: path, reason: .notFound(kind: "model", name: name, available: modelNames))
        }
        return try file.state(prefix: name + ".")
    }

    // MARK: - Restoring

    /// Reads the checkpoint at `path` and restores it into `models` and `optimizers` (see
    /// `restore(models:optimizers:)`); the returned checkpoint gives the generators, the step
    /// and the metadata.
    @discardableResult
    public static func restore(from path: String, models: [(String, any Layer)],
                               optimizers: [(String, any Optimizer)] = []) throws -> TrainingCheckpoint {
        let checkpoint = try TrainingCheckpoint(contentsOf: path)
        try checkpoint.restore(models: models, optimizers: optimizers)
        return checkpoint
    }

    /// Copies the saved state into live models (in place: optimizers keep their references)
    /// and optimizers (state tensors, step counts, learning rates).
    ///
    /// Strict and all-or-nothing: the checkpoint must hold exactly the entries of the models
    /// and optimizers given, under their names. Every missing, unexpected and mis-shaped entry
    /// is listed in one `CheckpointError` before anything is written; nothing is changed when
    /// it throws. Generators are not applied here: take them with `generator(_:)`.
    public func restore(models: [(String, any Layer)], optimizers: [(String, any Optimizer)] = []) throws {
        try Self.checkNames(models.map(\.0), kind: "model", path: path)
        try Self.checkNames(optimizers.map(\.0), kind: "optimizer", path: path)
        var missing: [String] = [], unexpected: [String] = [], misshaped: [String] = []
        var covered: Set<String> = []

        for (name, model) in models {
            for (key, value) in model.stateDict() {
                let full = name + "." + key
                guard let entry = file[full] else { missing.append(full); continue }
                covered.insert(full)
                switch (value, entry.stateKind) {
                case (_, nil):
                    misshaped.append("\(full): \(entry.dtype.rawValue) \(entry.shape) is neither a floating-point tensor nor a one-value integer counter")
                case let (.tensor(t), .tensor?) where t.shape != entry.shape:
                    misshaped.append("\(full): model \(t.shape), checkpoint \(entry.shape)")
                case let (.tensor(t), .counter?):
                    misshaped.append("\(full): model tensor \(t.shape), checkpoint counter (\(entry.dtype.rawValue))")
                case (.integer, .tensor?):
                    misshaped.append("\(full): model counter, checkpoint tensor \(entry.shape) (\(entry.dtype.rawValue))")
                default: break
                }
            }
        }

        for (name, optimizer) in optimizers {
            let prefix = Self.optimizerTensorPrefix + name + "."
            guard let record = optimizerRecords[name] else {
                missing.append(Self.optimizerTensorPrefix + name + " (no record of that optimizer)")
                continue
            }
            let kind = Self.kind(of: optimizer), parameters = optimizer.parameters
            if record.kind != kind {
                misshaped.append("\(Self.optimizerTensorPrefix)\(name): checkpoint \(record.kind), given \(kind)")
            }
            if record.parameters != parameters.count {
                misshaped.append("\(Self.optimizerTensorPrefix)\(name): checkpoint \(record.parameters) parameters, given \(parameters.count)")
            }
            for entry in file.entries where entry.name.hasPrefix(prefix) {
                covered.insert(entry.name)
                let parts = entry.name.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty, let index = Int(parts[1]), index >= 0 else {
                    unexpected.append(entry.name)
                    continue
                }
                guard index < parameters.count else {
                    unexpected.append("\(entry.name) (the optimizer has \(parameters.count) parameters)")
                    continue
                }
                if !entry.dtype.isConvertibleToFloat {
                    misshaped.append("\(entry.name): \(entry.dtype.rawValue) is not a floating-point type")
                } else if entry.shape != parameters[index].shape {
                    misshaped.append("\(entry.name): parameter \(index) \(parameters[index].shape), checkpoint \(entry.shape)")
                }
            }
        }
        let given = Set(optimizers.map(\.0))
        unexpected += file.names.filter { !covered.contains($0) }
        unexpected += optimizerRecords.keys.filter { !given.contains($0) }.map { Self.optimizerTensorPrefix + $0 }
        unexpected.sort()
        guard missing.isEmpty, unexpected.isEmpty, misshaped.isEmpty else {
            throw CheckpointError(path: path, reason: .mismatch(missing: missing, unexpected: unexpected, misshaped: misshaped))
        }

        // Every value is decoded before anything is written.
        let modelStates = try models.map { name, model in (name, model, try file.state(prefix: name + ".")) }
        let optimizerStates: [(String, any Optimizer, [String: Tensor], OptimizerRecord)] = try optimizers.compactMap { name, optimizer in
            guard let record = optimizerRecords[name] else { return nil }
            let tensors = try file.state(prefix: Self.optimizerTensorPrefix + name + ".").compactMapValues { value -> Tensor? in
                if case let .tensor(t) = value { return t } else { return nil }
            }
            return (name, optimizer, tensors, record)
        }

        // Optimizers first: their own checks (slot kinds) may still refuse, and are undone.
        var restored: [(any Optimizer, [String: Tensor], steps: Int, learningRate: Double)] = []
        for (name, optimizer, tensors, record) in optimizerStates {
            let saved = (optimizer, Dictionary(optimizer.stateTensors(), uniquingKeysWith: { a, _ in a }),
                         steps: optimizer.steps, learningRate: optimizer.learningRate)
            do {
                try optimizer.loadState(tensors, steps: record.steps)
            } catch {
                for (o, t, steps, rate) in restored.reversed() {
                    try? o.loadState(t, steps: steps)
                    o.learningRate = rate
                }
                throw CheckpointError(path: path, reason: .optimizerRefused(name: name, "\(error)"))
            }
            optimizer.learningRate = record.learningRate
            restored.append(saved)
        }
        for (name, model, state) in modelStates {
            try model.loadState(state, source: "\(path), model \(name)")
        }
    }
}
