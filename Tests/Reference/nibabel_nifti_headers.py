#!/usr/bin/env python3
"""nibabel's view of every NIfTI file in ../shared/data/nifti, for Tests/NIfTITests.

Writes Fixtures/nibabel/nifti_headers.json (repo-root relative), one entry per
file name with the raw header fields (as stored, read with check=False so that
nibabel does not "fix" anything), nibabel's qform, sform and best affine, and
for files with voxel data the shape, sum/min/max of get_fdata() (scaled) and of
the unscaled raw data, the first five raw values (and five from the middle,
starting at index size // 2) in Fortran order (x fastest, as medsynth stores
voxels), and an order-sensitive checksum. NaN is written as null. Text fields
are cut at the first NUL, as C readers see them.

    /work/venv/bin/python Tests/Reference/nibabel_nifti_headers.py
"""
import json
import math
import pathlib

import nibabel as nib
import numpy as np
from nibabel.openers import Opener

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "nifti"
OUT = ROOT / "Fixtures" / "nibabel" / "nifti_headers.json"


def num(x):
    x = float(x)
    return None if math.isnan(x) else x


def nums(a):
    return [num(v) for v in np.asarray(a).ravel()]


def matrix(m):
    return [nums(row) for row in np.asarray(m)]


def text(b):
    return bytes(b).split(b"\0")[0].decode("latin-1")


def header_class(path, raw4):
    size_le = int.from_bytes(raw4, "little")
    size_be = int.from_bytes(raw4, "big")
    nifti2 = 540 in (size_le, size_be)
    pair = path.name.endswith((".hdr", ".hdr.gz", ".img", ".img.gz"))
    if nifti2:
        return nib.nifti2.Nifti2PairHeader if pair else nib.nifti2.Nifti2Header
    return nib.nifti1.Nifti1PairHeader if pair else nib.nifti1.Nifti1Header


def describe(path):
    with Opener(str(path)) as f:
        raw4 = f.read(4)
    klass = header_class(path, raw4)
    with Opener(str(path)) as f:
        hdr = klass.from_fileobj(f, check=False)
    entry = {
        "version": 2 if "Nifti2" in klass.__name__ else 1,
        "endianness": "big" if hdr.endianness == ">" else "little",
        "sizeof_hdr": int(hdr["sizeof_hdr"]),
        "magic": text(hdr["magic"]),
        "dims": [int(v) for v in hdr["dim"]],
        "datatype": int(hdr["datatype"]),
        "bitpix": int(hdr["bitpix"]),
        "pixdim": nums(hdr["pixdim"]),
        "vox_offset": int(hdr["vox_offset"]),
        "scl_slope": num(hdr["scl_slope"]),
        "scl_inter": num(hdr["scl_inter"]),
        "slice_start": int(hdr["slice_start"]),
        "slice_end": int(hdr["slice_end"]),
        "slice_code": int(hdr["slice_code"]),
        "slice_duration": num(hdr["slice_duration"]),
        "cal_min": num(hdr["cal_min"]),
        "cal_max": num(hdr["cal_max"]),
        "toffset": num(hdr["toffset"]),
        "xyzt_units": int(hdr["xyzt_units"]),
        "dim_info": int(hdr["dim_info"]),
        "intent_code": int(hdr["intent_code"]),
        "intent_p": [num(hdr["intent_p1"]), num(hdr["intent_p2"]), num(hdr["intent_p3"])],
        "intent_name": text(hdr["intent_name"]),
        "descrip": text(hdr["descrip"]),
        "aux_file": text(hdr["aux_file"]),
        "qform_code": int(hdr["qform_code"]),
        "sform_code": int(hdr["sform_code"]),
        "quatern": [num(hdr["quatern_b"]), num(hdr["quatern_c"]), num(hdr["quatern_d"])],
        "qoffset": [num(hdr["qoffset_x"]), num(hdr["qoffset_y"]), num(hdr["qoffset_z"])],
        "srow": [nums(hdr["srow_x"]), nums(hdr["srow_y"]), nums(hdr["srow_z"])],
        "qform": matrix(hdr.get_qform()),
        "sform": matrix(hdr.get_sform()),
        "extensions": [{"code": int(e.get_code()), "length": len(e.get_content())} for e in hdr.extensions],
    }
    has_data = not (path.name.endswith(".hdr") and not path.with_suffix(".img").exists())
    if has_data:
        img = nib.load(str(path))
        affine = img.affine
        scaled = img.get_fdata()
        raw = np.asanyarray(img.dataobj.get_unscaled())
        entry["data"] = {
            "shape": [int(v) for v in img.shape],
            "scaled_sum": float(scaled.sum(dtype=np.float64)),
            "scaled_min": float(scaled.min()),
            "scaled_max": float(scaled.max()),
            "raw_sum": float(raw.sum(dtype=np.float64)),
            "raw_min": float(raw.min()),
            "raw_max": float(raw.max()),
            "raw_dtype": str(raw.dtype),
            "first5_raw": [float(v) for v in raw.ravel(order="F")[:5]],
            # sum over the x-fastest flat index k of (k % 9973) * value: checks voxel order.
            "raw_weighted_sum": float(np.dot(np.arange(raw.size) % 9973, raw.ravel(order="F").astype(np.float64))),
            "middle5_raw": [float(v) for v in raw.ravel(order="F")[raw.size // 2 : raw.size // 2 + 5]],
        }
    else:
        affine = hdr.get_best_affine()
    entry["affine"] = matrix(affine)
    entry["axcodes"] = "".join(nib.aff2axcodes(affine))
    return entry


def main():
    files = sorted(p for p in DATA.iterdir() if p.is_file())
    result = {"nibabel_version": nib.__version__, "files": {p.name: describe(p) for p in files}}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1, allow_nan=False) + "\n")
    print(f"wrote {OUT} ({len(files)} files)")


if __name__ == "__main__":
    main()
