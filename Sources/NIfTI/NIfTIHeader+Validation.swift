/// Checks that a header describes a readable image, and works out where its data is.
extension NIfTIHeader {
    /// What the voxel data of a valid header looks like.
    struct DataLayout {
        let dataType: NIfTIDataType
        /// dim[1...dim[0]].
        let shape: [Int]
        let voxelCount: Int
        /// Bytes the data occupies in the file.
        let storedBytes: Int
    }

    /// The data layout, or the first reason the header cannot describe a valid image:
    /// dim[0] outside 1...7, a used dimension below 1, a size over `maxBytes` (or overflow),
    /// an unknown datatype, or bitpix that does not match the datatype.
    func dataLayout(path: String, maxBytes: Int) throws -> DataLayout {
        let n = dim.first ?? 0
        guard (1...7).contains(n), dim.count >= n + 1 else {
            throw NIfTIError(path: path, reason: .invalidDimensionCount(n))
        }
        let shape = Array(dim[1...n])
        for (i, d) in shape.enumerated() where d < 1 {
            throw NIfTIError(path: path, reason: .invalidDimension(index: i + 1, value: d))
        }
        guard let type = NIfTIDataType(rawValue: datatype) else {
            throw NIfTIError(path: path, reason: .unknownDatatype(datatype))
        }
        guard bitpix == type.bitpix else {
            throw NIfTIError(path: path, reason: .bitpixMismatch(datatype: datatype, bitpix: bitpix, expected: type.bitpix))
        }
        var count = 1
        for d in shape {
            let (p, o) = count.multipliedReportingOverflow(by: d)
            guard !o else { throw NIfTIError(path: path, reason: .tooLarge(shape: shape, limitBytes: maxBytes)) }
            count = p
        }
        // The in-memory size (binary unpacks to a byte per voxel) bounds the cap.
        guard let stored = type.storedByteCount(voxelCount: count),
              (type == .binary ? count : stored) <= maxBytes else {
            throw NIfTIError(path: path, reason: .tooLarge(shape: shape, limitBytes: maxBytes))
        }
        if (sclSlope != 0 && sclSlope.isFinite) && !sclInter.isFinite {
            throw NIfTIError(path: path, reason: .invalidScaling(slope: sclSlope, intercept: sclInter))
        }
        return DataLayout(dataType: type, shape: shape, voxelCount: count, storedBytes: stored)
    }
}
