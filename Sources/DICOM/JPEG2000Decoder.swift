import COpenJPEG
import Foundation

/// Decodes one JPEG 2000 (or HTJ2K) codestream with OpenJPEG.
/// Free DCMTK has no JPEG 2000 codec, so medsynth decodes these frames itself.
enum JPEG2000Decoder {
    struct Image {
        var width: Int
        var height: Int
        /// One array per component, row-major.
        var components: [[Int32]]
        var precision: Int
        var signed: Bool
        /// True when the codestream applied a multiple-component transform (output is RGB).
        var colorTransformed: Bool
    }

    /// Reader state handed to OpenJPEG's C callbacks.
    private final class MemoryStream {
        let bytes: [UInt8]
        var offset = 0
        init(_ b: [UInt8]) { bytes = b }
    }

    private final class Messages {
        var text: [String] = []
    }

    static func decode(_ codestream: [UInt8]) throws -> Image {
        guard codestream.count > 12 else { throw J2KFailure("JPEG 2000 codestream is empty or too short (\(codestream.count) bytes)") }
        // A JP2 file box signature starts 00 00 00 0C 6A 50; a raw codestream starts FF 4F FF 51.
        let isJP2 = codestream[0] == 0 && codestream[1] == 0 && codestream[2] == 0 && codestream[3] == 0x0C
        guard let codec = opj_create_decompress(isJP2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K) else {
            throw J2KFailure("OpenJPEG could not create a decoder")
        }
        defer { opj_destroy_codec(codec) }
        let messages = Messages()
        let msgPtr = Unmanaged.passUnretained(messages).toOpaque()
        opj_set_error_handler(codec, { msg, data in
            guard let msg, let data else { return }
            Unmanaged<Messages>.fromOpaque(data).takeUnretainedValue().text.append(
                String(cString: msg).trimmingCharacters(in: .whitespacesAndNewlines))
        }, msgPtr)
        var params = opj_dparameters_t()
        opj_set_default_decoder_parameters(&params)
        guard opj_setup_decoder(codec, &params) != 0 else { throw J2KFailure("OpenJPEG decoder set-up failed") }

        let source = MemoryStream(codestream)
        let srcPtr = Unmanaged.passUnretained(source).toOpaque()
        guard let stream = opj_stream_create(Int(1 << 16), 1) else { throw J2KFailure("OpenJPEG stream creation failed") }
        defer { opj_stream_destroy(stream) }
        opj_stream_set_user_data(stream, srcPtr, nil)
        opj_stream_set_user_data_length(stream, UInt64(codestream.count))
        opj_stream_set_read_function(stream) { buffer, n, data in
            guard let buffer, let data else { return Int.max &* 2 &+ 1 }
            let s = Unmanaged<MemoryStream>.fromOpaque(data).takeUnretainedValue()
            let left = s.bytes.count - s.offset
            if left <= 0 { return OPJ_SIZE_T.max }
            let k = min(left, Int(n))
            s.bytes.withUnsafeBytes { raw in
                buffer.copyMemory(from: raw.baseAddress!.advanced(by: s.offset), byteCount: k)
            }
            s.offset += k
            return OPJ_SIZE_T(k)
        }
        opj_stream_set_skip_function(stream) { n, data in
            guard let data else { return -1 }
            let s = Unmanaged<MemoryStream>.fromOpaque(data).takeUnretainedValue()
            let target = max(0, min(s.bytes.count, s.offset + Int(n)))
            let moved = target - s.offset
            s.offset = target
            return OPJ_OFF_T(moved)
        }
        opj_stream_set_seek_function(stream) { n, data in
            guard let data else { return 0 }
            let s = Unmanaged<MemoryStream>.fromOpaque(data).takeUnretainedValue()
            guard n >= 0 && Int(n) <= s.bytes.count else { return 0 }
            s.offset = Int(n)
            return 1
        }

        var imagePtr: UnsafeMutablePointer<opj_image_t>? = nil
        guard opj_read_header(stream, codec, &imagePtr) != 0, let image = imagePtr else {
            throw J2KFailure("cannot read JPEG 2000 header: \(messages.text.joined(separator: "; "))")
        }
        defer { opj_image_destroy(image) }
        guard opj_decode(codec, stream, image) != 0, opj_end_decompress(codec, stream) != 0 else {
            throw J2KFailure("JPEG 2000 decoding failed: \(messages.text.joined(separator: "; "))")
        }
        let n = Int(image.pointee.numcomps)
        guard n >= 1, let comps = image.pointee.comps else { throw J2KFailure("JPEG 2000 image has no components") }
        let w = Int(comps[0].w), h = Int(comps[0].h)
        var out: [[Int32]] = []
        for c in 0..<n {
            let comp = comps[c]
            guard Int(comp.w) == w, Int(comp.h) == h, let data = comp.data else {
                throw J2KFailure("JPEG 2000 components have different sizes (subsampled components are not supported)")
            }
            out.append(Array(UnsafeBufferPointer(start: data, count: w * h)))
        }
        return Image(width: w, height: h, components: out, precision: Int(comps[0].prec),
                     signed: comps[0].sgnd != 0, colorTransformed: n >= 3)
    }
}

struct J2KFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
