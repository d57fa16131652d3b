import Foundation

/// The patient a volume belongs to when the labels file does not say, from its path relative
/// to INPUT_DIR, in this order:
/// 1. volumes in folders: the first folder under INPUT_DIR (`sub-01/anat/T1w.nii.gz` -> `sub-01`,
///    `P007/ct.nii.gz` -> `P007`);
/// 2. files directly in INPUT_DIR named with a BIDS subject prefix: `sub-<label>`
///    (`sub-01_ses-2_T1w.nii.gz` -> `sub-01`);
/// 3. otherwise the file name without its NIfTI extension (one patient per file).
/// Folders of classes (INPUT_DIR/tumor/...) would be taken as patients: use `--labels` then.
public enum PatientID {
    public static func derive(relativePath: String) -> String {
        let parts = relativePath.split(separator: "/").map(String.init)
        if parts.count > 1 { return parts[0] }
        let name = parts.last ?? relativePath
        if name.hasPrefix("sub-") {
            let label = name.dropFirst(4).prefix { $0 != "_" && $0 != "." }
            if !label.isEmpty { return "sub-" + label }
        }
        return stem(name)
    }

    /// A file name without its NIfTI extension (.nii, .nii.gz, .hdr, .hdr.gz).
    public static func stem(_ name: String) -> String {
        NIfTIInputs.split(name)?.stem ?? name
    }

    /// A string safe in a file name: characters other than ASCII letters, digits, '.', '_'
    /// and '-' become '_' (and a leading '.' too).
    public static func fileSafe(_ s: String) -> String {
        var out = String(s.unicodeScalars.map { c -> Character in
            (c.isASCII && (CharacterSet.alphanumerics.contains(c) || c == "." || c == "_" || c == "-")) ? Character(c) : "_"
        })
        if out.hasPrefix(".") { out = "_" + out.dropFirst() }
        return out.isEmpty ? "_" : out
    }
}
