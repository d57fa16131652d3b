import DICOM
import Foundation
import Imaging

/// Inputs for benchmarks, made by code: a classic single-frame MR series of `slices`
/// images of `size` x `size` int16 with smooth structure (so compression behaves as on real scans).
public enum BenchData {
    public static func writeSeries(to directory: String, size: Int = 256, slices: Int = 300, seed: UInt64 = 7) throws -> SeriesWriter.Result {
        var values = [Int16](repeating: 0, count: size * size * slices)
        let c = Double(size) / 2
        for k in 0..<slices {
            let zk = Double(k) / Double(slices)
            for j in 0..<size {
                for i in 0..<size {
                    let dx = (Double(i) - c) / c, dy = (Double(j) - c) / c
                    let r = (dx * dx + dy * dy * 1.3).squareRoot()
                    var v = r < 0.85 ? 800 + 300 * sin(9 * dx + 5 * zk) * cos(7 * dy) : 0
                    if r < 0.3 + 0.1 * zk { v += 400 }
                    // Deterministic texture noise.
                    let h = UInt64(i &* 73856093 ^ j &* 19349663 ^ k &* 83492791) &* (seed | 1)
                    v += r < 0.85 ? Double(h % 41) - 20 : 0
                    values[(k * size + j) * size + i] = Int16(max(-32768, min(32767, v)))
                }
            }
        }
        let geometry = Geometry(spacing: [0.9, 0.9, 1.2], origin: [-115, -120, -180])
        let volume = try Volume(values: values, shape: [size, size, slices], geometry: geometry)
        var options = SeriesWriterOptions()
        options.seed = seed
        options.seriesDescription = "bench T1"
        options.fileNaming = .bare
        return try SeriesWriter.write(volume, to: directory, options: options)
    }
}
