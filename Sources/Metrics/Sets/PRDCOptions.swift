/// Settings of precision, recall, density and coverage: the neighbourhood sizes. Defaults:
/// k = 3 for precision and recall (Kynkaanniemi et al. 2019), k = 5 for density and coverage
/// (Naeem et al. 2020).
public struct PRDCOptions: Sendable, Codable, Equatable {
    public var precisionRecallK: Int
    public var densityCoverageK: Int

    public init(precisionRecallK: Int = 3, densityCoverageK: Int = 5) {
        self.precisionRecallK = precisionRecallK
        self.densityCoverageK = densityCoverageK
    }
}
