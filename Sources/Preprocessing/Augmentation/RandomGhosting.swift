import Foundation
import Imaging

/// Adds MRI ghosting (periodic copies along the phase-encoding axis), as TorchIO's
/// `RandomGhosting`: in the centred k-space of each frame, every `num_ghosts`-th plane
/// across `axis` (positions 0, n, 2n, ... of the shifted spectrum) is multiplied by
/// `1 - intensity`, then the central plane (or, with `restore` r, the
/// `round(r * size)` central planes) is put back, and the real part of the inverse
/// transform is kept.
///
/// Drawn per subject: `num_ghosts` an integer in the range (inclusive; default
/// [4, 10]; one value d means [0, d]), the axis from `axes` (indices or anatomical labels;
/// default [0, 1, 2]; axis 2 is dropped for a 2D image), `intensity` ~ U (default
/// [0.5, 1]; one value d means [0, d]), `restore` ~ U when given (in [0, 1]; default
/// none: the central plane only). `num_ghosts` 0 or `intensity` 0 leaves the image
/// unchanged. Intensity transform.
public struct RandomGhosting: Transform {
    public let numGhosts: ClosedRange<Int>
    public let axes: [AxisChoice]
    public let intensity: ClosedRange<Double>
    public let restore: ClosedRange<Double>?

    public init(numGhosts: ClosedRange<Int> = 4...10, axes: [AxisChoice] = [.index(0), .index(1), .index(2)],
                intensity: ClosedRange<Double> = 0.5...1, restore: ClosedRange<Double>? = nil) throws(PreprocessError) {
        guard numGhosts.lowerBound >= 0 else {
            throw .invalidParameter(name: "random_ghosting.num_ghosts", value: "\(numGhosts)", reason: "the number of ghosts must not be negative")
        }
        guard intensity.lowerBound >= 0 else {
            throw .invalidParameter(name: "random_ghosting.intensity", value: "\(intensity)", reason: "the intensity must not be negative")
        }
        if let r = restore, r.lowerBound < 0 || r.upperBound > 1 {
            throw .invalidParameter(name: "random_ghosting.restore", value: "\(r)", reason: "restore must lie in [0, 1]")
        }
        guard !axes.isEmpty else { throw .invalidParameter(name: "random_ghosting.axes", value: "[]", reason: "at least one axis is needed") }
        self.numGhosts = numGhosts
        self.axes = axes
        self.intensity = intensity
        self.restore = restore
    }

    public var name: String { "random_ghosting" }
    public var parameters: [String: JSONValue] {
        ["num_ghosts": AugmentationSupport.json([numGhosts.lowerBound, numGhosts.upperBound]),
         "axes": .array(axes.map(\.json)), "intensity": AugmentationSupport.json(intensity),
         "restore": restore.map { AugmentationSupport.json($0) } ?? .null]
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        var candidates = try AxisChoice.resolve(axes, image: subject.image, parameter: "random_ghosting.axes")
        if subject.image.depth == 1 { candidates.removeAll { $0 == 2 } }
        guard !candidates.isEmpty else {
            throw .invalidParameter(name: "random_ghosting.axes", value: axes.map(\.description).joined(separator: ","),
                                    reason: "a 2D image has no ghosting axis among these")
        }
        let ghosts = AugmentationSupport.integer(numGhosts.lowerBound, numGhosts.upperBound, &random)
        let axis = candidates[random.int(below: candidates.count)]
        let strength = random.uniform(intensity)
        let r = restore.map { random.uniform($0) }
        RandomGhosting.ghost(&subject.image, numGhosts: ghosts, axis: axis, intensity: strength, restore: r)
        return ["num_ghosts": .number(Double(ghosts)), "axis": .number(Double(axis)),
                "intensity": .number(strength), "restore": r.map { .number($0) } ?? .null]
    }

    /// Applies ghosting with fixed parameters (TorchIO's `Ghosting`) to every frame.
    public static func ghost(_ volume: inout Volume, numGhosts: Int, axis: Int, intensity: Double, restore: Double?) {
        guard numGhosts > 0, intensity != 0 else { return }
        let shape = Array(volume.shape.prefix(3))
        let n = shape[axis]
        let mid = n / 2
        let kept: Range<Int>
        if let restore {
            let size = Int((restore * Double(n)).rounded(.toNearestOrEven))
            kept = (mid - size / 2)..<max(mid - size / 2, mid + size / 2)
        } else {
            kept = mid..<(mid + 1)
        }
        let factor = 1 - intensity
        KSpace.edit(&volume) { _, spectrum in
            for s in stride(from: 0, to: n, by: numGhosts) where !kept.contains(s) {
                KSpace.forEachInPlane(shape, axis: axis, shifted: s) { e in
                    spectrum.real[e] *= factor
                    spectrum.imaginary[e] *= factor
                }
            }
            return true
        }
    }
}
