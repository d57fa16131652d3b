#!/usr/bin/env bash
# Reference NIfTI conversions of the synthetic DICOM geometry cases, made by dcm2niix.
#
# Writes every case of Sources/DICOM/GeometryTestCases.swift with `medsynth dev-series`,
# converts each with `dcm2niix -b y -z n`, and keeps in Fixtures/dcm2niix/:
#   <case>.nii, <case>.json   dcm2niix's output and BIDS sidecar (any suffixed extra files too)
#   VERSION                   dcm2niix's version line and package version
#   summary.json              per case, per output file: nibabel's affine, sform, qform, codes,
#                             shape, data sums, and the voxel map from dcm2niix's voxel
#                             indices to ours, checked voxel by voxel against the volume
# `swift test` compares against summary.json and never runs dcm2niix or Python.
#
# Usage:  Tests/Reference/dcm2niix_fixtures.sh
# Environment (all optional):
#   MEDSYNTH  a built medsynth executable (skips the build)
#   SCRATCH   scratch path for `swift build -c release` (default .build-series)
#   PYTHON    Python with numpy and nibabel (default /work/venv/bin/python, else python3)
#   DCM2NIIX  dcm2niix executable (default dcm2niix; the fixtures were made with v1.0.20220720)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
scratch=${SCRATCH:-.build-series}
dcm2niix=${DCM2NIIX:-dcm2niix}
python=${PYTHON:-/work/venv/bin/python}
[ -x "$python" ] || python=python3
command -v "$dcm2niix" >/dev/null || { echo "dcm2niix not found: install it (apt-get install dcm2niix) or set DCM2NIIX" >&2; exit 1; }
"$python" -c 'import nibabel, numpy' 2>/dev/null || { echo "$python lacks nibabel/numpy: set PYTHON" >&2; exit 1; }

if [ -z "${MEDSYNTH:-}" ]; then
    swift build -c release --scratch-path "$scratch" --product medsynth
    MEDSYNTH="$scratch/release/medsynth"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$MEDSYNTH" dev-series --out "$tmp/dicom"

mkdir -p "$tmp/nii"
for dir in "$tmp"/dicom/*/; do
    name=$(basename "$dir")
    # dcm2niix prints paths of the temporary folder: replace them so logs are stable.
    if ! "$dcm2niix" -b y -z n -f "$name" -o "$tmp/nii" "$dir" >"$tmp/nii/$name.log" 2>&1; then
        echo "dcm2niix failed on $name (see summary.json)" >&2
    fi
    sed -i "s#$tmp/dicom/#<dicom>/#g; s#$tmp/nii#<out>#g" "$tmp/nii/$name.log"
done

out=Fixtures/dcm2niix
mkdir -p "$out"
rm -f "$out"/*.nii "$out"/*.json "$out"/VERSION
{
    "$dcm2niix" -h 2>&1 | grep -m1 -i "version" || true
    if command -v dpkg-query >/dev/null; then dpkg-query -W -f='debian package dcm2niix ${Version}\n' dcm2niix 2>/dev/null || true; fi
} >"$out/VERSION"
cp "$tmp"/nii/*.nii "$tmp"/nii/*.json "$out"/ 2>/dev/null || true

"$python" - "$tmp/dicom/cases.json" "$tmp/nii" "$out" <<'PY'
import json
import pathlib
import sys

import nibabel as nib
import numpy as np

manifest, logs, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
cases = json.loads(manifest.read_text())["cases"]
names = [c["name"] for c in cases]


def outputs_of(name):
    """dcm2niix outputs of one case: <name>.nii and any suffixed <name>_<suffix>.nii."""
    return sorted(p for p in out.glob(name + "*.nii")
                  if p.stem == name or (p.stem.startswith(name + "_") and p.stem not in names))


def describe(rotation, translation, shape):
    """Our voxel index in terms of dcm2niix's (primed), e.g. "j = 9 - j'"."""
    axes = "ijk"
    parts = []
    for a in range(3):
        b = int(np.argmax(np.abs(rotation[a])))
        sign = int(round(rotation[a, b]))
        offset = int(round(translation[a]))
        src = axes[b] + "'"
        if sign > 0:
            parts.append(f"{axes[a]} = {src}" + (f" + {offset}" if offset else ""))
        else:
            parts.append(f"{axes[a]} = {offset} - {src}")
    return parts


summary = {
    "dcm2niix": (out / "VERSION").read_text().strip().splitlines(),
    "nibabel": nib.__version__,
    "command": "dcm2niix -b y -z n -f <case> -o Fixtures/dcm2niix <case folder>",
    "voxel_map_note": "voxel_map T (4x4) maps a dcm2niix voxel index to the medsynth Volume's voxel index: "
                      "affine_dcm2niix = affine_volume @ T",
    "cases": {},
}
failures = []
for c in cases:
    name, shape = c["name"], c["shape"]
    ours = np.array(c["rasAffine"], dtype=float)
    # Physical values, x fastest -> array indexed [i, j, k(, t)].
    values = np.array(c["values"], dtype=float).reshape(shape[::-1]).transpose()
    entry = {
        "files_written": len(c["files"]),
        "layout": c["layout"],
        "slice_order": c["sliceOrder"],
        "volume_shape": shape,
        "volume_affine": ours.tolist(),
        "volume_axcodes": "".join(nib.aff2axcodes(ours)),
        "mr_acquisition_type": json.loads((out / f"{name}.json").read_text()).get("MRAcquisitionType")
        if (out / f"{name}.json").exists() else None,
        "dcm2niix_messages": [line for line in (logs / f"{name}.log").read_text().splitlines()
                              if line and not line.startswith(("Chris Rorden", "Conversion required"))],
        "outputs": [],
    }
    for path in outputs_of(name):
        img = nib.load(path)
        hdr = img.header
        data = img.get_fdata()
        raw = np.asanyarray(img.dataobj.get_unscaled())
        t = np.linalg.inv(ours) @ img.affine
        rotation, translation = t[:3, :3], t[:3, 3]
        is_map = (np.allclose(rotation, np.round(rotation), atol=1e-3)
                  and np.allclose(np.abs(np.round(rotation)).sum(axis=0), 1)
                  and np.allclose(np.abs(np.round(rotation)).sum(axis=1), 1)
                  and np.allclose(translation, np.round(translation), atol=1e-3))
        matches = False
        if is_map and list(data.shape[3:]) == list(shape[3:]):
            r, tr = np.round(rotation).astype(int), np.round(translation).astype(int)
            index = np.indices(data.shape[:3]).reshape(3, -1)
            mapped = r @ index + tr[:, None]
            inside = all((mapped[a] >= 0).all() and (mapped[a] < shape[a]).all() for a in range(3))
            if inside:
                ours_at = values[mapped[0], mapped[1], mapped[2]]
                theirs = data.reshape(-1, *data.shape[3:]) if data.ndim > 3 else data.reshape(-1)
                matches = bool(np.allclose(theirs, ours_at, atol=1e-6))
        if not matches:
            failures.append(path.name)
        entry["outputs"].append({
            "file": path.name,
            "shape": list(img.shape),
            "dtype": str(hdr.get_data_dtype()),
            # nibabel moves scl_slope/scl_inter from the header into the array proxy.
            "scl_slope": float(img.dataobj.slope),
            "scl_inter": float(img.dataobj.inter),
            "axcodes": "".join(nib.aff2axcodes(img.affine)),
            "affine": img.affine.tolist(),
            "sform": img.get_sform().tolist(),
            "sform_code": int(hdr["sform_code"]),
            "qform": img.get_qform().tolist(),
            "qform_code": int(hdr["qform_code"]),
            "pixdim": [float(v) for v in hdr["pixdim"][: len(img.shape) + 1]],
            "data_sum": float(data.sum(dtype=np.float64)),
            "raw_sum": float(raw.sum(dtype=np.float64)),
            "voxel_map": t.round(6).tolist(),
            "volume_index_from_dcm2niix_index": describe(rotation, translation, shape) if is_map else None,
            "data_matches_volume": matches,
        })
    summary["cases"][name] = entry
    got = ", ".join(f"{o['file']} {o['shape']} {'; '.join(o['volume_index_from_dcm2niix_index'] or ['no voxel map'])}"
                    f"{'' if o['data_matches_volume'] else ' DATA MISMATCH'}" for o in entry["outputs"])
    print(f"{name}: {got or 'NO OUTPUT'}")

(out / "summary.json").write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n")
if failures:
    sys.exit(f"dcm2niix outputs that do not match the volumes: {failures}")
PY
echo "wrote $(ls "$out" | wc -l) files to $out"
