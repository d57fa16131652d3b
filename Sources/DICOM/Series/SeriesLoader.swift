import Foundation
import Imaging

/// Reads the pixels of a laid-out series into one `Volume` (x = column, y = row,
/// z = slice along the normal, t = time point), holding one file at a time beside the output.
public enum SeriesLoader {
    public static func load(_ layout: SeriesLayout) throws -> Volume {
        let nz = layout.slices.count, nt = max(1, layout.timePoints)
        let sliceVoxels = layout.columns * layout.rows
        // Group images by file so that each file (e.g. a multi-frame object) is decoded once.
        var byFile: [String: [(frame: Int, index: Int)]] = [:]
        var fileOrder: [String] = []
        for (k, stack) in layout.slices.enumerated() {
            for (t, s) in stack.enumerated() {
                if byFile[s.path] == nil { fileOrder.append(s.path) }
                byFile[s.path, default: []].append((s.frame, t * nz + k))
            }
        }
        guard let firstPath = fileOrder.first else { throw SeriesLayoutError(reason: "series has no images") }
        // The first file fixes the voxel type; the others are decoded in parallel into
        // disjoint parts of the output, one file per worker at a time.
        let first = try PixelDecoder.decode(try DicomFile.read(firstPath))
        let voxelType: VoxelType? = first.voxelType
        let frameBytes = sliceVoxels * first.voxelType.byteSize
        // Every byte is written below (each slice position and time point holds one image).
        var output = [UInt8](unsafeUninitializedCapacity: nz * nt * frameBytes) { _, n in n = nz * nt * frameBytes }
        let scaleBox = ConcurrentSlots<IntensityScale>(count: nz * nt)
        let errors = ConcurrentSlots<Error>(count: fileOrder.count)
        let files = fileOrder
        let placement = byFile
        @Sendable func place(_ px: PixelFrames, path: String, into dst: UnsafeMutableRawPointer) throws {
            guard px.columns == layout.columns, px.rows == layout.rows else {
                throw DicomError(.pixelData, path: path, "image is \(px.columns)x\(px.rows), series is \(layout.columns)x\(layout.rows)")
            }
            guard px.voxelType == first.voxelType else {
                throw DicomError(.pixelData, path: path, "voxel type \(px.voxelType) differs from the series' \(first.voxelType)")
            }
            for (frame, index) in placement[path] ?? [] {
                guard frame < px.frames else { throw DicomError(.pixelData, path: path, "frame \(frame + 1) missing (file has \(px.frames))") }
                px.data.withUnsafeBytes { src in
                    if let s = src.baseAddress { (dst + index * frameBytes).copyMemory(from: s + frame * frameBytes, byteCount: frameBytes) }
                }
                if let r = px.rescale[frame] { scaleBox.set(index, r) }
            }
        }
        try output.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            let dst = UnsafeShared(base)
            try place(first, path: firstPath, into: base)
            DispatchQueue.concurrentPerform(iterations: files.count - 1) { n in
                let path = files[n + 1]
                do {
                    try place(try PixelDecoder.decode(try DicomFile.read(path)), path: path, into: dst.value)
                } catch {
                    errors.set(n + 1, error)
                }
            }
        }
        if let e = errors.values.compactMap({ $0 }).first { throw e }
        let scales = scaleBox.values
        guard let type = voxelType else { throw SeriesLayoutError(reason: "series has no images") }
        let shape = nt > 1 ? [layout.columns, layout.rows, nz, nt] : [layout.columns, layout.rows, nz]
        let common = scales.first ?? nil
        if scales.allSatisfy({ $0 == common }) {
            let scale = (common?.isIdentity ?? true) ? nil : common
            return try Volume(voxelType: type, shape: shape, geometry: layout.geometry, scale: scale, data: output)
        }
        // Slices with different rescale values: apply each and store float32, one slice at a time
        // so that only the stored volume and the float volume are held.
        var f = [Float](repeating: 0, count: nz * nt * sliceVoxels)
        for index in 0..<(nz * nt) {
            let s = scales[index] ?? IntensityScale(slope: 1, intercept: 0)
            let bytes = Array(output[(index * frameBytes)..<((index + 1) * frameBytes)])
            let slice = try Volume(voxelType: type, shape: [layout.columns, layout.rows, 1], data: bytes).doubles(scaled: false)
            for v in 0..<sliceVoxels { f[index * sliceVoxels + v] = Float(slice[v] * s.slope + s.intercept) }
        }
        return try Volume(values: f, shape: shape, geometry: layout.geometry)
    }
}
