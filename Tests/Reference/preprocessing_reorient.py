#!/usr/bin/env python3
"""Reorientation references from nibabel's as_closest_canonical.

Writes Fixtures/preprocessing/reorient.json (repo-root relative). For every NIfTI
file in ../shared/data/nifti that holds data, and for small generated volumes under
each of 24 axis permutation x flip affines (plus an oblique one), it stores the
canonical affine and shape from nibabel.as_closest_canonical and a 64-bit FNV-1a
hash of the reoriented stored (unscaled) voxel bytes, little endian, in NIfTI order (x fastest),
so that Tests/PreprocessingTests compares data and affine exactly.

    /work/venv/bin/python Tests/Reference/preprocessing_reorient.py
"""
import itertools
import json
import pathlib

import nibabel as nib
import numpy as np
from nibabel.orientations import apply_orientation, io_orientation

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data" / "nifti"
OUT = ROOT / "Fixtures" / "preprocessing" / "reorient.json"


def fnv1a(data: bytes) -> str:
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h




def canonical(img):
    can = nib.as_closest_canonical(img)
    raw = np.asanyarray(img.dataobj.get_unscaled()) if hasattr(img.dataobj, "get_unscaled") else np.asanyarray(img.dataobj)
    ornt = io_orientation(img.affine)
    data = apply_orientation(raw, ornt)
    return can.affine, data


def record(name, img):
    affine, data = canonical(img)
    data = data.astype(data.dtype.newbyteorder("<"))  # host (little-endian) order, as medsynth holds voxels
    return {
        "name": name,
        "input_affine": np.asarray(img.affine, dtype=float).tolist(),
        "input_shape": list(img.shape),
        "affine": np.asarray(affine, dtype=float).tolist(),
        "shape": list(data.shape),
        "dtype": str(data.dtype),
        "hash": fnv1a(np.asfortranarray(data).tobytes(order="F")),
    }


def generated():
    out = []
    shape = (5, 4, 3)
    i, j, k = np.meshgrid(np.arange(5), np.arange(4), np.arange(3), indexing="ij")
    data = (i + 10 * j + 100 * k).astype(np.int16)
    signs = list(itertools.product([1, -1], repeat=3))
    for perm in itertools.permutations(range(3)):
        for sgn in signs[::2] if perm != (0, 1, 2) else signs:
            m = np.zeros((3, 3))
            for vox, world in enumerate(perm):
                m[world, vox] = sgn[vox] * (1.0 + 0.5 * vox)
            a = np.eye(4)
            a[:3, :3] = m
            a[:3, 3] = (-20.0, 31.5, 7.25)
            name = "gen_perm%d%d%d_sign%s" % (*perm, "".join("+" if s > 0 else "-" for s in sgn))
            out.append((name, data, a))
    # Oblique: 30 degrees about z then 20 about x, with flips.
    t1, t2 = np.radians(30), np.radians(20)
    rz = np.array([[np.cos(t1), -np.sin(t1), 0], [np.sin(t1), np.cos(t1), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, np.cos(t2), -np.sin(t2)], [0, np.sin(t2), np.cos(t2)]])
    a = np.eye(4)
    a[:3, :3] = rx @ rz @ np.diag([-1.2, 0.9, -2.0])
    a[:3, 3] = (12.0, -40.0, 3.0)
    out.append(("gen_oblique", data, a))
    return out


def main():
    cases = []
    for name, data, a in generated():
        cases.append(record(name, nib.Nifti1Image(data, a)))
    files = []
    if SHARED.exists():
        for p in sorted(SHARED.iterdir()):
            if p.name.endswith((".nii", ".nii.gz")):
                img = nib.load(str(p))
                if len(img.shape) < 3 or np.prod(img.shape) == 0:
                    continue
                r = record(p.name, img)
                r["file"] = p.name
                files.append(r)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"nibabel": nib.__version__, "generated": cases, "files": files}, indent=1))
    print("wrote", OUT, len(cases), "generated,", len(files), "files")


if __name__ == "__main__":
    main()
