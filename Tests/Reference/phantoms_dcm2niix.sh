#!/usr/bin/env bash
# dcm2niix's conversion of the simulated archive, as a fixture for DemoArchiveConvertTests.
#
# Writes the archive of `medsynth demo-data --patients 6 --seed 11 --slices2d 0` (the same
# seed gives the same bytes), converts it with `dcm2niix -z n -f %j` (one NIfTI per series,
# named by its Series Instance UID) and keeps in Fixtures/phantoms/dcm2niix_series.json, per
# NIfTI dcm2niix wrote: shape, the stored sform and its code, the affine a reader uses
# (nibabel's: the sform, else the qform, else the pixdim-only one centred on the volume, as for
# screenshots where dcm2niix writes codes 0), axis codes, datatype, scaling, and the FNV-1a 64
# hash of the voxel bytes as stored (little endian, x fastest); plus the series' acquisition
# from the manifest and the number of series the manifest lists. Matrices are rounded to 1e-4.
# `swift test` compares against it and never runs dcm2niix or Python.
#
# Usage:  Tests/Reference/phantoms_dcm2niix.sh
# Environment (all optional):
#   SCRATCH   scratch path for `swift build -c release` (default .build)
#   VENV      Python virtual environment with numpy and nibabel (default /work/venv)
#   DCM2NIIX  dcm2niix executable (default dcm2niix; the fixture was made with v1.0.20220720)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
scratch=${SCRATCH:-.build}
python=${VENV:-/work/venv}/bin/python
dcm2niix=${DCM2NIIX:-dcm2niix}
command -v "$dcm2niix" >/dev/null || { echo "dcm2niix not found: apt-get install dcm2niix, or set DCM2NIIX" >&2; exit 1; }
"$python" -c 'import nibabel, numpy' || { echo "$python lacks nibabel/numpy: set VENV" >&2; exit 1; }

swift build -c release --scratch-path "$scratch" --product medsynth
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$scratch/release/medsynth" demo-data --out "$tmp/demo" --patients 6 --seed 11 --slices2d 0 >/dev/null

mkdir "$tmp/nii"
"$dcm2niix" -z n -f %j -o "$tmp/nii" "$tmp/demo/archive" >"$tmp/dcm2niix.log"
version=$("$dcm2niix" -h 2>&1 | grep -m1 -i "version")

mkdir -p Fixtures/phantoms
"$python" - "$tmp/demo/manifest.json" "$tmp/nii" "$version" Fixtures/phantoms/dcm2niix_series.json <<'PY'
import json
import pathlib
import sys

import nibabel as nib
import numpy as np

manifest, nii, version, out = json.loads(pathlib.Path(sys.argv[1]).read_text()), pathlib.Path(sys.argv[2]), sys.argv[3], pathlib.Path(sys.argv[4])
series = {s["seriesInstanceUID"]: s for p in manifest["patients"] for st in p["studies"] for s in st["series"]}


def fnv1a64(data: bytes) -> str:
    """FNV-1a, 64 bit: what the Swift test computes over Volume.data."""
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


entries = {}
for path in sorted(nii.glob("*.nii")):
    img = nib.load(path)
    hdr = img.header
    raw = np.asanyarray(img.dataobj.get_unscaled())
    raw = raw.astype(raw.dtype.newbyteorder("<"), copy=False)  # bytes as a little-endian file holds them
    s = series.get(path.stem, {})
    acq = s.get("acquisition") or {}
    entries[path.stem] = {
        "shape": list(img.shape),
        "sform": img.get_sform().round(4).tolist(),  # as stored, whatever its code
        "sform_code": int(hdr["sform_code"]),
        "qform_code": int(hdr["qform_code"]),
        "affine": img.affine.round(4).tolist(),
        "axcodes": "".join(nib.aff2axcodes(img.affine)),
        "datatype": int(hdr["datatype"]),
        "dtype": str(hdr.get_data_dtype()),
        "scl_slope": float(img.dataobj.slope),
        "scl_inter": float(img.dataobj.inter),
        "voxel_bytes": raw.nbytes,
        "voxel_fnv1a64": fnv1a64(raw.tobytes(order="F")),
        # What the manifest says of the series (for reading a failure; not compared).
        "kind": s.get("kind"),
        "acquisition": {k: acq[k] for k in ("plane", "obliqueDegrees", "sliceThickness", "slices", "reversedStack",
                                            "sliceOrder", "storage") if k in acq},
    }
    print(f"{path.stem}: {s.get('kind')} {acq.get('plane', '')} {entries[path.stem]['axcodes']} {list(img.shape)}")

fixture = {
    "dcm2niix": version,
    "nibabel": nib.__version__,
    "generator": "medsynth demo-data --out DEMO --patients 6 --seed 11 --slices2d 0",
    "command": "dcm2niix -z n -f %j -o OUT DEMO/archive",
    "hash": "FNV-1a 64 of the unscaled voxel bytes, little endian, x fastest (the file's order)",
    "manifest_series": len(series),
    "series": entries,
}
out.write_text(json.dumps(fixture, indent=1, sort_keys=True) + "\n")
missing = sorted(set(series) - set(entries))
if missing:
    sys.exit(f"dcm2niix wrote no NIfTI named after these manifest series: {missing}")
PY
echo "wrote Fixtures/phantoms/dcm2niix_series.json"
