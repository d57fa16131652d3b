import Imaging

/// Binary erosion, dilation, closing and opening of 3D masks with a cube or a ball, with
/// scipy.ndimage's border convention (`border_value=0`): voxels outside the grid count as
/// background, so erosion removes foreground within r of the border and dilation never
/// reads outside. A cube is applied as three 1D passes (it is separable); a ball through
/// exact squared Euclidean distance transforms (Felzenszwalb and Huttenlocher), so both
/// cost O(voxels) whatever the radius.
enum BinaryMorphology {
    static func erode(_ m: MaskGrid, _ element: StructuringElement) -> MaskGrid {
        let r = element.radius
        guard r > 0 else { return m }
        switch element {
        case .cube: return cubePasses(m, r, erode: true)
        case .ball:
            // Foreground survives when no background voxel (inside) lies within r ...
            let d = SquaredDistance.toNearest(m, value: 0, cap: r * r + 1)
            var out = MaskGrid(zeros: m.nx, m.ny, m.nz)
            let limit = Float(r * r)
            // ... and the grid's outside (background) is more than r away.
            guard m.nx > 2 * r, m.ny > 2 * r, m.nz > 2 * r else { return out }
            for k in r..<(m.nz - r) {
                for j in r..<(m.ny - r) {
                    let row = (k * m.ny + j) * m.nx
                    for i in r..<(m.nx - r) where m.bits[row + i] != 0 && d[row + i] > limit { out.bits[row + i] = 1 }
                }
            }
            return out
        }
    }

    static func dilate(_ m: MaskGrid, _ element: StructuringElement) -> MaskGrid {
        let r = element.radius
        guard r > 0 else { return m }
        switch element {
        case .cube: return cubePasses(m, r, erode: false)
        case .ball:
            let d = SquaredDistance.toNearest(m, value: 1, cap: r * r + 1)
            let limit = Float(r * r)
            return MaskGrid(bits: d.map { $0 <= limit ? 1 : 0 }, nx: m.nx, ny: m.ny, nz: m.nz)
        }
    }

    /// Dilation then erosion (scipy's `binary_closing`, border_value 0: objects touching
    /// the border are eroded there).
    static func close(_ m: MaskGrid, _ e: StructuringElement) -> MaskGrid { erode(dilate(m, e), e) }

    /// Erosion then dilation (scipy's `binary_opening`).
    static func open(_ m: MaskGrid, _ e: StructuringElement) -> MaskGrid { dilate(erode(m, e), e) }

    /// Closing computed on the mask padded by r background voxels on every side and cropped
    /// back: never removes foreground, also where it touches the border.
    static func closePadded(_ m: MaskGrid, _ e: StructuringElement) -> MaskGrid {
        let r = e.radius
        guard r > 0 else { return m }
        var padded = MaskGrid(zeros: m.nx + 2 * r, m.ny + 2 * r, m.nz + 2 * r)
        for k in 0..<m.nz {
            for j in 0..<m.ny {
                let src = (k * m.ny + j) * m.nx, dst = ((k + r) * padded.ny + j + r) * padded.nx + r
                for i in 0..<m.nx { padded.bits[dst + i] = m.bits[src + i] }
            }
        }
        let closed = close(padded, e)
        var out = m
        for k in 0..<m.nz {
            for j in 0..<m.ny {
                let src = ((k + r) * padded.ny + j + r) * padded.nx + r, dst = (k * m.ny + j) * m.nx
                for i in 0..<m.nx { out.bits[dst + i] = closed.bits[src + i] }
            }
        }
        return out
    }

    /// Separable cube: a 1D window [-r, r] along x, then y, then z. Erosion needs the whole
    /// window inside the grid and set; dilation any set voxel of the window clipped to it.
    static func cubePasses(_ m: MaskGrid, _ r: Int, erode: Bool) -> MaskGrid {
        var out = m
        out.bits.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress else { return }
            for axis in 0..<3 {
                MaskGrid.forEachLine(base, shape: m.shape, axis: axis, zero: UInt8(0)) { line, n in
                    // Prefix counts of set voxels: c[i] = line[0..<i].
                    var counts = [Int](repeating: 0, count: n + 1)
                    for i in 0..<n { counts[i + 1] = counts[i] + Int(line[i]) }
                    for i in 0..<n {
                        if erode {
                            line[i] = i - r >= 0 && i + r < n && counts[i + r + 1] - counts[i - r] == 2 * r + 1 ? 1 : 0
                        } else {
                            line[i] = counts[min(n, i + r + 1)] - counts[max(0, i - r)] > 0 ? 1 : 0
                        }
                    }
                }
            }
        }
        return out
    }
}
