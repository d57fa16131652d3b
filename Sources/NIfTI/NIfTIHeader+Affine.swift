import Imaging

/// The header's three voxel-to-world transforms and the precedence among them.
extension NIfTIHeader {
    /// The qform as stored (whatever qform_code says), as nibabel's `get_qform()`.
    public var qform: NIfTIQForm {
        NIfTIQForm(quaternB: quaternB, quaternC: quaternC, quaternD: quaternD,
                   offset: [qoffsetX, qoffsetY, qoffsetZ],
                   spacing: [pixdimValue(1), pixdimValue(2), pixdimValue(3)],
                   qfac: pixdimValue(0) < 0 ? -1 : 1,
                   threshold: version == .nifti1 ? NIfTIQForm.float32Threshold : NIfTIQForm.float64Threshold)
    }

    /// The qform affine (quaternion, pixdim and qoffset).
    public var qformMatrix: Matrix4 { qform.matrix }

    /// The sform affine (srow_x, srow_y, srow_z), as nibabel's `get_sform()`.
    public var sformMatrix: Matrix4 {
        func row(_ r: [Double]) -> [Double] { (0..<4).map { $0 < r.count ? r[$0] : 0 } }
        return Matrix4(rows: [row(srowX), row(srowY), row(srowZ), [0, 0, 0, 1]])
    }

    /// The fall-back affine when neither transform is set, as nibabel's
    /// `get_base_affine()`: voxel sizes on the diagonal, x flipped (radiological
    /// Analyze convention) and the volume centre at the origin.
    public var baseAffine: Matrix4 {
        let n = max(0, min(7, dim.first ?? 0))
        var shape = [1.0, 1.0, 1.0], zooms = [1.0, 1.0, 1.0]
        for i in 0..<min(3, n) {
            shape[i] = Double(i + 1 < dim.count ? dim[i + 1] : 1)
            zooms[i] = pixdimValue(i + 1)
        }
        zooms[0] = -zooms[0]
        var m = Matrix4.identity
        for i in 0..<3 {
            m[i, i] = zooms[i]
            m[i, 3] = -(shape[i] - 1) / 2 * zooms[i]
        }
        return m
    }

    /// The affine an image gets (nibabel's `get_best_affine`): the sform when
    /// sform_code > 0, else the qform when qform_code > 0, else `baseAffine`.
    public var bestAffine: Matrix4 {
        if sformCode > 0 { return sformMatrix }
        if qformCode > 0 { return qformMatrix }
        return baseAffine
    }

    /// Stores `affine` as the qform: quaternion, qoffset, pixdim[1...3] (voxel sizes)
    /// and pixdim[0] (qfac). A non-orthogonal affine is replaced by its closest rotation.
    public mutating func setQForm(_ affine: Matrix4, code: Int) {
        let q = NIfTIQForm(matrix: affine)
        quaternB = q.quaternB
        quaternC = q.quaternC
        quaternD = q.quaternD
        qoffsetX = q.offset[0]
        qoffsetY = q.offset[1]
        qoffsetZ = q.offset[2]
        while pixdim.count < 8 { pixdim.append(1) }
        pixdim[0] = q.qfac
        for i in 0..<3 { pixdim[i + 1] = q.spacing[i] }
        qformCode = code
    }

    /// Stores `affine` as the sform rows.
    public mutating func setSForm(_ affine: Matrix4, code: Int) {
        srowX = (0..<4).map { affine[0, $0] }
        srowY = (0..<4).map { affine[1, $0] }
        srowZ = (0..<4).map { affine[2, $0] }
        sformCode = code
    }

    private func pixdimValue(_ i: Int) -> Double { i < pixdim.count ? pixdim[i] : 1 }
}
