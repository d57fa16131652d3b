import Foundation
import Imaging

/// Simulates MRI motion artifacts, as TorchIO's `RandomMotion` (after Shaw et al., 2019):
/// the patient takes `num_transforms` rigid poses at random times during the
/// acquisition; k-space is filled segment by segment along one axis, each segment from
/// the spectrum of the image in the pose held at that time, and the image is the real
/// part of the inverse transform of the combined k-space (as TorchIO; see `KSpace`).
///
/// Drawn per subject: the k-space axis from `axes` (default [0, 1, 2]; axis 2 dropped for
/// a 2D image); per pose, angles `theta_i ~ U(degrees)` (default 10: U(-10, 10) degrees)
/// and translations `t_i ~ U(translation)` (default 10 mm) about the world axes; times
/// `t_k = k / (n + 1) + U(-0.3, 0.3) / (n + 1)` for k = 1...n (TorchIO's perturbation).
/// Pose k resamples the image (`interpolation`, default linear; fill the image minimum)
/// with the output-to-input map `x -> R (x - c) + c + t` about the image centre c, as
/// TorchIO's `Motion` (which does not invert it). Segment boundaries along the chosen
/// axis of the centred spectrum are `floor(size * t_k)`; the unmoved image fills the
/// segment that holds the k-space centre (the first time above 0.5), as TorchIO.
/// TorchIO uses the size of the last axis for the boundaries whatever the axis; here the
/// chosen axis's size. `num_transforms` 0 leaves the image unchanged (TorchIO needs >= 1).
/// Intensity transform: label maps are untouched (the artifact is in the image only).
public struct RandomMotion: Transform {
    public let axes: [AxisChoice]
    public let degrees: ClosedRange<Double>
    public let translation: ClosedRange<Double>
    public let numTransforms: Int
    public let interpolation: Interpolation

    public init(axes: [AxisChoice] = [.index(0), .index(1), .index(2)], degrees: ClosedRange<Double> = -10...10,
                translation: ClosedRange<Double> = -10...10, numTransforms: Int = 2,
                interpolation: Interpolation = .linear) throws(PreprocessError) {
        guard numTransforms >= 0, numTransforms <= 64 else {
            throw .invalidParameter(name: "random_motion.num_transforms", value: String(numTransforms), reason: "expected 0 to 64 movements")
        }
        guard !axes.isEmpty else { throw .invalidParameter(name: "random_motion.axes", value: "[]", reason: "at least one axis is needed") }
        self.axes = axes
        self.degrees = degrees
        self.translation = translation
        self.numTransforms = numTransforms
        self.interpolation = interpolation
    }

    public var name: String { "random_motion" }
    public var parameters: [String: JSONValue] {
        ["axes": .array(axes.map(\.json)), "degrees": AugmentationSupport.json(degrees),
         "translation": AugmentationSupport.json(translation), "num_transforms": .number(Double(numTransforms)),
         "interpolation": .string(interpolation.rawValue)]
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        var candidates = try AxisChoice.resolve(axes, image: subject.image, parameter: "random_motion.axes")
        let is2D = subject.image.depth == 1
        if is2D { candidates.removeAll { $0 == 2 } }
        guard !candidates.isEmpty else {
            throw .invalidParameter(name: "random_motion.axes", value: axes.map(\.description).joined(separator: ","),
                                    reason: "a 2D image has no motion axis among these")
        }
        let axis = candidates[random.int(below: candidates.count)]
        var angles: [[Double]] = [], shifts: [[Double]] = []
        for _ in 0..<numTransforms {
            var d = (0..<3).map { _ in random.uniform(degrees) }
            var t = (0..<3).map { _ in random.uniform(translation) }
            if is2D { d[0] = 0; d[1] = 0; t[2] = 0 }
            angles.append(d); shifts.append(t)
        }
        let step = 1 / Double(numTransforms + 1)
        let times = (0..<numTransforms).map { k in
            Double(k + 1) * step + random.uniform((-0.3 * step)...(0.3 * step))
        }
        try RandomMotion.move(&subject.image, axis: axis, degrees: angles, translation: shifts, times: times,
                              interpolation: interpolation)
        return ["axis": .number(Double(axis)), "degrees": .array(angles.map { AugmentationSupport.json($0) }),
                "translation": .array(shifts.map { AugmentationSupport.json($0) }), "times": AugmentationSupport.json(times)]
    }

    /// Applies motion with fixed poses and times (TorchIO's `Motion`) to every frame.
    public static func move(_ image: inout Volume, axis: Int, degrees: [[Double]], translation: [[Double]], times: [Double],
                            interpolation: Interpolation = .linear) throws(PreprocessError) {
        guard degrees.count == times.count, translation.count == times.count else {
            throw .invalidParameter(name: "random_motion.times", value: String(times.count),
                                    reason: "expected one time per pose (\(degrees.count) poses)")
        }
        guard !times.isEmpty else { return }
        let shape = Array(image.shape.prefix(3))
        let n = shape[axis]
        let center = RigidMotion.center(of: image)
        var maps: [SpatialWarp] = []
        for (d, t) in zip(degrees, translation) {
            let world = RigidMotion.about(RigidMotion.rotation(degrees: d), center: center, offset: t)
            maps.append(SpatialWarp(indexMap: try SpatialWarp.indexMap(world: world, affine: image.geometry.affine)))
        }
        // Segment boundaries; the unmoved image (pose 0) takes the segment holding the centre.
        var bounds = [0] + times.map { min(max(Int((Double(n) * $0).rounded(.down)), 0), n) } + [n]
        for i in 1..<bounds.count { bounds[i] = max(bounds[i], bounds[i - 1]) }
        let centreSegment = times.firstIndex { $0 > 0.5 } ?? times.count
        func segment(ofPose p: Int) -> Int { p == 0 ? centreSegment : (p == centreSegment ? 0 : p) }
        let block = shape.reduce(1, *)
        let source = image
        for f in 0..<image.frames {
            var single = try RandomMotion.frame(source, f)
            let fill = PadValue.minimum.resolve(single, frame: 0)
            var combined = ComplexVolume(shape: shape)
            for pose in 0...times.count {
                let posed = pose == 0 ? single : try maps[pose - 1].image(single, interpolation: interpolation) { _ in fill }
                var spectrum = ComplexVolume(realPartOf: posed)
                FourierTransform.forward(&spectrum)
                let seg = segment(ofPose: pose)
                for s in bounds[seg]..<bounds[seg + 1] {
                    KSpace.forEachInPlane(shape, axis: axis, shifted: s) { e in
                        combined.real[e] = spectrum.real[e]
                        combined.imaginary[e] = spectrum.imaginary[e]
                    }
                }
            }
            FourierTransform.inverse(&combined)
            combined.writeRealPart(into: &single)
            single.withFloat32Buffer { src in
                image.withMutableFloat32Buffer { dst in
                    for i in 0..<block { dst[f * block + i] = src[i] }
                }
            }
        }
    }

    /// Frame `f` of a float32 volume as a 3D volume.
    static func frame(_ v: Volume, _ f: Int) throws(PreprocessError) -> Volume {
        if v.frames == 1 { return v }
        let block = v.shape[0] * v.shape[1] * v.shape[2]
        do {
            return try Volume(float32Shape: Array(v.shape.prefix(3)), geometry: v.geometry) { dst in
                v.withFloat32Buffer { src in for i in 0..<block { dst[i] = src[f * block + i] } }
            }
        } catch {
            throw .invalidParameter(name: "shape", value: "\(v.shape)", reason: "\(error)")
        }
    }
}
