import Imaging

/// Connected components of 3D masks, as scipy.ndimage's `label` (labels 1, 2, ... in the
/// order of each component's first voxel in memory, x fastest; masks up to 2³¹ voxels), and the operations built
/// on them: keeping the largest component and filling holes.
enum ConnectedComponents {
    /// Labels of the voxels holding `value` (0 elsewhere) and each label's size
    /// (`sizes[l - 1]` for label l).
    static func label(_ m: MaskGrid, value: UInt8 = 1, connectivity: Connectivity) -> (labels: [Int32], sizes: [Int]) {
        let (nx, ny, nz) = m.shape
        var labels = [Int32](repeating: 0, count: m.count)
        var sizes: [Int] = []
        var stack = [Int32]()
        let offsets = connectivity.offsets
        for seed in 0..<m.count where m.bits[seed] == value && labels[seed] == 0 {
            let l = Int32(sizes.count + 1)
            labels[seed] = l
            stack.append(Int32(seed))
            var size = 0
            while let top = stack.popLast() {
                let v = Int(top)
                size += 1
                let i = v % nx, j = (v / nx) % ny, k = v / (nx * ny)
                for (di, dj, dk) in offsets {
                    let a = i + di, b = j + dj, c = k + dk
                    guard a >= 0, a < nx, b >= 0, b < ny, c >= 0, c < nz else { continue }
                    let w = (c * ny + b) * nx + a
                    if m.bits[w] == value && labels[w] == 0 {
                        labels[w] = l
                        stack.append(Int32(w))
                    }
                }
            }
            sizes.append(size)
        }
        return (labels, sizes)
    }

    /// The largest component (the first in label order on a tie); empty for an empty mask.
    static func largest(_ m: MaskGrid, connectivity: Connectivity) -> MaskGrid {
        let (labels, sizes) = label(m, connectivity: connectivity)
        guard let best = sizes.indices.max(by: { sizes[$0] < sizes[$1] || (sizes[$0] == sizes[$1] && $0 > $1) }) else { return m }
        let l = Int32(best + 1)
        return MaskGrid(bits: labels.map { $0 == l ? 1 : 0 }, nx: m.nx, ny: m.ny, nz: m.nz)
    }

    /// scipy's `binary_fill_holes`: background voxels not connected (with `connectivity`,
    /// default 6 as scipy's default structure) to the grid's border become foreground.
    static func fillHoles(_ m: MaskGrid, connectivity: Connectivity = .six) -> MaskGrid {
        let (nx, ny, nz) = m.shape
        var outside = [Bool](repeating: false, count: m.count)
        var stack = [Int32]()
        for k in 0..<nz {
            for j in 0..<ny {
                for i in 0..<nx where i == 0 || j == 0 || k == 0 || i == nx - 1 || j == ny - 1 || k == nz - 1 {
                    let v = (k * ny + j) * nx + i
                    if m.bits[v] == 0 && !outside[v] { outside[v] = true; stack.append(Int32(v)) }
                }
            }
        }
        let offsets = connectivity.offsets
        while let top = stack.popLast() {
            let v = Int(top)
            let i = v % nx, j = (v / nx) % ny, k = v / (nx * ny)
            for (di, dj, dk) in offsets {
                let a = i + di, b = j + dj, c = k + dk
                guard a >= 0, a < nx, b >= 0, b < ny, c >= 0, c < nz else { continue }
                let w = (c * ny + b) * nx + a
                if m.bits[w] == 0 && !outside[w] { outside[w] = true; stack.append(Int32(w)) }
            }
        }
        return MaskGrid(bits: outside.map { $0 ? 0 : 1 }, nx: nx, ny: ny, nz: nz)
    }
}
