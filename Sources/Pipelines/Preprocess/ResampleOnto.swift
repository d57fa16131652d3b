import Imaging
import Preprocessing

/// Resamples the image (and its label maps, nearest neighbour) onto the grid of another
/// image, read from its header (`medsynth preprocess --like FILE`).
struct ResampleOnto: Transform {
    let grid: SamplingGrid
    let source: String
    let interpolation: Interpolation

    var name: String { "resample_onto" }
    var parameters: [String: JSONValue] {
        ["like": .string(source), "interpolation": .string(interpolation.rawValue),
         "shape": .array(grid.shape.map { .number(Double($0)) })]
    }

    func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let options = ResampleOptions(interpolation: interpolation)
        try subject.mapAll { v, isLabel throws(PreprocessError) in
            try Resampler.resample(v, onto: grid, options: options, isLabelMap: isLabel)
        }
        return ["affine": .array(grid.affine.rows.prefix(3).map { .array($0.map { .number($0) }) })]
    }
}
