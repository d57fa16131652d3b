#!/usr/bin/env python3
"""Reference outputs of TorchIO's deterministic augmentation transforms.

Writes Fixtures/preprocessing/augmentation.json (repo-root relative): for a small
float32 volume made by formula (below, repeated in the Swift test) on an anisotropic
RAS grid, the output of TorchIO's fixed-parameter transforms (the ones its random
transforms call once their parameters are drawn):

- BiasField (order 3, 20 given coefficients), Gamma (1.3 and 0.7 on a signed image),
- Ghosting (3 ghosts along axis 1, intensity 0.7, no restore; 2 along axis 0 with
  restore 0.25), Spike (two given positions, intensity 1.5),
- Affine (scales, degrees, translation about the image centre, linear, fill minimum),
- ElasticDeformation (6x6x6 control points drawn here with a fixed numpy seed and
  stored; TorchIO takes them in LPS mm on a grid along the LPS axes, the fixture stores
  RAS mm on a grid along the voxel axes),
- Motion (two translation-only poses at times 0.3 and 0.6; TorchIO 1.2 combines
  k-space along the last axis; translations stored in RAS mm).

Tests/PreprocessingTests/AugmentReferenceTests.swift compares medsynth's transforms
with these arrays (x fastest).

    /work/venv/bin/python Tests/Reference/preprocessing_augmentation.py

Needs torchio (1.2.1 was used) with torch==2.13.0+cpu and SimpleITK.
"""
import json
import pathlib

import numpy as np
import torch
import torchio as tio
from torchio.transforms.augmentation.intensity.random_bias_field import BiasField
from torchio.transforms.augmentation.intensity.random_gamma import Gamma
from torchio.transforms.augmentation.intensity.random_ghosting import Ghosting
from torchio.transforms.augmentation.intensity.random_motion import Motion
from torchio.transforms.augmentation.intensity.random_spike import Spike
from torchio.transforms.augmentation.spatial.random_affine import Affine
from torchio.transforms.augmentation.spatial.random_elastic_deformation import ElasticDeformation

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Fixtures" / "preprocessing" / "augmentation.json"

SHAPE = (16, 14, 12)
SPACING = (1.5, 1.0, 2.0)
ORIGIN = (-10.0, 5.0, 3.0)


def volume():
    """v(i, j, k) = 10 + 5 sin(0.4 i) + 3 cos(0.3 j + 0.2 k) + 0.1 i j - 0.05 k^2 (float64, then float32)."""
    i, j, k = np.meshgrid(*[np.arange(n, dtype=np.float64) for n in SHAPE], indexing="ij")
    v = 10 + 5 * np.sin(0.4 * i) + 3 * np.cos(0.3 * j + 0.2 * k) + 0.1 * i * j - 0.05 * k * k
    return v.astype(np.float32)


def affine():
    a = np.diag([*SPACING, 1.0])
    a[:3, 3] = ORIGIN
    return a


def run(transform, data):
    image = tio.ScalarImage(tensor=torch.from_numpy(data[None].copy()), affine=affine())
    subject = tio.Subject(image=image)
    out = transform(subject)
    return out["image"].data[0].numpy().astype(np.float32)


def flat(a):
    """x fastest, as medsynth's volumes; 7 significant digits (float32 precision)."""
    return [float("%.7g" % x) for x in np.asarray(a, dtype=np.float64).ravel(order="F")]


def main():
    v = volume()
    cases = []

    coefficients = [round(0.08 * (((t * 7) % 11) - 5), 4) for t in range(20)]
    cases.append({"name": "bias_field", "order": 3, "coefficients": coefficients,
                  "output": flat(run(BiasField(coefficients=coefficients, order=3), v))})

    signed = (v - 12).astype(np.float32)
    for g in (1.3, 0.7):
        cases.append({"name": "gamma", "input_offset": -12, "gamma": g,
                      "output": flat(run(Gamma(gamma=g), signed))})

    cases.append({"name": "ghosting", "num_ghosts": 3, "axis": 1, "intensity": 0.7, "restore": None,
                  "output": flat(run(Ghosting(num_ghosts=3, axis=1, intensity=0.7, restore=None), v))})
    cases.append({"name": "ghosting", "num_ghosts": 2, "axis": 0, "intensity": 0.9, "restore": 0.25,
                  "output": flat(run(Ghosting(num_ghosts=2, axis=0, intensity=0.9, restore=0.25), v))})

    positions = [[0.1, 0.7, 0.3], [0.8, 0.2, 0.5]]
    cases.append({"name": "spike", "positions": positions, "intensity": 1.5,
                  "output": flat(run(Spike(spikes_positions=np.array(positions), intensity=1.5), v))})

    for scales, degrees, translation in [((1.1, 0.9, 1.0), (10.0, -5.0, 20.0), (2.0, -1.0, 3.0)),
                                         ((1.0, 1.0, 1.0), (0.0, 0.0, 90.0), (0.0, 0.0, 0.0))]:
        t = Affine(scales=scales, degrees=degrees, translation=translation, center="image",
                   default_pad_value="minimum", image_interpolation="linear")
        cases.append({"name": "affine", "scales": list(scales), "degrees": list(degrees),
                      "translation": list(translation), "output": flat(run(t, v))})

    rng = np.random.default_rng(7)
    control_ras = np.round(rng.uniform(-4, 4, size=(6, 6, 6, 3)), 3)
    control_ras[:1] = 0; control_ras[-1:] = 0
    control_ras[:, :1] = 0; control_ras[:, -1:] = 0
    control_ras[:, :, :1] = 0; control_ras[:, :, -1:] = 0
    control_lps = control_ras * np.array([-1.0, -1.0, 1.0])
    t = ElasticDeformation(control_points=control_lps, max_displacement=(4.0, 4.0, 4.0), image_interpolation="linear")
    # medsynth's layout: grid indexed along the voxel axes, x fastest, three components per
    # point. ITK lays its grid along the LPS axes: on this RAS grid voxel axes 0 and 1 run
    # against LPS x and y, so those grid indices are reversed.
    along_voxels = control_ras[::-1, ::-1, :, :]
    layout = [float(along_voxels[a, b, c, comp]) for c in range(6) for b in range(6) for a in range(6) for comp in range(3)]
    cases.append({"name": "elastic", "counts": [6, 6, 6], "displacements": layout, "output": flat(run(t, v))})

    translation_ras = np.array([[3.0, 0.0, 0.0], [0.0, -2.0, 4.0]])
    translation_lps = translation_ras * np.array([-1.0, -1.0, 1.0])
    times = np.array([0.3, 0.6])
    t = Motion(degrees=np.zeros((2, 3)), translation=translation_lps, times=times, image_interpolation="linear")
    cases.append({"name": "motion", "axis": 2, "translation": translation_ras.tolist(), "times": times.tolist(),
                  "output": flat(run(t, v))})

    payload = {
        "generator": "Tests/Reference/preprocessing_augmentation.py",
        "torchio": tio.__version__,
        "shape": list(SHAPE), "spacing": list(SPACING), "origin": list(ORIGIN),
        "cases": cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(payload, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(cases)} cases)")


if __name__ == "__main__":
    main()
