import Foundation
import Imaging
import NIfTI

/// The real anatomy every simulated patient is built from: the Colin27 T1 brain (`ch2`,
/// `ch2bet`) and the AAL atlas from the Debian package mricron-data, with a tissue label
/// map (CSF, grey and white matter by three-class k-means of the T1 intensities inside
/// the brain mask; head tissue outside it).
public struct PhantomAnatomy: Sendable {
    /// Where mricron-data installs its templates.
    public static let defaultDirectory = "/usr/share/mricron/templates"

    /// The T1 head (uint8 on disk, float32 here), 1 mm, RAS.
    public var t1: Volume
    /// `TissueClass` raw values (uint8), on the T1 grid.
    public var tissue: Volume
    /// AAL region numbers (uint8), on the T1 grid; 0 outside the brain.
    public var atlas: Volume
    /// The k-means centres (T1 intensity) of CSF, grey and white matter.
    public var tissueMeans: [Double]
    /// AAL region names by label number (from `aal.nii.txt`; "AAL n" when the file is absent).
    public var atlasNames: [Int: String]

    /// Loads the templates; a clear error names the package when they are missing.
    public static func load(directory: String = defaultDirectory) throws(PhantomError) -> PhantomAnatomy {
        func read(_ name: String) throws(PhantomError) -> Volume {
            let path = (directory as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path) else { throw .templatesMissing(path: path) }
            do { return try NIfTIReader.readVolume(at: path) } catch {
                throw .badTemplate(path: path, reason: "\(error)")
            }
        }
        let head = try read("ch2.nii.gz"), brain = try read("ch2bet.nii.gz"), aal = try read("aal.nii.gz")
        for (name, v) in [("ch2bet.nii.gz", brain), ("aal.nii.gz", aal)] where Array(v.shape.prefix(3)) != Array(head.shape.prefix(3)) {
            throw .badTemplate(path: (directory as NSString).appendingPathComponent(name),
                               reason: "shape \(Array(v.shape.prefix(3))) differs from ch2's \(Array(head.shape.prefix(3)))")
        }
        guard let t1 = head.float32(), let b = brain.float32() else {
            throw .badTemplate(path: directory, reason: "the T1 templates are not scalar images")
        }
        let (tissue, means) = classify(head: t1, brain: b)
        var atlas = aal
        atlas.geometry = t1.geometry
        return PhantomAnatomy(t1: t1, tissue: tissue, atlas: atlas, tissueMeans: means,
                              atlasNames: atlasNames((directory as NSString).appendingPathComponent("aal.nii.txt")))
    }

    /// Lines "number name colour" of the atlas's label table.
    static func atlasNames(_ path: String) -> [Int: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var names: [Int: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let n = Int(parts[0]) { names[n] = String(parts[1]) }
        }
        return names
    }

    /// Three-class k-means (1D, Lloyd's iterations from the 10th/50th/90th percentile) on
    /// the histogram of brain voxels (256 bins; the templates are 8-bit, so this is exact for
    /// them); head voxels outside the brain whose T1 exceeds a tenth of the brain's mean are
    /// extracerebral tissue, the rest background.
    static func classify(head: Volume, brain: Volume) -> (Volume, [Double]) {
        let h = head.values(as: Float.self) ?? [], b = brain.values(as: Float.self) ?? []
        var lo = Float.infinity, hi = -Float.infinity, count = 0, total = 0.0
        for x in b where x > 0 { lo = min(lo, x); hi = max(hi, x); count += 1; total += Double(x) }
        guard count > 3, hi > lo else {
            return ((try? Volume(zeros: .uint8, shape: head.shape, geometry: head.geometry)) ?? head, [0, 0, 0])
        }
        let bins = 256, width = Double(hi - lo) / Double(bins - 1)
        var hist = [Double](repeating: 0, count: bins)
        for x in b where x > 0 { hist[Int((Double(x - lo) / width).rounded())] += 1 }
        let centre = { (i: Int) in Double(lo) + Double(i) * width }
        // Initial centres at the 10th, 50th and 90th percentile bins.
        var c: [Double] = []
        var cumulative = 0.0, targets = [0.1, 0.5, 0.9].map { $0 * Double(count) }
        for i in 0..<bins {
            cumulative += hist[i]
            while let t = targets.first, cumulative >= t { c.append(centre(i)); targets.removeFirst() }
        }
        while c.count < 3 { c.append(Double(hi)) }
        for _ in 0..<100 {
            var sum = [0.0, 0.0, 0.0], n = [0.0, 0.0, 0.0]
            for i in 0..<bins where hist[i] > 0 {
                let k = nearest(centre(i), c)
                sum[k] += centre(i) * hist[i]; n[k] += hist[i]
            }
            let next = (0..<3).map { n[$0] > 0 ? sum[$0] / n[$0] : c[$0] }
            if zip(next, c).allSatisfy({ abs($0 - $1) < 1e-9 }) { c = next; break }
            c = next
        }
        let brainMean = total / Double(count)
        var labels = [UInt8](repeating: 0, count: h.count)
        for i in 0..<h.count {
            if b[i] > 0 {
                labels[i] = UInt8(nearest(Double(b[i]), c) + 1)
            } else if Double(h[i]) > 0.1 * brainMean {
                labels[i] = TissueClass.extracerebral.rawValue
            }
        }
        let v = (try? Volume(values: labels, shape: head.shape, geometry: head.geometry)) ?? head
        return (v, c)
    }

    private static func nearest(_ x: Double, _ c: [Double]) -> Int {
        var best = 0
        for k in 1..<c.count where abs(x - c[k]) < abs(x - c[best]) { best = k }
        return best
    }
}
