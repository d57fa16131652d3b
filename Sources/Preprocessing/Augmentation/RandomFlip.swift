import Imaging

/// Mirrors the image and its label maps along voxel axes, as TorchIO's `RandomFlip`:
/// each axis in `axes` is flipped with probability `flip_probability` (drawn per axis).
///
/// **This mirrors anatomy on purpose.** The voxel data is reversed along the axis and
/// the affine is kept, exactly as TorchIO does: after a flip along the left-right axis
/// the voxel that showed the left hemisphere shows the right one at the same world
/// position, so the image now depicts a mirrored patient whose header still claims the
/// original orientation. That is the point of the augmentation (a mirrored brain is a
/// plausible brain), and it is wrong for anything that relies on laterality: never use
/// it on data whose left/right meaning matters downstream (lesion side, a lateralized
/// label), and do not use it to reorient (use `reorient`, which keeps every voxel's world
/// position). The record lists the flipped voxel axes and the world directions they
/// ran along, so a flipped sample can always be identified.
///
/// `axes`: indices 0, 1, 2 or anatomical labels ("LR", "AP", "IS", or any word whose first
/// letter is one of R/L/A/P/S/I), resolved with the image orientation; TorchIO's default
/// 0. `flip_probability`: per axis, default 0.5. Label maps flip with the image (exact).
public struct RandomFlip: Transform {
    public let axes: [AxisChoice]
    public let flipProbability: Double

    public init(axes: [AxisChoice] = [.index(0)], flipProbability: Double = 0.5) throws(PreprocessError) {
        guard flipProbability >= 0, flipProbability <= 1 else {
            throw .invalidParameter(name: "random_flip.flip_probability", value: String(flipProbability), reason: "a probability must lie in [0, 1]")
        }
        guard !axes.isEmpty else {
            throw .invalidParameter(name: "random_flip.axes", value: "[]", reason: "at least one axis is needed")
        }
        for case .index(let i) in axes where !(0...2).contains(i) {
            throw .invalidParameter(name: "random_flip.axes", value: String(i), reason: "an axis index is 0, 1 or 2")
        }
        self.axes = axes
        self.flipProbability = flipProbability
    }

    public var name: String { "random_flip" }
    public var parameters: [String: JSONValue] {
        ["axes": .array(axes.map(\.json)), "flip_probability": .number(flipProbability)]
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let candidates = try AxisChoice.resolve(axes, image: subject.image, parameter: "random_flip.axes")
        let draws = (0..<3).map { _ in random.uniform() }
        let flipped = (0..<3).filter { candidates.contains($0) && draws[$0] < flipProbability }
        let code = Array(subject.image.geometry.orientationCode)
        if !flipped.isEmpty {
            try subject.mapAll { v, _ throws(PreprocessError) in RandomFlip.mirrored(v, axes: flipped) }
        }
        let directions: [JSONValue] = flipped.map { a in
            let c = a < code.count ? code[a] : "?"
            let pair: [Character: String] = ["R": "RL", "L": "RL", "A": "AP", "P": "AP", "S": "IS", "I": "IS"]
            return .string(pair[c] ?? "?")
        }
        return ["flipped_axes": AugmentationSupport.json(flipped), "flipped_directions": .array(directions)]
    }

    /// The volume with its voxel data reversed along `axes` and its affine unchanged
    /// (mirrored anatomy; see the type's documentation).
    public static func mirrored(_ volume: Volume, axes: [Int]) -> Volume {
        var v = volume
        let geometry = v.geometry
        for a in axes { v.flip(axis: a) }
        v.geometry = geometry
        return v
    }
}
