import Foundation

/// Extracts the `SliceRecord`s of one DICOM object (one per frame).
enum SeriesHeader {
    static func records(_ file: DicomFile) -> [SliceRecord] {
        let ds = file.dataset
        let path = file.path ?? ""
        let rows = ds.int(Tags.rows) ?? 0, cols = ds.int(Tags.columns) ?? 0
        let frames = max(1, ds.int(Tags.numberOfFrames) ?? 1)
        let shared = ds.items(Tags.sharedFunctionalGroups).first
        let perFrame = ds.items(Tags.perFrameFunctionalGroups)
        let echoTime = ds.number(Tags.echoTime)
            ?? shared?.items(Tags.mrEchoSequence).first?.number(Tags.effectiveEchoTime)
        let time = timeValue(ds)
        var out: [SliceRecord] = []
        out.reserveCapacity(frames)
        for f in 0..<frames {
            let pf = f < perFrame.count ? perFrame[f] : nil
            func group(_ tag: Tag) -> Dataset? { pf?.items(tag).first ?? shared?.items(tag).first }
            let position = group(Tags.planePositionSequence)?.numbers(Tags.imagePositionPatient)
                ?? (frames == 1 ? ds.numbers(Tags.imagePositionPatient) : [])
            let orientation = group(Tags.planeOrientationSequence)?.numbers(Tags.imageOrientationPatient)
                ?? ds.numbers(Tags.imageOrientationPatient)
            let measures = group(Tags.pixelMeasuresSequence)
            let spacing = measures?.numbers(Tags.pixelSpacing) ?? ds.numbers(Tags.pixelSpacing)
            let thickness = measures?.number(Tags.sliceThickness) ?? ds.number(Tags.sliceThickness)
            let between = measures?.number(Tags.spacingBetweenSlices) ?? ds.number(Tags.spacingBetweenSlices)
            var timeKey = time
            if let content = pf?.items(Tags.frameContentSequence).first {
                if let t = content.number(Tag(0x0020, 0x9128)) { timeKey = t }          // TemporalPositionIndex
                else if let d = content.string(Tag(0x0018, 0x9074)), let v = Double(d.filter { $0.isNumber || $0 == "." }) { timeKey = v } // FrameAcquisitionDateTime
            }
            let frameEcho = pf?.items(Tags.mrEchoSequence).first?.number(Tags.effectiveEchoTime) ?? echoTime
            out.append(SliceRecord(
                path: path, frame: f,
                position: position.count == 3 ? position : nil,
                orientation: orientation.count == 6 ? orientation : nil,
                pixelSpacing: spacing.count == 2 ? spacing : nil,
                rows: rows, columns: cols,
                instanceNumber: ds.int(Tags.instanceNumber) ?? 0,
                timeKey: timeKey,
                echoNumber: ds.int(Tags.echoNumbers),
                echoTime: frameEcho,
                sopInstanceUID: ds.string(Tags.sopInstanceUID),
                sliceThickness: thickness,
                spacingBetweenSlices: between))
        }
        return out
    }

    /// Temporal ordering key of a single-frame object: Temporal Position Identifier,
    /// else Acquisition Time (seconds), else Trigger Time.
    static func timeValue(_ ds: Dataset) -> Double {
        if let t = ds.number(Tags.temporalPositionIdentifier) { return t }
        if let tm = ds.string(Tags.acquisitionTime), let s = seconds(fromTM: tm) { return s }
        if let tt = ds.number(Tag(0x0018, 0x1060)) { return tt / 1000 }
        return 0
    }

    /// DICOM TM (HHMMSS.FFFFFF, or with colons) to seconds since midnight.
    static func seconds(fromTM tm: String) -> Double? {
        let t = tm.replacingOccurrences(of: ":", with: "")
        let parts = t.split(separator: ".", maxSplits: 1)
        let hms = Array(parts.first ?? "")
        guard hms.count >= 2, hms.allSatisfy({ $0.isNumber }) else { return nil }
        let h = Double(String(hms[0..<2])) ?? 0
        let m = hms.count >= 4 ? Double(String(hms[2..<4])) ?? 0 : 0
        let s = hms.count >= 6 ? Double(String(hms[4..<6])) ?? 0 : 0
        let frac = parts.count > 1 ? Double("0." + parts[1]) ?? 0 : 0
        return h * 3600 + m * 60 + s + frac
    }
}
