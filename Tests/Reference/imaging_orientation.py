#!/usr/bin/env python3
"""Orientation codes of voxel-to-RAS affines according to nibabel.

Writes Fixtures/nibabel/orientation.json (repo-root relative): a list of
{"name", "affine" (4x4, row-major rows), "axcodes" (nibabel.orientations.aff2axcodes,
null for a dropped axis), "ornt" (nibabel.orientations.io_orientation: [axis, sign] per
voxel axis, null for a dropped axis)}. Tests/ImagingTests compares them with
`Orientation.code(of:)`.

    /work/venv/bin/python Tests/Reference/imaging_orientation.py

Cases: axis permutations x flips, oblique rotations up to 40 degrees about
various axes, anisotropic spacing, a gantry-tilt shear, two strong shears (where
nibabel's polar decomposition matters) and a degenerate affine with a zero column.
"""
import itertools
import json
import pathlib

import nibabel
import numpy as np
from nibabel.orientations import aff2axcodes, io_orientation

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Fixtures" / "nibabel" / "orientation.json"


def rotation(axis, degrees):
    t = np.radians(degrees)
    c, s = np.cos(t), np.sin(t)
    i, j = [(1, 2), (0, 2), (0, 1)][axis]
    r = np.eye(3)
    r[i, i] = r[j, j] = c
    r[i, j], r[j, i] = -s, s
    return r


def affine(m, origin=(0, 0, 0)):
    a = np.eye(4)
    a[:3, :3] = m
    a[:3, 3] = origin
    return a


def cases():
    out = []
    # Axis permutations x flips (two sign patterns per permutation, all 8 patterns used).
    signs = list(itertools.product([1, -1], repeat=3))
    for k, perm in enumerate(itertools.permutations(range(3))):
        for sgn in (signs[k % 8], signs[(k + 3) % 8]):
            m = np.zeros((3, 3))
            for vox, world in enumerate(perm):
                m[world, vox] = sgn[vox]
            name = "perm%d%d%d_sign%s" % (*perm, "".join("+" if s > 0 else "-" for s in sgn))
            out.append((name, affine(m, (-90, 126, -72))))
    # Oblique rotations up to 40 degrees about single and combined axes.
    for axes_deg in [[(0, 10)], [(1, 25)], [(2, 40)], [(0, -40)], [(0, 20), (1, 35)],
                     [(2, 40), (0, -30)], [(1, -40), (2, 15), (0, 25)], [(2, 39), (1, 39), (0, 39)]]:
        r = np.eye(3)
        for ax, deg in axes_deg:
            r = rotation(ax, deg) @ r
        name = "rot_" + "_".join("xyz"[ax] + str(deg) for ax, deg in axes_deg)
        out.append((name, affine(r, (12.5, -3, 40))))
    lia = np.array([[-1, 0, 0], [0, 0, 1.0], [0, -1, 0]])
    out.append(("rot_y30_x-20_of_LIA", affine(rotation(1, 30) @ rotation(0, -20) @ lia, (5, 5, 5))))
    # Anisotropic spacing, with flips, permutations and rotations.
    out.append(("aniso_lps_0.5x0.5x3", affine(np.diag([-0.5, -0.5, 3.0]))))
    out.append(("aniso_rotz30_0.8x0.8x5", affine(rotation(2, 30) @ np.diag([0.8, 0.8, 5.0]))))
    m = np.array([[0, 0, -1.0], [1, 0, 0], [0, -1, 0]])  # coronal-like stack
    out.append(("aniso_perm_rotx35_0.9x1.2x4", affine(rotation(0, 35) @ m @ np.diag([0.9, 1.2, 4.0]))))
    # CT gantry tilt: slice axis not perpendicular to the in-plane axes.
    t = np.radians(30)
    out.append(("shear_gantry_tilt30", affine(np.array([[1, 0, 0], [0, np.cos(t), 0], [0, np.sin(t), 1.0]])
                                              @ np.diag([0.7, 0.7, 2.5]))))
    # Strong shears: the greedy choice on normalized columns differs from nibabel's polar decomposition.
    out.append(("shear_strong_a", affine(np.array([[1, 1.2, 0], [0.7, 1, 0], [0.6, 0, 1.0]]))))
    out.append(("shear_strong_b", affine(np.array([[1, 0.8, 0], [0.3, 1, 0.9], [-1.1, 0, 1.0]]))))
    # Degenerate: the third voxel axis has zero length (nibabel drops it).
    out.append(("degenerate_zero_column", affine(np.diag([1.0, 1.0, 0.0]))))
    return out


def main():
    records = []
    for name, a in cases():
        codes = aff2axcodes(a)
        ornt = io_orientation(a)
        records.append({
            "name": name,
            "affine": [[float(v) for v in row] for row in a],
            "axcodes": [c for c in codes],
            "ornt": [None if np.isnan(r[0]) else [int(r[0]), int(r[1])] for r in ornt],
        })
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"nibabel": nibabel.__version__, "cases": records}, indent=1) + "\n")
    print(f"{len(records)} cases written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
