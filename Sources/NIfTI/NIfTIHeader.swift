import Imaging

/// Every field of a NIfTI-1 or NIfTI-2 header, in one model. Values are kept
/// as stored (NIfTI-1's Int16 and Float32 fields widen exactly to Int and Double),
/// so a read -> write round trip keeps them. Field names follow nifti1.h in
/// camel case; the Analyze 7.5 leftovers (data_type, db_name, extents,
/// session_error, regular, glmax, glmin) are not kept.
public struct NIfTIHeader: Sendable, Equatable {
    public enum Version: Int, Sendable {
        case nifti1 = 1, nifti2 = 2

        /// `sizeof_hdr`: 348 or 540.
        public var headerSize: Int { self == .nifti1 ? 348 : 540 }
    }

    /// NIfTI-1 (348-byte header) or NIfTI-2 (540-byte header).
    public var version: Version = .nifti1
    /// Byte order the header was read in (the writer always writes host order).
    public var byteOrder: NIfTIByteOrder = .host
    /// `magic`: "n+1"/"n+2" for single files, "ni1"/"ni2" for .hdr/.img pairs. Set by the writer.
    public var magic: String = "n+1"

    /// `dim_info`: frequency, phase and slice encoding axes (2 bits each).
    public var dimInfo: UInt8 = 0
    /// `dim[0...7]`: dim[0] is the number of dimensions, dim[1...dim[0]] the extents.
    public var dim: [Int] = [3, 1, 1, 1, 1, 1, 1, 1]
    public var intentP1: Double = 0
    public var intentP2: Double = 0
    public var intentP3: Double = 0
    /// `intent_code` (NIFTI_INTENT_*), 0 = none.
    public var intentCode: Int = 0
    /// `intent_name`, up to 15 bytes.
    public var intentName: String = ""
    /// `datatype` code, see `NIfTIDataType`.
    public var datatype: Int = NIfTIDataType.uint8.rawValue
    /// `bitpix`: bits per voxel.
    public var bitpix: Int = 8
    public var sliceStart: Int = 0
    public var sliceEnd: Int = 0
    public var sliceCode: Int = 0
    public var sliceDuration: Double = 0
    /// `pixdim[0...7]`: pixdim[0] is qfac (the sign of the qform's 3rd axis), pixdim[1...] voxel sizes.
    public var pixdim: [Double] = [1, 1, 1, 1, 1, 1, 1, 1]
    /// `vox_offset`: byte offset of the voxel data in the .nii (or .img) file.
    public var voxOffset: Int = 352
    /// `scl_slope`; 0 or NaN means the data is not scaled.
    public var sclSlope: Double = 0
    public var sclInter: Double = 0
    public var calMax: Double = 0
    public var calMin: Double = 0
    public var toffset: Double = 0
    /// `xyzt_units`: spatial and temporal units, see `NIfTIUnits`.
    public var xyztUnits: Int = NIfTIUnits.millimeter | NIfTIUnits.second
    /// `descrip`, up to 79 bytes.
    public var descrip: String = ""
    /// `aux_file`, up to 23 bytes.
    public var auxFile: String = ""
    /// `qform_code` (0 unknown, 1 scanner, 2 aligned, 3 Talairach, 4 MNI, 5 template).
    public var qformCode: Int = 0
    /// `sform_code`, same codes as `qformCode`.
    public var sformCode: Int = 0
    public var quaternB: Double = 0
    public var quaternC: Double = 0
    public var quaternD: Double = 0
    public var qoffsetX: Double = 0
    public var qoffsetY: Double = 0
    public var qoffsetZ: Double = 0
    /// `srow_x`, `srow_y`, `srow_z`: the rows of the sform affine (4 values each).
    public var srowX: [Double] = [0, 0, 0, 0]
    public var srowY: [Double] = [0, 0, 0, 0]
    public var srowZ: [Double] = [0, 0, 0, 0]
    /// Header extensions, in file order.
    public var extensions: [NIfTIExtension] = []

    /// A header with nifti1.h's neutral defaults (uint8, 1x1x1, no transforms).
    public init() {}

    /// The extents `dim[1...dim[0]]` (empty when dim[0] is out of range).
    public var shape: [Int] {
        guard let n = dim.first, (1...7).contains(n), dim.count >= n + 1 else { return [] }
        return Array(dim[1...n])
    }

    /// The datatype, or nil for a code outside the standard.
    public var dataType: NIfTIDataType? { NIfTIDataType(rawValue: datatype) }

    /// The intensity scale nibabel would apply: nil when scl_slope is 0 or not finite.
    /// (An intercept that is not finite with a valid slope is an error the reader reports.)
    public var scale: IntensityScale? {
        guard sclSlope != 0, sclSlope.isFinite, sclInter.isFinite else { return nil }
        return IntensityScale(slope: sclSlope, intercept: sclInter)
    }

    /// Seconds between volumes: pixdim[4] converted per `xyzt_units` (unknown units are
    /// taken as seconds); 0 for images with fewer than 4 dimensions or a non-time 4th axis.
    public var timeStepSeconds: Double {
        guard let n = dim.first, n >= 4, pixdim.count > 4, pixdim[4].isFinite,
              let f = NIfTIUnits.secondsPerTimeUnit(xyztUnits) else { return 0 }
        return pixdim[4] * f
    }

    /// True for .hdr/.img pair magic ("ni1", "ni2").
    public var isPairMagic: Bool { magic.hasPrefix("ni") }
}
