#!/usr/bin/env python3
"""Small safetensors files written by the Python `safetensors` package, for Tests/SafeTensorsTests.

Writes into Fixtures/safetensors/ (repo-root relative):

- torch_dtypes.safetensors   every dtype torch can store (F64 ... U64, the F8 kinds, F8_E8M0,
                             C64, F4) with known values: F16/BF16 edge values given as bit
                             patterns (zeros of both signs, smallest and largest subnormal,
                             largest finite, infinities, NaNs with and without payload),
                             integer extremes, a scalar (shape []) and an empty tensor
                             (shape [2, 0, 3]); metadata {"format": "pt"}.
- names.safetensors          names that need JSON escaping or sort differently by bytes than
                             by letters (quote, backslash, control characters, DEL, '/',
                             non-ASCII), in several dtypes; no metadata.
- metadata.safetensors       one tensor and several metadata entries (escapes, non-ASCII,
                             an empty value). The package writes metadata in hash order, so
                             this file's header changes from run to run; tests only decode it.
- from_floats.safetensors    the same Float32 inputs (edge cases + 256 seeded random values)
                             converted by torch to F32, F16, BF16 and F64, plus I64 values; the
                             Swift writer must produce the identical file from the inputs.
                             BF16 gets no NaN input: torch's CPU kernels turn every NaN into
                             0xFFFF, where medsynth (and torch's scalar path) writes 0x7FC0.
- numpy.safetensors          written with safetensors.numpy.save_file.
- expected.json              for every file: metadata, and per tensor dtype, shape, the raw
                             bytes as hex, the values as Float32 bit patterns (float dtypes,
                             as torch converts them), Float64 bit patterns (F64) or decimal
                             strings (integer dtypes); for from_floats also the writer's
                             inputs ("writer_inputs").

Run from the repository root with the project venv (needs torch, numpy and safetensors):

    /work/venv/bin/python Tests/Reference/safetensors_files.py
"""
import json
import math
import os
import pathlib
import struct

import numpy as np
import safetensors
import safetensors.numpy
import torch
from safetensors.torch import load_file, save_file

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Fixtures" / "safetensors"

INT_DTYPES = {torch.bool, torch.uint8, torch.int8, torch.int16, torch.uint16, torch.int32,
              torch.uint32, torch.int64, torch.uint64}
FLOAT_DTYPES = {torch.float16, torch.bfloat16, torch.float32, torch.float64}


def from_bits(bits, dtype, via=torch.int16):
    """A tensor of `dtype` whose elements have the given bit patterns."""
    width = torch.tensor([], dtype=via).element_size() * 8
    signed = [b - (1 << width) if b >= 1 << (width - 1) else b for b in bits]
    return torch.tensor(signed, dtype=via).view(dtype)


def from_bytes(raw, dtype):
    return torch.tensor(list(raw), dtype=torch.uint8).view(dtype)


def f32_bits(values):
    return [struct.unpack("<I", struct.pack("<f", v))[0] for v in values]


def describe(t):
    """dtype-independent expectations for one tensor."""
    raw = t.contiguous().view(-1).view(torch.uint8) if t.numel() else torch.zeros(0, dtype=torch.uint8)
    entry = {"shape": list(t.shape), "hex": bytes(raw.tolist()).hex()}
    if t.dtype in FLOAT_DTYPES:
        entry["float32_bits"] = [b & 0xFFFFFFFF for b in t.to(torch.float32).reshape(-1).view(torch.int32).tolist()]
        if t.dtype == torch.float64:
            entry["float64_hex"] = ["%016x" % (b & 0xFFFFFFFFFFFFFFFF) for b in t.reshape(-1).view(torch.int64).tolist()]
    elif t.dtype in INT_DTYPES:
        entry["int"] = [str(int(v)) for v in t.reshape(-1).tolist()]
    return entry


def header_entries(path):
    """dtype and shape of every tensor as the file's header states them (F4's shape counts
    4-bit elements, where torch's float4_e2m1fn_x2 shape counts bytes)."""
    raw = path.read_bytes()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    return {k: {"dtype": v["dtype"], "shape": v["shape"]} for k, v in header.items() if k != "__metadata__"}


def record(path, tensors, metadata, expected, extra=None):
    os.chmod(path, 0o644)  # the package creates files readable by the owner only
    stated = header_entries(path)
    entry = {"metadata": metadata or {},
             "tensors": {name: dict(describe(t), **stated[name]) for name, t in tensors.items()}}
    if extra:
        entry.update(extra)
    expected[path.name] = entry


def torch_dtypes(expected):
    nan = float("nan")
    tensors = {
        "f64": torch.tensor([0.0, -0.0, 1.0, -2.5, 1e-310, 5e-324, math.pi, 1.7976931348623157e308,
                             math.inf, -math.inf, nan], dtype=torch.float64),
        "f32": torch.tensor([0.0, -0.0, 1.0, -2.5, 1e-40, 1.4e-45, 3.4028234663852886e38,
                             math.inf, -math.inf, nan], dtype=torch.float32),
        "f16": from_bits([0x0000, 0x8000, 0x0001, 0x03FF, 0x0400, 0x3C00, 0x7BFF,
                          0x7C00, 0xFC00, 0x7E00, 0xFE00, 0x7D00, 0xC000, 0x3555], torch.float16).reshape(2, 7),
        "bf16": from_bits([0x0000, 0x8000, 0x0001, 0x007F, 0x0080, 0x3F80, 0x7F7F,
                           0x7F80, 0xFF80, 0x7FC0, 0xFFC0, 0xFFFF, 0x4049, 0xBF80], torch.bfloat16).reshape(7, 2),
        "i64": torch.tensor([-(2 ** 63), -1, 0, 1, 2 ** 63 - 1], dtype=torch.int64),
        "i32": torch.tensor([-(2 ** 31), -1, 0, 2 ** 31 - 1], dtype=torch.int32),
        "i16": torch.tensor([-32768, -1, 0, 32767], dtype=torch.int16),
        "i8": torch.tensor([-128, -1, 0, 127], dtype=torch.int8),
        "u8": torch.tensor([0, 1, 128, 255], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True], dtype=torch.bool),
        "u16": torch.from_numpy(np.array([0, 1, 65535], dtype=np.uint16)),
        "u32": torch.from_numpy(np.array([0, 1, 2 ** 32 - 1], dtype=np.uint32)),
        "u64": torch.from_numpy(np.array([0, 1, 2 ** 63 - 1, 2 ** 64 - 1], dtype=np.uint64)),
        "u64_small": torch.from_numpy(np.array([0, 2 ** 63 - 1], dtype=np.uint64)),
        "f8_e4m3": from_bytes([0x00, 0x38, 0x7E, 0x7F, 0x80, 0x01], torch.float8_e4m3fn),
        "f8_e5m2": from_bytes([0x00, 0x3C, 0x7B, 0x7C, 0x7F, 0x80], torch.float8_e5m2),
        "f8_e4m3fnuz": from_bytes([0x00, 0x40, 0x80], torch.float8_e4m3fnuz),
        "f8_e5m2fnuz": from_bytes([0x00, 0x40, 0x80], torch.float8_e5m2fnuz),
        "f8_e8m0": from_bytes([0x7F, 0x80, 0xFF], torch.float8_e8m0fnu),
        "c64": torch.tensor([1 + 2j, -0.5 - 0.25j], dtype=torch.complex64),
        "f4": from_bytes([0x21, 0xF7], torch.float4_e2m1fn_x2),
        "scalar": torch.tensor(3.5, dtype=torch.float32),
        "empty": torch.zeros(2, 0, 3, dtype=torch.float32),
    }
    metadata = {"format": "pt"}
    path = OUT / "torch_dtypes.safetensors"
    save_file(tensors, path, metadata=metadata)
    record(path, tensors, metadata, expected)


def names(expected):
    tensors = {
        'quote"back\\slash': torch.tensor([1.0], dtype=torch.float32),
        "new\nline\ttab\r\b\f": torch.tensor([2.0], dtype=torch.float32),
        "ctrl\x01\x1f del\x7f": torch.tensor([3], dtype=torch.int64),
        "slash/é€😀": torch.tensor([4], dtype=torch.int16),
        "Zebra": torch.tensor([5.0], dtype=torch.float32),
        "apple": torch.tensor([6.0], dtype=torch.float32),
        "ä": torch.tensor([7.0], dtype=torch.float32),
        "a.b": torch.tensor([8], dtype=torch.uint8),
        "z": torch.tensor([True], dtype=torch.bool),
    }
    path = OUT / "names.safetensors"
    save_file(tensors, path)
    record(path, tensors, None, expected)


def metadata_file(expected):
    tensors = {"w": torch.arange(6, dtype=torch.float32).reshape(2, 3)}
    metadata = {"format": "pt", "note": 'line one\nline "two" \\ tab\t', "unicode": "Grüße €", "empty": "",
                "epoch": "12"}
    path = OUT / "metadata.safetensors"
    save_file(tensors, path, metadata=metadata)
    record(path, tensors, metadata, expected)


def from_floats(expected):
    edge = [0.0, -0.0, 1.0, -1.0, 0.1, 1 / 3, 65504.0, 65519.0, 65520.0, 70000.0, -1e6,
            2.0 ** -14, 2.0 ** -24, 2.0 ** -25, 2.0 ** -25 * 1.5, 2.0 ** -26, 3 * 2.0 ** -25,
            1.0 + 2.0 ** -11, 1.0 + 3 * 2.0 ** -11, 1.0 + 2.0 ** -8, 1.0 + 3 * 2.0 ** -8,
            1e-40, 1e-45, 3.4e38, -3.4e38, math.inf, -math.inf]
    rng = np.random.default_rng(20240611)
    random = (rng.standard_normal(256) * np.exp(rng.uniform(-20, 20, 256))).astype(np.float32).tolist()
    inputs = np.array(edge + random, dtype=np.float32)
    with_nan = np.concatenate([inputs, np.array([np.nan, -np.nan], dtype=np.float32)])
    base = torch.from_numpy(inputs).reshape(-1)
    base_nan = torch.from_numpy(with_nan).reshape(-1)
    ints = [-(2 ** 63), -1, 0, 7, 2 ** 53 + 1, 2 ** 63 - 1]
    tensors = {
        "as_f32": base_nan.clone(),
        "as_f16": base_nan.to(torch.float16),
        "as_bf16": base.to(torch.bfloat16),
        "as_f64": base_nan.to(torch.float64),
        "ints": torch.tensor(ints, dtype=torch.int64).reshape(2, 3),
    }
    metadata = {"source": "torch " + torch.__version__.split("+")[0]}
    path = OUT / "from_floats.safetensors"
    save_file(tensors, path, metadata=metadata)
    # F32, F16 and F64 are made from all the values, BF16 from all but the two NaNs at the end.
    writer_inputs = {
        "float32_bits": f32_bits(with_nan),
        "float_tensors": {"as_f32": "F32", "as_f16": "F16", "as_bf16": "BF16", "as_f64": "F64"},
        "bf16_count": len(inputs),
        "ints": [str(v) for v in ints], "ints_shape": [2, 3],
    }
    record(path, tensors, metadata, expected, {"writer_inputs": writer_inputs})


def numpy_file(expected):
    arrays = {
        "grid": np.array([[0.5, -1.25, 2.0], [1e300, -0.0, 7.0]], dtype=np.float64),
        "labels": np.array([3, -2, 1], dtype=np.int32),
        "mask": np.array([True, False], dtype=np.bool_),
        "counts": np.array([0, 65535], dtype=np.uint16),
        "half": np.array([1.0, -2.0, 0.5], dtype=np.float16),
    }
    path = OUT / "numpy.safetensors"
    safetensors.numpy.save_file(arrays, path)
    record(path, {k: torch.from_numpy(v) for k, v in arrays.items()}, None, expected)


def compact_json(doc):
    """Indented down to the tensors, one line per tensor: small, and readable in a diff."""
    def dump(value, depth):
        if depth >= 4 or not isinstance(value, dict) or not value:
            return json.dumps(value, ensure_ascii=True, separators=(",", ":"))
        pad = " " * (depth + 1)
        items = [pad + json.dumps(k, ensure_ascii=True) + ": " + dump(v, depth + 1) for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * depth + "}"
    return dump(doc, 0)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {}
    torch_dtypes(expected)
    names(expected)
    metadata_file(expected)
    from_floats(expected)
    numpy_file(expected)
    # Every file loads back with the package itself.
    for name in expected:
        load_file(OUT / name)
    doc = {"generator": "Tests/Reference/safetensors_files.py",
           "safetensors": safetensors.__version__, "torch": torch.__version__, "files": expected}
    (OUT / "expected.json").write_text(compact_json(doc) + "\n")
    for name in sorted(expected):
        print(f"{name}: {(OUT / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
