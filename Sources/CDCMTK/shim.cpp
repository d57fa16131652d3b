// Thin C ABI over DCMTK for medsynth. No logic beyond translating calls.
#include "medsynth_dcmtk.h"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmdata/dcrledrg.h"
#include "dcmtk/dcmdata/dcpxitem.h"
#include "dcmtk/dcmdata/dcpixseq.h"
#include "dcmtk/dcmjpeg/djdecode.h"
#include "dcmtk/dcmjpls/djdecode.h"
#include "dcmtk/oflog/oflog.h"

#include <cstring>
#include <mutex>

namespace {

void setError(char *err, size_t errlen, const char *msg) {
    if (err && errlen > 0) {
        std::strncpy(err, msg, errlen - 1);
        err[errlen - 1] = 0;
    }
}

void setError(char *err, size_t errlen, const OFCondition &c) { setError(err, errlen, c.text()); }

DcmFileFormat *F(msd_file *f) { return reinterpret_cast<DcmFileFormat *>(f); }
DcmItem *I(msd_item *i) { return reinterpret_cast<DcmItem *>(i); }
DcmElement *E(msd_elem *e) { return reinterpret_cast<DcmElement *>(e); }

void quietLogs() {
    static std::once_flag once;
    std::call_once(once, [] {
        OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
    });
}

bool isStringVR(DcmEVR vr) {
    switch (vr) {
    case EVR_AE: case EVR_AS: case EVR_CS: case EVR_DA: case EVR_DS: case EVR_DT: case EVR_IS:
    case EVR_LO: case EVR_LT: case EVR_PN: case EVR_SH: case EVR_ST: case EVR_TM: case EVR_UC:
    case EVR_UI: case EVR_UR: case EVR_UT:
        return true;
    default:
        return false;
    }
}

// Creates an empty element of the class matching `vr` (not the dictionary's VR,
// so values keep the VR they were read with).
DcmElement *makeElement(const DcmTag &tag, DcmEVR vr) {
    if (tag.getXTag() == DCM_PixelData) return new DcmPixelData(tag);
    switch (vr) {
    case EVR_AE: return new DcmApplicationEntity(tag);
    case EVR_AS: return new DcmAgeString(tag);
    case EVR_AT: return new DcmAttributeTag(tag);
    case EVR_CS: return new DcmCodeString(tag);
    case EVR_DA: return new DcmDate(tag);
    case EVR_DS: return new DcmDecimalString(tag);
    case EVR_DT: return new DcmDateTime(tag);
    case EVR_FL: return new DcmFloatingPointSingle(tag);
    case EVR_FD: return new DcmFloatingPointDouble(tag);
    case EVR_IS: return new DcmIntegerString(tag);
    case EVR_LO: return new DcmLongString(tag);
    case EVR_LT: return new DcmLongText(tag);
    case EVR_OD: return new DcmOtherDouble(tag);
    case EVR_OF: return new DcmOtherFloat(tag);
    case EVR_OL: return new DcmOtherLong(tag);
    case EVR_OV: return new DcmOther64bitVeryLong(tag);
    case EVR_PN: return new DcmPersonName(tag);
    case EVR_SH: return new DcmShortString(tag);
    case EVR_SL: return new DcmSignedLong(tag);
    case EVR_SS: return new DcmSignedShort(tag);
    case EVR_ST: return new DcmShortText(tag);
    case EVR_SV: return new DcmSigned64bitVeryLong(tag);
    case EVR_TM: return new DcmTime(tag);
    case EVR_UC: return new DcmUnlimitedCharacters(tag);
    case EVR_UI: return new DcmUniqueIdentifier(tag);
    case EVR_UL: return new DcmUnsignedLong(tag);
    case EVR_UR: return new DcmUniversalResourceIdentifierOrLocator(tag);
    case EVR_US: return new DcmUnsignedShort(tag);
    case EVR_UT: return new DcmUnlimitedText(tag);
    case EVR_UV: return new DcmUnsigned64bitVeryLong(tag);
    case EVR_OB: case EVR_OW: case EVR_UN: return new DcmOtherByteOtherWord(tag);
    default: return nullptr;
    }
}

} // namespace

extern "C" {

const char *msd_dcmtk_version(void) { return OFFIS_DCMTK_VERSION_STRING; }

void msd_register_codecs(void) {
    static std::once_flag once;
    std::call_once(once, [] {
        quietLogs();
        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();
    });
}

msd_file *msd_file_load(const char *path, uint32_t max_read_length, char *err, size_t errlen) {
    quietLogs();
    DcmFileFormat *ff = new DcmFileFormat();
    OFCondition c = ff->loadFile(OFFilename(path), EXS_Unknown, EGL_noChange,
                                 max_read_length == 0 ? DCM_MaxReadLength : max_read_length,
                                 ERM_autoDetect);
    if (c.bad()) {
        setError(err, errlen, c);
        delete ff;
        return nullptr;
    }
    return reinterpret_cast<msd_file *>(ff);
}

msd_file *msd_file_new(void) {
    quietLogs();
    return reinterpret_cast<msd_file *>(new DcmFileFormat());
}

void msd_file_free(msd_file *f) { delete F(f); }

msd_item *msd_file_dataset(msd_file *f) { return reinterpret_cast<msd_item *>(F(f)->getDataset()); }
msd_item *msd_file_meta(msd_file *f) { return reinterpret_cast<msd_item *>(F(f)->getMetaInfo()); }

int msd_file_original_xfer(msd_file *f, char *uid, size_t len) {
    DcmXfer x(F(f)->getDataset()->getOriginalXfer());
    const char *s = x.getXferID();
    setError(uid, len, s ? s : "");
    return 0;
}

int msd_file_decompress(msd_file *f, char *err, size_t errlen) {
    msd_register_codecs();
    DcmDataset *ds = F(f)->getDataset();
    OFCondition c = ds->chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
    if (c.bad()) { setError(err, errlen, c); return 1; }
    if (!ds->canWriteXfer(EXS_LittleEndianExplicit)) {
        setError(err, errlen, "no decoder for this transfer syntax in DCMTK");
        return 1;
    }
    return 0;
}

int msd_file_save(msd_file *f, const char *path, const char *xfer_uid, char *err, size_t errlen) {
    msd_register_codecs();
    DcmXfer x(xfer_uid);
    E_TransferSyntax xs = x.getXfer();
    if (xs == EXS_Unknown) { setError(err, errlen, "unknown transfer syntax UID"); return 1; }
    DcmDataset *ds = F(f)->getDataset();
    OFCondition c = ds->chooseRepresentation(xs, nullptr);
    if (c.bad() || !ds->canWriteXfer(xs)) {
        setError(err, errlen, c.bad() ? c.text() : "pixel data cannot be written in this transfer syntax");
        return 1;
    }
    c = F(f)->saveFile(OFFilename(path), xs, EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0, 0, EWM_updateMeta);
    if (c.bad()) { setError(err, errlen, c); return 1; }
    return 0;
}

unsigned long msd_item_count(msd_item *item) { return I(item)->card(); }

msd_elem *msd_item_element(msd_item *item, unsigned long index) {
    return reinterpret_cast<msd_elem *>(I(item)->getElement(index));
}

void msd_elem_tag(msd_elem *e, uint16_t *group, uint16_t *element) {
    *group = E(e)->getGTag();
    *element = E(e)->getETag();
}

void msd_elem_vr(msd_elem *e, char vr[3]) {
    DcmVR v(E(e)->getVR());
    const char *n = v.getValidVRName();
    vr[0] = n[0]; vr[1] = n[1]; vr[2] = 0;
}

int msd_elem_kind(msd_elem *e) {
    DcmElement *el = E(e);
    if (el->ident() == EVR_SQ) return MSD_ELEM_SEQUENCE;
    if (el->ident() == EVR_PixelData) {
        DcmPixelData *pd = static_cast<DcmPixelData *>(el);
        E_TransferSyntax xs = EXS_Unknown;
        const DcmRepresentationParameter *rp = nullptr;
        pd->getCurrentRepresentationKey(xs, rp);
        if (DcmXfer(xs).isEncapsulated()) return MSD_ELEM_ENCAPSULATED;
    }
    return MSD_ELEM_VALUE;
}

int msd_elem_value(msd_elem *e, const uint8_t **ptr, size_t *len, char *err, size_t errlen) {
    DcmElement *el = E(e);
    *ptr = nullptr;
    *len = 0;
    DcmEVR vr = el->getVR();
    OFCondition c = EC_Normal;
    if (isStringVR(vr)) {
        char *s = nullptr;
        Uint32 n = 0;
        c = el->getString(s, n);
        if (c.good()) { *ptr = reinterpret_cast<const uint8_t *>(s); *len = s ? n : 0; }
    } else {
        void *p = nullptr;
        switch (vr) {
        case EVR_US: case EVR_OW: case EVR_AT: { Uint16 *v = nullptr; c = el->getUint16Array(v); p = v; break; }
        case EVR_SS: { Sint16 *v = nullptr; c = el->getSint16Array(v); p = v; break; }
        case EVR_UL: case EVR_OL: { Uint32 *v = nullptr; c = el->getUint32Array(v); p = v; break; }
        case EVR_SL: { Sint32 *v = nullptr; c = el->getSint32Array(v); p = v; break; }
        case EVR_FL: case EVR_OF: { Float32 *v = nullptr; c = el->getFloat32Array(v); p = v; break; }
        case EVR_FD: case EVR_OD: { Float64 *v = nullptr; c = el->getFloat64Array(v); p = v; break; }
        case EVR_UV: case EVR_OV: { Uint64 *v = nullptr; c = el->getUint64Array(v); p = v; break; }
        case EVR_SV: { Sint64 *v = nullptr; c = el->getSint64Array(v); p = v; break; }
        default: { Uint8 *v = nullptr; c = el->getUint8Array(v); p = v; break; }
        }
        if (c.good()) { *ptr = static_cast<const uint8_t *>(p); *len = p ? el->getLength() : 0; }
    }
    if (c.bad()) {
        // An empty element has no value array; that is not an error.
        if (el->getLength() == 0) return 0;
        setError(err, errlen, c);
        return 1;
    }
    return 0;
}

unsigned long msd_seq_count(msd_elem *seq) {
    if (E(seq)->ident() != EVR_SQ) return 0;
    return static_cast<DcmSequenceOfItems *>(static_cast<DcmObject *>(E(seq)))->card();
}

msd_item *msd_seq_item(msd_elem *seq, unsigned long index) {
    DcmSequenceOfItems *s = reinterpret_cast<DcmSequenceOfItems *>(seq);
    return reinterpret_cast<msd_item *>(s->getItem(index));
}

static DcmPixelSequence *pixelSequence(msd_elem *e) {
    DcmPixelData *pd = reinterpret_cast<DcmPixelData *>(e);
    E_TransferSyntax xs = EXS_Unknown;
    const DcmRepresentationParameter *rp = nullptr;
    pd->getCurrentRepresentationKey(xs, rp);
    DcmPixelSequence *seq = nullptr;
    if (pd->getEncapsulatedRepresentation(xs, rp, seq).bad()) return nullptr;
    return seq;
}

unsigned long msd_frag_count(msd_elem *e) {
    DcmPixelSequence *seq = pixelSequence(e);
    return seq ? seq->card() : 0;
}

int msd_frag(msd_elem *e, unsigned long index, const uint8_t **ptr, size_t *len, char *err, size_t errlen) {
    DcmPixelSequence *seq = pixelSequence(e);
    if (!seq) { setError(err, errlen, "pixel data is not encapsulated"); return 1; }
    DcmPixelItem *item = nullptr;
    OFCondition c = seq->getItem(item, index);
    if (c.bad() || !item) { setError(err, errlen, c.bad() ? c.text() : "missing fragment"); return 1; }
    Uint8 *p = nullptr;
    *len = item->getLength();
    if (*len == 0) { *ptr = nullptr; return 0; }
    c = item->getUint8Array(p);
    if (c.bad()) { setError(err, errlen, c); return 1; }
    *ptr = p;
    return 0;
}

int msd_item_put_value(msd_item *item, uint16_t group, uint16_t element, const char *vrName,
                       const uint8_t *bytes, size_t len, char *err, size_t errlen) {
    DcmVR vr(vrName);
    DcmTag tag(group, element, vr);
    DcmElement *el = makeElement(tag, vr.getEVR());
    OFCondition c = EC_Normal;
    if (!el) { setError(err, errlen, "unsupported VR"); return 1; }
    DcmEVR evr = vr.getEVR();
    if (len > 0) {
        if (isStringVR(evr)) {
            c = el->putString(reinterpret_cast<const char *>(bytes), static_cast<Uint32>(len));
        } else {
            switch (evr) {
            case EVR_US: case EVR_OW: c = el->putUint16Array(reinterpret_cast<const Uint16 *>(bytes), len / 2); break;
            case EVR_AT: c = el->putUint16Array(reinterpret_cast<const Uint16 *>(bytes), len / 4); break;  // count is in tags
            case EVR_SS: c = el->putSint16Array(reinterpret_cast<const Sint16 *>(bytes), len / 2); break;
            case EVR_UL: case EVR_OL: c = el->putUint32Array(reinterpret_cast<const Uint32 *>(bytes), len / 4); break;
            case EVR_SL: c = el->putSint32Array(reinterpret_cast<const Sint32 *>(bytes), len / 4); break;
            case EVR_FL: case EVR_OF: c = el->putFloat32Array(reinterpret_cast<const Float32 *>(bytes), len / 4); break;
            case EVR_FD: case EVR_OD: c = el->putFloat64Array(reinterpret_cast<const Float64 *>(bytes), len / 8); break;
            case EVR_UV: case EVR_OV: c = static_cast<DcmUnsigned64bitVeryLong *>(el)->putUint64Array(reinterpret_cast<const Uint64 *>(bytes), len / 8); break;
            case EVR_SV: c = static_cast<DcmSigned64bitVeryLong *>(el)->putSint64Array(reinterpret_cast<const Sint64 *>(bytes), len / 8); break;
            default: c = el->putUint8Array(bytes, len); break;
            }
        }
    }
    if (c.good()) c = I(item)->insert(el, true);
    if (c.bad()) { delete el; setError(err, errlen, c); return 1; }
    return 0;
}

msd_elem *msd_item_put_sequence(msd_item *item, uint16_t group, uint16_t element, char *err, size_t errlen) {
    DcmSequenceOfItems *seq = new DcmSequenceOfItems(DcmTag(group, element, EVR_SQ));
    OFCondition c = I(item)->insert(seq, true);
    if (c.bad()) { delete seq; setError(err, errlen, c); return nullptr; }
    return reinterpret_cast<msd_elem *>(static_cast<DcmElement *>(seq));
}

msd_item *msd_seq_append_item(msd_elem *seq) {
    DcmSequenceOfItems *s = reinterpret_cast<DcmSequenceOfItems *>(static_cast<DcmElement *>(reinterpret_cast<DcmElement *>(seq)));
    DcmItem *it = new DcmItem();
    if (s->append(it).bad()) { delete it; return nullptr; }
    return reinterpret_cast<msd_item *>(it);
}

int msd_item_put_encapsulated(msd_item *item, const char *vrName, const char *xfer_uid,
                              const uint8_t *const *fragments, const size_t *lengths, size_t count,
                              char *err, size_t errlen) {
    E_TransferSyntax xs = DcmXfer(xfer_uid).getXfer();
    if (!DcmXfer(xs).isEncapsulated()) { setError(err, errlen, "transfer syntax is not encapsulated"); return 1; }
    DcmPixelSequence *seq = new DcmPixelSequence(DCM_PixelSequenceTag);
    for (size_t i = 0; i < count; i++) {
        DcmPixelItem *pi = new DcmPixelItem(DCM_PixelItemTag);
        if (lengths[i] > 0) pi->putUint8Array(fragments[i], static_cast<Uint32>(lengths[i]));
        seq->insert(pi);
    }
    DcmPixelData *pd = new DcmPixelData(DcmTag(DCM_PixelData, DcmVR(vrName)));
    pd->putOriginalRepresentation(xs, nullptr, seq);
    OFCondition c = I(item)->insert(pd, true);
    if (c.bad()) { delete pd; setError(err, errlen, c); return 1; }
    return 0;
}

int msd_dict_tag_for_keyword(const char *keyword, uint16_t *group, uint16_t *element) {
    DcmTag tag;
    if (DcmTag::findTagFromName(keyword, tag).bad()) return 1;
    *group = tag.getGTag();
    *element = tag.getETag();
    return 0;
}

int msd_dict_lookup(uint16_t group, uint16_t element, const char *private_creator,
                    char *keyword, size_t keyword_len, char vr[3]) {
    const DcmDataDictionary &dict = dcmDataDict.rdlock();
    const DcmDictEntry *entry = dict.findEntry(DcmTagKey(group, element), private_creator);
    int rc = 1;
    if (entry) {
        setError(keyword, keyword_len, entry->getTagName() ? entry->getTagName() : "");
        const char *n = entry->getVR().getValidVRName();
        vr[0] = n[0]; vr[1] = n[1]; vr[2] = 0;
        rc = 0;
    }
    dcmDataDict.rdunlock();
    return rc;
}

} // extern "C"
