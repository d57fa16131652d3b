import DICOM
import Foundation
import Imaging
import NIfTI

/// Looks at a path (DICOM file, DICOM folder, NIfTI, PNG, safetensors file or training
/// checkpoint) and reports what it holds.
public enum Inspector {
    public static func inspect(_ path: String) throws -> InfoReport {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw PipelineError(path: path, reason: "no such file or folder")
        }
        if isDir.boolValue { return inspectFolder(path) }
        let lower = path.lowercased()
        if lower.hasSuffix(".nii") || lower.hasSuffix(".nii.gz") || lower.hasSuffix(".hdr") || lower.hasSuffix(".hdr.gz") {
            return try inspectNIfTI(path)
        }
        if lower.hasSuffix(".safetensors") { return try inspectSafeTensors(path) }
        if lower.hasSuffix(".png") || isPNG(path) { return try inspectPNG(path) }
        return try inspectDicomFile(path)
    }

    static func isPNG(_ path: String) -> Bool {
        guard let fh = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? fh.close() }
        let head = [UInt8]((try? fh.read(upToCount: 8)) ?? Data())
        return head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    }

    static func geometryFields(_ g: Geometry, into r: inout InfoReport) {
        r.add("spacing", .numbers(g.spacing))
        r.add("origin", .numbers(g.origin))
        r.add("orientation", .string(g.orientationCode))
        r.add("affine", .matrix(g.affine.rows))
    }

    public static func inspectNIfTI(_ path: String) throws -> InfoReport {
        let h = try NIfTIReader.readHeader(at: path)
        var r = InfoReport(path: path, kind: "nifti")
        r.add("format", .string(h.version == .nifti1 ? "NIfTI-1" : "NIfTI-2"))
        r.add("shape", .ints(h.shape))
        let type = NIfTIDataType(rawValue: h.datatype)
        r.add("datatype", .string(type.map { "\($0)" } ?? "code \(h.datatype)"))
        r.add("byteOrder", .string(h.byteOrder.rawValue))
        r.add("pixdim", .numbers(Array(h.pixdim[1...min(h.dim[0], 7)])))
        r.add("qformCode", .number(Double(h.qformCode)))
        r.add("sformCode", .number(Double(h.sformCode)))
        let g = Geometry(affine: h.bestAffine)
        geometryFields(g, into: &r)
        if h.sclSlope != 0 && !h.sclSlope.isNaN { r.add("scale", .numbers([h.sclSlope, h.sclInter])) }
        r.add("xyztUnits", .number(Double(h.xyztUnits)))
        if h.intentCode != 0 { r.add("intent", .string("\(h.intentCode) \(h.intentName)")) }
        if !h.descrip.isEmpty { r.add("description", .string(h.descrip)) }
        r.add("extensions", .number(Double(h.extensions.count)))
        return r
    }

    public static func inspectPNG(_ path: String) throws -> InfoReport {
        let v = try PNGCodec.read(path: path)
        var r = InfoReport(path: path, kind: "png")
        r.add("shape", .ints([v.width, v.height]))
        r.add("voxelType", .string(v.voxelType.rawValue))
        r.add("spacing", .numbers(Array(v.geometry.spacing.prefix(2))))
        let d = v.doubles(scaled: false)
        r.add("min", .number(d.min() ?? 0))
        r.add("max", .number(d.max() ?? 0))
        return r
    }

    public static func inspectDicomFile(_ path: String) throws -> InfoReport {
        let f = try DicomFile.read(path, options: .header)
        let ds = f.dataset
        var r = InfoReport(path: path, kind: "dicom")
        r.add("transferSyntax", .string(f.transferSyntax.name))
        r.add("metaHeader", .bool(f.hasMetaHeader))
        r.add("sopClassUID", ds.string(Tags.sopClassUID).map { .string($0) })
        for (key, tag) in [("modality", Tags.modality), ("manufacturer", Tags.manufacturer),
                           ("seriesDescription", Tags.seriesDescription), ("photometric", Tags.photometricInterpretation),
                           ("seriesInstanceUID", Tags.seriesInstanceUID)] {
            r.add(key, ds.string(tag).map { .string($0) })
        }
        r.add("seriesNumber", ds.number(Tags.seriesNumber).map { .number($0) })
        let frames = ds.int(Tags.numberOfFrames) ?? 1
        if let cols = ds.int(Tags.columns), let rows = ds.int(Tags.rows) {
            r.add("shape", .ints([cols, rows, frames]))
            let bits = ds.int(Tags.bitsAllocated) ?? 0, signed = ds.int(Tags.pixelRepresentation) == 1
            let spp = ds.int(Tags.samplesPerPixel) ?? 1
            let type: String = spp == 3 ? (bits == 16 ? "rgb48" : "rgb24") : (VoxelType.integer(bits: bits, signed: signed)?.rawValue ?? "\(bits)-bit")
            r.add("voxelType", .string(type))
            r.add("bits", .string("allocated \(bits), stored \(ds.int(Tags.bitsStored) ?? bits), high \(ds.int(Tags.highBit) ?? bits - 1)"))
        } else {
            r.add("pixels", .string("none"))
        }
        if let s = ds.number(Tags.rescaleSlope) { r.add("rescale", .numbers([s, ds.number(Tags.rescaleIntercept) ?? 0])) }
        let series = SeriesScanner.group([f])
        if let s = series.first, (ds.int(Tags.rows) ?? 0) > 0, let layout = try? SeriesGeometry.layout(s) {
            if !layout.geometryMissing { geometryFields(layout.geometry, into: &r) }
            if !layout.warnings.isEmpty { r.add("warnings", .array(layout.warnings.map { .string($0) })) }
        }
        r.add("elements", .number(Double(ds.count)))
        return r
    }

    public static func inspectFolder(_ path: String) -> InfoReport {
        let scan = SeriesScanner.scan(path)
        var r = InfoReport(path: path, kind: "dicom-folder")
        r.add("files", .number(Double(scan.filesSeen)))
        r.add("series", .number(Double(scan.series.count)))
        r.add("skippedFiles", .number(Double(scan.skipped.count)))
        r.series = scan.series.map { s in
            var row = InfoReport.SeriesRow(number: s.seriesNumber, description: s.seriesDescription, modality: s.modality,
                                           uid: s.seriesInstanceUID, split: s.splitLabel, files: s.files.count,
                                           images: s.slices.count, shape: nil, spacing: nil, orientation: nil, warnings: [], problem: nil)
            do {
                let layout = try SeriesGeometry.layout(s)
                row.shape = layout.shape
                row.spacing = layout.geometry.spacing
                row.orientation = layout.geometryMissing ? nil : layout.geometry.orientationCode
                row.warnings = layout.warnings
            } catch {
                row.problem = "\(error)"
            }
            return row
        }
        r.skipped = scan.skipped.map { ScanIssueRecord(path: $0.path, reason: $0.reason) }
        return r
    }
}
