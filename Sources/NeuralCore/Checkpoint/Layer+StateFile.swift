import SafeTensors

extension Layer {
    /// Writes this layer's state dict alone, under its PyTorch names without a prefix (a
    /// generator exported for sampling): it loads into the equivalent PyTorch module with
    /// `model.load_state_dict(safetensors.torch.load_file(path), strict=True)`. Tensors are
    /// F32 (F64 for Float64 tensors), counters I64 scalars. Written atomically (temporary file,
    /// then rename); the same state gives the same bytes.
    public func saveState(to path: String, metadata: [String: String] = [:]) throws {
        var writer = SafeTensorsWriter(metadata: metadata)
        try writer.add(state: stateDict())
        try writer.write(to: path)
    }

    /// Loads a state dict file, as `saveState(to:)` or PyTorch's
    /// `safetensors.torch.save_file(model.state_dict(), path)` write it, or one model of a
    /// training checkpoint with `prefix` (e.g. "G."). Strict like `loadState(_:source:)`:
    /// every missing, unexpected and mis-shaped name is listed in a `StateMismatchError`
    /// naming the file, and nothing is written when it throws. Values keep their precision
    /// (F64 stays Float64 until converted to each tensor's type).
    public func loadState(contentsOf path: String, prefix: String = "") throws {
        let state = try SafeTensorsFile(contentsOf: path).state(prefix: prefix)
        try loadState(state, source: prefix.isEmpty ? path : "\(path) (entries \(prefix)*)")
    }
}
