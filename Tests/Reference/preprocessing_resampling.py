#!/usr/bin/env python3
"""Reference values for medsynth's resampling and Gaussian smoothing (scipy.ndimage).

Writes Fixtures/preprocessing/resampling.json (repo-root relative), read by
Tests/PreprocessingTests/ResamplingReferenceTests.swift and GaussianSmoothingTests.swift:

    /work/venv/bin/python Tests/Reference/preprocessing_resampling.py

The input volumes are made by formula on both sides (see `intensity` and `labels`,
mirrored in the Swift tests), so the fixture holds only the outputs.

Grid placement (mirrors `Resampler.grid(for:spacing:)` / `grid(for:shape:)`, TorchIO's
convention, computed here independently): same direction cosines; for a spacing,
floor(n * old / new) voxels per axis, for a shape, spacing old * n / new; the centre of
the field of view (midway between the first and last voxel centres) kept.

Resampling: output index o reads input index M o + t, where [M t] = inv(A_in) A_out.
medsynth fills output voxels whose mapped index lies outside [-0.5, n - 0.5] on some
axis and, inside, matches scipy.ndimage.affine_transform with
  - nearest: order=0, mode='nearest' (clamped to the edge voxels),
  - linear:  order=1, mode='nearest' (coordinate clamped to [0, n - 1]),
  - bspline: order=3, mode='mirror', prefilter=True (spline filter with mirror
    boundaries; coefficients mirrored about the edge centres),
so the reference is scipy's output with the fill written where the index is outside.
The script asserts that no mapped index lies within 1e-6 of a rounding tie (for
nearest) or of the field-of-view border, where float rounding could flip the answer.

Gaussian: scipy.ndimage.gaussian_filter(mode='reflect', truncate=4.0) on float64 copies
of the float32 input.
"""
import json
import pathlib

import numpy as np
import scipy
import scipy.ndimage as ndi

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Fixtures" / "preprocessing" / "resampling.json"

SHAPE = (17, 13, 11)
FILL = -3.5


def intensity(shape):
    """Smooth but non-separable test volume, indexed [i, j, k] = (x, y, z), as float32."""
    i, j, k = np.meshgrid(*[np.arange(n, dtype=np.float64) for n in shape], indexing="ij")
    v = (np.sin(0.55 * i + 0.3) * np.cos(0.45 * j - 0.2)
         + 0.4 * np.sin(0.7 * k + 0.13 * i * j / 10)
         + 0.02 * (i - 8) * (k - 5))
    return v.astype(np.float32)


def labels(shape):
    """Integer label volume (0...4)."""
    i, j, k = np.meshgrid(*[np.arange(n) for n in shape], indexing="ij")
    return ((i // 4 + 2 * (j // 3) + 3 * (k // 4)) % 5).astype(np.int16)


def rotation(axis, degrees):
    t = np.radians(degrees)
    c, s = np.cos(t), np.sin(t)
    r = np.eye(3)
    a, b = [(1, 2), (0, 2), (0, 1)][axis]
    r[a, a], r[a, b], r[b, a], r[b, b] = c, -s, s, c
    return r


def affine(rot, spacing, origin):
    a = np.eye(4)
    a[:3, :3] = rot @ np.diag(spacing)
    a[:3, 3] = origin
    return a


A_IN = affine(rotation(2, 12) @ rotation(0, -7), [1.2, 0.9, 2.0], [-9.0, 4.5, -11.0])


def centred(a_in, shape_in, ratio, shape_out):
    s = np.eye(4)
    for a in range(3):
        s[a, a] = ratio[a]
        s[a, 3] = (shape_in[a] - 1) / 2 - ratio[a] * (shape_out[a] - 1) / 2
    return a_in @ s


def grid_for_spacing(a_in, shape_in, spacing):
    old = np.sqrt((a_in[:3, :3] ** 2).sum(axis=0))
    ratio = np.asarray(spacing) / old
    shape = [1 if n == 1 else max(1, int(np.floor(n / r + 1e-6))) for n, r in zip(shape_in, ratio)]
    return shape, centred(a_in, shape_in, ratio, shape)


def grid_for_shape(a_in, shape_in, shape):
    ratio = np.asarray(shape_in, dtype=float) / np.asarray(shape, dtype=float)
    return list(shape), centred(a_in, shape_in, ratio, shape)


def mapped_indices(a_in, a_out, shape_out):
    m = np.linalg.inv(a_in) @ a_out
    o = np.stack(np.meshgrid(*[np.arange(n, dtype=np.float64) for n in shape_out], indexing="ij"), axis=0).reshape(3, -1)
    return m[:3, :3] @ o + m[:3, 3:4], m


def outside_mask(x, shape_in):
    bad = np.zeros(x.shape[1], dtype=bool)
    for a in range(3):
        n = shape_in[a]
        d = x[a]
        assert np.all(np.abs(d + 0.5) > 1e-6) and np.all(np.abs(d - (n - 0.5)) > 1e-6), "index on the field-of-view border"
        bad |= (d < -0.5) | (d > n - 0.5)
    return bad


def resample(data, a_in, shape_out, a_out, order, fill):
    x, m = mapped_indices(a_in, a_out, shape_out)
    bad = outside_mask(x, data.shape)
    if order == 0:
        frac = x - np.floor(x)
        assert np.all(np.abs(frac - 0.5) > 1e-6), "nearest-neighbour tie"
    mode = {0: "nearest", 1: "nearest", 3: "mirror"}[order]
    out = ndi.affine_transform(data.astype(np.float64), m[:3, :3], offset=m[:3, 3], output_shape=tuple(shape_out),
                               order=order, mode=mode, prefilter=True)
    flat = out.reshape(-1)
    flat[bad] = fill
    return flat.reshape(shape_out), bad


def fortran(a):
    """Values in medsynth's memory order (x fastest)."""
    return [float(f"{v:.7g}") for v in np.asarray(a).reshape(-1, order="F")]


def main():
    vol = intensity(SHAPE)
    lab = labels(SHAPE)

    # An oblique grid centred 2.5 mm off the input's centre, partly outside it.
    oblique_affine = affine(rotation(1, 23) @ rotation(2, -31), [1.1, 1.3, 1.7], [0, 0, 0])
    centre_in = A_IN @ np.array([8, 6, 5, 1.0])
    centre_out = oblique_affine @ np.array([7, 6.5, 5.5, 1.0])
    oblique_affine[:3, 3] = centre_in[:3] - centre_out[:3] + np.array([2.0, 1.5, -1.0])
    cases = []
    specs = [
        ("upsample", "spacing", [0.83, 0.71, 1.47]),
        ("downsample", "spacing", [2.13, 1.72, 3.07]),
        ("shape", "shape", [9, 20, 7]),
        ("oblique", "grid", ([15, 14, 12], oblique_affine)),
    ]
    for name, kind, value in specs:
        if kind == "spacing":
            shape, a_out = grid_for_spacing(A_IN, SHAPE, value)
        elif kind == "shape":
            shape, a_out = grid_for_shape(A_IN, SHAPE, value)
        else:
            shape, a_out = value
        case = {"name": name, kind: value if kind != "grid" else None,
                "gridShape": list(map(int, shape)), "gridAffine": a_out.tolist()}
        case.pop("grid", None)
        outside = 0
        for order, key in [(0, "nearest"), (1, "linear"), (3, "bspline")]:
            out, bad = resample(vol, A_IN, shape, a_out, order, FILL)
            case[key] = fortran(out)
            outside = int(bad.sum())
        case["outsideCount"] = outside
        lab_out, _ = resample(lab, A_IN, shape, a_out, 0, 0)
        case["labels"] = [int(round(v)) for v in lab_out.reshape(-1, order="F")]
        cases.append(case)

    gaussians = []
    for sigma in [[1.3, 0.0, 2.1], [0.7, 1.5, 0.9], [0.4, 2.6, 4.0]]:
        out = ndi.gaussian_filter(vol.astype(np.float64), sigma=sigma, mode="reflect", truncate=4.0)
        gaussians.append({"sigma": sigma, "values": fortran(out)})

    fixture = {
        "generator": f"Tests/Reference/preprocessing_resampling.py (scipy {scipy.__version__}, numpy {np.__version__})",
        "shape": list(SHAPE),
        "inputAffine": A_IN.tolist(),
        "fill": FILL,
        "cases": cases,
        "gaussian": gaussians,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
    for c in cases:
        print(c["name"], c["gridShape"], "outside:", c["outsideCount"])


if __name__ == "__main__":
    main()
