import Imaging

/// Reorientation to an axis code by exact permutation and flips (no interpolation),
/// as nibabel's `as_reoriented` / `as_closest_canonical`: voxels keep their values and
/// their world positions; only the affine and the storage order change.
public struct Reorient: Transform {
    /// Target axis code, e.g. "RAS" (nibabel's closest canonical) or "LPS" (DICOM / ITK).
    public let code: String

    /// Throws for a code that is not three distinct letters from R/L, A/P, S/I.
    public init(code: String) throws(PreprocessError) {
        let c = code.uppercased()
        guard Reorient.isValid(c) else { throw .unknownAxisCode(code) }
        self.code = c
    }

    public static func isValid(_ code: String) -> Bool {
        let axes: [Character: Int] = ["R": 0, "L": 0, "A": 1, "P": 1, "S": 2, "I": 2]
        let letters = Array(code.uppercased())
        return letters.count == 3 && Set(letters.compactMap { axes[$0] }).count == 3 && letters.allSatisfy { axes[$0] != nil }
    }

    public var name: String { "reorient" }
    public var parameters: [String: JSONValue] { ["code": .string(code)] }

    /// Reorients one volume; throws when the affine has an axis without direction.
    public func apply(_ volume: Volume) throws(PreprocessError) -> Volume {
        var v = volume
        guard v.reorient(to: code) else {
            throw .singularAffine("cannot reorient to \(code): the affine has an axis without direction\n\(volume.geometry.affine)")
        }
        return v
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let from = subject.image.geometry.orientationCode
        try subject.mapAll { v, _ throws(PreprocessError) in try apply(v) }
        return ["from": .string(from), "to": .string(code)]
    }
}
