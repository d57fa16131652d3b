import Imaging

/// Finds Rescale Slope/Intercept for a frame: per-frame functional group, shared
/// functional group, then the top-level attributes.
enum RescaleLookup {
    static func rescale(_ ds: Dataset, frame: Int) -> IntensityScale? {
        func from(_ item: Dataset) -> IntensityScale? {
            let s = item.number(Tags.rescaleSlope), i = item.number(Tags.rescaleIntercept)
            if s == nil && i == nil { return nil }
            return IntensityScale(slope: s ?? 1, intercept: i ?? 0)
        }
        let perFrame = ds.items(Tags.perFrameFunctionalGroups)
        if frame < perFrame.count, let t = perFrame[frame].items(Tags.pixelValueTransformationSequence).first, let r = from(t) { return r }
        if let shared = ds.items(Tags.sharedFunctionalGroups).first,
           let t = shared.items(Tags.pixelValueTransformationSequence).first, let r = from(t) { return r }
        return from(ds)
    }
}
