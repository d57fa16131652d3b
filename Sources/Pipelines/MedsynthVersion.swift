import CDCMTK
import CPNG
import CZlib
import COpenJPEG
import Foundation

/// medsynth's version and the versions of the system libraries it is linked with.
public enum MedsynthVersion {
    public static let current = "0.1.0"

    public static var libraries: [String: String] {
        return [
            "dcmtk": String(cString: msd_dcmtk_version()),
            "zlib": String(cString: zlibVersion()),
            "libpng": String(cString: png_get_libpng_ver(nil)),
            "openjpeg": String(cString: opj_version()),
        ]
    }
}
