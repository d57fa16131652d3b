import Imaging

/// Makes the volume of an image-set file scalar: RGB (and RGBA, alpha ignored) is accepted
/// only when every pixel is grey (R = G = B) and is then that one channel; true colour,
/// complex and float128 voxels are errors naming the file. Scalar volumes pass unchanged.
enum ImageSetGreyscale {
    static func scalar(_ volume: Volume, path: String) throws(ImageSetError) -> Volume {
        switch volume.voxelType {
        case .rgb24, .rgba32:
            let stride = volume.voxelType.channels
            let grey = try reduce(volume.data, stride: stride, shape: volume.shape, path: path)
            return try rebuilt(volume, type: .uint8, data: grey, path: path)
        case .rgb48:
            let words = volume.data.withUnsafeBytes { Array($0.bindMemory(to: UInt16.self)) }
            let grey = try reduce(words, stride: 3, shape: volume.shape, path: path)
            return try rebuilt(volume, type: .uint16, data: grey.withUnsafeBytes { [UInt8]($0) }, path: path)
        case .complex64, .complex128, .complex256:
            throw ImageSetError(.unsupported, path: path,
                                reason: "complex voxels (\(volume.voxelType.rawValue)) have no single intensity; store the magnitude as a real image first")
        case .float128:
            throw ImageSetError(.unsupported, path: path,
                                reason: "float128 voxels are not read for scoring; convert the image to float32 or float64 first")
        default:
            return volume
        }
    }

    /// The first channel of every pixel; throws at the first pixel whose colour channels differ.
    private static func reduce<T: BinaryInteger>(_ src: [T], stride: Int, shape: [Int],
                                                 path: String) throws(ImageSetError) -> [T] {
        let n = src.count / stride
        var out = [T](repeating: 0, count: n)
        for i in 0..<n {
            let r = src[i * stride], g = src[i * stride + 1], b = src[i * stride + 2]
            guard r == g, g == b else {
                let x = i % shape[0], y = (i / shape[0]) % shape[1], z = i / (shape[0] * shape[1])
                throw ImageSetError(.unsupported, path: path,
                                    reason: "a colour image (pixel x \(x), y \(y)\(shape[2] > 1 ? ", z \(z)" : "") is R \(r), G \(g), B \(b)); "
                                        + "image sets take greyscale images (RGB only when every pixel has R = G = B), "
                                        + "so convert the set to greyscale first")
            }
            out[i] = r
        }
        return out
    }

    private static func rebuilt(_ v: Volume, type: VoxelType, data: [UInt8], path: String) throws(ImageSetError) -> Volume {
        do {
            return try Volume(voxelType: type, shape: v.shape, geometry: v.geometry, scale: nil, data: data)
        } catch {
            throw ImageSetError(.corrupt, path: path, reason: "cannot build the grey image: \(error)")
        }
    }
}
