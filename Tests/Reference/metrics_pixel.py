#!/usr/bin/env python3
"""Reference values for medsynth's pixel metrics (Sources/Metrics/Pixel).

Writes Fixtures/metrics/pixel_reference.json, read by Tests/MetricsTests/PixelReferenceTests.swift:

    /work/venv/bin/python Tests/Reference/metrics_pixel.py

Library versions used (checked at start): scikit-image 0.26.0, pytorch-msssim 1.0.0
(pip install --no-deps pytorch-msssim==1.0.0), torch 2.x CPU, numpy 2.x, scipy, nibabel.

Images (stored in the fixture as base64 little-endian float32/int16/uint8, x fastest, i.e.
NumPy arrays of shape (ny, nx) or (nz, ny, nx) in C order), so the Swift tests need
neither Python nor ../shared/data:
- "mri2d": slice z=12 of volume 0 of ../shared/data/nifti/example4d.nii.gz (nibabel test
  data, int16, 128 x 96), as float32; "mri2d-degraded": a Gaussian blur (sigma 1) plus
  Gaussian noise (sd 3% of the slice's range, seeded) of it, float32; "mri2d-int16":
  the degraded slice rounded to int16 (for the voxel-type data-range rule).
- "mri3d": the block x 40..87, y 24..71, z 0..23 of the same volume (48 x 48 x 24) and its
  degraded copy made the same way in 3D.
- "rand2d" (64 x 48), "rand3d" (24 x 20 x 16): seeded uniform [0, 1) float32 and a noisy
  copy; "u8-a", "u8-b": seeded uint8 images (64 x 48).
Images too large to store are made by integer formulas that the Swift tests reproduce
exactly ("formula" cases, see `formula_pair`); the 2D MS-SSIM case of the MRI slice
upsamples it 2x by repetition (np.repeat on both axes: 256 x 192), also reproduced in Swift.
Masks are `reference > threshold` on the float32 values (threshold stored).

Reference values:
- SSIM: skimage.metrics.structural_similarity on float64 copies of the float32 samples
  (scikit-image keeps float32 input in float32, whose E[x^2] - E[x]^2 cancellation alone
  exceeds 1e-6 on MRI intensities). "wang": gaussian_weights=True, sigma=1.5,
  use_sample_covariance=False; "skimage": the defaults (7x7 uniform, sample covariance).
  2D arrays for images, 3D arrays (channel_axis=None) for volumes. Masked SSIM (medsynth's
  definition): the mean of skimage's full SSIM map (full=True) over mask voxels inside the
  map cropped by (win_size - 1) / 2.
- PSNR: skimage.metrics.peak_signal_noise_ratio (float64 copies, explicit data_range; with
  data_range=None on the int16 / uint8 arrays for the voxel-type rule). Masked: the same
  formula over mask voxels in NumPy.
- MSE (skimage mean_squared_error), MAE (NumPy), NMSE = skimage normalized_root_mse(
  normalization='euclidean') squared = sum (a - b)^2 / sum a^2, a the reference.
- NMI: skimage.metrics.normalized_mutual_information on the float32 arrays (the bin edges
  are then computed in float32 by np.histogramdd/np.linspace, which medsynth mirrors),
  bins as given; masked: the same on the 1D arrays of mask voxels. MI: H(A) + H(B) - H(A,B)
  in nats from the same np.histogramdd histogram (NumPy).
- MS-SSIM: pytorch_msssim.ms_ssim (win_size 11, sigma 1.5, K (0.01, 0.03)) on float64
  tensors (and on float32 for comparison), shapes (1, 1, H, W) or (1, 1, D, H, W). For fewer
  scales than pytorch-msssim's size assertion allows (it always demands a side above
  (win - 1) * 2^4), `ms_ssim_unchecked` runs the library's own loop (its _ssim, avg_pool
  with padding s % 2, ReLU, weighted product) without that assertion; the script checks
  that it equals ms_ssim to 1e-12 wherever ms_ssim accepts the input. pytorch-msssim builds
  its window in float32, so its weights sum to 1 only to about 3e-8; on images with large
  means (MRI intensities) that alone moves MS-SSIM by about 1e-6. "doubleWindow" is the same
  loop with the window computed in float64 (medsynth's window), for a tight check.
"""
import base64
import importlib.metadata
import json
import os
import warnings

import nibabel as nib
import numpy as np
import scipy
import scipy.ndimage as ndi
import skimage
import torch
import torch.nn.functional as F
import pytorch_msssim
from pytorch_msssim.ssim import _fspecial_gauss_1d, _ssim
from skimage.metrics import (mean_squared_error, normalized_mutual_information, normalized_root_mse,
                             peak_signal_noise_ratio, structural_similarity)
from skimage.util.arraycrop import crop

assert skimage.__version__ == "0.26.0", skimage.__version__
MSSSIM_VERSION = importlib.metadata.version("pytorch-msssim")
assert MSSSIM_VERSION == "1.0.0", MSSSIM_VERSION

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Fixtures", "metrics", "pixel_reference.json")
DATA = os.path.join(ROOT, "..", "shared", "data", "nifti", "example4d.nii.gz")
rng = np.random.default_rng(20250611)
warnings.simplefilter("ignore")
torch.set_num_threads(1)

images = {}
cases = []


def store(name, array):
    a = np.ascontiguousarray(array)
    dtype = {np.dtype(np.float32): "float32", np.dtype(np.int16): "int16", np.dtype(np.uint8): "uint8"}[a.dtype]
    shape = list(a.shape[::-1]) + [1] * (3 - a.ndim)  # [nx, ny, nz]
    images[name] = {"shape": shape, "dtype": dtype, "base64": base64.b64encode(a.astype(a.dtype.newbyteorder("<")).tobytes()).decode()}


def degrade(a, noise_fraction, seed_rng):
    a64 = a.astype(np.float64)
    blurred = ndi.gaussian_filter(a64, 1.0, mode="reflect")
    sd = noise_fraction * float(a64.max() - a64.min())
    return (blurred + seed_rng.normal(0, sd, size=a.shape)).astype(np.float32)


def ssim_ref(a, b, data_range, settings, mask=None):
    kw = dict(data_range=data_range)
    if settings == "wang":
        kw.update(gaussian_weights=True, sigma=1.5, use_sample_covariance=False)
        win = 11
    else:
        win = 7
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    if mask is None:
        return float(structural_similarity(a64, b64, **kw))
    _, full = structural_similarity(a64, b64, full=True, **kw)
    pad = (win - 1) // 2
    return float(crop(full, pad)[crop(mask, pad)].mean(dtype=np.float64))


def mi_ref(a32, b32, bins):
    hist, _ = np.histogramdd([a32.reshape(-1), b32.reshape(-1)], bins=bins)
    p = hist / hist.sum()

    def h(q):
        q = q[q > 0]
        return float(-(q * np.log(q)).sum())
    return h(p.sum(axis=1)) + h(p.sum(axis=0)) - h(p.reshape(-1))


def window_float64(size, sigma):
    """pytorch-msssim's Gaussian window computed in float64 (the library computes it in float32)."""
    coords = torch.arange(size, dtype=torch.float64) - size // 2
    g = torch.exp(-(coords ** 2) / (2 * sigma ** 2))
    return (g / g.sum()).unsqueeze(0).unsqueeze(0)


def ms_ssim_unchecked(X, Y, data_range, weights, win_size=11, win_sigma=1.5, K=(0.01, 0.03), window=_fspecial_gauss_1d):
    """pytorch_msssim.ms_ssim's loop without its size assertion (library _ssim and pooling)."""
    for d in range(len(X.shape) - 1, 1, -1):
        X = X.squeeze(dim=d)
        Y = Y.squeeze(dim=d)
    avg_pool = F.avg_pool2d if len(X.shape) == 4 else F.avg_pool3d
    win = window(win_size, win_sigma)
    win = win.repeat([X.shape[1]] + [1] * (len(X.shape) - 1))
    weights_tensor = X.new_tensor(weights)
    levels = weights_tensor.shape[0]
    mcs = []
    for i in range(levels):
        ssim_per_channel, cs = _ssim(X, Y, win=win, data_range=data_range, size_average=False, K=K)
        if i < levels - 1:
            mcs.append(torch.relu(cs))
            padding = [s % 2 for s in X.shape[2:]]
            X = avg_pool(X, kernel_size=2, padding=padding)
            Y = avg_pool(Y, kernel_size=2, padding=padding)
    ssim_per_channel = torch.relu(ssim_per_channel)
    mcs_and_ssim = torch.stack(mcs + [ssim_per_channel], dim=0)
    return float(torch.prod(mcs_and_ssim ** weights_tensor.view(-1, 1, 1), dim=0).mean())


STANDARD = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]


def msssim_ref(a, b, data_range, scales):
    weights = STANDARD[:scales]
    out = {}
    for dtype, key in ((torch.float64, "expected"), (torch.float32, "float32")):
        X = torch.from_numpy(a.astype(np.float64)).to(dtype)[None, None]
        Y = torch.from_numpy(b.astype(np.float64)).to(dtype)[None, None]
        unchecked = ms_ssim_unchecked(X, Y, data_range, weights)
        try:
            library = float(pytorch_msssim.ms_ssim(X, Y, data_range=data_range, weights=weights))
            assert abs(library - unchecked) < 1e-12, (library, unchecked)
            out["source"] = "pytorch_msssim.ms_ssim"
        except AssertionError as e:
            if "Image size should be larger" not in str(e):
                raise
            out["source"] = "ms_ssim_unchecked (library loop without the size assertion)"
        out[key] = unchecked
        if dtype == torch.float64:
            out["doubleWindow"] = ms_ssim_unchecked(X, Y, data_range, weights, window=window_float64)
    return out


def add(name, metric, ref, test, expected, tolerance, **extra):
    case = {"name": name, "metric": metric, "reference": ref, "test": test, "expected": expected, "tolerance": tolerance}
    case.update(extra)
    cases.append(case)


def pair_cases(tag, a, b, data_range, nmi_bins=(100,), mask_threshold=None, ssim=True):
    """Adds SSIM (both settings), PSNR, errors, NMI/MI cases for images a (reference) and b."""
    ra, rb = tag, tag + "-degraded"
    mask = None if mask_threshold is None else a > np.float32(mask_threshold)
    variants = [(None, None)] + ([] if mask is None else [(mask, mask_threshold)])
    for m, thr in variants:
        suffix = "" if m is None else " masked"
        mk = {} if m is None else {"maskThreshold": thr}
        if ssim:
            for settings in ("wang", "skimage"):
                add(f"{tag} ssim {settings}{suffix}", "ssim", ra, rb, ssim_ref(a, b, data_range, settings, m), 1e-6,
                    dataRange=data_range, settings=settings, **mk)
        a64, b64 = a.astype(np.float64), b.astype(np.float64)
        sel = np.ones(a.shape, bool) if m is None else m
        if m is None:
            psnr = float(peak_signal_noise_ratio(a64, b64, data_range=data_range))
            mse = float(mean_squared_error(a64, b64))
            nmse = float(normalized_root_mse(a64, b64, normalization="euclidean")) ** 2
        else:
            mse = float(np.mean((a64[sel] - b64[sel]) ** 2))
            psnr = float(10 * np.log10(data_range ** 2 / mse))
            nmse = float(np.sum((a64[sel] - b64[sel]) ** 2) / np.sum(a64[sel] ** 2))
        mae = float(np.mean(np.abs(a64[sel] - b64[sel])))
        add(f"{tag} psnr{suffix}", "psnr", ra, rb, psnr, 1e-6, dataRange=data_range, **mk)
        add(f"{tag} mse{suffix}", "mse", ra, rb, mse, 1e-9, relative=True, **mk)
        add(f"{tag} mae{suffix}", "mae", ra, rb, mae, 1e-9, relative=True, **mk)
        add(f"{tag} nmse{suffix}", "nmse", ra, rb, nmse, 1e-9, relative=True, **mk)
        for bins in nmi_bins:
            a32, b32 = a[sel], b[sel]
            add(f"{tag} nmi {bins}{suffix}", "nmi", ra, rb, float(normalized_mutual_information(a32, b32, bins=bins)), 1e-6,
                bins=bins, **mk)
            add(f"{tag} mi {bins}{suffix}", "mi", ra, rb, mi_ref(a32, b32, bins), 1e-6, bins=bins, **mk)


def formula_pair(nx, ny, nz):
    """Integer-valued images (exact in float32) that PixelReferenceTests rebuilds bit for bit."""
    z, y, x = np.meshgrid(np.arange(nz), np.arange(ny), np.arange(nx), indexing="ij")
    x = x.astype(np.int64); y = y.astype(np.int64); z = z.astype(np.int64)
    h = ((x * 73856093) ^ (y * 19349663) ^ (z * 83492791)) % 1021
    smooth = 3000 - ((x - nx // 2) ** 2 + (y - ny // 3) ** 2 + 4 * (z - nz // 2) ** 2) // 16
    a = np.maximum(smooth, 0) + h
    h2 = ((x * 2654435761) ^ (y * 40503) ^ (z * 97)) % 241
    b = (a * 3) // 4 + h2 + (x // 8) * 5
    return a.astype(np.float32), b.astype(np.float32)


# --- real 2D: MRI slice --------------------------------------------------------------------
vol = np.asanyarray(nib.load(DATA).dataobj)[..., 0]  # (128, 96, 24) int16, axes x, y, z
slice2d = np.ascontiguousarray(vol[:, :, 12].T)  # (ny, nx) = (96, 128)
mri2d = slice2d.astype(np.float32)
mri2d_b = degrade(mri2d, 0.03, rng)
store("mri2d", mri2d)
store("mri2d-degraded", mri2d_b)
R2 = float(mri2d.max() - mri2d.min())
pair_cases("mri2d", mri2d, mri2d_b, R2, nmi_bins=(100, 32), mask_threshold=float(np.percentile(mri2d, 60)))

# voxel-type data range: int16 images, data_range=None in scikit-image.
mri2d_i16 = np.clip(np.rint(mri2d_b), -32768, 32767).astype(np.int16)
store("mri2d-int16", mri2d_i16)
a_i16 = slice2d.astype(np.int16)
add("mri2d int16 ssim wang fromReference", "ssim", "mri2d", "mri2d-int16",
    float(structural_similarity(a_i16, mri2d_i16, gaussian_weights=True, sigma=1.5, use_sample_covariance=False)), 1e-6,
    settings="wang", sourceType="int16", dataRangeValue=65535.0)
add("mri2d int16 psnr fromReference", "psnr", "mri2d", "mri2d-int16",
    float(peak_signal_noise_ratio(a_i16, mri2d_i16)), 1e-6, sourceType="int16", dataRangeValue=32767.0)

# MS-SSIM: the slice upsampled 2x (256 x 192) for 5 scales; the slice itself with 3 scales.
up = lambda im: np.repeat(np.repeat(im, 2, axis=0), 2, axis=1)
ms = msssim_ref(up(mri2d), up(mri2d_b), R2, 5)
add("mri2d upsampled msssim 5", "msssim", "mri2d", "mri2d-degraded", ms["expected"], 1e-4, dataRange=R2, scales=5,
    upsample=2, float32=ms["float32"], doubleWindow=ms["doubleWindow"], source=ms["source"])
ms = msssim_ref(mri2d, mri2d_b, R2, 3)
add("mri2d msssim 3", "msssim", "mri2d", "mri2d-degraded", ms["expected"], 1e-4, dataRange=R2, scales=3,
    float32=ms["float32"], doubleWindow=ms["doubleWindow"], source=ms["source"])

# --- real 3D: MRI block --------------------------------------------------------------------
block = np.ascontiguousarray(np.transpose(vol[40:88, 24:72, 0:24], (2, 1, 0)))  # (nz, ny, nx)
mri3d = block.astype(np.float32)
mri3d_b = degrade(mri3d, 0.03, rng)
store("mri3d", mri3d)
store("mri3d-degraded", mri3d_b)
R3 = float(mri3d.max() - mri3d.min())
pair_cases("mri3d", mri3d, mri3d_b, R3, mask_threshold=float(np.percentile(mri3d, 50)))
for scales in (2, 3):
    ms = msssim_ref(mri3d, mri3d_b, R3, scales)
    add(f"mri3d msssim {scales}", "msssim", "mri3d", "mri3d-degraded", ms["expected"], 1e-4, dataRange=R3, scales=scales,
        float32=ms["float32"], doubleWindow=ms["doubleWindow"], source=ms["source"])

# --- random images -------------------------------------------------------------------------
rand2d = rng.random((48, 64)).astype(np.float32)
rand2d_b = np.clip(rand2d + rng.normal(0, 0.1, rand2d.shape), 0, 1).astype(np.float32)
store("rand2d", rand2d)
store("rand2d-degraded", rand2d_b)
pair_cases("rand2d", rand2d, rand2d_b, 1.0, nmi_bins=(100, 20), mask_threshold=0.3)

rand3d = rng.random((16, 20, 24)).astype(np.float32)
rand3d_b = np.clip(rand3d + rng.normal(0, 0.2, rand3d.shape), 0, 1).astype(np.float32)
store("rand3d", rand3d)
store("rand3d-degraded", rand3d_b)
pair_cases("rand3d", rand3d, rand3d_b, 1.0)

u8a = rng.integers(0, 256, (48, 64)).astype(np.uint8)
u8b = np.clip(u8a.astype(np.int64) + rng.integers(-20, 21, u8a.shape), 0, 255).astype(np.uint8)
store("u8-a", u8a)
store("u8-b", u8b)
add("uint8 ssim skimage fromReference", "ssim", "u8-a", "u8-b", float(structural_similarity(u8a, u8b)), 1e-6,
    settings="skimage", sourceType="uint8", dataRangeValue=255.0)
add("uint8 psnr fromReference", "psnr", "u8-a", "u8-b", float(peak_signal_noise_ratio(u8a, u8b)), 1e-6,
    sourceType="uint8", dataRangeValue=255.0)
add("uint8 nmi 100", "nmi", "u8-a", "u8-b",
    float(normalized_mutual_information(u8a.astype(np.float32), u8b.astype(np.float32), bins=100)), 1e-6, bins=100)

# Few distinct values: samples land exactly on float32 bin edges.
yy, xx = np.meshgrid(np.arange(30), np.arange(40), indexing="ij")
labels_a = ((xx // 7 + yy // 5) % 5).astype(np.float32)
labels_b = ((xx // 6 + yy // 5 + (xx * yy) % 3) % 5).astype(np.float32)
store("labels-a", labels_a)
store("labels-b", labels_b)
for bins in (100, 7, 3):
    add(f"labels nmi {bins}", "nmi", "labels-a", "labels-b", float(normalized_mutual_information(labels_a, labels_b, bins=bins)),
        1e-6, bins=bins)
    add(f"labels mi {bins}", "mi", "labels-a", "labels-b", mi_ref(labels_a, labels_b, bins), 1e-6, bins=bins)

# --- formula images (not stored) -----------------------------------------------------------
formula = {}
for key, (nx, ny, nz), scales in (("formula2d", (200, 170, 1), 5), ("formula3d", (176, 168, 12), 5),
                                  ("formula3d-thin", (64, 56, 9), 2)):
    a, b = formula_pair(nx, ny, nz)
    if nz == 1:
        a, b = a[0], b[0]
    R = float(a.max() - a.min())
    formula[key] = {"shape": [nx, ny, nz], "checksumA": float(a.astype(np.float64).sum()),
                    "checksumB": float(b.astype(np.float64).sum())}
    ms = msssim_ref(a, b, R, scales)
    add(f"{key} msssim {scales}", "msssim", key, key, ms["expected"], 1e-4, dataRange=R, scales=scales,
        float32=ms["float32"], doubleWindow=ms["doubleWindow"], source=ms["source"], formula=True)
    if nz == 1 or nz >= 11:
        add(f"{key} ssim wang", "ssim", key, key, ssim_ref(a, b, R, "wang"), 1e-6, dataRange=R, settings="wang", formula=True)

out = {
    "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "scikit-image": skimage.__version__,
                 "torch": torch.__version__, "pytorch-msssim": MSSSIM_VERSION, "nibabel": nib.__version__},
    "source": "../shared/data/nifti/example4d.nii.gz volume 0 (nibabel test data)",
    "images": images,
    "formula": formula,
    "cases": cases,
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
tmp = OUT + ".tmp"
with open(tmp, "w") as f:
    json.dump(out, f, indent=1)
os.replace(tmp, OUT)
print(f"wrote {OUT}: {len(cases)} cases, {os.path.getsize(OUT) / 1e6:.2f} MB")
