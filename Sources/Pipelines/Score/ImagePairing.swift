import Metrics

/// Real and synthetic items matched by pairing key, for paired metrics (PSNR, SSIM, ...).
///
/// Rules:
/// - Items pair when their keys are equal: the relative path without the format's name
///   extension, compared exactly (case kept). Formats may differ: `real/glioma/a.png`
///   pairs with `synthetic/glioma/a.nii.gz`. Class folders are part of the key.
/// - Two one-file sets (`--real a.png --synthetic b.png`) pair with each other whatever
///   their names.
/// - A key held by several files of one set is a `conflicts` entry and none of its files is
///   paired (the choice would be arbitrary).
/// - Every item of both sets is in exactly one of `pairs`, `onlyInReal`, `onlyInSynthetic`
///   and `conflicts`, so a report can say what was left unpaired. All four are sorted by key
///   (byte order), so the order is the same on every run.
/// - Shapes are not known until the pixels are read: `load(_:)` reads a pair and reports a
///   shape mismatch as an error for that pair.
public struct ImagePairing: Sendable {
    public let real: ImageSet
    public let synthetic: ImageSet
    public let pairs: [ImagePair]
    /// Real items whose key no synthetic item has.
    public let onlyInReal: [ImageSetItem]
    /// Synthetic items whose key no real item has.
    public let onlyInSynthetic: [ImageSetItem]
    /// Keys held by several items of one set.
    public let conflicts: [ImagePairingConflict]

    /// True when every item of both sets is paired.
    public var isComplete: Bool { onlyInReal.isEmpty && onlyInSynthetic.isEmpty && conflicts.isEmpty }

    /// Pairs the items of two sets by key.
    public static func pair(real: ImageSet, synthetic: ImageSet) -> ImagePairing {
        func byKey(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
        if real.isSingleFile, synthetic.isSingleFile, real.items.count == 1, synthetic.items.count == 1 {
            let r = real.items[0], s = synthetic.items[0]
            return ImagePairing(real: real, synthetic: synthetic, pairs: [ImagePair(key: r.key, real: r, synthetic: s)],
                                onlyInReal: [], onlyInSynthetic: [], conflicts: [])
        }
        let realByKey = Dictionary(grouping: real.items, by: \.key)
        let synthByKey = Dictionary(grouping: synthetic.items, by: \.key)
        var pairs: [ImagePair] = [], onlyReal: [ImageSetItem] = [], onlySynth: [ImageSetItem] = []
        var conflicts: [ImagePairingConflict] = []
        for key in Set(realByKey.keys).union(synthByKey.keys).sorted(by: byKey) {
            let r = realByKey[key] ?? [], s = synthByKey[key] ?? []
            if r.count > 1 || s.count > 1 {
                conflicts.append(ImagePairingConflict(key: key, real: r, synthetic: s))
            } else if let a = r.first, let b = s.first {
                pairs.append(ImagePair(key: key, real: a, synthetic: b))
            } else if let a = r.first {
                onlyReal.append(a)
            } else if let b = s.first {
                onlySynth.append(b)
            }
        }
        return ImagePairing(real: real, synthetic: synthetic, pairs: pairs, onlyInReal: onlyReal,
                            onlyInSynthetic: onlySynth, conflicts: conflicts)
    }

    /// Reads both images of a pair (one file each) and checks that their shapes agree.
    /// Throws `ImageSetError` naming the file that failed, or `.shapeMismatch` naming both.
    public func load(_ pair: ImagePair) throws(ImageSetError) -> (real: MetricImage, synthetic: MetricImage) {
        let a = try real.load(pair.real)
        let b = try synthetic.load(pair.synthetic)
        guard a.shape == b.shape else {
            func size(_ m: MetricImage) -> String { m.isVolume ? "\(m.width)x\(m.height)x\(m.depth)" : "\(m.width)x\(m.height)" }
            throw ImageSetError(.shapeMismatch, path: real.path(of: pair.real),
                                reason: "the real image is \(size(a)) but its synthetic pair \(synthetic.path(of: pair.synthetic)) is \(size(b)); "
                                    + "paired metrics need equal shapes, so resample or crop one set first")
        }
        return (a, b)
    }
}
