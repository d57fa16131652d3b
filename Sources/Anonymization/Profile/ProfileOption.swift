/// The options of the Basic Application Level Confidentiality Profile (PS3.15 E.3), in the
/// column order of Table E.1-1.
public enum ProfileOption: String, Sendable, Codable, CaseIterable {
    case retainSafePrivate = "rtnSafePrivOpt"
    case retainUIDs = "rtnUIDsOpt"
    case retainDeviceIdentity = "rtnDevIdOpt"
    case retainInstitutionIdentity = "rtnInstIdOpt"
    case retainPatientCharacteristics = "rtnPatCharsOpt"
    case retainLongitudinalFullDates = "rtnLongFullDatesOpt"
    case retainLongitudinalModifiedDates = "rtnLongModifDatesOpt"
    case cleanDescriptors = "cleanDescOpt"
    case cleanStructuredContent = "cleanStructContOpt"
    case cleanGraphics = "cleanGraphOpt"
}
