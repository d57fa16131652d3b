import DICOM
import Foundation

/// The identifying elements of a series' files, everywhere real archives hide them: the
/// patient module (with the Other Patient IDs Sequence), the people and places of the study,
/// free-text descriptions and comments that name the patient, the Request Attributes and
/// Referenced Patient sequences, the referring physician's identification sequence, and a
/// private block (odd group with a private creator) that copies identifiers, including a
/// private sequence holding standard patient elements.
enum IdentifyingHeaders {
    typealias Entry = HeaderBuilder.Entry

    /// Private creator of the hospital RIS block in group 0009.
    static func risCreator(_ id: PatientIdentity) -> String { "\(id.institution.stationPrefix) RIS EXPORT 2.1" }
    /// Private creator of a harmless vendor block in group 0019 (sequence tuning numbers, no PHI).
    static let vendorCreator = "MEDSYNTH MR PARAMETERS"

    /// Elements shared by every file of a series (MR or screenshot). The series writer's own
    /// patient and study elements are overwritten with the identity's.
    static func build(identity id: PatientIdentity, study: StudyContext, seriesUID: String, seriesDescription: String,
                      imageComment: String?) -> HeaderBuilder {
        var b = HeaderBuilder(series: seriesUID)
        let upper = id.name.dicom.uppercased()
        let date = study.date
        var entries: [Entry] = [
            .text("PatientName", .PN, upper, "patient_name"),
            .text("PatientID", .LO, id.medicalRecordNumber, "patient_id"),
            .text("IssuerOfPatientID", .LO, id.institution.stationPrefix, "issuer_of_patient_id"),
            .text("PatientBirthDate", .DA, id.birthDate, "birth_date"),
            .text("PatientSex", .CS, id.sex, "sex"),
            .text("PatientAge", .AS, id.age(on: date), "age"),
            .text("PatientSize", .DS, String(format: "%.2f", id.height), "height"),
            .text("PatientWeight", .DS, String(format: "%.0f", id.weight), "weight"),
            .text("PatientAddress", .LO, id.address.singleLine, "address"),
            .values("PatientTelephoneNumbers", .SH, id.phones, "phone"),
            .sequence("OtherPatientIDsSequence", id.otherIDs.map { o in [
                .text("PatientID", .LO, o.value, "other_patient_id"),
                .text("IssuerOfPatientID", .LO, o.issuer, "issuer_of_patient_id"),
                .text("TypeOfPatientID", .CS, "TEXT"),
            ] }),
            .sequence("ReferencedPatientSequence", [[
                .text("ReferencedSOPClassUID", .UI, "1.2.840.10008.3.1.2.1.1"),
                .text("ReferencedSOPInstanceUID", .UI, patientUID(id), "uid"),
            ]]),
            .text("AdditionalPatientHistory", .LT, study.history),
            .text("PatientComments", .LT, "Prefers contact by e-mail: \(id.email)"),
            .text("AccessionNumber", .SH, study.accessionNumber, "accession_number"),
            .text("StudyID", .SH, study.studyID, "study_id"),
            .text("StudyDescription", .LO, study.description),
            .text("SeriesDescription", .LO, seriesDescription),
            .text("ReferringPhysicianName", .PN, id.referringPhysician.dicom.uppercased(), "referring_physician"),
            .values("ReferringPhysicianTelephoneNumbers", .SH, [id.referringPhysicianPhone], "phone"),
            .sequence("ReferringPhysicianIdentificationSequence", [[
                .sequence("PersonIdentificationCodeSequence", [[
                    .text("CodeValue", .SH, id.referringPhysicianID, "physician_id"),
                    .text("CodingSchemeDesignator", .SH, "99HOSP"),
                    .text("CodeMeaning", .LO, id.referringPhysician.display, "referring_physician"),
                ]]),
                .values("PersonTelephoneNumbers", .LO, [id.referringPhysicianPhone], "phone"),
                .text("InstitutionName", .LO, id.institution.name, "institution"),
            ]]),
            .text("PerformingPhysicianName", .PN, id.performingPhysician.dicom.uppercased(), "performing_physician"),
            .text("NameOfPhysiciansReadingStudy", .PN, id.readingPhysician.dicom.uppercased(), "reading_physician"),
            .text("OperatorsName", .PN, id.technologist.dicom.uppercased(), "operator"),
            .text("InstitutionName", .LO, id.institution.name, "institution"),
            .text("InstitutionAddress", .ST, id.institution.address.singleLine, "institution_address"),
            .text("InstitutionalDepartmentName", .LO, id.institution.departments.first ?? "Radiology", "department"),
            .text("StationName", .SH, id.stationName, "station_name"),
            .text("DeviceSerialNumber", .LO, id.deviceSerialNumber, "device_serial_number"),
            .sequence("RequestAttributesSequence", [[
                .text("AccessionNumber", .SH, study.accessionNumber, "accession_number"),
                .text("RequestedProcedureDescription", .LO, "MRI BRAIN WITH AND WITHOUT CONTRAST"),
                .text("ScheduledProcedureStepDescription", .LO, "MR BRAIN"),
                .text("ScheduledProcedureStepID", .SH, study.scheduledProcedureStepID, "procedure_step_id"),
                .text("RequestedProcedureID", .SH, study.requestedProcedureID, "requested_procedure_id"),
            ]]),
            .text("PerformedProcedureStepStartDate", .DA, date, "date"),
            .text("PerformedProcedureStepID", .SH, study.performedProcedureStepID, "procedure_step_id"),
            // The hospital's private block: copies of identifiers, and a private sequence of standard elements.
            .text("(0009,0010)", .LO, risCreator(id)),
            .text("(0009,1010)", .LO, id.name.display.uppercased(), "patient_name"),
            .text("(0009,1011)", .LO, id.medicalRecordNumber, "patient_id"),
            .text("(0009,1012)", .DA, id.birthDate, "birth_date"),
            .text("(0009,1013)", .LT, "Results to \(id.referringPhysician.display), call \(id.phones[0])"),
            .sequence("(0009,1020)", [[
                .text("PatientName", .PN, upper, "patient_name"),
                .text("PatientID", .LO, id.medicalRecordNumber, "patient_id"),
                .text("PatientBirthDate", .DA, id.birthDate, "birth_date"),
            ]]),
            // A vendor block without identifiers.
            .text("(0019,0010)", .LO, vendorCreator),
            .values("(0019,1010)", .DS, ["1.5", "0.8"], nil),
        ]
        if let mother = id.motherBirthName {
            entries.append(.text("PatientMotherBirthName", .PN, mother.dicom.uppercased(), "mother_birth_name"))
        }
        if let c = imageComment { entries.append(.text("ImageComments", .LT, c)) }
        b.put(entries)
        // Identifiers inside free text.
        b.recordInText("patient_name", id.name.display, keyword: "AdditionalPatientHistory")
        b.recordInText("email", id.email, keyword: "PatientComments")
        b.recordInText("referring_physician", id.referringPhysician.display, keyword: "(0009,1013)")
        b.recordInText("phone", id.phones[0], keyword: "(0009,1013)")
        if study.nameInDescription { b.recordInText("patient_name", id.name.family.uppercased(), keyword: "StudyDescription") }
        if imageComment != nil { b.recordInText("patient_name", id.name.display, keyword: "ImageComments") }
        // Dates, times and UIDs the writer puts in every file.
        for k in ["StudyDate", "SeriesDate", "ContentDate"] { b.record("date", date, keyword: k) }
        b.record("uid", study.studyInstanceUID, keyword: "StudyInstanceUID")
        b.record("uid", seriesUID, keyword: "SeriesInstanceUID")
        return b
    }

    /// A UID for the patient's record in the hospital system (in the Referenced Patient Sequence).
    static func patientUID(_ id: PatientIdentity) -> String {
        UIDGenerator(seed: 0x5041_5449_454e_5400).uid("patient/\(id.medicalRecordNumber)/\(id.birthDate)")
    }
}
