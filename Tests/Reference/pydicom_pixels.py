#!/usr/bin/env python3
"""Reference pixel statistics of ../shared/data/dicom/samples, as pydicom decodes them.

Writes Fixtures/pydicom/pixels.json. Run once in a venv with pydicom, numpy,
pylibjpeg, pylibjpeg-libjpeg, pylibjpeg-openjpeg and pyjpegls:
    python Tests/Reference/pydicom_pixels.py
`swift test` compares medsynth's decoder against the committed JSON.
"""
import json
import pathlib

import numpy as np
import pydicom
from pydicom.pixels import apply_color_lut

root = pathlib.Path(__file__).resolve().parents[2]
samples = root.parent / "shared" / "data" / "dicom" / "samples"
out = {}
for path in sorted(samples.glob("*.dcm")):
    try:
        ds = pydicom.dcmread(path, force=True)
        if "PixelData" not in ds or "Rows" not in ds:
            out[path.name] = {"pixels": False}
            continue
        arr = ds.pixel_array  # YBR is converted to RGB by default in pydicom 3
        if ds.get("PhotometricInterpretation") == "PALETTE COLOR":
            arr = apply_color_lut(arr, ds)
    except Exception as exc:  # noqa: BLE001 - the reason is the reference
        out[path.name] = {"error": f"{type(exc).__name__}: {exc}"}
        continue
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    spp = int(ds.get("SamplesPerPixel", 1))
    shape = [frames, int(ds.Rows), int(ds.Columns)] + ([spp] if spp > 1 else [])
    arr = arr.reshape(shape)
    flat = np.ascontiguousarray(arr).astype(np.int64).ravel()
    lossy = str(ds.file_meta.TransferSyntaxUID) in ("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.91")
    out[path.name] = {
        "pixels": True,
        "shape": shape,
        "dtype": str(arr.dtype),
        "lossy": lossy,
        "sum": int(flat.sum()),
        "min": int(flat.min()),
        "max": int(flat.max()),
        "first": [int(v) for v in flat[:8]],
        # Position-weighted checksum: catches reordered samples, cheap to recompute in Swift.
        "wsum": int((flat * (np.arange(flat.size) % 1009 + 1)).sum()),
        "rescale": [float(ds.get("RescaleSlope", 1)), float(ds.get("RescaleIntercept", 0))],
        "photometric": str(ds.get("PhotometricInterpretation", "")),
        "transfer_syntax": str(ds.file_meta.get("TransferSyntaxUID", "")) if hasattr(ds, "file_meta") else "",
    }
(root / "Fixtures" / "pydicom" / "pixels.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
print(f"wrote {len(out)} entries")
