import Foundation
import Imaging

/// Writes a `Volume` (3D, or 4D with time points in dimension 4) as an MR DICOM series:
/// classic MR Image Storage, one file per slice per time point, or one Enhanced MR
/// multi-frame file with shared and per-frame functional groups.
///
/// Geometry follows the volume's RAS affine, converted to DICOM's LPS patient space:
/// ImageOrientationPatient holds the unit vectors of the i axis (along a row) then of the
/// j axis (down a column); ImagePositionPatient of slice k is the position of voxel
/// (0, 0, k); PixelSpacing is [j spacing, i spacing]. Slice k's pixels are rows = shape[1],
/// columns = shape[0], i fastest: the volume's own memory layout, so nothing is flipped.
///
/// ```swift
/// var options = SeriesWriterOptions()
/// options.seed = 42
/// let result = try SeriesWriter.write(volume, to: "out/series", options: options)
/// ```
public enum SeriesWriter {
    public static let mrImageStorage = "1.2.840.10008.5.1.4.1.1.4"
    public static let enhancedMRImageStorage = "1.2.840.10008.5.1.4.1.1.4.1"
    /// Larmor frequency of 1H per tesla (MHz/T), for ImagingFrequency.
    static let protonGyromagneticRatio = 42.577478

    /// One file of a series: its name inside the output folder and its dataset.
    public struct File: Sendable {
        public var name: String
        public var dataset: Dataset
    }

    /// What `write` produced.
    public struct Result: Sendable, Equatable {
        /// Paths of the files written, in writing order (Instance Number order for classic files).
        public var paths: [String]
        public var studyInstanceUID: String
        public var seriesInstanceUID: String
        /// The Rescale Slope / Intercept written, nil when stored values are the physical values.
        public var rescale: IntensityScale?
    }

    /// Writes the series into `directory` (created when missing), each file atomically.
    /// Files of the same name are replaced; other files in the folder are left alone.
    public static func write(_ volume: Volume, to directory: String, options: SeriesWriterOptions = SeriesWriterOptions()) throws -> Result {
        let plan = try Plan(volume, options: options, path: directory)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DicomError(.write, path: directory, "cannot create the output folder: \(error.localizedDescription)")
        }
        var paths: [String] = []
        for index in 0..<plan.fileCount {
            let file = plan.file(index)
            let path = (directory as NSString).appendingPathComponent(file.name)
            try DicomWriter.write(file.dataset, to: path, transferSyntax: .explicitVRLittleEndian)
            paths.append(path)
        }
        return Result(paths: paths, studyInstanceUID: plan.studyUID, seriesInstanceUID: plan.seriesUID, rescale: plan.rescale)
    }

    /// The files `write` would produce, in memory (for tests and for callers that write elsewhere).
    public static func files(_ volume: Volume, options: SeriesWriterOptions = SeriesWriterOptions()) throws -> [File] {
        let plan = try Plan(volume, options: options, path: nil)
        return (0..<plan.fileCount).map { plan.file($0) }
    }
}

// MARK: - Plan

extension SeriesWriter {
    /// One frame to write: time point `t`, slice `k`, and `copy` 1 for a duplicated slice.
    struct FrameRef: Sendable, Equatable {
        var t: Int
        var k: Int
        var copy: Int
        /// 1-based position of the slice in the writing order of one time point (In-Stack Position Number).
        var stackPosition: Int
    }

    /// Everything computed once per series: stored samples, geometry, UIDs and frame order.
    struct Plan {
        let options: SeriesWriterOptions
        let columns: Int, rows: Int, depth: Int, timePoints: Int
        let samples: [UInt8]
        let rescale: IntensityScale?
        let geometry: SliceGeometry
        let frames: [FrameRef]
        let uids: UIDGenerator
        let studyUID: String, seriesUID: String, frameOfReferenceUID: String
        let timeInterval: Double
        let characterSet: String?

        init(_ volume: Volume, options: SeriesWriterOptions, path: String?) throws {
            func fail(_ reason: String) -> DicomError { DicomError(.invalidArgument, path: path, reason) }
            let shape = volume.shape
            guard shape.count <= 4 || shape[4...].allSatisfy({ $0 == 1 }) else {
                throw fail("a volume of shape \(shape) has more than 4 dimensions: write each 4D part as its own series")
            }
            let depth = shape[2], timePoints = shape.count > 3 ? shape[3] : 1
            columns = shape[0]
            rows = shape[1]
            self.depth = depth
            self.timePoints = timePoints
            guard rows <= 65535, columns <= 65535 else {
                throw fail("slices of \(columns) x \(rows) voxels exceed DICOM's 65535 rows/columns")
            }
            for name in [options.fileNaming.prefix, options.fileNaming.fileExtension ?? ""] where name.contains("/") {
                throw fail("file naming part \"\(name)\" contains a \"/\": use a plain name")
            }
            let badSlices = options.omitSlices.union(options.duplicateSlices).filter { $0 < 0 || $0 >= depth }
            guard badSlices.isEmpty else {
                throw fail("slices \(badSlices.sorted()) to omit or duplicate are outside 0..<\(depth)")
            }
            self.options = options
            (samples, rescale) = try StoredSamples.make(volume, options: options, fail: fail)
            geometry = try SliceGeometry(volume.geometry, fail: fail)

            var frames: [FrameRef] = []
            let order = options.sliceOrder == .ascending ? Array(0..<depth) : Array((0..<depth).reversed())
            for t in 0..<timePoints {
                for (s, k) in order.enumerated() where !options.omitSlices.contains(k) {
                    frames.append(FrameRef(t: t, k: k, copy: 0, stackPosition: s + 1))
                    if options.duplicateSlices.contains(k) { frames.append(FrameRef(t: t, k: k, copy: 1, stackPosition: s + 1)) }
                }
            }
            guard !frames.isEmpty else { throw fail("every slice is omitted: nothing to write") }
            self.frames = frames

            uids = UIDGenerator(seed: options.seed)
            studyUID = options.studyInstanceUID ?? uids.uid("study")
            seriesUID = options.seriesInstanceUID ?? uids.uid("series")
            frameOfReferenceUID = options.frameOfReferenceUID ?? uids.uid("frame-of-reference")
            for uid in [studyUID, seriesUID, frameOfReferenceUID] {
                guard uid.count <= 64, !uid.isEmpty, uid.allSatisfy({ $0 == "." || $0.isASCII && $0.isNumber }) else {
                    throw fail("\"\(uid)\" is not a valid DICOM UID (digits and dots, at most 64 characters)")
                }
            }
            if let given = options.timePointInterval {
                timeInterval = given
            } else if volume.geometry.timeStep > 0 {
                timeInterval = volume.geometry.timeStep
            } else {
                timeInterval = options.repetitionTime / 1000
            }
            guard timeInterval.isFinite, timeInterval >= 0, options.acquisitionStartTime.isFinite else {
                throw fail("time point interval \(timeInterval) s or start time \(options.acquisitionStartTime) s is not a finite, non-negative number")
            }
            let acquisition = [("echo time", options.echoTime), ("repetition time", options.repetitionTime),
                               ("flip angle", options.flipAngle), ("field strength", options.magneticFieldStrength)]
            for (name, value) in acquisition where !value.isFinite {
                throw fail("the \(name) option is \(value): give a finite number")
            }
            let texts = [options.patientName, options.patientID, options.studyDescription, options.seriesDescription,
                         options.protocolName, options.manufacturer, options.manufacturerModelName]
            characterSet = texts.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } } ? nil : "ISO_IR 192"
        }

        var fileCount: Int { options.layout == .singleFrame ? frames.count : 1 }

        func file(_ index: Int) -> File {
            switch options.layout {
            case .singleFrame:
                return File(name: options.fileNaming.name(index + 1), dataset: classicDataset(frames[index], instanceNumber: index + 1))
            case .enhancedMultiFrame:
                return File(name: options.fileNaming.name(1), dataset: enhancedDataset())
            }
        }

        /// Stored bytes of one frame (rows x columns, 16-bit, host order).
        func pixels(_ f: FrameRef) -> ArraySlice<UInt8> {
            let n = columns * rows * 2
            let start = (f.t * depth + f.k) * n
            return samples[start..<(start + n)]
        }

        /// Seconds after midnight at which time point `t` starts.
        func time(_ t: Int) -> Double { options.acquisitionStartTime + Double(t) * timeInterval }

        // MARK: attributes shared by both layouts

        func commonAttributes(sopClass: String, sopInstance: String) -> Dataset {
            let o = options
            var ds = Dataset()
            if let cs = characterSet { ds.set(text(Tags.specificCharacterSet, .CS, cs)) }
            ds.set(text(Tags.sopClassUID, .UI, sopClass))
            ds.set(text(Tags.sopInstanceUID, .UI, sopInstance))
            ds.set(text(Tags.studyDate, .DA, o.studyDate))
            ds.set(text(Tags.seriesDate, .DA, o.studyDate))
            ds.set(text(MRTags.contentDate, .DA, o.studyDate))
            ds.set(text(Tags.studyTime, .TM, Format.time(o.acquisitionStartTime)))
            ds.set(text(Tags.seriesTime, .TM, Format.time(o.acquisitionStartTime)))
            ds.set(text(Tags.accessionNumber, .SH, ""))
            ds.set(text(Tags.modality, .CS, "MR"))
            ds.set(text(Tags.manufacturer, .LO, o.manufacturer))
            ds.set(text(MRTags.referringPhysicianName, .PN, ""))
            ds.set(text(Tags.studyDescription, .LO, o.studyDescription))
            ds.set(text(Tags.seriesDescription, .LO, o.seriesDescription))
            ds.set(text(Tags.manufacturerModelName, .LO, o.manufacturerModelName))
            ds.set(text(Tags.patientName, .PN, o.patientName))
            ds.set(text(Tags.patientID, .LO, o.patientID))
            ds.set(text(Tags.patientBirthDate, .DA, o.patientBirthDate))
            ds.set(text(Tags.patientSex, .CS, o.patientSex))
            ds.set(decimals(Tags.magneticFieldStrength, [o.magneticFieldStrength]))
            ds.set(text(Tags.protocolName, .LO, o.protocolName))
            ds.set(text(Tags.patientPosition, .CS, "HFS"))
            ds.set(text(Tags.studyInstanceUID, .UI, studyUID))
            ds.set(text(Tags.seriesInstanceUID, .UI, seriesUID))
            ds.set(text(Tags.studyID, .SH, o.studyID))
            ds.set(text(Tags.seriesNumber, .IS, String(o.seriesNumber)))
            ds.set(text(Tags.frameOfReferenceUID, .UI, frameOfReferenceUID))
            ds.set(text(MRTags.positionReferenceIndicator, .LO, ""))
            ds.set(text(MRTags.deviceSerialNumber, .LO, "0"))
            ds.set(text(MRTags.softwareVersions, .LO, "medsynth"))
            ds.set(DataElement(tag: Tags.samplesPerPixel, vr: .US, integers: [UInt16(1)]))
            ds.set(text(Tags.photometricInterpretation, .CS, "MONOCHROME2"))
            ds.set(DataElement(tag: Tags.rows, vr: .US, integers: [UInt16(rows)]))
            ds.set(DataElement(tag: Tags.columns, vr: .US, integers: [UInt16(columns)]))
            ds.set(DataElement(tag: Tags.bitsAllocated, vr: .US, integers: [UInt16(16)]))
            ds.set(DataElement(tag: Tags.bitsStored, vr: .US, integers: [UInt16(16)]))
            ds.set(DataElement(tag: Tags.highBit, vr: .US, integers: [UInt16(15)]))
            ds.set(DataElement(tag: Tags.pixelRepresentation, vr: .US, integers: [UInt16(o.storage == .int16 ? 1 : 0)]))
            return ds
        }

        // MARK: classic MR Image Storage

        func classicDataset(_ f: FrameRef, instanceNumber: Int) -> Dataset {
            let o = options
            var ds = commonAttributes(sopClass: SeriesWriter.mrImageStorage, sopInstance: uids.uid("instance/\(f.t)/\(f.k)/\(f.copy)"))
            let time = Format.time(self.time(f.t))
            ds.set(text(Tags.imageType, .CS, "ORIGINAL", "PRIMARY", "M", "ND"))
            ds.set(text(MRTags.laterality, .CS, ""))  // unknown; Enhanced MR has FrameLaterality instead
            ds.set(text(Tags.acquisitionDate, .DA, o.studyDate))
            ds.set(text(Tags.acquisitionTime, .TM, time))
            ds.set(text(MRTags.contentTime, .TM, time))
            ds.set(text(Tags.scanningSequence, .CS, "GR"))
            ds.set(text(Tags.sequenceVariant, .CS, "SP"))
            ds.set(text(Tags.scanOptions, .CS, ""))
            ds.set(text(Tags.mrAcquisitionType, .CS, options.resolvedAcquisitionType(timePoints: timePoints)))
            ds.set(decimals(Tags.sliceThickness, [geometry.sliceSpacing]))
            ds.set(decimals(Tags.repetitionTime, [o.repetitionTime]))
            ds.set(decimals(Tags.echoTime, [o.echoTime]))
            ds.set(decimals(MRTags.imagingFrequency, [SeriesWriter.protonGyromagneticRatio * o.magneticFieldStrength]))
            ds.set(text(Tags.echoNumbers, .IS, "1"))
            ds.set(decimals(Tags.spacingBetweenSlices, [geometry.sliceSpacing]))
            ds.set(text(MRTags.echoTrainLength, .IS, "1"))
            ds.set(decimals(Tags.flipAngle, [o.flipAngle]))
            ds.set(text(Tags.acquisitionNumber, .IS, String(f.t + 1)))
            ds.set(text(Tags.instanceNumber, .IS, String(instanceNumber)))
            ds.set(decimals(Tags.imagePositionPatient, geometry.position(f.k)))
            ds.set(decimals(Tags.imageOrientationPatient, geometry.orientation))
            ds.set(decimals(Tags.sliceLocation, [geometry.sliceLocation(f.k)]))
            if timePoints > 1 {
                ds.set(text(Tags.temporalPositionIdentifier, .IS, String(f.t + 1)))
                ds.set(text(MRTags.numberOfTemporalPositions, .IS, String(timePoints)))
            }
            ds.set(decimals(Tags.pixelSpacing, geometry.pixelSpacing))
            if let r = rescale {
                ds.set(decimals(Tags.rescaleIntercept, [r.intercept]))
                ds.set(decimals(Tags.rescaleSlope, [r.slope]))
            }
            ds.set(DataElement(tag: Tags.pixelData, vr: .OW, value: .bytes(Array(pixels(f)))))
            return ds
        }

        // MARK: Enhanced MR Image Storage

        /// Shared functional groups the Enhanced MR IOD requires of ORIGINAL images, with plain values
        /// (one average, full k-space, body coils, no modifiers): they describe no real acquisition.
        func acquisitionBoilerplate() -> [DataElement] {
            let o = options
            let steps = { (tag: Tag, n: Int) in DataElement(tag: tag, vr: .US, integers: [UInt16(clamping: n)]) }
            var fov = [
                text(MRTags.inPlanePhaseEncodingDirection, .CS, "COLUMN"),
                steps(MRTags.mrAcquisitionFrequencyEncodingSteps, rows),
                steps(MRTags.mrAcquisitionPhaseEncodingStepsInPlane, columns),
                decimals(MRTags.percentSampling, [100]),
                decimals(MRTags.percentPhaseFieldOfView, [100]),
            ]
            if timePoints == 1 { fov.append(steps(MRTags.mrAcquisitionPhaseEncodingStepsOutOfPlane, depth)) }
            return [
                sequence(MRTags.frameAnatomySequence, [
                    sequence(MRTags.anatomicRegionSequence, [
                        text(MRTags.codeValue, .SH, "38266002"),
                        text(MRTags.codingSchemeDesignator, .SH, "SCT"),
                        text(MRTags.codeMeaning, .LO, "Entire body"),
                    ]),
                    text(MRTags.frameLaterality, .CS, "U"),
                ]),
                sequence(MRTags.mrAveragesSequence, [decimals(MRTags.numberOfAverages, [1])]),
                sequence(MRTags.mrFOVGeometrySequence, fov),
                sequence(MRTags.mrImagingModifierSequence, [
                    decimals(MRTags.pixelBandwidth, [250]),
                    text(MRTags.magnetizationTransfer, .CS, "NONE"),
                    text(MRTags.bloodSignalNulling, .CS, "NO"),
                    text(MRTags.tagging, .CS, "NONE"),
                    DataElement(tag: MRTags.transmitterFrequency, vr: .FD,
                                doubles: [SeriesWriter.protonGyromagneticRatio * o.magneticFieldStrength]),
                ]),
                sequence(MRTags.mrModifierSequence, [
                    text(MRTags.inversionRecovery, .CS, "NO"),
                    text(MRTags.flowCompensation, .CS, "NONE"),
                    text(MRTags.spoiling, .CS, "RF"),
                    text(MRTags.t2Preparation, .CS, "NO"),
                    text(MRTags.spectrallySelectedExcitation, .CS, "NONE"),
                    text(MRTags.spatialPresaturation, .CS, "NONE"),
                    text(MRTags.partialFourier, .CS, "NO"),
                    text(MRTags.parallelAcquisition, .CS, "NO"),
                ]),
                sequence(MRTags.mrReceiveCoilSequence, [
                    text(MRTags.receiveCoilName, .SH, "BODY"),
                    text(MRTags.receiveCoilManufacturerName, .LO, o.manufacturer),
                    text(MRTags.receiveCoilType, .CS, "BODY"),
                    text(MRTags.quadratureReceiveCoil, .CS, "YES"),
                ]),
                sequence(MRTags.mrTransmitCoilSequence, [
                    text(MRTags.transmitCoilName, .SH, "BODY"),
                    text(MRTags.transmitCoilManufacturerName, .LO, o.manufacturer),
                    text(MRTags.transmitCoilType, .CS, "BODY"),
                ]),
            ]
        }

        func enhancedDataset() -> Dataset {
            let o = options
            var ds = commonAttributes(sopClass: SeriesWriter.enhancedMRImageStorage, sopInstance: uids.uid("enhanced-instance"))
            let start = Format.time(o.acquisitionStartTime)
            let frameType = ["ORIGINAL", "PRIMARY", "VOLUME", "NONE"]
            let imageDescription = [
                text(MRTags.pixelPresentation, .CS, "MONOCHROME"),
                text(MRTags.volumetricProperties, .CS, "VOLUME"),
                text(MRTags.volumeBasedCalculationTechnique, .CS, "NONE"),
                text(MRTags.complexImageComponent, .CS, "MAGNITUDE"),
                text(MRTags.acquisitionContrast, .CS, "T1"),
            ]
            ds.set(text(Tags.imageType, .CS, frameType))
            for e in imageDescription { ds.set(e) }
            ds.set(DataElement(tag: MRTags.acquisitionContextSequence, items: []))
            ds.set(text(MRTags.contentTime, .TM, start))
            ds.set(text(MRTags.acquisitionDateTime, .DT, o.studyDate + start))
            ds.set(DataElement(tag: MRTags.acquisitionDuration, vr: .FD, doubles: [Double(timePoints) * timeInterval]))
            ds.set(text(MRTags.contentQualification, .CS, "PRODUCT"))
            ds.set(text(Tags.instanceNumber, .IS, "1"))
            ds.set(text(Tags.acquisitionNumber, .IS, "1"))
            ds.set(text(MRTags.resonantNucleus, .CS, "1H"))
            ds.set(text(MRTags.kSpaceFiltering, .CS, "NONE"))
            ds.set(text(MRTags.applicableSafetyStandardAgency, .CS, "IEC"))
            ds.set(text(Tags.numberOfFrames, .IS, String(frames.count)))
            ds.set(text(Tags.burnedInAnnotation, .CS, "NO"))
            ds.set(text(MRTags.lossyImageCompression, .CS, "00"))
            ds.set(text(MRTags.presentationLUTShape, .CS, "IDENTITY"))
            // MR Pulse Sequence module (required for ORIGINAL images).
            ds.set(text(MRTags.pulseSequenceName, .SH, "MEDSYNTH_GRE"))
            ds.set(text(Tags.mrAcquisitionType, .CS, options.resolvedAcquisitionType(timePoints: timePoints)))
            ds.set(text(MRTags.echoPulseSequence, .CS, "GRADIENT"))
            for tag in [MRTags.phaseContrast, MRTags.timeOfFlightContrast,
                        MRTags.saturationRecovery, MRTags.echoPlanarPulseSequence] {
                ds.set(text(tag, .CS, "NO"))
            }
            ds.set(text(MRTags.multiPlanarExcitation, .CS, "NO"))
            ds.set(text(MRTags.steadyStatePulseSequence, .CS, "NONE"))
            ds.set(text(MRTags.spectrallySelectedSuppression, .CS, "NONE"))
            ds.set(text(MRTags.oversamplingPhase, .CS, "NONE"))
            ds.set(text(MRTags.geometryOfKSpaceTraversal, .CS, "RECTILINEAR"))
            ds.set(text(MRTags.rectilinearPhaseEncodeReordering, .CS, "LINEAR"))
            ds.set(text(MRTags.segmentedKSpaceTraversal, .CS, "SINGLE"))
            ds.set(text(MRTags.coverageOfKSpace, .CS, "FULL"))
            ds.set(DataElement(tag: MRTags.numberOfKSpaceTrajectories, vr: .US, integers: [UInt16(1)]))

            // Dimensions: stack, position in stack, (time).
            let orgUID = uids.uid("dimension-organization")
            var dimensionPointers = [(MRTags.stackID, "Stack ID"), (MRTags.inStackPositionNumber, "In-Stack Position Number")]
            if timePoints > 1 { dimensionPointers.append((MRTags.temporalPositionIndex, "Temporal Position Index")) }
            ds.set(DataElement(tag: MRTags.dimensionOrganizationSequence, items: [Dataset([text(MRTags.dimensionOrganizationUID, .UI, orgUID)])]))
            ds.set(DataElement(tag: MRTags.dimensionOrganizationType, vr: .CS, strings: [timePoints > 1 ? "3D_TEMPORAL" : "3D"]))
            ds.set(DataElement(tag: MRTags.dimensionIndexSequence, items: dimensionPointers.map { pointer, label in
                Dataset([
                    text(MRTags.dimensionOrganizationUID, .UI, orgUID),
                    attributeTag(MRTags.dimensionIndexPointer, pointer),
                    attributeTag(MRTags.functionalGroupPointer, Tags.frameContentSequence),
                    text(MRTags.dimensionDescriptionLabel, .LO, label),
                ])
            }))

            // Shared functional groups.
            let r = rescale ?? IntensityScale(slope: 1, intercept: 0)
            let shared = Dataset([
                DataElement(tag: Tags.pixelMeasuresSequence, items: [Dataset([
                    decimals(Tags.pixelSpacing, geometry.pixelSpacing),
                    decimals(Tags.sliceThickness, [geometry.sliceSpacing]),
                    decimals(Tags.spacingBetweenSlices, [geometry.sliceSpacing]),
                ])]),
                DataElement(tag: Tags.planeOrientationSequence, items: [Dataset([
                    decimals(Tags.imageOrientationPatient, geometry.orientation),
                ])]),
                DataElement(tag: Tags.pixelValueTransformationSequence, items: [Dataset([
                    decimals(Tags.rescaleIntercept, [r.intercept]),
                    decimals(Tags.rescaleSlope, [r.slope]),
                    text(Tags.rescaleType, .LO, "US"),
                ])]),
                DataElement(tag: Tags.mrTimingAndRelatedParameters, items: [Dataset([
                    decimals(Tags.repetitionTime, [o.repetitionTime]),
                    decimals(Tags.flipAngle, [o.flipAngle]),
                    text(MRTags.echoTrainLength, .IS, "1"),
                    DataElement(tag: MRTags.rfEchoTrainLength, vr: .US, integers: [UInt16(1)]),
                    DataElement(tag: MRTags.gradientEchoTrainLength, vr: .US, integers: [UInt16(1)]),
                    sequence(MRTags.operatingModeSequence, [
                        text(MRTags.operatingModeType, .CS, "STATIC FIELD"), text(MRTags.operatingMode, .CS, "IEC_NORMAL"),
                    ]),
                    sequence(MRTags.specificAbsorptionRateSequence, [
                        text(MRTags.specificAbsorptionRateDefinition, .CS, "IEC_WHOLE_BODY"),
                        DataElement(tag: MRTags.specificAbsorptionRateValue, vr: .FD, doubles: [0]),
                    ]),
                ])]),
                DataElement(tag: Tags.mrEchoSequence, items: [Dataset([
                    DataElement(tag: Tags.effectiveEchoTime, vr: .FD, doubles: [o.echoTime]),
                ])]),
                sequence(MRTags.mrImageFrameTypeSequence, [text(MRTags.frameType, .CS, frameType)] + imageDescription),
            ] + acquisitionBoilerplate())
            ds.set(DataElement(tag: Tags.sharedFunctionalGroups, items: [shared]))

            // Per-frame functional groups and pixel data.
            var perFrame: [Dataset] = []
            var pixelData: [UInt8] = []
            pixelData.reserveCapacity(frames.count * columns * rows * 2)
            for (n, f) in frames.enumerated() {
                let when = o.studyDate + Format.time(time(f.t))
                var content = [
                    DataElement(tag: MRTags.frameAcquisitionNumber, vr: .US, integers: [UInt16(truncatingIfNeeded: n + 1)]),
                    text(MRTags.frameReferenceDateTime, .DT, when),
                    text(MRTags.frameAcquisitionDateTime, .DT, when),
                    DataElement(tag: MRTags.frameAcquisitionDuration, vr: .FD, doubles: [timeInterval * 1000]),
                    text(MRTags.stackID, .SH, "1"),
                    DataElement(tag: MRTags.inStackPositionNumber, vr: .UL, integers: [UInt32(f.stackPosition)]),
                ]
                var index: [UInt32] = [1, UInt32(f.stackPosition)]
                if timePoints > 1 {
                    content.append(DataElement(tag: MRTags.temporalPositionIndex, vr: .UL, integers: [UInt32(f.t + 1)]))
                    index.append(UInt32(f.t + 1))
                }
                content.append(DataElement(tag: Tags.dimensionIndexValues, vr: .UL, integers: index))
                perFrame.append(Dataset([
                    DataElement(tag: Tags.frameContentSequence, items: [Dataset(content)]),
                    DataElement(tag: Tags.planePositionSequence, items: [Dataset([
                        decimals(Tags.imagePositionPatient, geometry.position(f.k)),
                    ])]),
                ]))
                pixelData.append(contentsOf: pixels(f))
            }
            ds.set(DataElement(tag: Tags.perFrameFunctionalGroups, items: perFrame))
            ds.set(DataElement(tag: Tags.pixelData, vr: .OW, value: .bytes(pixelData)))
            return ds
        }
    }
}

// MARK: - Geometry

extension SeriesWriter {
    /// The DICOM (LPS) description of a volume's slices.
    struct SliceGeometry: Sendable {
        /// Voxel -> LPS affine.
        let lps: Matrix4
        /// ImageOrientationPatient: unit i direction then unit j direction (LPS).
        let orientation: [Double]
        /// Unit slice normal, row direction x column direction.
        let normal: [Double]
        /// PixelSpacing: [row spacing (j), column spacing (i)].
        let pixelSpacing: [Double]
        /// Spacing of k (SliceThickness and SpacingBetweenSlices).
        let sliceSpacing: Double

        init(_ g: Geometry, fail: (String) -> DicomError) throws {
            let lps = g.lpsAffine
            self.lps = lps
            guard lps.m.allSatisfy({ $0.isFinite }) else { throw fail("the volume's affine has non-finite values") }
            let spacing = g.spacing
            guard spacing.allSatisfy({ $0 > 0 }) else {
                throw fail("the volume's affine has a zero-length axis (spacing \(spacing)): it does not describe a grid")
            }
            let column = { (c: Int) in (0..<3).map { lps[$0, c] / spacing[c] } }
            let u = column(0), v = column(1), w = column(2)
            let cosine = zip(u, v).map(*).reduce(0, +)
            guard abs(cosine) < 1e-4 else {
                throw fail("the i and j axes of the volume's affine are not perpendicular (cosine \(cosine)): DICOM rows and columns must be")
            }
            let n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]]
            guard abs(zip(n, w).map(*).reduce(0, +)) > 1e-3 else {
                throw fail("the k axis of the volume's affine lies in the slice plane: the slices would not form a stack")
            }
            orientation = u + v
            normal = n
            pixelSpacing = [spacing[1], spacing[0]]
            sliceSpacing = spacing[2]
        }

        /// ImagePositionPatient of slice k: the LPS position of voxel (0, 0, k).
        func position(_ k: Int) -> [Double] { lps.apply([0, 0, Double(k)]) }

        /// SliceLocation: the position of slice k along the normal.
        func sliceLocation(_ k: Int) -> Double { zip(position(k), normal).map(*).reduce(0, +) }
    }
}

// MARK: - Stored samples

extension SeriesWriter {
    /// Converts a volume's voxels into 16-bit stored samples and the rescale that maps them back.
    enum StoredSamples {
        static func make(_ volume: Volume, options: SeriesWriterOptions,
                         fail: (String) -> DicomError) throws -> (bytes: [UInt8], rescale: IntensityScale?) {
            let type = volume.voxelType
            guard type.channels == 1, type != .float128 else {
                throw fail("\(type.rawValue) voxels cannot be written as an MR series: convert to a scalar integer or float type first")
            }
            let storage = options.storage
            let range = storage.range
            switch options.intensityMapping {
            case .exact:
                let rescale = try volume.scale.flatMap { s -> IntensityScale? in
                    guard s.slope.isFinite, s.intercept.isFinite, s.slope != 0 else {
                        throw fail("the volume's intensity scale (slope \(s.slope), intercept \(s.intercept)) cannot be written as Rescale Slope/Intercept")
                    }
                    return s.isIdentity ? nil : s
                }
                if (type == .int16 && storage == .int16) || (type == .uint16 && storage == .uint16) {
                    return (volume.data, rescale)
                }
                let values = volume.doubles(scaled: false)
                var out: [UInt8] = []
                out.reserveCapacity(values.count * 2)
                for (n, v) in values.enumerated() {
                    guard v.isFinite, v.rounded() == v, range.contains(v) else {
                        throw fail("voxel \(n) holds \(v), which is not an integer in the \(storage.rawValue) range \(range): "
                            + "choose intensityMapping .scaleToStorageRange (or the other storage type)")
                    }
                    append(v, storage, to: &out)
                }
                return (out, rescale)

            case .scaleToStorageRange:
                let values = volume.doubles(scaled: true)
                var lo = Double.infinity, hi = -Double.infinity
                for (n, v) in values.enumerated() {
                    guard v.isFinite else { throw fail("voxel \(n) holds \(v): only finite values can be stored") }
                    lo = min(lo, v)
                    hi = max(hi, v)
                }
                // Slope and intercept are rounded to what a DS holds first, so the file is self-consistent.
                var slope = 1.0
                if hi > lo, let s = Double(Format.decimal((hi - lo) / (range.upperBound - range.lowerBound))), s > 0 { slope = s }
                let intercept = Double(Format.decimal(lo - range.lowerBound * slope)) ?? lo
                var out: [UInt8] = []
                out.reserveCapacity(values.count * 2)
                for v in values {
                    let stored = min(max(((v - intercept) / slope).rounded(), range.lowerBound), range.upperBound)
                    append(stored, storage, to: &out)
                }
                return (out, IntensityScale(slope: slope, intercept: intercept))
            }
        }

        private static func append(_ v: Double, _ storage: SeriesWriterOptions.Storage, to out: inout [UInt8]) {
            let bits: UInt16 = storage == .int16 ? UInt16(bitPattern: Int16(v)) : UInt16(v)
            withUnsafeBytes(of: bits) { out.append(contentsOf: $0) }
        }
    }
}

// MARK: - Text formatting and element helpers

extension SeriesWriter {
    public enum Format {
        /// A Decimal String value (at most 16 characters) as close to `v` as fits.
        public static func decimal(_ v: Double) -> String {
            if abs(v) < 1e-12 { return "0" }
            for digits in stride(from: 15, through: 1, by: -1) {
                let s = String(format: "%.\(digits)g", v)
                if s.count <= 16 { return s }
            }
            return String(format: "%.1e", v)
        }

        /// HHMMSS.FFFFFF of seconds after midnight (wrapping at 24 h).
        public static func time(_ seconds: Double) -> String {
            let micro = Int64((seconds * 1_000_000).rounded())
            let day: Int64 = 86_400_000_000
            let m = ((micro % day) + day) % day
            let s = m / 1_000_000
            return String(format: "%02lld%02lld%02lld.%06lld", s / 3600, (s / 60) % 60, s % 60, m % 1_000_000)
        }
    }
}

private func text(_ tag: Tag, _ vr: VR, _ values: String...) -> DataElement {
    DataElement(tag: tag, vr: vr, strings: values)
}

private func text(_ tag: Tag, _ vr: VR, _ values: [String]) -> DataElement {
    DataElement(tag: tag, vr: vr, strings: values)
}

/// A sequence of one item.
private func sequence(_ tag: Tag, _ elements: [DataElement]) -> DataElement {
    DataElement(tag: tag, items: [Dataset(elements)])
}

/// An attribute-tag value (VR AT: group then element, little endian).
private func attributeTag(_ tag: Tag, _ value: Tag) -> DataElement {
    DataElement(tag: tag, vr: .AT, integers: [value.group, value.element])
}

private func decimals(_ tag: Tag, _ values: [Double]) -> DataElement {
    DataElement(tag: tag, vr: .DS, strings: values.map(SeriesWriter.Format.decimal))
}

/// Tags the series writer needs beyond `Tags`.
private enum MRTags {
    static let contentDate = Tag(0x0008, 0x0023)
    static let contentTime = Tag(0x0008, 0x0033)
    static let acquisitionDateTime = Tag(0x0008, 0x002A)
    static let referringPhysicianName = Tag(0x0008, 0x0090)
    static let frameType = Tag(0x0008, 0x9007)
    static let pixelPresentation = Tag(0x0008, 0x9205)
    static let volumetricProperties = Tag(0x0008, 0x9206)
    static let volumeBasedCalculationTechnique = Tag(0x0008, 0x9207)
    static let complexImageComponent = Tag(0x0008, 0x9208)
    static let acquisitionContrast = Tag(0x0008, 0x9209)
    static let imagingFrequency = Tag(0x0018, 0x0084)
    static let echoTrainLength = Tag(0x0018, 0x0091)
    static let contentQualification = Tag(0x0018, 0x9004)
    static let pulseSequenceName = Tag(0x0018, 0x9005)
    static let echoPulseSequence = Tag(0x0018, 0x9008)
    static let multiPlanarExcitation = Tag(0x0018, 0x9012)
    static let phaseContrast = Tag(0x0018, 0x9014)
    static let timeOfFlightContrast = Tag(0x0018, 0x9015)
    static let steadyStatePulseSequence = Tag(0x0018, 0x9017)
    static let echoPlanarPulseSequence = Tag(0x0018, 0x9018)
    static let saturationRecovery = Tag(0x0018, 0x9024)
    static let spectrallySelectedSuppression = Tag(0x0018, 0x9025)
    static let oversamplingPhase = Tag(0x0018, 0x9029)
    static let geometryOfKSpaceTraversal = Tag(0x0018, 0x9032)
    static let segmentedKSpaceTraversal = Tag(0x0018, 0x9033)
    static let rectilinearPhaseEncodeReordering = Tag(0x0018, 0x9034)
    static let kSpaceFiltering = Tag(0x0018, 0x9064)
    static let acquisitionDuration = Tag(0x0018, 0x9073)
    static let frameAcquisitionDateTime = Tag(0x0018, 0x9074)
    static let numberOfKSpaceTrajectories = Tag(0x0018, 0x9093)
    static let coverageOfKSpace = Tag(0x0018, 0x9094)
    static let resonantNucleus = Tag(0x0018, 0x9100)
    static let frameReferenceDateTime = Tag(0x0018, 0x9151)
    static let applicableSafetyStandardAgency = Tag(0x0018, 0x9174)
    static let frameAcquisitionDuration = Tag(0x0018, 0x9220)
    static let mrImageFrameTypeSequence = Tag(0x0018, 0x9226)
    static let rfEchoTrainLength = Tag(0x0018, 0x9240)
    static let gradientEchoTrainLength = Tag(0x0018, 0x9241)
    static let numberOfTemporalPositions = Tag(0x0020, 0x0105)
    static let positionReferenceIndicator = Tag(0x0020, 0x1040)
    static let stackID = Tag(0x0020, 0x9056)
    static let inStackPositionNumber = Tag(0x0020, 0x9057)
    static let temporalPositionIndex = Tag(0x0020, 0x9128)
    static let frameAcquisitionNumber = Tag(0x0020, 0x9156)
    static let dimensionOrganizationUID = Tag(0x0020, 0x9164)
    static let dimensionIndexPointer = Tag(0x0020, 0x9165)
    static let functionalGroupPointer = Tag(0x0020, 0x9167)
    static let dimensionOrganizationSequence = Tag(0x0020, 0x9221)
    static let dimensionIndexSequence = Tag(0x0020, 0x9222)
    static let dimensionOrganizationType = Tag(0x0020, 0x9311)
    static let dimensionDescriptionLabel = Tag(0x0020, 0x9421)
    static let lossyImageCompression = Tag(0x0028, 0x2110)
    static let laterality = Tag(0x0020, 0x0060)
    static let deviceSerialNumber = Tag(0x0018, 0x1000)
    static let softwareVersions = Tag(0x0018, 0x1020)
    static let acquisitionContextSequence = Tag(0x0040, 0x0555)
    static let frameAnatomySequence = Tag(0x0020, 0x9071)
    static let frameLaterality = Tag(0x0020, 0x9072)
    static let anatomicRegionSequence = Tag(0x0008, 0x2218)
    static let codeValue = Tag(0x0008, 0x0100)
    static let codingSchemeDesignator = Tag(0x0008, 0x0102)
    static let codeMeaning = Tag(0x0008, 0x0104)
    static let mrAveragesSequence = Tag(0x0018, 0x9119)
    static let numberOfAverages = Tag(0x0018, 0x0083)
    static let mrFOVGeometrySequence = Tag(0x0018, 0x9125)
    static let inPlanePhaseEncodingDirection = Tag(0x0018, 0x1312)
    static let mrAcquisitionFrequencyEncodingSteps = Tag(0x0018, 0x9058)
    static let mrAcquisitionPhaseEncodingStepsInPlane = Tag(0x0018, 0x9231)
    static let mrAcquisitionPhaseEncodingStepsOutOfPlane = Tag(0x0018, 0x9232)
    static let percentSampling = Tag(0x0018, 0x0093)
    static let percentPhaseFieldOfView = Tag(0x0018, 0x0094)
    static let mrImagingModifierSequence = Tag(0x0018, 0x9006)
    static let pixelBandwidth = Tag(0x0018, 0x0095)
    static let magnetizationTransfer = Tag(0x0018, 0x9020)
    static let bloodSignalNulling = Tag(0x0018, 0x9022)
    static let tagging = Tag(0x0018, 0x9028)
    static let transmitterFrequency = Tag(0x0018, 0x9098)
    static let mrModifierSequence = Tag(0x0018, 0x9115)
    static let inversionRecovery = Tag(0x0018, 0x9009)
    static let flowCompensation = Tag(0x0018, 0x9010)
    static let spoiling = Tag(0x0018, 0x9016)
    static let t2Preparation = Tag(0x0018, 0x9021)
    static let spectrallySelectedExcitation = Tag(0x0018, 0x9026)
    static let spatialPresaturation = Tag(0x0018, 0x9027)
    static let partialFourier = Tag(0x0018, 0x9081)
    static let parallelAcquisition = Tag(0x0018, 0x9077)
    static let mrReceiveCoilSequence = Tag(0x0018, 0x9042)
    static let receiveCoilName = Tag(0x0018, 0x1250)
    static let receiveCoilManufacturerName = Tag(0x0018, 0x9041)
    static let receiveCoilType = Tag(0x0018, 0x9043)
    static let quadratureReceiveCoil = Tag(0x0018, 0x9044)
    static let mrTransmitCoilSequence = Tag(0x0018, 0x9049)
    static let transmitCoilName = Tag(0x0018, 0x1251)
    static let transmitCoilManufacturerName = Tag(0x0018, 0x9050)
    static let transmitCoilType = Tag(0x0018, 0x9051)
    static let operatingModeSequence = Tag(0x0018, 0x9176)
    static let operatingModeType = Tag(0x0018, 0x9177)
    static let operatingMode = Tag(0x0018, 0x9178)
    static let specificAbsorptionRateSequence = Tag(0x0018, 0x9239)
    static let specificAbsorptionRateDefinition = Tag(0x0018, 0x9179)
    static let specificAbsorptionRateValue = Tag(0x0018, 0x9181)
    static let presentationLUTShape = Tag(0x2050, 0x0020)
}
