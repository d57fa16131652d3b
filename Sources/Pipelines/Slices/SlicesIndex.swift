import Foundation
import Preprocessing

/// index.json of a slices dataset: the settings that made it, the patients of each split and
/// every PNG. It holds no time stamp, so the same inputs and seed give the same bytes.
public struct SlicesIndex: Sendable, Codable {
    public var tool: String
    public var axis: SliceAxis
    public var size: Int
    public var bitDepth: Int
    public var convention: DisplayConvention
    public var window: IntensityWindow
    public var foregroundThreshold: ForegroundThreshold
    public var selection: SliceSelection
    public var interpolation: Interpolation
    public var seed: UInt64
    public var split: SplitFractions
    /// Patient ids of each split (sorted).
    public var patients: [String: [String]]
    public var slices: [SliceRecord]

    public static let csvHeader = ["file", "patient", "class", "split", "source", "volume", "axis", "slice",
                                   "x_mm", "y_mm", "z_mm", "foreground"]

    /// index.csv: one header row and one row per PNG; centre in RAS mm with 3 decimals.
    public func csv() -> String {
        var lines = [Self.csvHeader.joined(separator: ",")]
        for r in slices {
            let c = r.centre.count == 3 ? r.centre : [0, 0, 0]
            let fields = [r.file, r.patient, r.className, r.split.rawValue, r.source, r.volume, r.axis, String(r.slice),
                          Self.fixed(c[0], 3), Self.fixed(c[1], 3), Self.fixed(c[2], 3), Self.fixed(r.foreground, 4)]
            lines.append(fields.map(CSVText.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func fixed(_ v: Double, _ digits: Int) -> String {
        let s = String(format: "%.\(digits)f", v)
        // "-0.000" -> "0.000"
        return s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(s.dropFirst()) : s
    }
}
