import DICOM

/// The module under test also sees Yams, which has a `Tag` of its own; tests mean DICOM's.
typealias Tag = DICOM.Tag
