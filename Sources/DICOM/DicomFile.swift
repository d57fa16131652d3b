import CDCMTK
import Foundation

/// Native pixel bytes produced by DCMTK's decoders from compressed pixel data,
/// with the photometric interpretation and planar configuration they came out in.
public struct DecodedPixelData: Sendable, Equatable {
    public var bytes: [UInt8]
    public var photometricInterpretation: String?
    public var planarConfiguration: Int?
}

/// A DICOM file: its meta header, its dataset and the transfer syntax it was stored in.
/// Read through DCMTK; the value model is pure Swift (pydicom's vocabulary).
public struct DicomFile: Sendable {
    public var path: String?
    public var meta: Dataset
    public var dataset: Dataset
    /// The transfer syntax the dataset was encoded in.
    public var transferSyntax: TransferSyntax
    /// Whether the file had a Part 10 preamble and meta header.
    public var hasMetaHeader: Bool
    /// True when the file was read with `headerOnly` and its Pixel Data was not loaded.
    public var pixelDataSkipped: Bool
    /// Native pixels decoded by DCMTK (set when reading with `decodePixels` for JPEG, JPEG-LS and RLE).
    public var decodedPixels: DecodedPixelData?

    public struct ReadOptions: Sendable {
        /// Skip the pixel data value (for scanning and `info`).
        public var headerOnly: Bool
        /// Decode compressed pixel data (other than JPEG 2000, which `PixelDecoder` handles) while the file is open.
        public var decodePixels: Bool
        public init(headerOnly: Bool = false, decodePixels: Bool = true) {
            self.headerOnly = headerOnly
            self.decodePixels = decodePixels
        }
        public static let header = ReadOptions(headerOnly: true, decodePixels: false)
        public static let full = ReadOptions()
    }

    public init(dataset: Dataset, meta: Dataset = Dataset(), transferSyntax: TransferSyntax = .explicitVRLittleEndian) {
        self.path = nil
        self.meta = meta
        self.dataset = dataset
        self.transferSyntax = transferSyntax
        self.hasMetaHeader = !meta.isEmpty
        self.pixelDataSkipped = false
        self.decodedPixels = nil
    }

    /// Reads a file. Throws `DicomError` naming the file and the reason.
    public static func read(_ path: String, options: ReadOptions = .full) throws -> DicomFile {
        let hasMeta = try FileSniffer.check(path)
        var err = [CChar](repeating: 0, count: 512)
        let maxRead: UInt32 = options.headerOnly ? 4096 : 0
        guard let handle = msd_file_load(path, maxRead, &err, err.count) else {
            throw DicomError.fromDCMTK(cString(err), path: path, context: "")
        }
        defer { msd_file_free(handle) }
        var uid = [CChar](repeating: 0, count: 80)
        msd_file_original_xfer(handle, &uid, uid.count)
        let ts = TransferSyntax(cString(uid))
        var converter = TreeConverter(path: path, skipPixelData: options.headerOnly)
        let meta = try converter.dataset(msd_file_meta(handle))
        let ds = try converter.dataset(msd_file_dataset(handle))
        var file = DicomFile(dataset: ds, meta: meta, transferSyntax: ts)
        file.path = path
        file.hasMetaHeader = hasMeta
        file.pixelDataSkipped = converter.skippedPixelData
        if options.decodePixels && !options.headerOnly && ts.isEncapsulated && !ts.isJPEG2000
            && ds.contains(Tags.pixelData) {
            guard msd_file_decompress(handle, &err, err.count) == 0 else {
                throw DicomError(.pixelData, path: path, "cannot decode \(ts.name) pixel data: \(cString(err))")
            }
            let after = try converter.dataset(msd_file_dataset(handle))
            guard case .bytes(let pixels)? = after[Tags.pixelData]?.value else {
                throw DicomError(.pixelData, path: path, "DCMTK did not produce native pixel data from \(ts.name)")
            }
            file.decodedPixels = DecodedPixelData(
                bytes: pixels,
                photometricInterpretation: after.string(Tags.photometricInterpretation),
                planarConfiguration: after.int(Tags.planarConfiguration))
        }
        return file
    }
}

/// Copies DCMTK's element tree into Swift values.
private struct TreeConverter {
    let path: String
    let skipPixelData: Bool
    var skippedPixelData = false
    private var err = [CChar](repeating: 0, count: 512)

    init(path: String, skipPixelData: Bool) {
        self.path = path
        self.skipPixelData = skipPixelData
    }

    mutating func dataset(_ item: OpaquePointer?) throws -> Dataset {
        guard let item else { return Dataset() }
        let n = msd_item_count(item)
        var elements: [DataElement] = []
        elements.reserveCapacity(Int(n))
        for i in 0..<n {
            guard let e = msd_item_element(item, i) else { continue }
            var g: UInt16 = 0, el: UInt16 = 0
            msd_elem_tag(e, &g, &el)
            let tag = Tag(g, el)
            var vrc: (CChar, CChar, CChar) = (0, 0, 0)
            withUnsafeMutablePointer(to: &vrc) { p in p.withMemoryRebound(to: CChar.self, capacity: 3) { msd_elem_vr(e, $0) } }
            let vr = VR(cString([vrc.0, vrc.1, 0]))
            if tag == Tags.pixelData && skipPixelData {
                skippedPixelData = true
                continue
            }
            switch msd_elem_kind(e) {
            case Int32(MSD_ELEM_SEQUENCE):
                var items: [Dataset] = []
                let c = msd_seq_count(e)
                for j in 0..<c { items.append(try dataset(msd_seq_item(e, j))) }
                elements.append(DataElement(tag: tag, vr: .SQ, value: .sequence(items)))
            case Int32(MSD_ELEM_ENCAPSULATED):
                let c = msd_frag_count(e)
                var frags: [[UInt8]] = []
                for j in 0..<c {
                    var p: UnsafePointer<UInt8>? = nil
                    var len = 0
                    guard msd_frag(e, j, &p, &len, &err, err.count) == 0 else {
                        throw DicomError(.pixelData, path: path, "cannot read pixel data fragment \(j): \(cString(err))")
                    }
                    frags.append(p.map { Array(UnsafeBufferPointer(start: $0, count: len)) } ?? [])
                }
                let table = frags.first ?? []
                elements.append(DataElement(tag: tag, vr: vr, value: .encapsulated(
                    EncapsulatedPixelData(offsetTable: table, fragments: Array(frags.dropFirst())))))
            default:
                var p: UnsafePointer<UInt8>? = nil
                var len = 0
                guard msd_elem_value(e, &p, &len, &err, err.count) == 0 else {
                    throw DicomError.fromDCMTK(cString(err), path: path, context: "value of \(tag) \(tag.keyword ?? ""): ")
                }
                let bytes = p.map { Array(UnsafeBufferPointer(start: $0, count: len)) } ?? []
                if vr == .UN, UnknownSequenceParser.looksLikeSequence(bytes), let items = UnknownSequenceParser.parse(bytes) {
                    elements.append(DataElement(tag: tag, items: items))
                } else {
                    elements.append(DataElement(tag: tag, vr: vr, value: .bytes(bytes)))
                }
            }
        }
        return Dataset(elements)
    }
}
