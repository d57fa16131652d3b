/// The identifying facts of one study, shared by its series.
public struct StudyContext: Sendable, Codable, Equatable {
    public var studyInstanceUID: String
    public var accessionNumber: String
    /// YYYYMMDD.
    public var date: String
    /// Seconds after midnight of the study's start.
    public var startTime: Double
    public var studyID: String
    public var description: String
    public var requestedProcedureID: String
    public var scheduledProcedureStepID: String
    public var performedProcedureStepID: String
    /// Whether the study description carries the patient's name (as some RIS exports do).
    public var nameInDescription: Bool
    /// A free-text clinical note (Additional Patient History) mentioning the patient.
    public var history: String
}
