#!/usr/bin/env python3
"""Reference values for the set metrics (FID, KID, precision/recall/density/coverage,
bootstrap intervals, FID extrapolation), the raw-pixel extractor's resize and NumPy files.

Writes, under Fixtures/metrics/:

- sets_gauss_real.npy, sets_gauss_synthetic.npy: Gaussian features (500 and 400 x 64,
  float32, np.save);
- sets_structured.npz: non-negative low-rank features like CNN activations (arrays `real`
  600 x 64 and `synthetic` 300 x 64, np.savez: stored members);
- sets_small.npz: 40 x 64 per set, fewer samples than dimensions (np.savez_compressed:
  deflated members);
- sets_npy/: small arrays in every supported dtype, byte order, memory order and header
  version (np.save and np.lib.format.write_array), and two .npz archives;
- sets_reference.json: the expected values.

What computes the expected values:

- Frechet distance: pytorch-fid 0.3.0 `calculate_frechet_distance` (SciPy `linalg.sqrtm`)
  on `np.mean` / `np.cov(rowvar=False)` of the float32 features upcast to float64, as
  pytorch-fid's `calculate_activation_statistics`. The function's source is taken verbatim
  from the installed package (importing pytorch_fid needs torchvision, which is not
  installed). For 40 x 64 sets (singular covariances) the value of pytorch-fid's retry
  formula, `sqrtm((S1 + eps I)(S2 + eps I))` with eps 1e-6, is stored. A D = 2048 check
  uses seeded features that the Swift test regenerates bit for bit
  (`FeatureMatrix.seededUniform`); only the numbers are stored.
- KID: torch-fidelity 0.3.0 `mmd2` and `polynomial_kernel` (source taken verbatim from the
  installed package, whose import needs torchvision) on float64 copies of the features,
  with the subsets of medsynth's `SubsetSampler` (SplitMix64, partial Fisher-Yates),
  reimplemented below so that the subset indices are identical.
- Precision, recall, density, coverage: `prdc` 0.2 `compute_prdc` (scikit-learn 1.7.2
  pairwise distances) with nearest_k = 3 (precision, recall) and 5 (density, coverage).
- Bootstrap: the same resamples as `SubsetSampler.resample`, pytorch-fid's FID / the KID
  above on each, `np.percentile` (linear) and `np.std(ddof=1)`.
- FID extrapolation: `SubsetSampler.subset` per size, pytorch-fid's FID against the full
  real statistics, scikit-learn `LinearRegression` of FID against 1/N (Chong & Forsyth
  2020's code), intercept = FID_inf.
- Resize: torch 2.13 `F.interpolate(mode='bilinear'/'trilinear', align_corners=False)`.

Library versions: numpy 2.4, scipy 1.17, scikit-learn 1.7.2, torch 2.13 (CPU),
pytorch-fid 0.3.0, torch-fidelity 0.3.0, prdc 0.2.

Run with the project venv (after `/work/venv/bin/pip install --no-deps pytorch-fid==0.3.0
torch-fidelity==0.3.0 prdc==0.2` and `pip install scikit-learn==1.7.2`):

    /work/venv/bin/python Tests/Reference/metrics_sets.py

The D = 2048 FID takes about 10 s (SciPy sqrtm). Files written by medsynth are checked by
NumPy with `--check-written DIR`, where DIR was filled by the Swift tests run with
MEDSYNTH_KEEP_NPY=DIR (`swift test --filter MetricsTests.NumPyFileTests`).
"""
import ast
import importlib.util
import json
import os
import sys

import numpy as np
import scipy
from scipy import linalg
import sklearn
from sklearn.linear_model import LinearRegression

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Fixtures", "metrics")
MASK = (1 << 64) - 1


def package_function_source(package, module_file, names, namespace):
    """Executes the named top-level functions of an installed module, verbatim, in `namespace`."""
    spec = importlib.util.find_spec(package)
    path = os.path.join(os.path.dirname(spec.origin), module_file)
    tree = ast.parse(open(path).read())
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in names:
            exec(compile(ast.Module(body=[node], type_ignores=[]), path, "exec"), namespace)
    return [namespace[n] for n in names]


FID_NS = {"np": np, "linalg": linalg}
(calculate_frechet_distance,) = package_function_source(
    "pytorch_fid", "fid_score.py", ["calculate_frechet_distance"], FID_NS)


def _vassert(cond, message):
    if not cond:
        raise ValueError(message)


KID_NS = {"np": np, "vassert": _vassert}
mmd2, polynomial_kernel = package_function_source(
    "torch_fidelity", "metric_kid.py", ["mmd2", "polynomial_kernel"], KID_NS)
from prdc import compute_prdc  # noqa: E402


class Sampler:
    """medsynth's SubsetSampler: SplitMix64, multiply-high bounded draws, partial Fisher-Yates."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return (self.next() * n) >> 64

    def subset(self, n, m):
        perm = list(range(n))
        for i in range(m):
            j = i + self.below(n - i)
            perm[i], perm[j] = perm[j], perm[i]
        return perm[:m]

    def resample(self, n):
        return [self.below(n) for _ in range(n)]


def seeded_uniform(n, d, seed):
    """FeatureMatrix.seededUniform: SplitMix64 at counters 1..n*d, top 24 bits, minus 0.5."""
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + (np.arange(n * d, dtype=np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return ((z >> np.uint64(40)).astype(np.float32) * np.float32(2.0 ** -24) - np.float32(0.5)).reshape(n, d)


def seeded_synthetic(n, d, seed):
    """The synthetic set of the D = 2048 check: 1.25 v + 0.5 v[:, j+1 mod D] + 0.0625, float32."""
    v = seeded_uniform(n, d, seed)
    s = v * np.float32(1.25)
    s = s + np.float32(0.5) * np.roll(v, -1, axis=1)
    return s + np.float32(0.0625)


def stats(x):
    x = x.astype(np.float64)
    return np.mean(x, axis=0), np.cov(x, rowvar=False)


def fid(x, y, eps=1e-6):
    m1, s1 = stats(x)
    m2, s2 = stats(y)
    return float(calculate_frechet_distance(m1, s1, m2, s2, eps=eps))


def fid_parts(x, y):
    m1, s1 = stats(x)
    m2, s2 = stats(y)
    d = m1 - m2
    return {"value": fid(x, y), "meanTerm": float(d @ d), "traceReal": float(np.trace(s1)),
            "traceSynthetic": float(np.trace(s2))}


def fid_offset(x, y, eps):
    """pytorch-fid's retry branch, taken unconditionally."""
    m1, s1 = stats(x)
    m2, s2 = stats(y)
    offset = np.eye(s1.shape[0]) * eps
    covmean = linalg.sqrtm((s1 + offset).dot(s2 + offset))
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    d = m1 - m2
    return float(d @ d + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def kid(x, y, subsets, size, seed, dtype=np.float64):
    sampler = Sampler(seed)
    m = min(size, len(x), len(y))
    values, first = [], None
    for _ in range(subsets):
        ri = sampler.subset(len(x), m)
        si = sampler.subset(len(y), m)
        if first is None:
            first = (ri[:10], si[:10])
        a, b = x[ri].astype(dtype), y[si].astype(dtype)
        k11 = polynomial_kernel(a, a, degree=3, gamma=None, coef0=1)
        k22 = polynomial_kernel(b, b, degree=3, gamma=None, coef0=1)
        k12 = polynomial_kernel(a, b, degree=3, gamma=None, coef0=1)
        values.append(float(mmd2(k11, k12, k22)))
    return {"subsets": subsets, "subsetSize": size, "usedSubsetSize": m, "seed": seed,
            "mean": float(np.mean(values)), "std": float(np.std(values)),
            "firstRealIndices": first[0], "firstSyntheticIndices": first[1]}


def prdc(x, y):
    a = compute_prdc(x, y, 3)
    b = compute_prdc(x, y, 5)
    return {"precision": float(a["precision"]), "recall": float(a["recall"]),
            "density": float(b["density"]), "coverage": float(b["coverage"])}


def bootstrap_fid(x, y, resamples, level, seed):
    sampler = Sampler(seed)
    reps = []
    for _ in range(resamples):
        ri = sampler.resample(len(x))
        si = sampler.resample(len(y))
        reps.append(fid(x[ri], y[si]))
    reps = np.array(reps)
    return {"resamples": resamples, "level": level, "seed": seed, "estimate": fid(x, y),
            "lower": float(np.percentile(reps, 100 * (1 - level) / 2)),
            "upper": float(np.percentile(reps, 100 * (1 + level) / 2)),
            "standardError": float(np.std(reps, ddof=1))}


def bootstrap_kid(x, y, resamples, level, seed, subsets, size, kid_seed):
    sampler = Sampler(seed)
    reps = []
    for _ in range(resamples):
        ri = sampler.resample(len(x))
        si = sampler.resample(len(y))
        reps.append(kid(x[ri], y[si], subsets, size, kid_seed)["mean"])
    reps = np.array(reps)
    return {"resamples": resamples, "level": level, "seed": seed, "kidSubsets": subsets, "kidSubsetSize": size,
            "kidSeed": kid_seed, "estimate": kid(x, y, subsets, size, kid_seed)["mean"],
            "lower": float(np.percentile(reps, 100 * (1 - level) / 2)),
            "upper": float(np.percentile(reps, 100 * (1 + level) / 2)),
            "standardError": float(np.std(reps, ddof=1))}


def extrapolation(x, y, minimum, points, seed):
    sizes = np.linspace(minimum, len(y), points).astype("int32")
    sampler = Sampler(seed)
    m1, s1 = stats(x)
    fids = []
    for n in sizes:
        idx = sampler.subset(len(y), int(n))
        m2, s2 = stats(y[idx])
        fids.append(float(calculate_frechet_distance(m1, s1, m2, s2)))
    reg = LinearRegression()
    xs = 1 / sizes.reshape(-1, 1)
    reg.fit(xs, np.array(fids).reshape(-1, 1))
    return {"minimumSize": minimum, "points": points, "seed": seed, "sizes": [int(s) for s in sizes], "values": fids,
            "fidInfinity": float(reg.predict(np.array([[0]]))[0, 0]), "slope": float(reg.coef_[0, 0]),
            "rSquared": float(reg.score(xs, np.array(fids).reshape(-1, 1)))}


def resize_cases():
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(5)
    cases = []
    # 2D: numpy (y, x) = torch (H, W); medsynth shape (x, y).
    for (nx, ny), (tx, ty) in (((7, 5), (4, 9)), ((16, 12), (5, 5)), ((3, 3), (8, 6))):
        img = rng.normal(size=(ny, nx)).astype(np.float32)
        out = F.interpolate(torch.from_numpy(img)[None, None], size=(ty, tx), mode="bilinear",
                            align_corners=False).numpy()[0, 0]
        cases.append({"shape": [nx, ny, 1], "size": [tx, ty], "input": img.reshape(-1).tolist(),
                      "output": out.reshape(-1).tolist()})
    vol = rng.normal(size=(4, 5, 6)).astype(np.float32)  # (z, y, x)
    out = F.interpolate(torch.from_numpy(vol)[None, None], size=(3, 7, 4), mode="trilinear",
                        align_corners=False).numpy()[0, 0]
    cases.append({"shape": [6, 5, 4], "size": [4, 7, 3], "input": vol.reshape(-1).tolist(),
                  "output": out.reshape(-1).tolist()})
    return cases


def write_npy_fixtures(folder):
    """Small arrays in every supported layout; returns their expected values."""
    os.makedirs(folder, exist_ok=True)
    expected = {}
    rng = np.random.default_rng(9)
    base = np.arange(24, dtype=np.float64).reshape(4, 6) - 7.5
    arrays = {
        "f2": base.astype("<f2"), "f4": base.astype("<f4"), "f8": rng.normal(size=(3, 5)),
        "i1": (base * 3).astype("i1"), "i2": (base * 1000).astype("<i2"), "i4": (base * 1e6).astype("<i4"),
        "i8": (base * 1e12).astype("<i8"), "u1": np.abs(base * 9).astype("u1"), "u2": np.abs(base * 999).astype("<u2"),
        "u4": np.abs(base * 1e8).astype("<u4"), "u8": np.abs(base * 1e15).astype("<u8"), "b1": base > 0,
        "f4_big": base.astype(">f4"), "i4_big": (base * 1e6).astype(">i4"), "f8_big": rng.normal(size=(2, 3)).astype(">f8"),
        "f4_fortran": np.asfortranarray(base.astype("<f4")),
        "i2_fortran_3d": np.asfortranarray(np.arange(60, dtype="<i2").reshape(3, 4, 5)),
        "f4_1d": np.linspace(-1, 1, 7, dtype=np.float32), "f8_0d": np.array(3.25),
        "f4_empty": np.zeros((0, 3), dtype=np.float32),
        "f2_special": np.array([0, -0.0, 1, 65504, 6.1e-5, 6e-8, np.inf, -np.inf, 0.333], dtype="<f2"),
    }
    for name, a in arrays.items():
        np.save(os.path.join(folder, name + ".npy"), a)
        expected[name] = {"shape": list(a.shape),
                          "values": [None if not np.isfinite(v) else float(v) for v in np.asarray(a, dtype=np.float64).reshape(-1)],
                          "infinities": [int(np.sign(v)) if np.isinf(v) else 0 for v in np.asarray(a, dtype=np.float64).reshape(-1)]}
    for version in ((2, 0), (3, 0)):
        name = "f4_v%d" % version[0]
        a = base.astype("<f4")
        with open(os.path.join(folder, name + ".npy"), "wb") as f:
            np.lib.format.write_array(f, a, version=version)
        expected[name] = {"shape": list(a.shape), "values": a.astype(np.float64).reshape(-1).tolist()}
    np.savez(os.path.join(folder, "stored.npz"), alpha=base.astype(np.float32), beta=np.arange(5, dtype=np.int64))
    np.savez_compressed(os.path.join(folder, "deflated.npz"), features=rng.normal(size=(20, 8)).astype(np.float32),
                        labels=np.arange(20, dtype=np.uint8))
    with np.load(os.path.join(folder, "deflated.npz")) as z:
        expected["deflated.npz"] = {k: {"shape": list(z[k].shape), "values": z[k].astype(np.float64).reshape(-1).tolist()}
                                    for k in z.files}
    # Statistics as pytorch-fid saves them.
    feats = rng.normal(size=(30, 4))
    np.savez(os.path.join(folder, "stats.npz"), mu=np.mean(feats, axis=0), sigma=np.cov(feats, rowvar=False))
    expected["stats.npz"] = {"mu": np.mean(feats, axis=0).tolist(), "sigma": np.cov(feats, rowvar=False).reshape(-1).tolist()}
    return expected


def check_written(folder):
    """Reads the files the Swift tests wrote (MEDSYNTH_KEEP_NPY) with NumPy and checks them."""
    ok = True
    a = np.load(os.path.join(folder, "written_f4.npy"))
    want = (np.arange(12, dtype=np.float32).reshape(3, 4) * np.float32(0.5) - np.float32(1))
    ok &= a.dtype == np.float32 and np.array_equal(a, want)
    b = np.load(os.path.join(folder, "written_f8.npy"))
    ok &= b.dtype == np.float64 and b.shape == (5,) and np.array_equal(b, np.array([1e-300, -2.5, 0, 3, 1e300]))
    for name in ("written_stored.npz", "written_deflated.npz"):
        with np.load(os.path.join(folder, name)) as z:
            ok &= sorted(z.files) == ["first", "second"]
            ok &= np.array_equal(z["first"], want) and np.array_equal(z["second"], b)
    with np.load(os.path.join(folder, "written_stats.npz")) as z:
        ok &= z["mu"].shape == (3,) and z["sigma"].shape == (3, 3)
    print("numpy reads medsynth's files:", "OK" if ok else "MISMATCH")
    return 0 if ok else 1


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--check-written":
        sys.exit(check_written(sys.argv[2]))
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240606)
    d = 64
    mix = rng.normal(size=(d, d)) / np.sqrt(d)
    gauss_real = rng.normal(size=(500, d)).astype(np.float32)
    gauss_syn = (rng.normal(size=(400, d)) @ (np.eye(d) * 0.9 + 0.3 * mix) + 0.15).astype(np.float32)
    w_real = rng.normal(size=(8, d))
    w_syn = w_real + 0.4 * rng.normal(size=(8, d))
    struct_real = np.maximum(rng.normal(size=(600, 8)) @ w_real + 0.3 * rng.normal(size=(600, d)), 0).astype(np.float32)
    struct_syn = np.maximum(rng.normal(size=(300, 8)) @ w_syn + 0.3 * rng.normal(size=(300, d)), 0).astype(np.float32)
    small_real = rng.normal(size=(40, d)).astype(np.float32)
    small_syn = (rng.normal(size=(40, d)) * 1.2 + 0.1).astype(np.float32)
    np.save(os.path.join(OUT, "sets_gauss_real.npy"), gauss_real)
    np.save(os.path.join(OUT, "sets_gauss_synthetic.npy"), gauss_syn)
    np.savez(os.path.join(OUT, "sets_structured.npz"), real=struct_real, synthetic=struct_syn)
    np.savez_compressed(os.path.join(OUT, "sets_small.npz"), real=small_real, synthetic=small_syn)

    ref = {"versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__,
                        "pytorch-fid": "0.3.0", "torch-fidelity": "0.3.0", "prdc": "0.2"}}
    ref["fid"] = {"gauss": fid_parts(gauss_real, gauss_syn), "structured": fid_parts(struct_real, struct_syn),
                  "identical": fid(gauss_real, gauss_real)}
    small = fid_parts(small_real, small_syn)
    small["offsetValue"] = fid_offset(small_real, small_syn, 1e-6)
    try:
        small["pytorchFidValue"] = fid(small_real, small_syn)  # what pytorch-fid itself returns (no forced retry)
    except ValueError as e:
        small["pytorchFidError"] = str(e)
    ref["fid"]["small"] = small

    n2048, d2048 = 2500, 2048
    big_real = seeded_uniform(n2048, d2048, 1)
    big_syn = seeded_synthetic(n2048, d2048, 2)
    ref["fid2048"] = {"count": n2048, "dimension": d2048, "realSeed": 1, "syntheticSeed": 2,
                      "realSum": float(big_real.astype(np.float64).sum()),
                      "syntheticSum": float(big_syn.astype(np.float64).sum()),
                      "firstValues": big_real[0, :4].astype(np.float64).tolist(),
                      **fid_parts(big_real, big_syn)}

    ref["kid"] = {"gauss": kid(gauss_real, gauss_syn, 100, 200, 42),
                  "structured": kid(struct_real, struct_syn, 50, 150, 7),
                  "clamped": kid(gauss_real, gauss_syn, 5, 1000, 1)}
    ref["kid"]["gaussFloat32TorchFidelity"] = kid(gauss_real, gauss_syn, 100, 200, 42, dtype=np.float32)["mean"]
    ref["prdc"] = {"gauss": prdc(gauss_real, gauss_syn), "structured": prdc(struct_real, struct_syn)}
    ref["bootstrap"] = {"fid": bootstrap_fid(gauss_real, gauss_syn, 20, 0.9, 7),
                        "kid": bootstrap_kid(struct_real, struct_syn, 8, 0.8, 3, 5, 100, 11)}
    ref["extrapolation"] = extrapolation(gauss_real, gauss_syn, 100, 5, 13)
    ref["sampler"] = {"seed": 2024, "next": [str(v) for v in [Sampler(2024).next()]],
                      "subset": Sampler(2024).subset(50, 10), "resample": Sampler(99).resample(12)}
    ref["resize"] = resize_cases()
    ref["npy"] = write_npy_fixtures(os.path.join(OUT, "sets_npy"))
    with open(os.path.join(OUT, "sets_reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")
    print("wrote", os.path.join(OUT, "sets_reference.json"))
    print(json.dumps({k: ref[k] for k in ("fid", "kid", "prdc")}, indent=1)[:3000])


if __name__ == "__main__":
    main()
