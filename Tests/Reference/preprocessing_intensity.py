#!/usr/bin/env python3
"""Reference values for the intensity and spatial preprocessing tests.

Writes Fixtures/preprocessing/intensity.json from small deterministic volumes (stored in
the JSON, so that Swift reads exactly the same float32 values):

- z-score (all voxels and inside a mask) and percentiles: NumPy (np.std ddof=0,
  np.percentile method 'linear');
- Otsu thresholds: skimage.filters.threshold_otsu(nbins=256);
- binary erosion/dilation/closing/opening, fill holes, label + largest component:
  scipy.ndimage with border_value=0 and explicit structuring elements;
- histogram standardization: TorchIO's HistogramStandardization (train and apply).

Arrays are stored flat with x fastest (NumPy arrays of shape (nz, ny, nx) in C order);
masks as strings of '0'/'1'.

Run with the project venv:  /work/venv/bin/python Tests/Reference/preprocessing_intensity.py
(needs numpy, scipy, scikit-image, nibabel, torch (CPU) and torchio).
"""
import json
import os
import tempfile

import nibabel as nib
import numpy as np
import scipy
import scipy.ndimage as ndi
import skimage
from skimage.filters import threshold_otsu
import torch
import torchio as tio

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Fixtures", "preprocessing", "intensity.json")
NX, NY, NZ = 12, 10, 8
rng = np.random.default_rng(20240603)


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).reshape(-1)]


def bits(m):
    return "".join("1" if v else "0" for v in np.asarray(m).reshape(-1))


zz, yy, xx = np.meshgrid(np.arange(NZ), np.arange(NY), np.arange(NX), indexing="ij")


def blob(cx, cy, cz, ax, ay, az):
    return np.sqrt(((xx - cx) / ax) ** 2 + ((yy - cy) / ay) ** 2 + ((zz - cz) / az) ** 2)


# An MR-like image: a bright ellipsoid with noise on a dark noisy background.
r = blob(5.5, 4.5, 3.5, 4.5, 3.8, 3.2)
image = np.where(r < 1, 100 + 15 * rng.normal(size=r.shape) + 30 * (r < 0.5), 6 * rng.random(r.shape)).astype(np.float32)
mask = (r < 0.8).astype(np.uint8)

out = {"shape": [NX, NY, NZ], "image": flat(image), "mask": bits(mask),
       "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "skimage": skimage.__version__,
                    "torch": torch.__version__, "torchio": tio.__version__}}

# z-score: population std (ddof = 0), statistics in float64 over the mask.
def zscore(img, m=None):
    sel = img[m.astype(bool)] if m is not None else img.reshape(-1)
    mean = float(np.mean(sel.astype(np.float64)))
    std = float(np.std(sel.astype(np.float64)))
    return {"mean": mean, "std": std, "output": flat((img.astype(np.float64) - mean) / std)}

out["zscore"] = zscore(image)
out["zscore_mask"] = zscore(image, mask)

ps = [0, 0.5, 1, 2.5, 10, 25, 33.3, 50, 75, 90, 99, 99.5, 100]
out["percentiles"] = {"ps": ps,
                      "all": [float(v) for v in np.percentile(image, ps)],
                      "mask": [float(v) for v in np.percentile(image[mask.astype(bool)], ps)]}
lo, hi = np.percentile(image, [0.5, 99.5])
out["percentile_rescale"] = {"low": float(lo), "high": float(hi),
                             "output": flat(np.clip((image.astype(np.float64) - lo) / (hi - lo), 0, 1))}

# Otsu on the image and on a CT-like volume (air, soft tissue, bone).
ct = np.where(r < 1, 40 + 10 * rng.normal(size=r.shape), -1000 + 5 * rng.normal(size=r.shape))
ct = np.where(blob(5.5, 4.5, 3.5, 2.0, 1.5, 1.5) < 1, 700 + 50 * rng.normal(size=r.shape), ct).astype(np.float32)
out["ct"] = flat(ct)
out["otsu"] = {"image": float(threshold_otsu(image, nbins=256)), "ct": float(threshold_otsu(ct, nbins=256))}

# Binary morphology on a mask of blobs with a hole, with scipy's border_value=0.
noise = ndi.gaussian_filter(rng.random((NZ, NY, NX)), 1.2)
blobs = noise > np.percentile(noise, 55)
shell = (blob(6, 5, 4, 3.6, 3.2, 2.6) < 1) & (blob(6, 5, 4, 3.6, 3.2, 2.6) > 0.55)
binary = (blobs | shell).astype(bool)
out["binary"] = bits(binary)


def element(kind, rad):
    if kind == "cube":
        return np.ones((2 * rad + 1,) * 3, bool)
    g = np.arange(-rad, rad + 1)
    z, y, x = np.meshgrid(g, g, g, indexing="ij")
    return (x * x + y * y + z * z) <= rad * rad


morph = {}
for kind, rad in [("cube", 1), ("ball", 1), ("ball", 2), ("cube", 2)]:
    s = element(kind, rad)
    key = f"{kind}{rad}"
    morph[key] = {
        "erosion": bits(ndi.binary_erosion(binary, s, border_value=0)),
        "dilation": bits(ndi.binary_dilation(binary, s, border_value=0)),
        "closing": bits(ndi.binary_closing(binary, s, border_value=0)),
        "opening": bits(ndi.binary_opening(binary, s, border_value=0)),
        "closing_padded": bits(ndi.binary_closing(np.pad(binary, rad), s, border_value=0)[rad:-rad, rad:-rad, rad:-rad]),
    }
out["morphology"] = morph
out["fill_holes"] = bits(ndi.binary_fill_holes(binary))  # default structure: 6-connectivity
largest = {}
for conn, structure in [(6, ndi.generate_binary_structure(3, 1)), (26, np.ones((3, 3, 3), bool))]:
    labels, n = ndi.label(binary, structure=structure)
    sizes = np.bincount(labels.reshape(-1))[1:]
    largest[str(conn)] = {"components": int(n), "largest": bits(labels == (int(np.argmax(sizes)) + 1))}
out["largest_component"] = largest

# Histogram standardization with TorchIO: three training images of different intensity
# scales, landmarks trained without and with TorchIO's `x > x.mean()` mask, applied to a
# fourth image.
def mr(seed_shift, gain, offset):
    g = np.random.default_rng(100 + seed_shift)
    rr = blob(5.5 + 0.3 * seed_shift, 4.5, 3.5, 4.2, 3.6, 3.0)
    v = np.where(rr < 1, 60 + 25 * (rr < 0.6) + 12 * g.normal(size=rr.shape), 4 * g.random(rr.shape))
    return (gain * v + offset).astype(np.float32)

train_images = [mr(0, 1.0, 0), mr(1, 2.5, 10), mr(2, 0.7, 5)]
test_image = mr(3, 1.8, 3)
with tempfile.TemporaryDirectory() as tmp:
    paths = []
    for n, a in enumerate(train_images):
        p = os.path.join(tmp, f"train{n}.nii")
        nib.save(nib.Nifti1Image(a.transpose(2, 1, 0), np.eye(4)), p)
        paths.append(p)
    landmarks = tio.HistogramStandardization.train(paths, progress=False)
    landmarks_fg = tio.HistogramStandardization.train(paths, masking_function=lambda x: x > x.mean(), progress=False)


def apply_hist(a, lm, masking):
    subject = tio.Subject(img=tio.ScalarImage(tensor=torch.from_numpy(a.transpose(2, 1, 0).copy())[None], affine=np.eye(4)))
    t = tio.HistogramStandardization({"img": lm}, masking_method=masking)
    return t(subject)["img"].data[0].numpy().transpose(2, 1, 0)

out["histogram"] = {
    "train": [flat(a) for a in train_images],
    "test": flat(test_image),
    "landmarks": [float(v) for v in landmarks],
    "landmarks_foreground": [float(v) for v in landmarks_fg],
    "output": flat(apply_hist(test_image, landmarks, None)),
    "output_foreground": flat(apply_hist(test_image, landmarks_fg, lambda x: x > x.mean())),
}

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")
