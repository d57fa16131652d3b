import DICOM
import Foundation
import Imaging
import Preprocessing

/// Makes one simulated patient: identity, anatomy with or without a tumour, one or two
/// studies of one to three MR series (and for some patients a screenshot series with
/// burned-in text), written into the archive folder; returns the manifest record and the
/// patient's head in the primary contrast on the template grid (for 2D datasets).
public struct PatientGenerator: Sendable {
    public let anatomy: PhantomAnatomy
    public let sites: LesionSites
    public let seed: UInt64
    /// The archive folder files are written into.
    public let archive: String

    /// What `generate` returns besides the files.
    public struct Result: Sendable {
        /// The patient's index (0-based) in the archive.
        public var index: Int
        public var record: PatientRecord
        /// The head in the patient's first series' contrast, on the template grid (1 mm,
        /// unposed), with that series' bias field and noise: the source of 2D pictures. Only
        /// the axial slab around the tumour (or decoy), 12 mm either side, is kept.
        public var reference: Volume
        /// Tumour amount per axial slice of `reference`; for patients without a tumour, that of a
        /// decoy lesion (never painted), so their pictures come from the same levels.
        public var sliceProfile: [Double]
    }

    public init(anatomy: PhantomAnatomy, sites: LesionSites, seed: UInt64, archive: String) {
        self.anatomy = anatomy
        self.sites = sites
        self.seed = seed
        self.archive = archive
    }

    static let manufacturers = [("MEDSYNTH", "Phantom Aera"), ("MEDSYNTH", "Phantom Skyra"), ("MEDSYNTH", "Phantom Signa")]
    static let studyDescriptions = ["MRI BRAIN W/WO CONTRAST", "MR HEAD WITHOUT CONTRAST", "MRI BRAIN", "MR BRAIN ROUTINE"]
    static let histories = ["Headache for 3 months", "Dizziness and blurred vision", "First seizure", "Follow-up imaging",
                            "Memory complaints", "Nausea and morning headaches"]

    /// Generates patient `index` (0-based) of class `tumourClass` in `split`. The same seed and
    /// index give byte-identical files whatever else runs in parallel.
    public func generate(index: Int, tumourClass: TumourClass, split: PhantomSplit) throws -> Result {
        var r = SeededRandom(seed: seed, stream: "patient/\(index)")
        let key = String(format: "P%04d", index + 1)
        let uids = UIDGenerator(seed: seed)
        let identity = PatientIdentity.random(referenceYear: 2024, random: &r)
        let lesion = sites.lesion(tumourClass, random: &r)
        let decoyClass = [TumourClass.glioma, .meningioma, .pituitary][r.int(below: 3)]
        let decoy = sites.lesion(decoyClass, random: &r)
        let head = try SimulatedHead(anatomy: anatomy, lesion: lesion, random: &r)
        let layout = ArchiveLayout.allCases[r.int(below: ArchiveLayout.allCases.count)]
        let (maker, model) = PatientGenerator.manufacturers[r.int(below: PatientGenerator.manufacturers.count)]
        let field = r.uniform() < 0.5 ? 1.5 : 3.0
        let centre = head.pose.apply(sites.brainCentre)
        let screenshotFlag: String? = index == 1 ? "NO" : (index == 0 || r.uniform() < 0.25) ? "YES" : nil

        // Studies: one, or two with a follow-up 2-9 months later.
        let studyCount = r.uniform() < 0.6 ? 1 : 2
        let firstDay = CivilDate.days(year: 2019, month: 1, day: 1) + r.int(below: 6 * 365)
        var phi: [PlantedPHI] = []
        var studies: [StudyRecord] = []
        var reference: Volume?
        var referenceProfile: [Double] = []
        var images: [MRContrast: Volume] = [:]
        var folderPHI = Set<String>()
        // Folder names repeat across a patient's series: each (kind, value, folder) is listed once.
        func addFolderPHI(_ entries: [PlantedPHI]) {
            for p in entries where folderPHI.insert("\(p.kind)|\(p.value)|\(p.folder ?? "")").inserted { phi.append(p) }
        }

        for s in 0..<studyCount {
            let day = firstDay + (s == 0 ? 0 : 60 + r.int(below: 210))
            let date = CivilDate.string(days: day)
            let start = Double(7 * 3600 + 30 * 60 + r.int(below: 10 * 3600))
            let accession = SyntheticIdentity.accessionNumber(year: Int(date.prefix(4)) ?? 2024, random: &r)
            let nameIn = r.uniform() < 0.3
            let base = PatientGenerator.studyDescriptions[r.int(below: PatientGenerator.studyDescriptions.count)]
            let history = "\(PatientGenerator.histories[r.int(below: PatientGenerator.histories.count)]). Pt \(identity.name.display), referred by Dr. \(identity.referringPhysician.family)."
            let study = StudyContext(
                studyInstanceUID: uids.uid("patient/\(index)/study/\(s)"), accessionNumber: accession, date: date, startTime: start,
                studyID: String(100000 + r.int(below: 900000)),
                description: nameIn ? "\(base) - \(identity.name.family.uppercased())" : base,
                requestedProcedureID: "RP\(100000 + r.int(below: 900000))", scheduledProcedureStepID: "SPS\(10000 + r.int(below: 90000))",
                performedProcedureStepID: "PPS\(10000 + r.int(below: 90000))", nameInDescription: nameIn, history: history)
            // Series: one to three distinct contrasts, each in a random plane.
            var contrasts = MRContrast.allCases
            for i in stride(from: contrasts.count - 1, to: 0, by: -1) { contrasts.swapAt(i, r.int(below: i + 1)) }
            let seriesCount = 1 + r.int(below: 3)
            var series: [SeriesRecord] = []
            var counter = 0
            var time = start
            for n in 0..<seriesCount {
                let contrast = contrasts[n]
                let plane = SlicePlane.allCases[r.int(below: SlicePlane.allCases.count)]
                let acquisition = SeriesAcquisition.random(contrast: contrast, plane: plane, random: &r)
                let seriesNumber = (n + 1) * 100 + (s == 0 ? 1 : 2)
                let description = "\(plane.abbreviation) \(contrast.sequence.name)"
                let seriesUID = uids.uid("patient/\(index)/study/\(s)/series/\(n)")
                let jitter = (0..<3).map { _ in r.uniform(-5...5) }
                let seriesCentre = zip(centre, jitter).map(+)
                let seriesSeed = r.next()
                let posed: Volume
                if let cached = images[contrast] { posed = cached } else {
                    posed = head.image(contrast, posed: true)
                    images[contrast] = posed
                }
                let volume = try acquisition.simulate(posed, centre: seriesCentre, seed: seed, stream: "patient/\(index)/series/\(s)/\(n)")
                if reference == nil {
                    // The same voxels on the template grid, cut to the slab the 2D pictures come from.
                    var unposed = posed
                    unposed.geometry.affine = head.t1.geometry.affine
                    let profileLesion = lesion ?? decoy
                    let full = profileLesion?.sliceProfile(shape: Array(unposed.shape.prefix(3)), affine: unposed.geometry.affine)
                        ?? [Double](repeating: 0, count: unposed.depth)
                    let (slab, range) = try PatientGenerator.slab(unposed, profile: full, margin: 12)
                    var ref = slab
                    try MRSignal.corrupt(&ref, biasCoefficients: acquisition.biasCoefficients, sigma: Float(acquisition.noiseFraction * 800),
                                         seed: seed, stream: "patient/\(index)/reference")
                    reference = ref
                    referenceProfile = Array(full[range])
                }
                var options = SeriesWriterOptions()
                options.storage = acquisition.storage
                options.intensityMapping = .exact
                options.sliceOrder = acquisition.sliceOrder
                options.seed = seriesSeed
                options.patientName = identity.name.dicom.uppercased()
                options.patientID = identity.medicalRecordNumber
                options.patientSex = identity.sex
                options.patientBirthDate = identity.birthDate
                options.studyInstanceUID = study.studyInstanceUID
                options.seriesInstanceUID = seriesUID
                options.frameOfReferenceUID = uids.uid("patient/\(index)/study/\(s)/frame")
                options.studyID = study.studyID
                options.studyDescription = study.description
                options.studyDate = date
                options.acquisitionStartTime = time
                options.seriesNumber = seriesNumber
                options.seriesDescription = description
                options.protocolName = description
                options.manufacturer = maker
                options.manufacturerModelName = model
                options.magneticFieldStrength = field
                let seq = contrast.sequence
                options.echoTime = seq.te
                options.repetitionTime = seq.tr
                options.flipAngle = seq.flip
                options.acquisitionType = acquisition.acquisitionType
                let files = try SeriesWriter.files(volume, options: options)
                let comment: String? = r.uniform() < 0.2 ? "Patient \(identity.name.display) moved during acquisition" : nil
                var header = IdentifyingHeaders.build(identity: identity, study: study, seriesUID: seriesUID,
                                                      seriesDescription: description, imageComment: comment)
                header.record("uid", options.frameOfReferenceUID ?? "", keyword: "FrameOfReferenceUID")
                header.record("time", SeriesWriter.Format.time(start), keyword: "StudyTime")
                let folder = layout.folder(identity: identity, patientIndex: index, study: study, studyIndex: s,
                                           seriesNumber: seriesNumber, seriesDescription: description)
                var records: [FileRecord] = []
                for (f, file) in files.enumerated() {
                    counter += 1
                    var ds = file.dataset
                    for e in header.dataset.elements { ds.set(e) }
                    ds.set(DataElement(tag: Tags.studyTime, vr: .TM, strings: [SeriesWriter.Format.time(start)]))
                    ds.set(DataElement(tag: Tags.scanningSequence, vr: .CS, strings: [seq.scanning]))
                    if let ti = seq.ti { ds.set(DataElement(tag: HeaderBuilder.tag("InversionTime"), vr: .DS, strings: [SeriesWriter.Format.decimal(ti)])) }
                    let name = layout.fileName(seriesNumber: seriesNumber, n: f + 1, studyCounter: counter)
                    let relative = folder + "/" + name
                    try write(ds, relative: relative)
                    records.append(FileRecord(path: relative, sopInstanceUID: ds.string(Tags.sopInstanceUID) ?? ""))
                }
                phi += header.phi
                addFolderPHI(layout.folderPHI(identity: identity, study: study, seriesFolder: folder))
                series.append(SeriesRecord(kind: .mr, seriesInstanceUID: seriesUID, seriesNumber: seriesNumber, description: description,
                                           acquisition: acquisition, burnedInAnnotation: nil, files: records))
                time += Double(4 * 60 + r.int(below: 5 * 60))
            }
            if s == 0, let flag = screenshotFlag {
                let seriesNumber = 9001
                let seriesUID = uids.uid("patient/\(index)/study/\(s)/screenshot")
                let sop = uids.uid("patient/\(index)/study/\(s)/screenshot/1")
                let shotCentre = lesion.map { head.pose.apply($0.centre) } ?? centre
                let t1 = images[.t1] ?? head.image(.t1, posed: true)
                let (pixels, boxes) = try Screenshot.pixels(image: t1, identity: identity, study: study, centre: shotCentre)
                var ds = Screenshot.dataset(pixels: pixels, study: study, seriesUID: seriesUID, sopInstanceUID: sop, seriesNumber: seriesNumber,
                                            seriesTime: time, burnedInAnnotation: flag, manufacturer: maker)
                let description = "SCREEN CAPTURE"
                let header = IdentifyingHeaders.build(identity: identity, study: study, seriesUID: seriesUID, seriesDescription: description, imageComment: nil)
                for e in header.dataset.elements { ds.set(e) }
                let folder = layout.folder(identity: identity, patientIndex: index, study: study, studyIndex: s,
                                           seriesNumber: seriesNumber, seriesDescription: description)
                counter += 1
                let relative = folder + "/" + layout.fileName(seriesNumber: seriesNumber, n: 1, studyCounter: counter)
                try write(ds, relative: relative)
                phi += header.phi
                for b in boxes {
                    phi.append(PlantedPHI(kind: b.kind, value: b.value, match: .contains, file: relative, pixelBox: b.box))
                }
                addFolderPHI(layout.folderPHI(identity: identity, study: study, seriesFolder: folder))
                series.append(SeriesRecord(kind: .screenshot, seriesInstanceUID: seriesUID, seriesNumber: seriesNumber, description: description,
                                           acquisition: nil, burnedInAnnotation: flag, files: [FileRecord(path: relative, sopInstanceUID: sop)]))
            }
            studies.append(StudyRecord(studyInstanceUID: study.studyInstanceUID, accessionNumber: accession, date: date,
                                       time: SeriesWriter.Format.time(start), description: study.description, series: series))
        }
        guard let ref = reference else {
            throw PhantomError.invalidParameter(name: "series", value: "0", reason: "patient \(key) has no MR series")
        }
        let record = PatientRecord(key: key, tumourClass: tumourClass, split: split, identity: identity, lesion: lesion,
                                   studies: studies, phi: phi)
        return Result(index: index, record: record, reference: ref, sliceProfile: referenceProfile)
    }

    /// The axial slab of a template-grid volume where `profile` is positive, `margin` slices
    /// either side (the whole volume when the profile is empty), and its slice range.
    static func slab(_ volume: Volume, profile: [Double], margin: Int) throws(PhantomError) -> (Volume, Range<Int>) {
        let nz = volume.depth
        guard let first = profile.firstIndex(where: { $0 > 0 }), let last = profile.lastIndex(where: { $0 > 0 }) else {
            return (volume, 0..<nz)
        }
        let range = max(0, first - margin)..<min(nz, last + margin + 1)
        let plane = volume.width * volume.height
        var geometry = volume.geometry
        let origin = geometry.affine.apply([0, 0, Double(range.lowerBound)])
        for r in 0..<3 { geometry.affine.m[r * 4 + 3] = origin[r] }
        do {
            return (try Volume(float32Shape: [volume.width, volume.height, range.count], geometry: geometry) { out in
                volume.withFloat32Buffer { src in
                    for n in 0..<(plane * range.count) { out[n] = src[range.lowerBound * plane + n] }
                }
            }, range)
        } catch {
            throw .invalidParameter(name: "slab", value: "\(range)", reason: "\(error)")
        }
    }

    /// Writes one file atomically, creating its folder.
    private func write(_ dataset: Dataset, relative: String) throws {
        let path = (archive as NSString).appendingPathComponent(relative)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try DicomWriter.write(dataset, to: path, transferSyntax: .explicitVRLittleEndian)
    }
}
