/* medsynth's C ABI over DCMTK: opaque handles, plain C types, errors as text.
   Every function that can fail returns 0 on success and fills `err`. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct msd_file msd_file;   /* a DICOM file (DcmFileFormat) */
typedef struct msd_item msd_item;   /* a dataset, meta header, or sequence item (DcmItem) */
typedef struct msd_elem msd_elem;   /* one data element (DcmElement) */

enum { MSD_ELEM_VALUE = 0, MSD_ELEM_SEQUENCE = 1, MSD_ELEM_ENCAPSULATED = 2 };

const char *msd_dcmtk_version(void);
/* Registers the JPEG, JPEG-LS and RLE decoders (idempotent, thread-safe). */
void msd_register_codecs(void);

/* Loads a file with or without meta header. Values longer than
   `max_read_length` bytes stay on disk until accessed (0 = read everything). */
msd_file *msd_file_load(const char *path, uint32_t max_read_length, char *err, size_t errlen);
msd_file *msd_file_new(void);
void msd_file_free(msd_file *f);
msd_item *msd_file_dataset(msd_file *f);
msd_item *msd_file_meta(msd_file *f);
/* UID of the transfer syntax the dataset was read in (empty if unknown). */
int msd_file_original_xfer(msd_file *f, char *uid, size_t len);
/* Decompresses pixel data in memory to explicit VR little endian. */
int msd_file_decompress(msd_file *f, char *err, size_t errlen);
/* Writes the file with a fresh meta header in transfer syntax `xfer_uid`. */
int msd_file_save(msd_file *f, const char *path, const char *xfer_uid, char *err, size_t errlen);

unsigned long msd_item_count(msd_item *item);
msd_elem *msd_item_element(msd_item *item, unsigned long index);

void msd_elem_tag(msd_elem *e, uint16_t *group, uint16_t *element);
/* Two-letter VR name into vr[0..2]. */
void msd_elem_vr(msd_elem *e, char vr[3]);
int msd_elem_kind(msd_elem *e);
/* Raw value bytes in host byte order (strings: as stored, backslash-separated).
   The pointer stays valid while the file lives and is not modified. */
int msd_elem_value(msd_elem *e, const uint8_t **ptr, size_t *len, char *err, size_t errlen);
unsigned long msd_seq_count(msd_elem *seq);
msd_item *msd_seq_item(msd_elem *seq, unsigned long index);
/* Encapsulated pixel data: item 0 is the basic offset table, then fragments. */
unsigned long msd_frag_count(msd_elem *e);
int msd_frag(msd_elem *e, unsigned long index, const uint8_t **ptr, size_t *len, char *err, size_t errlen);

/* Building datasets. Values are given in host byte order. */
int msd_item_put_value(msd_item *item, uint16_t group, uint16_t element, const char *vr,
                       const uint8_t *bytes, size_t len, char *err, size_t errlen);
msd_elem *msd_item_put_sequence(msd_item *item, uint16_t group, uint16_t element, char *err, size_t errlen);
msd_item *msd_seq_append_item(msd_elem *seq);
/* fragments[0] is the basic offset table (may have length 0). */
int msd_item_put_encapsulated(msd_item *item, const char *vr, const char *xfer_uid,
                              const uint8_t *const *fragments, const size_t *lengths, size_t count,
                              char *err, size_t errlen);

/* Data dictionary. */
int msd_dict_tag_for_keyword(const char *keyword, uint16_t *group, uint16_t *element);
/* Keyword and VR of a tag (private tags need their creator); returns 0 when known. */
int msd_dict_lookup(uint16_t group, uint16_t element, const char *private_creator,
                    char *keyword, size_t keyword_len, char vr[3]);

#ifdef __cplusplus
}
#endif
