import DICOM
import Foundation
import Imaging

/// The JSON sidecar written beside each NIfTI: the acquisition fields a BIDS user
/// expects, named as dcm2niix names them (times in seconds). No patient identifiers.
public enum BIDSSidecar {
    public static func fields(series: DicomSeries, layout: SeriesLayout, softwareVersion: String) -> [String: JSONValue] {
        let ds = series.header
        var out: [String: JSONValue] = [:]
        func text(_ key: String, _ tag: Tag) { if let s = ds.string(tag) { out[key] = .string(s) } }
        func number(_ key: String, _ tag: Tag, scale: Double = 1) { if let v = ds.number(tag) { out[key] = .number(v * scale) } }
        text("Modality", Tags.modality)
        number("MagneticFieldStrength", Tags.magneticFieldStrength)
        text("Manufacturer", Tags.manufacturer)
        text("ManufacturersModelName", Tags.manufacturerModelName)
        text("BodyPartExamined", Tags.bodyPartExamined)
        text("PatientPosition", Tags.patientPosition)
        text("SeriesDescription", Tags.seriesDescription)
        text("ProtocolName", Tags.protocolName)
        text("ScanningSequence", Tags.scanningSequence)
        text("SequenceVariant", Tags.sequenceVariant)
        text("ScanOptions", Tags.scanOptions)
        text("SequenceName", Tags.sequenceName)
        text("MRAcquisitionType", Tags.mrAcquisitionType)
        let imageType = ds.strings(Tags.imageType)
        if !imageType.isEmpty { out["ImageType"] = .array(imageType.map { .string($0) }) }
        number("SeriesNumber", Tags.seriesNumber)
        text("AcquisitionTime", Tags.acquisitionTime)
        number("AcquisitionNumber", Tags.acquisitionNumber)
        number("SliceThickness", Tags.sliceThickness)
        if let s = ds.number(Tags.spacingBetweenSlices) { out["SpacingBetweenSlices"] = .number(s) }
        else if layout.slices.count > 1 { out["SpacingBetweenSlices"] = .number(layout.sliceSpacing) }
        number("EchoTime", Tags.echoTime, scale: 0.001)
        number("RepetitionTime", Tags.repetitionTime, scale: 0.001)
        number("InversionTime", Tags.inversionTime, scale: 0.001)
        number("FlipAngle", Tags.flipAngle)
        number("EchoNumber", Tags.echoNumbers)
        let iop = ds.numbers(Tags.imageOrientationPatient)
        if iop.count == 6 { out["ImageOrientationPatientDICOM"] = .array(iop.map { .number($0) }) }
        if let tilt = ds.number(Tags.gantryTilt) { out["GantryTilt"] = .number(tilt) }
        if let r = ds.number(Tags.rescaleSlope) { out["PhilipsRescaleSlope"] = nil; out["RescaleSlope"] = .number(r) }
        if let r = ds.number(Tags.rescaleIntercept) { out["RescaleIntercept"] = .number(r) }
        out["ConversionSoftware"] = .string("medsynth")
        out["ConversionSoftwareVersion"] = .string(softwareVersion)
        if !layout.warnings.isEmpty { out["ConversionWarnings"] = .array(layout.warnings.map { .string($0) }) }
        return out
    }
}
