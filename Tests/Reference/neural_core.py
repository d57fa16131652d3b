#!/usr/bin/env python3
"""PyTorch reference values for NeuralCore (ops with forward and backward, optimizers, learning
rate schedules, weight EMA) and for the DCGAN model, stored as safetensors fixtures.

Writes, under Fixtures/neural/ (one .safetensors file per case):

ops/<case>.safetensors (metadata `op` in brackets):
  linear [linear]                      x [4,5], weight [3,5], bias [3]
  matmul_batched [matmul]              [2,3,4] @ [2,4,5]
  conv2d_k3s1p1 [conv2d]               [2,3,7,6] -> 4 ch, k3 s1 p1, bias
  conv2d_k4s2p1 [conv2d]               [2,3,16,16] -> 8 ch, k4 s2 p1, no bias (DCGAN D layer)
  conv2d_dilation2 [conv2d]            [2,2,9,8] -> 3 ch, k3 s1 p2 d2, bias
  conv2d_groups2 [conv2d]              [2,4,6,5] -> 6 ch, k3 s1 p1 groups 2, bias
  conv2d_k3x2_s2x1 [conv2d]            [2,3,9,7] -> 4 ch, k (3,2) s (2,1) p (1,0), bias
  conv2d_1x1 [conv2d]                  [2,5,4,3] -> 3 ch, k1, bias
  conv_transpose2d_k4s1p0_1x1 [conv_transpose2d]  [2,10,1,1] -> 8 ch 4x4, no bias (DCGAN G first layer)
  conv_transpose2d_k4s2p1 [conv_transpose2d]      [2,4,8,8] -> 3 ch 16x16, bias
  conv_transpose2d_output_padding1 [conv_transpose2d]  [2,3,5,4] -> 2 ch, k3 s2 p1 op1, bias
  conv_transpose2d_groups2 [conv_transpose2d]     [2,4,5,5] -> 6 ch, k3 s2 p1 groups 2, bias
  conv_transpose2d_dilation2 [conv_transpose2d]   [2,3,5,6] -> 2 ch, k3 s1 p1 d2, bias
  batch_norm2d_train, batch_norm2d_eval [batch_norm2d]  [3,4,5,3], affine, running stats
  batch_norm1d_train [batch_norm1d]    [6,5]
  group_norm [group_norm]              [2,4,5,3], 2 groups, affine
  layer_norm [layer_norm]              [2,3,4,5], normalized_shape [4,5], affine
  relu, leaky_relu, silu, gelu, gelu_tanh, tanh, sigmoid (op = case name)   [2,3,4,5]
  avg_pool2d_k2s2, avg_pool2d_k3s1p1 [avg_pool2d]; max_pool2d_k2s2, max_pool2d_k3s2p1 [max_pool2d]
  adaptive_avg_pool2d_3x3, adaptive_avg_pool2d_1x1 [adaptive_avg_pool2d]  7x7 input
  adaptive_max_pool2d_3x3 [adaptive_max_pool2d]  7x7 input
  upsample_nearest [upsample_nearest]; upsample_bilinear, upsample_bilinear_align_corners
      [upsample_bilinear]               [2,3,4,5] -> x2
  cat (3 inputs, dim 1); split (dim 1, [2,3]; y0, y1, gy0, gy1); reshape ([2,3,4,5] -> [6,20]);
  permute ((0,2,3,1)); add ([2,3,4,5] + [3,1,1]); mul ([2,3,1,5] * [1,1,4,1]);
  sum ((1,3), keepdim False); mean (all elements)   (op = case name)
  softmax (dim 1, [3,5,4]); log_softmax (dim -1, [4,7])
  sdpa, sdpa_causal [scaled_dot_product_attention]  q, k, v [2,2,16,8]
  sinusoidal_embedding [sinusoidal_embedding]  t = [0, 1, 17, 999], dim 32; forward only
  bce_with_logits [binary_cross_entropy_with_logits], mse_loss, l1_loss,
  cross_entropy_smoothing, cross_entropy [cross_entropy]   (reduction "mean", scalar y and gy)
  gradient_penalty [gradient_penalty]   WGAN-GP penalty of a tiny critic, double backward

optim/<case>.safetensors (metadata `optimizer`):
  sgd, sgd_momentum, sgd_nesterov, adam, adam_weight_decay, adamw, sgd_clip_grad_norm,
  schedule_warmup_cosine (lr [30]), ema (decay 0.9 over the sgd case)

dcgan/dcgan_parity.safetensors   initial G/D state, one float64 forward/backward of both losses
dcgan/dcgan_train.safetensors    100 float32 training steps of the tutorial loop

Tensor names in ops/ files:
- `x0`, `x1`, ...: the op's tensor inputs in argument order (float32; integer targets int64);
- `p.<name>`: parameters (float32), `b.<name>`: buffers before the call (float32),
  `b.<name>.after`: after it (float64); num_batches_tracked is int64 in both;
- `y` (or `y0`, `y1`, ... for several outputs): forward output, float64;
- `gy` (or `gy0`, ...): the upstream gradient, float32, same shape as the output;
- `gx<i>`: d sum(y * gy) / d x<i> for each floating input, `gp.<name>` for parameters, float64.
Metadata (strings): `op`, `args` (JSON of the op's keyword arguments, PyTorch names), `torch`,
`description`.
Inputs and parameters are made in float32; the reference is computed on float64 copies, so
`y`, `gx*`, `gp.*`, `b.*.after` are float64 (every op here supports float64 on the CPU).

optim/ files: `p0` [3,4], `p1` [5] (initial values), `g.<s>.p0`, `g.<s>.p1` (gradients set
before step s, s = 0..5), `after.<s>.p0`, `after.<s>.p1` (params after step s), all float32
and computed by torch in float32 (the for-loop implementations, foreach=False); the clipping
case adds `norm.<s>` (float32 scalar, total norm before clipping); `ema` adds `ema.<s>.p0/p1`.

DCGAN: the PyTorch DCGAN tutorial's Generator/Discriminator (nn.Sequential `main`) for 1x64x64
images with nz = 100, ngf = ndf = 8, initialised with the tutorial's weights_init after
torch.manual_seed(0) (G is built and initialised first, then D). Each file's `description`
metadata spells out the order of calls.
- dcgan_parity: `G.<state_dict name>`, `D.<...>` (initial float32 state, num_batches_tracked
  int64), `z` [4,100,1,1], `x` [4,1,64,64]; float64 results of one train-mode pass: `G.out`,
  `D.real`, `D.fake` [4], `lossD`, `lossG` (scalars), `gD.<param>`, `gG.<param>`, and the
  buffers after the pass `G.after.<buffer>`, `D.after.<buffer>`.
- dcgan_train: `data` [16,1,64,64], `noise` [64,100,1,1] (a pool: iteration i uses rows
  (8 i + j) mod 64, as the real batch uses data rows (8 i + j) mod 16; one noise tensor per
  iteration, [100,8,100,1,1], would not fit the 4 MB fixture budget), per-iteration logs
  `lossD`, `lossG`, `D_x`, `D_G_z1`, `D_G_z2` [100] (float32 run) and `f64.<same>` (the same
  loop in float64, to calibrate tolerances), `final.G.*`, `final.D.*` (float32 state_dicts).

Checking a checkpoint written by medsynth: builds the tutorial's modules with the widths of the
saved tensors (nz, ngf, ndf, nc), loads them with load_state_dict(strict=True), checks that the
modules hold the saved values bit for bit and runs an eval-mode forward pass; exit status 0 when
every model loads. Without --model, `G.*` go to the generator and `D.*` to the discriminator;
in a medsynth training checkpoint (metadata medsynth.format) the optimizer state `optimizer.*`
is skipped.

    /work/venv/bin/python Tests/Reference/neural_core.py --check-load FILE.safetensors
    /work/venv/bin/python Tests/Reference/neural_core.py --check-load FILE --model generator
    /work/venv/bin/python Tests/Reference/neural_core.py --check-load FILE --model generator --prefix G.
    /work/venv/bin/python Tests/Reference/neural_core.py --check-load FILE --prefix final.

The round trip between medsynth and PyTorch:
- medsynth -> PyTorch: Tests/ModelsTests/DCGANCheckpointTests.swift exports a DCGAN training
  checkpoint (TrainingCheckpoint: `G.`/`D.` state dicts, Adam state, noise generator) of the
  tutorial's models at ngf = ndf = 8 after two steps, and the generator alone with plain
  state_dict names (Layer.saveState), when MEDSYNTH_EXPORT_CHECKPOINT names the file:

    MEDSYNTH_EXPORT_CHECKPOINT=/tmp/dcgan/dcgan.safetensors \
        swift test --skip-build --filter DCGANCheckpointTests.exportForPyTorch
    /work/venv/bin/python Tests/Reference/neural_core.py --check-load /tmp/dcgan/dcgan.safetensors
    /work/venv/bin/python Tests/Reference/neural_core.py --check-load /tmp/dcgan/dcgan.safetensors \
        --model generator --prefix G.
    /work/venv/bin/python Tests/Reference/neural_core.py --check-load /tmp/dcgan/dcgan.safetensors \
        --model discriminator --prefix D.
    /work/venv/bin/python Tests/Reference/neural_core.py --check-load /tmp/dcgan/dcgan-generator.safetensors \
        --model generator

- PyTorch -> medsynth: the dcgan fixtures (above) hold the tutorial modules' state_dict() as
  written by save_file; Tests/ModelsTests/DCGANParityTests.swift loads them into
  DCGANGenerator/DCGANDiscriminator with the strict Layer.loadState and matches PyTorch's
  forward, gradients and 100 training steps.

Versions: torch 2.13.0+cpu, numpy 2.4, safetensors 0.8 (`/work/venv/bin/pip install
safetensors`). Run from the package root to (re)write every fixture (about 10 s, one thread;
the output is the same bytes on every run: safetensors writes the metadata in hash-map order,
so `canonical_header` rewrites each header with sorted metadata keys):

    /work/venv/bin/python Tests/Reference/neural_core.py
"""
import argparse
import copy
import json
import math
import os
import struct
import sys
import zlib

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors import safe_open
from safetensors.torch import load_file, save_file

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.normpath(os.path.join(ROOT, "Fixtures", "neural"))
TORCH = torch.__version__


# ---------------------------------------------------------------------------------------------
# Helpers


def seed_for(name):
    """A per-case seed, so that adding or reordering cases does not change the others."""
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


def gen(name):
    g = torch.Generator().manual_seed(seed_for(name))
    return g


def uniform(g, shape, lo=-1.0, hi=1.0):
    return (torch.rand(shape, generator=g, dtype=torch.float32) * (hi - lo) + lo).contiguous()


def normal(g, shape, std=1.0):
    return (torch.randn(shape, generator=g, dtype=torch.float32) * std).contiguous()


def away_from_zero(x, margin):
    """Moves values closer than `margin` to 0 out to +-margin (keeps inputs off the kinks)."""
    sign = torch.where(x >= 0, 1.0, -1.0)
    return torch.where(x.abs() < margin, sign * margin, x).contiguous()


def distinct(g, shape, lo=-1.0, hi=1.0):
    """Values that are all different (a shuffled ramp), so max pooling has no ties."""
    n = math.prod(shape)
    perm = torch.randperm(n, generator=g).to(torch.float32)
    return ((perm + 0.5) / n * (hi - lo) + lo).reshape(shape).contiguous()


def save(path, tensors, metadata):
    """safetensors.torch.save_file to a temporary name, renamed into place."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tensors = {k: v.detach().contiguous().clone() for k, v in tensors.items()}
    metadata = {k: str(v) for k, v in metadata.items()}
    tmp = path + ".tmp"
    save_file(tensors, tmp, metadata=metadata)
    canonical_header(tmp)
    os.replace(tmp, path)


def canonical_header(path):
    """Rewrites the JSON header in place with the metadata keys sorted (safetensors writes them in
    hash-map order, which changes from run to run), so that every run gives the same bytes."""
    with open(path, "r+b") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n).decode("utf-8"))
        meta = header.pop("__metadata__", None)
        ordered = {} if meta is None else {"__metadata__": dict(sorted(meta.items()))}
        ordered.update(sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]))
        text = json.dumps(ordered, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        assert len(text) <= n, path
        f.seek(8)
        f.write(text + b" " * (n - len(text)))


def f64(t):
    return t.detach().to(torch.float64)


WRITTEN = []


def op_case(case, op, args, description, inputs, forward, module=None, gy=None, backward=True):
    """Runs one op case and writes ops/<case>.safetensors.

    inputs: float32 (or int64) tensors; module: an nn.Module holding float32 parameters and
    buffers (stored as p.* / b.*), run as a float64 copy; forward(module64, *inputs64) or
    forward(*inputs64) returns a tensor or a tuple of tensors."""
    g = gen(case + "/gy")
    xs = [x.detach().to(torch.float64).requires_grad_(backward) if x.is_floating_point() else x.clone()
          for x in inputs]
    tensors = {f"x{i}": x for i, x in enumerate(inputs)}
    m64 = None
    if module is not None:
        for k, v in module.named_parameters():
            tensors[f"p.{k}"] = v.detach().to(torch.float32)
        for k, v in module.named_buffers():
            tensors[f"b.{k}"] = v.detach().clone()
        m64 = copy.deepcopy(module).double()
    out = forward(m64, *xs) if m64 is not None else forward(*xs)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    several = len(outs) > 1
    for i, y in enumerate(outs):
        tensors[f"y{i}" if several else "y"] = f64(y)
    if backward:
        if gy is None:
            gys = [uniform(g, y.shape) for y in outs]
        else:
            gys = gy if isinstance(gy, list) else [gy]
        for i, t in enumerate(gys):
            tensors[f"gy{i}" if several else "gy"] = t
        loss = sum((y * t.to(torch.float64)).sum() for y, t in zip(outs, gys))
        wrt_x = [(i, x) for i, x in enumerate(xs) if x.is_floating_point()]
        wrt_p = list(m64.named_parameters()) if m64 is not None else []
        grads = torch.autograd.grad(loss, [x for _, x in wrt_x] + [p for _, p in wrt_p], allow_unused=True,
                                    materialize_grads=True)  # unused -> zeros (the penalty's last bias)
        for (i, _), gr in zip(wrt_x, grads):
            tensors[f"gx{i}"] = f64(gr)
        for (k, _), gr in zip(wrt_p, grads[len(wrt_x):]):
            tensors[f"gp.{k}"] = f64(gr)
    if m64 is not None:
        for k, v in m64.named_buffers():
            tensors[f"b.{k}.after"] = v.detach().clone()
    path = os.path.join(OUT, "ops", case + ".safetensors")
    save(path, tensors, {"op": op, "args": json.dumps(args), "torch": TORCH, "description": description})
    WRITTEN.append(path)


def with_params(module, g, weight=None, bias=None):
    """Sets a module's parameters to seeded float32 values (uniform ranges)."""
    with torch.no_grad():
        if weight is not None and getattr(module, "weight", None) is not None:
            module.weight.copy_(uniform(g, module.weight.shape, *weight))
        if bias is not None and getattr(module, "bias", None) is not None:
            module.bias.copy_(uniform(g, module.bias.shape, *bias))
    return module


# ---------------------------------------------------------------------------------------------
# Ops


def conv_args(stride, padding, dilation, groups):
    return {"stride": list(stride), "padding": list(padding), "dilation": list(dilation), "groups": groups}


def write_ops():
    # Linear algebra
    g = gen("linear")
    torch.manual_seed(seed_for("linear"))
    lin = with_params(nn.Linear(5, 3), g, bias=(-0.5, 0.5))
    op_case("linear", "linear", {}, "F.linear(x0, p.weight, p.bias) = x0 @ weight^T + bias.",
            [uniform(g, (4, 5))], lambda m, x: m(x), module=lin)

    g = gen("matmul_batched")
    op_case("matmul_batched", "matmul", {}, "torch.matmul of batched matrices [2,3,4] @ [2,4,5].",
            [uniform(g, (2, 3, 4)), uniform(g, (2, 4, 5))], lambda a, b: torch.matmul(a, b))

    # conv2d
    convs = [
        ("conv2d_k3s1p1", (2, 3, 7, 6), 4, (3, 3), (1, 1), (1, 1), (1, 1), 1, True,
         "3x3 convolution, stride 1, padding 1, with bias, on a non-square input."),
        ("conv2d_k4s2p1", (2, 3, 16, 16), 8, (4, 4), (2, 2), (1, 1), (1, 1), 1, False,
         "4x4 convolution, stride 2, padding 1, no bias (a DCGAN discriminator layer), 16x16 -> 8x8."),
        ("conv2d_dilation2", (2, 2, 9, 8), 3, (3, 3), (1, 1), (2, 2), (2, 2), 1, True,
         "3x3 convolution with dilation 2 and padding 2, with bias."),
        ("conv2d_groups2", (2, 4, 6, 5), 6, (3, 3), (1, 1), (1, 1), (1, 1), 2, True,
         "3x3 grouped convolution (groups 2, 4 -> 6 channels), stride 1, padding 1, with bias."),
        ("conv2d_k3x2_s2x1", (2, 3, 9, 7), 4, (3, 2), (2, 1), (1, 0), (1, 1), 1, True,
         "Non-square 3x2 kernel with stride (2,1) and padding (1,0), with bias."),
        ("conv2d_1x1", (2, 5, 4, 3), 3, (1, 1), (1, 1), (0, 0), (1, 1), 1, True,
         "1x1 convolution (per-pixel linear map over channels), with bias."),
    ]
    for case, shape, cout, k, s, p, d, groups, bias, desc in convs:
        g = gen(case)
        torch.manual_seed(seed_for(case))
        conv = nn.Conv2d(shape[1], cout, k, stride=s, padding=p, dilation=d, groups=groups, bias=bias)
        with_params(conv, g, bias=(-0.5, 0.5))
        op_case(case, "conv2d", conv_args(s, p, d, groups), "F.conv2d: " + desc,
                [uniform(g, shape)], lambda m, x: m(x), module=conv)

    # conv_transpose2d (weight [in, out/groups, kh, kw])
    convts = [
        ("conv_transpose2d_k4s1p0_1x1", (2, 10, 1, 1), 8, 4, 1, 0, 0, 1, 1, False,
         "4x4 transposed convolution, stride 1, padding 0, from a 1x1 input to 4x4, no bias "
         "(the DCGAN generator's first layer)."),
        ("conv_transpose2d_k4s2p1", (2, 4, 8, 8), 3, 4, 2, 1, 0, 1, 1, True,
         "4x4 transposed convolution, stride 2, padding 1, 8x8 -> 16x16, with bias."),
        ("conv_transpose2d_output_padding1", (2, 3, 5, 4), 2, 3, 2, 1, 1, 1, 1, True,
         "3x3 transposed convolution, stride 2, padding 1, output_padding 1 (5x4 -> 10x8), with bias."),
        ("conv_transpose2d_groups2", (2, 4, 5, 5), 6, 3, 2, 1, 0, 2, 1, True,
         "3x3 grouped transposed convolution (groups 2, 4 -> 6 channels), stride 2, padding 1, with bias."),
        ("conv_transpose2d_dilation2", (2, 3, 5, 6), 2, 3, 1, 1, 0, 1, 2, True,
         "3x3 transposed convolution with dilation 2, stride 1, padding 1, with bias."),
    ]
    for case, shape, cout, k, s, p, op_, groups, d, bias, desc in convts:
        g = gen(case)
        torch.manual_seed(seed_for(case))
        conv = nn.ConvTranspose2d(shape[1], cout, k, stride=s, padding=p, output_padding=op_,
                                  groups=groups, bias=bias, dilation=d)
        with_params(conv, g, bias=(-0.5, 0.5))
        args = {"stride": [s, s], "padding": [p, p], "output_padding": [op_, op_], "groups": groups,
                "dilation": [d, d]}
        op_case(case, "conv_transpose2d", args, "F.conv_transpose2d: " + desc,
                [uniform(g, shape)], lambda m, x: m(x), module=conv)

    # Normalisation
    def norm_module(m, g):
        with_params(m, g, weight=(0.5, 1.5), bias=(-0.5, 0.5))
        if getattr(m, "running_mean", None) is not None:
            with torch.no_grad():
                m.running_mean.copy_(uniform(g, m.running_mean.shape, -0.5, 0.5))
                m.running_var.copy_(uniform(g, m.running_var.shape, 0.5, 2.0))
                m.num_batches_tracked.fill_(3)
        return m

    bn_args = lambda training: {"training": training, "momentum": 0.1, "eps": 1e-5}
    for case, op, shape, train in [("batch_norm2d_train", "batch_norm2d", (3, 4, 5, 3), True),
                                   ("batch_norm2d_eval", "batch_norm2d", (3, 4, 5, 3), False),
                                   ("batch_norm1d_train", "batch_norm1d", (6, 5), True)]:
        g = gen(case)
        bn = (nn.BatchNorm2d if len(shape) == 4 else nn.BatchNorm1d)(shape[1], eps=1e-5, momentum=0.1)
        norm_module(bn, g)
        bn.train(train)
        mode = ("train mode: batch statistics (biased variance) normalise, running stats updated with "
                "momentum 0.1 and the unbiased batch variance, num_batches_tracked += 1"
                if train else "eval mode: normalised with the running statistics, which stay unchanged")
        x = uniform(g, shape, -2.0, 2.0) + 0.3
        op_case(case, op, bn_args(train), f"nn.{type(bn).__name__}(affine, eps 1e-5) in {mode}.",
                [x], lambda m, x: m(x), module=bn)

    g = gen("group_norm")
    gn = norm_module(nn.GroupNorm(2, 4, eps=1e-5), g)
    op_case("group_norm", "group_norm", {"num_groups": 2, "eps": 1e-5},
            "F.group_norm with 4 channels in 2 groups, per-channel affine weight and bias.",
            [uniform(g, (2, 4, 5, 3), -2.0, 2.0)], lambda m, x: m(x), module=gn)

    g = gen("layer_norm")
    ln = norm_module(nn.LayerNorm([4, 5], eps=1e-5), g)
    op_case("layer_norm", "layer_norm", {"normalized_shape": [4, 5], "eps": 1e-5},
            "F.layer_norm over the last two dims [4,5] with elementwise affine weight and bias [4,5].",
            [uniform(g, (2, 3, 4, 5), -2.0, 2.0)], lambda m, x: m(x), module=ln)

    # Activations
    acts = [
        ("relu", {}, lambda x: F.relu(x), "F.relu; inputs kept at least 0.05 away from 0."),
        ("leaky_relu", {"negative_slope": 0.2}, lambda x: F.leaky_relu(x, 0.2),
         "F.leaky_relu with negative_slope 0.2; inputs kept at least 0.05 away from 0."),
        ("silu", {}, lambda x: F.silu(x), "F.silu: x * sigmoid(x)."),
        ("gelu", {"approximate": "none"}, lambda x: F.gelu(x, approximate="none"),
         "F.gelu with approximate 'none': x * Phi(x) with the exact normal CDF (erf)."),
        ("gelu_tanh", {"approximate": "tanh"}, lambda x: F.gelu(x, approximate="tanh"),
         "F.gelu with approximate 'tanh': 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."),
        ("tanh", {}, lambda x: torch.tanh(x), "torch.tanh."),
        ("sigmoid", {}, lambda x: torch.sigmoid(x), "torch.sigmoid."),
    ]
    for case, args, fn, desc in acts:
        g = gen(case)
        x = away_from_zero(uniform(g, (2, 3, 4, 5), -3.0, 3.0), 0.05)
        op_case(case, case, args, desc, [x], fn)

    # Pooling (inputs without ties)
    pools = [
        ("avg_pool2d_k2s2", "avg_pool2d", (2, 3, 8, 7),
         {"kernel_size": [2, 2], "stride": [2, 2], "padding": [0, 0], "ceil_mode": False,
          "count_include_pad": True, "divisor_override": None},
         lambda x: F.avg_pool2d(x, 2, 2), "F.avg_pool2d 2x2 stride 2 on 8x7 (odd width floors to 3)."),
        ("avg_pool2d_k3s1p1", "avg_pool2d", (2, 3, 6, 5),
         {"kernel_size": [3, 3], "stride": [1, 1], "padding": [1, 1], "ceil_mode": False,
          "count_include_pad": True, "divisor_override": None},
         lambda x: F.avg_pool2d(x, 3, 1, 1, count_include_pad=True),
         "F.avg_pool2d 3x3 stride 1 padding 1 with count_include_pad True (always divides by 9)."),
        ("max_pool2d_k2s2", "max_pool2d", (2, 3, 8, 7),
         {"kernel_size": [2, 2], "stride": [2, 2], "padding": [0, 0], "dilation": [1, 1], "ceil_mode": False},
         lambda x: F.max_pool2d(x, 2, 2), "F.max_pool2d 2x2 stride 2 on 8x7; all input values distinct."),
        ("max_pool2d_k3s2p1", "max_pool2d", (2, 3, 9, 8),
         {"kernel_size": [3, 3], "stride": [2, 2], "padding": [1, 1], "dilation": [1, 1], "ceil_mode": False},
         lambda x: F.max_pool2d(x, 3, 2, 1),
         "F.max_pool2d 3x3 stride 2 padding 1 (-inf padding) on 9x8; all input values distinct."),
        ("adaptive_avg_pool2d_3x3", "adaptive_avg_pool2d", (2, 3, 7, 7), {"output_size": [3, 3]},
         lambda x: F.adaptive_avg_pool2d(x, 3),
         "F.adaptive_avg_pool2d 7x7 -> 3x3 (window i spans floor(7i/3) ..< ceil(7(i+1)/3), overlapping)."),
        ("adaptive_avg_pool2d_1x1", "adaptive_avg_pool2d", (2, 3, 7, 7), {"output_size": [1, 1]},
         lambda x: F.adaptive_avg_pool2d(x, 1), "F.adaptive_avg_pool2d 7x7 -> 1x1 (global average)."),
        ("adaptive_max_pool2d_3x3", "adaptive_max_pool2d", (2, 3, 7, 7), {"output_size": [3, 3]},
         lambda x: F.adaptive_max_pool2d(x, 3),
         "F.adaptive_max_pool2d 7x7 -> 3x3 (windows floor(7i/3) ..< ceil(7(i+1)/3)); all inputs distinct."),
    ]
    for case, op, shape, args, fn, desc in pools:
        g = gen(case)
        op_case(case, op, args, desc, [distinct(g, shape)], fn)

    # Upsampling
    ups = [
        ("upsample_nearest", "upsample_nearest", {"scale_factor": [2.0, 2.0], "mode": "nearest"},
         lambda x: F.interpolate(x, scale_factor=2, mode="nearest"),
         "F.interpolate mode 'nearest', scale_factor 2 (source index floor(dst / 2)), 4x5 -> 8x10."),
        ("upsample_bilinear", "upsample_bilinear",
         {"scale_factor": [2.0, 2.0], "mode": "bilinear", "align_corners": False},
         lambda x: F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False),
         "F.interpolate mode 'bilinear', scale_factor 2, align_corners False (src = (dst + 0.5) / 2 - 0.5, "
         "clamped at 0), 4x5 -> 8x10."),
        ("upsample_bilinear_align_corners", "upsample_bilinear",
         {"scale_factor": [2.0, 2.0], "mode": "bilinear", "align_corners": True},
         lambda x: F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True),
         "F.interpolate mode 'bilinear', scale_factor 2, align_corners True (src = dst (in - 1) / (out - 1)), "
         "4x5 -> 8x10."),
    ]
    for case, op, args, fn, desc in ups:
        g = gen(case)
        op_case(case, op, args, desc, [uniform(g, (2, 3, 4, 5))], fn)

    # Shape ops and reductions
    g = gen("cat")
    op_case("cat", "cat", {"dim": 1}, "torch.cat of three tensors [2,1,3,4], [2,2,3,4], [2,3,3,4] along dim 1.",
            [uniform(g, (2, 1, 3, 4)), uniform(g, (2, 2, 3, 4)), uniform(g, (2, 3, 3, 4))],
            lambda a, b, c: torch.cat([a, b, c], dim=1))
    g = gen("split")
    op_case("split", "split", {"split_size_or_sections": [2, 3], "dim": 1},
            "torch.split of [2,5,3] along dim 1 into sizes [2,3]: outputs y0 [2,2,3], y1 [2,3,3].",
            [uniform(g, (2, 5, 3))], lambda x: tuple(torch.split(x, [2, 3], dim=1)))
    g = gen("reshape")
    op_case("reshape", "reshape", {"shape": [6, 20]}, "torch.reshape of a contiguous [2,3,4,5] to [6,20].",
            [uniform(g, (2, 3, 4, 5))], lambda x: x.reshape(6, 20))
    g = gen("permute")
    op_case("permute", "permute", {"dims": [0, 2, 3, 1]},
            "torch.permute (0,2,3,1), NCHW [2,3,4,5] -> NHWC [2,4,5,3] (y stored contiguous).",
            [uniform(g, (2, 3, 4, 5))], lambda x: x.permute(0, 2, 3, 1))
    g = gen("add")
    op_case("add", "add", {}, "torch.add with broadcasting: [2,3,4,5] + [3,1,1] (gx1 sums over broadcast dims).",
            [uniform(g, (2, 3, 4, 5)), uniform(g, (3, 1, 1))], lambda a, b: a + b)
    g = gen("mul")
    op_case("mul", "mul", {}, "torch.mul with broadcasting: [2,3,1,5] * [1,1,4,1] -> [2,3,4,5].",
            [uniform(g, (2, 3, 1, 5)), uniform(g, (1, 1, 4, 1))], lambda a, b: a * b)
    g = gen("sum")
    op_case("sum", "sum", {"dim": [1, 3], "keepdim": False}, "torch.sum of [2,3,4,5] over dims (1,3) -> [2,4].",
            [uniform(g, (2, 3, 4, 5))], lambda x: x.sum(dim=(1, 3)))
    g = gen("mean")
    op_case("mean", "mean", {"dim": None}, "torch.mean over all elements of [2,3,4,5]; y and gy are scalars.",
            [uniform(g, (2, 3, 4, 5))], lambda x: x.mean())
    g = gen("softmax")
    op_case("softmax", "softmax", {"dim": 1}, "F.softmax along dim 1 of [3,5,4].",
            [uniform(g, (3, 5, 4), -3.0, 3.0)], lambda x: F.softmax(x, dim=1))
    g = gen("log_softmax")
    op_case("log_softmax", "log_softmax", {"dim": -1}, "F.log_softmax along the last dim of [4,7].",
            [uniform(g, (4, 7), -3.0, 3.0)], lambda x: F.log_softmax(x, dim=-1))

    # Attention
    for case, causal in [("sdpa", False), ("sdpa_causal", True)]:
        g = gen(case)
        qkv = [normal(g, (2, 2, 16, 8)) for _ in range(3)]
        op_case(case, "scaled_dot_product_attention",
                {"attn_mask": None, "dropout_p": 0.0, "is_causal": causal, "scale": None},
                "F.scaled_dot_product_attention(q=x0, k=x1, v=x2), softmax(q k^T / sqrt(8)"
                + (" + causal mask, key j > query i excluded" if causal else "") + ") v; no dropout.",
                qkv, lambda q, k, v: F.scaled_dot_product_attention(q, k, v, dropout_p=0.0, is_causal=causal))

    # Timestep embedding (forward only)
    formula = ("half = dim // 2; freqs = exp(-ln(max_period) * arange(half) / half); "
               "args = t[:, None] * freqs[None, :]; emb = cat([sin(args), cos(args)], dim=-1)")

    def sinusoidal(t, dim=32, max_period=10000.0):
        half = dim // 2
        freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=t.dtype) / half)
        a = t[:, None] * freqs[None, :]
        return torch.cat([torch.sin(a), torch.cos(a)], dim=-1)

    op_case("sinusoidal_embedding", "sinusoidal_embedding",
            {"dim": 32, "max_period": 10000, "formula": formula},
            "DDPM/diffusers-style timestep embedding computed in float64 (forward only): " + formula
            + " (diffusers get_timestep_embedding with downscale_freq_shift 0, flip_sin_to_cos False, scale 1).",
            [torch.tensor([0.0, 1.0, 17.0, 999.0], dtype=torch.float32)], sinusoidal, backward=False)

    # Losses (reduction mean; scalar y and gy)
    def scalar_gy(case):
        return uniform(gen(case + "/scalar"), (), 0.5, 1.5)

    g = gen("bce_with_logits")
    op_case("bce_with_logits", "binary_cross_entropy_with_logits", {"reduction": "mean", "pos_weight": None},
            "F.binary_cross_entropy_with_logits(x0 logits [4,5], x1 targets in [0,1]), reduction mean; "
            "gx1 is the gradient w.r.t. the targets.",
            [uniform(g, (4, 5), -3.0, 3.0), uniform(g, (4, 5), 0.0, 1.0)],
            lambda a, b: F.binary_cross_entropy_with_logits(a, b, reduction="mean"), gy=scalar_gy("bce_with_logits"))
    g = gen("mse_loss")
    op_case("mse_loss", "mse_loss", {"reduction": "mean"}, "F.mse_loss(x0, x1) on [3,4], reduction mean.",
            [uniform(g, (3, 4)), uniform(g, (3, 4))], lambda a, b: F.mse_loss(a, b), gy=scalar_gy("mse_loss"))
    g = gen("l1_loss")
    a = uniform(g, (3, 4))
    b = (a + away_from_zero(uniform(g, (3, 4)), 0.05)).contiguous()
    op_case("l1_loss", "l1_loss", {"reduction": "mean"},
            "F.l1_loss(x0, x1) on [3,4], reduction mean; |x0 - x1| >= 0.05 everywhere (off the kink).",
            [a, b], lambda a, b: F.l1_loss(a, b), gy=scalar_gy("l1_loss"))
    for case, smoothing in [("cross_entropy_smoothing", 0.1), ("cross_entropy", 0.0)]:
        g = gen(case)
        logits = uniform(g, (6, 5), -3.0, 3.0)
        target = torch.randint(0, 5, (6,), generator=g, dtype=torch.int64)
        op_case(case, "cross_entropy", {"reduction": "mean", "label_smoothing": smoothing, "ignore_index": -100,
                                        "weight": None},
                f"F.cross_entropy(x0 logits [6,5], x1 int64 class indices [6]), reduction mean, label_smoothing "
                f"{smoothing} (loss = (1 - s) nll + s mean_c(-log_softmax)).",
                [logits, target], lambda a, t: F.cross_entropy(a, t, label_smoothing=smoothing),
                gy=scalar_gy(case))

    write_gradient_penalty()


def write_gradient_penalty():
    case = "gradient_penalty"
    g = gen(case)
    torch.manual_seed(seed_for(case))
    critic = nn.Sequential(nn.Conv2d(1, 4, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(4, 1, 4, 1, 0))
    with_params(critic[0], g, bias=(-0.5, 0.5))
    with_params(critic[2], g, bias=(-0.5, 0.5))
    real = uniform(g, (3, 1, 8, 8))
    fake = uniform(g, (3, 1, 8, 8))
    alpha = uniform(g, (3, 1, 1, 1), 0.0, 1.0)

    def penalty(m, x0, x1, x2):
        interp = x2 * x0 + (1 - x2) * x1
        out = m(interp)
        grads = torch.autograd.grad(out.sum(), interp, create_graph=True)[0]
        return ((grads.view(grads.shape[0], -1).norm(2, dim=1) - 1) ** 2).mean()

    desc = ("WGAN-GP penalty of the critic Sequential(Conv2d(1,4,4,2,1), LeakyReLU(0.2), Conv2d(4,1,4,1,0)) "
            "on [3,1,8,8] (-> [3,1,1,1]): interp = x2*x0 + (1-x2)*x1; gradients = autograd.grad("
            "critic(interp).sum(), interp, create_graph=True); y = ((gradients.view(3,-1).norm(2, dim=1) - 1)**2)"
            ".mean(); gy = 1, so gp.* = d y / d params and gx* = d y / d x* (double backward). The bias "
            "gradients are exactly 0 (the input gradient does not depend on the biases except through the "
            "piecewise-constant LeakyReLU mask).")
    op_case(case, "gradient_penalty", {"lambda": 1.0, "critic": "Conv2d(1,4,4,2,1),LeakyReLU(0.2),Conv2d(4,1,4,1,0)"},
            desc, [real, fake, alpha], penalty, module=critic, gy=torch.tensor(1.0, dtype=torch.float32))


# ---------------------------------------------------------------------------------------------
# Optimizers, schedules, EMA

STEPS = 6
GRAD_SCALES = [1.0, 1.0, 0.1, 1.0, 0.05, 2.0]  # steps 2 and 4 have total norm < 1 (no clipping)


def optim_inputs():
    g = gen("optim")
    p0 = uniform(g, (3, 4))
    p1 = uniform(g, (5,))
    grads = [(normal(g, (3, 4)) * s, normal(g, (5,)) * s) for s in GRAD_SCALES]
    return p0, p1, grads


def run_optimizer(make, clip=None, ema_decay=None):
    p0, p1, grads = optim_inputs()
    params = [nn.Parameter(p0.clone()), nn.Parameter(p1.clone())]
    opt = make(params)
    tensors = {"p0": p0, "p1": p1}
    ema = [p.detach().clone() for p in params]
    for s, (g0, g1) in enumerate(grads):
        tensors[f"g.{s}.p0"], tensors[f"g.{s}.p1"] = g0, g1
        opt.zero_grad()
        params[0].grad = g0.clone()
        params[1].grad = g1.clone()
        if clip is not None:
            tensors[f"norm.{s}"] = torch.nn.utils.clip_grad_norm_(params, max_norm=clip, norm_type=2.0,
                                                                  foreach=False).detach()
        opt.step()
        tensors[f"after.{s}.p0"] = params[0].detach().clone()
        tensors[f"after.{s}.p1"] = params[1].detach().clone()
        if ema_decay is not None:
            with torch.no_grad():
                for e, p in zip(ema, params):
                    e.mul_(ema_decay).add_(p, alpha=1 - ema_decay)
            tensors[f"ema.{s}.p0"], tensors[f"ema.{s}.p1"] = ema[0].clone(), ema[1].clone()
    return tensors


def write_optim():
    common = ("Params p0 [3,4], p1 [5] (float32); for s = 0..5: grads set to g.<s>.*, optimizer.step(), "
              "after.<s>.* = params; torch in float32 (for-loop implementation, foreach=False). ")
    sgd = dict(lr=0.1, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False)
    adam = dict(lr=1e-3, betas=[0.5, 0.999], eps=1e-8, weight_decay=0.0, amsgrad=False)
    cases = [
        ("sgd", "SGD", sgd, "Plain SGD, lr 0.1."),
        ("sgd_momentum", "SGD", {**sgd, "momentum": 0.9},
         "SGD lr 0.1 with momentum 0.9, dampening 0 (buffer starts as the first gradient)."),
        ("sgd_nesterov", "SGD", {**sgd, "momentum": 0.9, "weight_decay": 0.01, "nesterov": True},
         "SGD lr 0.1, Nesterov momentum 0.9, weight_decay 0.01 added to the gradient (g + wd p)."),
        ("adam", "Adam", adam, "Adam lr 1e-3, betas (0.5, 0.999), eps 1e-8 (eps added after sqrt of the "
                               "bias-corrected second moment)."),
        ("adam_weight_decay", "Adam", {**adam, "weight_decay": 0.01},
         "Adam lr 1e-3, betas (0.5, 0.999), eps 1e-8, L2 weight_decay 0.01 added to the gradient."),
        ("adamw", "AdamW", {**adam, "weight_decay": 0.01},
         "AdamW lr 1e-3, betas (0.5, 0.999), eps 1e-8, decoupled weight_decay 0.01 (p *= 1 - lr wd before "
         "the Adam update)."),
    ]
    for case, name, args, desc in cases:
        cls = getattr(torch.optim, name)
        kw = {k: (tuple(v) if isinstance(v, list) else v) for k, v in args.items()}
        tensors = run_optimizer(lambda ps: cls(ps, foreach=False, **kw))
        path = os.path.join(OUT, "optim", case + ".safetensors")
        save(path, tensors, {"optimizer": name, "args": json.dumps(args), "steps": STEPS, "torch": TORCH,
                             "description": common + desc})
        WRITTEN.append(path)

    tensors = run_optimizer(lambda ps: torch.optim.SGD(ps, lr=0.1, foreach=False), clip=1.0)
    path = os.path.join(OUT, "optim", "sgd_clip_grad_norm.safetensors")
    save(path, tensors, {
        "optimizer": "SGD", "args": json.dumps({**sgd, "clip_grad_norm": {"max_norm": 1.0, "norm_type": 2.0}}),
        "steps": STEPS, "torch": TORCH,
        "description": common + "Before each SGD (lr 0.1) step, torch.nn.utils.clip_grad_norm_(params, max_norm 1.0): "
                       "norm.<s> = sqrt(sum of squares of all grads) (float32, returned before clipping); if "
                       "norm > 1 every grad is multiplied by 1 / (norm + 1e-6) (the factor is clamped to 1, so "
                       "steps 2 and 4, with norm < 1, are not clipped)."})
    WRITTEN.append(path)

    tensors = run_optimizer(lambda ps: torch.optim.SGD(ps, lr=0.1, foreach=False), ema_decay=0.9)
    path = os.path.join(OUT, "optim", "ema.safetensors")
    save(path, tensors, {
        "optimizer": "SGD", "args": json.dumps({**sgd, "ema_decay": 0.9}), "steps": STEPS, "torch": TORCH,
        "description": common + "The sgd case (lr 0.1) with an EMA of the weights: ema starts as a copy of p0/p1; "
                       "after step s, ema = 0.9 * ema + (1 - 0.9) * param (float32, "
                       "ema.mul_(0.9).add_(param, alpha=0.1)), stored as ema.<s>.p0/p1."})
    WRITTEN.append(path)

    # Warmup + cosine schedule
    p = nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=1e-3)
    warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, end_factor=1.0, total_iters=5)
    cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=25, eta_min=1e-5)
    seq = torch.optim.lr_scheduler.SequentialLR(opt, [warm, cos], milestones=[5])
    lrs = []
    for _ in range(30):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        seq.step()
    closed = [1e-3 * (0.1 + 0.9 * i / 5) if i < 5 else
              1e-5 + (1e-3 - 1e-5) * (1 + math.cos(math.pi * (i - 5) / 25)) / 2 for i in range(30)]
    assert max(abs(a - b) for a, b in zip(lrs, closed)) < 1e-15, "schedule differs from the closed form"
    path = os.path.join(OUT, "optim", "schedule_warmup_cosine.safetensors")
    save(path, {"lr": torch.tensor(lrs, dtype=torch.float64)}, {
        "optimizer": "SGD", "torch": TORCH,
        "args": json.dumps({"lr": 1e-3, "schedulers": [
            {"name": "LinearLR", "start_factor": 0.1, "end_factor": 1.0, "total_iters": 5},
            {"name": "CosineAnnealingLR", "T_max": 25, "eta_min": 1e-5}], "milestones": [5], "steps": 30}),
        "description": "lr[i] = optimizer lr used by step i (read before optimizer.step(); scheduler.step()) "
                       "for SequentialLR(LinearLR(start_factor 0.1, total_iters 5), CosineAnnealingLR(T_max 25, "
                       "eta_min 1e-5), milestones [5]) on base lr 1e-3; equals the closed form "
                       "lr[i] = 1e-3 (0.1 + 0.9 i / 5) for i < 5, else 1e-5 + (1e-3 - 1e-5)(1 + cos(pi (i - 5) / 25)) / 2."})
    WRITTEN.append(path)


# ---------------------------------------------------------------------------------------------
# DCGAN (the PyTorch DCGAN tutorial's models, nc = 1, nz = 100, ngf = ndf = 8)

NC, NZ, NGF, NDF = 1, 100, 8, 8


class Generator(nn.Module):
    def __init__(self, nz=NZ, ngf=NGF, nc=NC):
        super().__init__()
        self.nz, self.nc = nz, nc
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False),       # 1 -> 4
            nn.BatchNorm2d(ngf * 8),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False),  # 4 -> 8
            nn.BatchNorm2d(ngf * 4),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),  # 8 -> 16
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False),      # 16 -> 32
            nn.BatchNorm2d(ngf),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf, nc, 4, 2, 1, bias=False),           # 32 -> 64
            nn.Tanh(),
        )

    def forward(self, z):
        return self.main(z)


class Discriminator(nn.Module):
    def __init__(self, ndf=NDF, nc=NC):
        super().__init__()
        self.nc = nc
        self.main = nn.Sequential(
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False),                    # 64 -> 32
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False),               # 32 -> 16
            nn.BatchNorm2d(ndf * 2),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 2, ndf * 4, 4, 2, 1, bias=False),           # 16 -> 8
            nn.BatchNorm2d(ndf * 4),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 4, ndf * 8, 4, 2, 1, bias=False),           # 8 -> 4
            nn.BatchNorm2d(ndf * 8),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 8, 1, 4, 1, 0, bias=False),                 # 4 -> 1
            nn.Sigmoid(),
        )

    def forward(self, x):
        return self.main(x)


def weights_init(m):
    """The tutorial's init: conv weights N(0, 0.02); batch-norm weight N(1, 0.02), bias 0."""
    name = m.__class__.__name__
    if "Conv" in name:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif "BatchNorm" in name:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)


def initial_models():
    torch.manual_seed(0)
    netG = Generator()
    netG.apply(weights_init)
    netD = Discriminator()
    netD.apply(weights_init)
    return netG, netD


def blobs(n, seed):
    """Smooth random images in [-1, 1]: 3-5 Gaussian blobs each, scaled to the full range."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:64, 0:64].astype(np.float64)
    out = np.empty((n, 1, 64, 64), dtype=np.float32)
    for i in range(n):
        img = np.zeros((64, 64))
        for _ in range(rng.integers(3, 6)):
            cy, cx = rng.uniform(8, 56, size=2)
            sy, sx = rng.uniform(4, 14, size=2)
            img += rng.uniform(0.3, 1.0) * rng.choice([-1.0, 1.0]) * np.exp(
                -((yy - cy) ** 2 / (2 * sy ** 2) + (xx - cx) ** 2 / (2 * sx ** 2)))
        img = (img - img.min()) / (img.max() - img.min()) * 2 - 1
        out[i, 0] = img
    return torch.from_numpy(out)


def state_tensors(prefix, model):
    return {prefix + k: v.detach().clone() for k, v in model.state_dict().items()}


def buffer_tensors(prefix, model):
    return {prefix + k: v.detach().clone() for k, v in model.named_buffers()}


def write_dcgan_parity():
    netG, netD = initial_models()
    z = torch.randn(4, NZ, 1, 1, generator=gen("dcgan/z"), dtype=torch.float32)
    x = blobs(4, seed_for("dcgan/x"))
    tensors = {**state_tensors("G.", netG), **state_tensors("D.", netD), "z": z, "x": x}

    G = copy.deepcopy(netG).double().train()
    D = copy.deepcopy(netD).double().train()
    bce = nn.BCELoss()
    z64, x64 = z.double(), x.double()
    fake = G(z64)                                   # G call 1
    out_real = D(x64).view(-1)                      # D call 1
    out_fake = D(fake.detach()).view(-1)            # D call 2
    lossD = bce(out_real, torch.ones_like(out_real)) + bce(out_fake, torch.zeros_like(out_fake))
    gD = torch.autograd.grad(lossD, list(D.parameters()))
    out_g = D(fake).view(-1)                        # D call 3
    lossG = bce(out_g, torch.ones_like(out_g))
    gG = torch.autograd.grad(lossG, list(G.parameters()))
    tensors.update({"G.out": f64(fake), "D.real": f64(out_real), "D.fake": f64(out_fake),
                    "lossD": f64(lossD), "lossG": f64(lossG)})
    tensors.update({f"gD.{k}": f64(v) for (k, _), v in zip(D.named_parameters(), gD)})
    tensors.update({f"gG.{k}": f64(v) for (k, _), v in zip(G.named_parameters(), gG)})
    tensors.update(buffer_tensors("G.after.", G))
    tensors.update(buffer_tensors("D.after.", D))
    desc = ("PyTorch DCGAN tutorial models (nc 1, nz 100, ngf = ndf = 8), weights_init after torch.manual_seed(0) "
            "(G built and initialised, then D). G.* / D.*: initial state_dicts (float32; num_batches_tracked int64). "
            "z [4,100,1,1], x [4,1,64,64] in [-1,1] (float32). Computed on float64 copies in train mode, in this "
            "order: fake = G(z); D.real = D(x).view(-1); D.fake = D(fake.detach()).view(-1); lossD = BCE(D.real, 1) "
            "+ BCE(D.fake, 0) (nn.BCELoss, mean); gD.* = d lossD / d D params; then lossG = BCE(D(fake).view(-1), 1) "
            "(a third D call, same values as D.fake) and gG.* = d lossG / d G params. G.out = fake. G.after.* / "
            "D.after.*: buffers after these calls (G: 1 batch-norm update, num_batches_tracked 1; D: 3 updates - "
            "real, fake, fake - num_batches_tracked 3). No optimizer step.")
    path = os.path.join(OUT, "dcgan", "dcgan_parity.safetensors")
    save(path, tensors, {"model": "dcgan", "args": json.dumps({"nc": NC, "nz": NZ, "ngf": NGF, "ndf": NDF}),
                         "torch": TORCH, "description": desc})
    WRITTEN.append(path)


TRAIN_STEPS, BATCH, DATA, NOISE_POOL = 100, 8, 16, 64


def train_dcgan(dtype=torch.float32):
    netG, netD = initial_models()
    netG, netD = netG.to(dtype).train(), netD.to(dtype).train()
    data = blobs(DATA, seed_for("dcgan/data"))
    noise = torch.randn(NOISE_POOL, NZ, 1, 1, generator=gen("dcgan/noise"), dtype=torch.float32)
    criterion = nn.BCELoss()
    optD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optG = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
    real_label, fake_label = 1.0, 0.0
    log = {k: [] for k in ("lossD", "lossG", "D_x", "D_G_z1", "D_G_z2")}
    for i in range(TRAIN_STEPS):
        idx = [(BATCH * i + j) % DATA for j in range(BATCH)]
        nidx = [(BATCH * i + j) % NOISE_POOL for j in range(BATCH)]
        real = data[idx].to(dtype)
        z = noise[nidx].to(dtype)
        # (1) D: maximise log D(x) + log(1 - D(G(z)))
        netD.zero_grad()
        label = torch.full((BATCH,), real_label, dtype=dtype)
        output = netD(real).view(-1)
        errD_real = criterion(output, label)
        errD_real.backward()
        D_x = output.mean().item()
        fake = netG(z)
        label.fill_(fake_label)
        output = netD(fake.detach()).view(-1)
        errD_fake = criterion(output, label)
        errD_fake.backward()
        D_G_z1 = output.mean().item()
        errD = errD_real + errD_fake
        optD.step()
        # (2) G: maximise log D(G(z)), reusing `fake`
        netG.zero_grad()
        label.fill_(real_label)
        output = netD(fake).view(-1)
        errG = criterion(output, label)
        errG.backward()
        D_G_z2 = output.mean().item()
        optG.step()
        for k, v in (("lossD", errD.item()), ("lossG", errG.item()), ("D_x", D_x), ("D_G_z1", D_G_z1),
                     ("D_G_z2", D_G_z2)):
            log[k].append(v)
    return netG, netD, data, noise, log


def write_dcgan_train():
    netG, netD, data, noise, log = train_dcgan()
    tensors = {"data": data, "noise": noise}
    tensors.update({k: torch.tensor(v, dtype=torch.float64) for k, v in log.items()})
    _, _, _, _, log64 = train_dcgan(torch.float64)
    tensors.update({f"f64.{k}": torch.tensor(v, dtype=torch.float64) for k, v in log64.items()})
    tensors.update(state_tensors("final.G.", netG))
    tensors.update(state_tensors("final.D.", netD))
    loop = (
        "100 iterations of the PyTorch DCGAN tutorial's training loop in float32, both models in train mode "
        "throughout, from the initial weights G.* / D.* of dcgan_parity.safetensors. Adam(lr 2e-4, betas (0.5, "
        "0.999), eps 1e-8) for each model, created before the loop; criterion nn.BCELoss() (reduction mean); real "
        "label 1, fake label 0. Iteration i (0-based) uses the real batch data[(8 i + j) mod 16] and the noise batch "
        "noise[(8 i + j) mod 64], j = 0..7. Per iteration: netD.zero_grad(); output = D(real).view(-1); errD_real "
        "= BCE(output, 1); errD_real.backward(); D_x = output.mean(); fake = G(z); output = D(fake.detach()).view(-1); "
        "errD_fake = BCE(output, 0); errD_fake.backward(); D_G_z1 = output.mean(); lossD = errD_real + errD_fake; "
        "optimizerD.step(); netG.zero_grad(); output = D(fake).view(-1) (the same `fake`, no new G call, D already "
        "updated); errG = BCE(output, 1); errG.backward() (also accumulates into D's grads, cleared by the next "
        "netD.zero_grad()); D_G_z2 = output.mean(); optimizerG.step(). So G's batch norms see 1 batch and D's 3 "
        "batches (real, fake, fake) per iteration. Stored per iteration: lossD, lossG, D_x, D_G_z1, D_G_z2 "
        "(float32 values widened to float64, [100]); final.G.* / final.D.*: state_dicts after the last iteration. "
        "f64.lossD, f64.lossG, f64.D_x, f64.D_G_z1, f64.D_G_z2: the same loop run on float64 copies (same "
        "initial values, data and noise); the gap to the float32 logs shows how far rounding alone moves this "
        "trajectory (Adam's early, nearly sign-like steps amplify it: about 1e-4 in lossG after 3 iterations, "
        "1e-2 after 10), so only the first iterations can be compared tightly.")
    path = os.path.join(OUT, "dcgan", "dcgan_train.safetensors")
    save(path, tensors, {"model": "dcgan", "torch": TORCH, "description": loop,
                         "args": json.dumps({"nc": NC, "nz": NZ, "ngf": NGF, "ndf": NDF, "steps": TRAIN_STEPS,
                                             "batch": BATCH, "data": DATA, "noise_pool": NOISE_POOL,
                                             "optimizer": "Adam", "lr": 2e-4, "betas": [0.5, 0.999],
                                             "eps": 1e-8, "real_label": 1.0, "fake_label": 0.0})})
    WRITTEN.append(path)
    return netG, netD, log


# ---------------------------------------------------------------------------------------------
# Checking a checkpoint written by medsynth


def sized_model(name, tensors):
    """The tutorial's module with the widths of the saved tensors (nz, ngf, ndf, nc), so files of
    any model size load; the fixtures' sizes when the tensors do not say (the check then lists
    what is missing)."""
    def shape(key):
        return list(tensors[key].shape) if key in tensors else None
    if name == "generator":
        first, last = shape("main.0.weight"), shape("main.12.weight")
        if first and last and len(first) == 4 and len(last) == 4 and first[1] % 8 == 0:
            nz, ngf, nc = first[0], first[1] // 8, last[1]
        else:
            nz, ngf, nc = NZ, NGF, NC
        print(f"{name}: nz {nz}, ngf {ngf}, nc {nc}")
        return Generator(nz, ngf, nc)
    first = shape("main.0.weight")
    ndf, nc = (first[0], first[1]) if first and len(first) == 4 else (NDF, NC)
    print(f"{name}: ndf {ndf}, nc {nc}")
    return Discriminator(ndf, nc)


def check_model(name, model, tensors):
    expected = model.state_dict()
    missing = sorted(set(expected) - set(tensors))
    unexpected = sorted(set(tensors) - set(expected))
    misshaped = sorted(f"{k}: expected {list(expected[k].shape)}, got {list(tensors[k].shape)}"
                       for k in set(expected) & set(tensors) if expected[k].shape != tensors[k].shape)
    problems = [f"{name}: missing {k}" for k in missing] + [f"{name}: unexpected {k}" for k in unexpected] \
        + [f"{name}: mis-shaped {m}" for m in misshaped]
    for k in sorted(set(expected) & set(tensors)):
        if tensors[k].dtype != expected[k].dtype:
            print(f"{name}: note: {k} is {tensors[k].dtype}, the model keeps {expected[k].dtype} (cast on load)")
    if problems:
        return problems
    try:
        model.load_state_dict({k: v.to(expected[k].dtype) for k, v in tensors.items()}, strict=True)
    except RuntimeError as e:
        return [f"{name}: load_state_dict failed: {e}"]
    # The module now holds the saved values bit for bit: its state_dict() saved again with
    # save_file gives back the same tensors.
    changed = [k for k, v in model.state_dict().items() if not torch.equal(v, tensors[k].to(v.dtype))]
    if changed:
        return [f"{name}: values changed on load: {', '.join(changed)}"]
    model.eval()
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        if isinstance(model, Generator):
            out = model(torch.randn(2, model.nz, 1, 1, generator=g))
            shape = [2, model.nc, 64, 64]
        else:
            out = model(torch.rand(2, model.nc, 64, 64, generator=g) * 2 - 1).view(-1)
            shape = [2]
    if list(out.shape) != shape or not torch.isfinite(out).all():
        return [f"{name}: forward pass gave shape {list(out.shape)} (expected {shape}) finite={bool(torch.isfinite(out).all())}"]
    print(f"{name}: loaded {len(tensors)} tensors with load_state_dict(strict=True), bit for bit; eval-mode forward "
          f"{shape}, range [{out.min().item():.4g}, {out.max().item():.4g}]")
    return []


def check_load(path, model=None, prefix=""):
    tensors = load_file(path)
    with safe_open(path, framework="pt") as f:
        metadata = f.metadata() or {}
    if metadata.get("medsynth.format"):
        print(f"{path}: medsynth {metadata['medsynth.format']} version {metadata.get('medsynth.version')}, "
              f"step {metadata.get('medsynth.step')}, models {metadata.get('medsynth.models')}")
    if prefix:
        tensors = {k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)}
    problems = []
    if model is not None:
        targets = {model: tensors}
    else:
        targets = {"generator": {}, "discriminator": {}}
        skipped = 0
        for k, v in tensors.items():
            if k.startswith("G."):
                targets["generator"][k[2:]] = v
            elif k.startswith("D."):
                targets["discriminator"][k[2:]] = v
            elif k.startswith("optimizer.") and metadata.get("medsynth.format") == "training-checkpoint":
                skipped += 1
            else:
                problems.append(f"unexpected {k} (neither G.* nor D.*)")
        if skipped:
            print(f"skipped {skipped} optimizer state tensors (optimizer.*), which belong to no module")
    for name, ts in targets.items():
        problems += check_model(name, sized_model(name, ts), ts)
    for p in problems:
        print(p)
    print("OK" if not problems else f"FAILED ({len(problems)} problems)")
    return 0 if not problems else 1


# ---------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check-load", metavar="FILE", help="check a medsynth DCGAN checkpoint and exit")
    parser.add_argument("--model", choices=["generator", "discriminator"],
                        help="the checkpoint holds one model with plain state_dict names")
    parser.add_argument("--prefix", default="", help="only use tensors whose names start with this, stripped")
    opts = parser.parse_args()
    torch.set_num_threads(1)
    if opts.check_load:
        sys.exit(check_load(opts.check_load, opts.model, opts.prefix))

    assert torch.__version__.startswith("2.13"), torch.__version__
    torch.use_deterministic_algorithms(True)
    write_ops()
    write_optim()
    write_dcgan_parity()
    write_dcgan_train()
    total = sum(os.path.getsize(p) for p in WRITTEN)
    print(f"wrote {len(WRITTEN)} files under {OUT}, {total / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
