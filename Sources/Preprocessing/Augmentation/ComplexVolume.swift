import Imaging

/// A complex-valued 3D array in split form (real and imaginary parts in separate
/// Double arrays), x fastest, as `Volume` lays out voxels: what `FourierTransform`
/// works on (k-space of one frame of an image).
public struct ComplexVolume: Sendable, Equatable {
    /// Extent (x, y, z); every entry at least 1.
    public let shape: [Int]
    public var real: [Double]
    public var imaginary: [Double]

    /// Number of elements.
    public var count: Int { real.count }

    /// A zero-filled array; `shape` is padded to three entries with 1.
    public init(shape: [Int]) {
        var s = Array(shape.prefix(3))
        while s.count < 3 { s.append(1) }
        self.shape = s.map { max($0, 1) }
        let n = self.shape.reduce(1, *)
        real = [Double](repeating: 0, count: n)
        imaginary = [Double](repeating: 0, count: n)
    }

    /// Real and imaginary parts given; nil unless both hold `shape`'s element count.
    public init?(shape: [Int], real: [Double], imaginary: [Double]) {
        self.init(shape: shape)
        guard real.count == count, imaginary.count == count else { return nil }
        self.real = real
        self.imaginary = imaginary
    }

    /// Frame `frame` of a float32 volume as the real part (imaginary part zero).
    /// Precondition: `volume.voxelType == .float32` and `frame < volume.frames`.
    public init(realPartOf volume: Volume, frame: Int = 0) {
        self.init(shape: Array(volume.shape.prefix(3)))
        let n = count
        volume.withFloat32Buffer { src in
            real.withUnsafeMutableBufferPointer { dst in
                for i in 0..<n { dst[i] = Double(src[frame * n + i]) }
            }
        }
    }

    /// Writes the real part into frame `frame` of a float32 volume of the same spatial shape.
    public func writeRealPart(into volume: inout Volume, frame: Int = 0) {
        let n = count
        volume.withMutableFloat32Buffer { dst in
            real.withUnsafeBufferPointer { src in
                for i in 0..<n { dst[frame * n + i] = Float(src[i]) }
            }
        }
    }

    /// The index of the element at (x, y, z).
    @inline(__always)
    public func index(_ x: Int, _ y: Int, _ z: Int) -> Int { x + shape[0] * (y + shape[1] * z) }
}
