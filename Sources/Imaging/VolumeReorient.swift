/// Exact reorientation by axis permutation and flips (no interpolation), with the
/// affine updated, as nibabel's `as_reoriented` / `as_closest_canonical`.
extension Volume {
    /// Returns the volume with spatial axes reordered: new axis `a` is old axis `order[a]`.
    /// Dimensions beyond the third (time) are carried along.
    public func permutedAxes(_ order: [Int]) -> Volume {
        precondition(order.sorted() == [0, 1, 2], "order must be a permutation of 0, 1, 2")
        if order == [0, 1, 2] { return self }
        let b = voxelType.byteSize
        let n = [shape[0], shape[1], shape[2]]
        let newShape = order.map { n[$0] } + shape.dropFirst(3)
        let oldStride = [1, n[0], n[0] * n[1]]
        let s = order.map { oldStride[$0] }          // old stride of each new axis
        let m = order.map { n[$0] }                  // new extents
        let block = n[0] * n[1] * n[2]
        var out = [UInt8](repeating: 0, count: data.count)
        data.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                guard let sp = src.baseAddress, let dp = dst.baseAddress else { return }
                for t in 0..<(count / block) {
                    let base = t * block
                    var o = base
                    for k in 0..<m[2] {
                        for j in 0..<m[1] {
                            var i0 = base + k * s[2] + j * s[1]
                            for _ in 0..<m[0] {
                                (dp + o * b).copyMemory(from: sp + i0 * b, byteCount: b)
                                o += 1
                                i0 += s[0]
                            }
                        }
                    }
                }
            }
        }
        var a = geometry.affine
        for r in 0..<3 { for c in 0..<3 { a[r, c] = geometry.affine[r, order[c]] } }
        var g = geometry
        g.affine = a
        // Shape changes, so build a new value.
        return (try? Volume(voxelType: voxelType, shape: newShape, geometry: g, scale: scale, data: out)) ?? self
    }

    /// Reorients to an axis code such as "RAS" or "LPS" (each letter names the world
    /// direction the voxel axis points to), choosing for each voxel axis its closest world axis.
    public func reoriented(to code: String) -> Volume? {
        var v = self
        return v.reorient(to: code) ? v : nil
    }

    /// Reorients in place (no copy when only flips are needed); returns false, leaving the
    /// volume unchanged, for an invalid code or an affine with an axis of no direction.
    @discardableResult
    public mutating func reorient(to code: String) -> Bool {
        let letters = Array(code.uppercased())
        guard letters.count == 3 else { return false }
        let table: [Character: (axis: Int, sign: Int)] = ["R": (0, 1), "L": (0, -1), "A": (1, 1), "P": (1, -1), "S": (2, 1), "I": (2, -1)]
        let target = letters.compactMap { table[$0] }
        guard target.count == 3, Set(target.map(\.axis)).count == 3 else { return false }
        let found = Orientation.axes(of: geometry.affine)
        guard found.allSatisfy({ $0 != nil }) else { return false }
        let current = found.compactMap { $0 }
        // For each new axis, the old voxel axis that points along the target world axis.
        var order = [0, 0, 0]
        var flips = [false, false, false]
        for (newAxis, t) in target.enumerated() {
            guard let old = current.firstIndex(where: { $0.axis == t.axis }) else { return false }
            order[newAxis] = old
            flips[newAxis] = current[old].sign != t.sign
        }
        if order != [0, 1, 2] { self = permutedAxes(order) }
        for a in 0..<3 where flips[a] { flip(axis: a) }
        return true
    }

    /// The closest canonical (RAS+) orientation, as nibabel's `as_closest_canonical`.
    public func closestCanonical() -> Volume { reoriented(to: "RAS") ?? self }

    /// In-place form of `closestCanonical()`.
    public mutating func makeClosestCanonical() { reorient(to: "RAS") }
}
