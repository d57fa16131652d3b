import Imaging

/// What `medsynth info` reports about a path: ordered fields for text output,
/// for a DICOM folder a table of series and the files skipped, for a safetensors file
/// every tensor.
public struct InfoReport: Sendable, Encodable {
    public struct Field: Sendable {
        public var key: String
        /// The value in the JSON output.
        public var value: JSONValue
        /// The value in the text output when `value.text` would not read well (counts with
        /// thousands separators, one line per model...); may hold several lines.
        public var display: String?

        /// The value as the text output prints it.
        public var text: String { display ?? value.text }
    }
    public struct SeriesRow: Sendable, Codable {
        public var number: Int?
        public var description: String?
        public var modality: String?
        public var uid: String
        public var split: String?
        public var files: Int
        public var images: Int
        public var shape: [Int]?
        public var spacing: [Double]?
        public var orientation: String?
        public var warnings: [String]
        public var problem: String?
    }

    public var path: String
    public var kind: String
    public var fields: [Field]
    public var series: [SeriesRow]?
    public var skipped: [ScanIssueRecord]?
    /// Every tensor of a safetensors file, in natural name order (`main.2` before `main.10`).
    public var tensors: [SafeTensorsInfo.Tensor]?
    /// The tensors as the text output lists them (grouped, at most about 20 lines); nil when
    /// the fields already summarize them (a training checkpoint). Not part of the JSON.
    public var tensorLines: [String]?

    public init(path: String, kind: String, fields: [Field] = [], series: [SeriesRow]? = nil, skipped: [ScanIssueRecord]? = nil) {
        self.path = path
        self.kind = kind
        self.fields = fields
        self.series = series
        self.skipped = skipped
    }

    mutating func add(_ key: String, _ value: JSONValue?, text: String? = nil) {
        if let value { fields.append(Field(key: key, value: value, display: text)) }
    }

    enum CodingKeys: String, CodingKey { case path, kind, fields, series, skipped, tensors }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(kind, forKey: .kind)
        var obj: [String: JSONValue] = [:]
        for f in fields { obj[f.key] = f.value }
        try c.encode(obj, forKey: .fields)
        try c.encodeIfPresent(series, forKey: .series)
        try c.encodeIfPresent(skipped, forKey: .skipped)
        try c.encodeIfPresent(tensors, forKey: .tensors)
    }
}

extension JSONValue {
    static func numbers(_ v: [Double]) -> JSONValue { .array(v.map { .number($0) }) }
    static func ints(_ v: [Int]) -> JSONValue { .array(v.map { .number(Double($0)) }) }
    static func matrix(_ rows: [[Double]]) -> JSONValue { .array(rows.map { numbers($0) }) }

    /// Compact text for `medsynth info`'s human output.
    public var text: String {
        switch self {
        case .string(let s): return s
        case .number(let d):
            if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
            return String(format: "%.6g", d)
        case .bool(let b): return b ? "yes" : "no"
        case .null: return "-"
        case .array(let a):
            if a.contains(where: { if case .array = $0 { return true } else { return false } }) {
                return a.map { $0.text }.joined(separator: "\n")
            }
            return a.map { $0.text }.joined(separator: " ")
        case .object(let o): return o.keys.sorted().map { "\($0)=\(o[$0]!.text)" }.joined(separator: " ")
        }
    }
}
