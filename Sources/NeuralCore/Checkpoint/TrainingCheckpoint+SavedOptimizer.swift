extension TrainingCheckpoint {
    /// What a checkpoint records of one optimizer besides its state tensors, for describing a
    /// checkpoint without restoring it (`medsynth info`).
    public struct SavedOptimizer: Sendable, Equatable {
        /// The name it was saved under (usually its model's).
        public var name: String
        /// The optimizer's type name (`Adam`, `SGD`, ...).
        public var kind: String
        /// How many parameter tensors it updates.
        public var parameters: Int
        /// Steps it had taken.
        public var steps: Int
        public var learningRate: Double
        /// The prefix of its state tensors' names in the file (`optimizer.G.`).
        public var entryPrefix: String
    }

    /// The optimizers saved, sorted by name.
    public var optimizers: [SavedOptimizer] {
        optimizerRecords.keys.sorted().compactMap { name in
            optimizerRecords[name].map {
                SavedOptimizer(name: name, kind: $0.kind, parameters: $0.parameters, steps: $0.steps,
                               learningRate: $0.learningRate, entryPrefix: Self.optimizerTensorPrefix + name + ".")
            }
        }
    }

    /// The prefix of the model `name`'s entries in the file (`G.`).
    public static func modelEntryPrefix(_ name: String) -> String { name + "." }
}
