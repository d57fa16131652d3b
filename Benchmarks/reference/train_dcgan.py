"""PyTorch side of `medsynth bench train-dcgan`: the DCGAN tutorial's training step, timed.

The models, initialisation, optimisers and step are those of PyTorch's DCGAN tutorial
(https://pytorch.org/tutorials/beginner/dcgan_faces_tutorial.html) for 1x64x64 images, as in
Tests/Reference/neural_core.py (there with ngf = ndf = 8; here 64 by default). The real batch
is a fixed random tensor in [-1, 1] held in memory: no data loading is timed.

Measured: each training step after the warm-up (seconds), generator inference (eval mode,
torch.no_grad(), same batch size), the FLOP of one training step counted by
torch.utils.flop_counter.FlopCounterMode (forward and backward; convolutions and matrix
products only), and memory: RSS just before the first step and peak RSS (ru_maxrss).

Prints one JSON object on stdout; on failure (e.g. torch missing) an object with an "error" key.

    python Benchmarks/reference/train_dcgan.py --batch 64 --threads 2 --steps 10 --warmup 2

With --interleave the timed steps are driven from stdin, one line each, so that a runner can
alternate them with its own (medsynth's bench does): after the warm-up the script prints
{"ready": true}; each line "step" runs and times one step and prints {"step_seconds": t}; the
line "finish" ends training, and the script goes on as above (inference, FLOP count, the
object with every step's time). Every answer is one line of JSON, flushed at once.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time


def current_rss_bytes():
    """Resident set size now (Linux /proc), else the peak so far."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return peak_rss_bytes()


def peak_rss_bytes():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports kilobytes


def answer(obj):
    """One line of JSON on stdout, flushed (a runner may be waiting for it)."""
    print(json.dumps(obj), flush=True)


def main():
    parser = argparse.ArgumentParser(prog="train_dcgan.py", description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--steps", type=int, default=10, help="timed training steps")
    parser.add_argument("--warmup", type=int, default=2, help="untimed training steps first")
    parser.add_argument("--inference-runs", type=int, default=10, help="timed generator forward passes")
    parser.add_argument("--nz", type=int, default=100)
    parser.add_argument("--ngf", type=int, default=64)
    parser.add_argument("--ndf", type=int, default=64)
    parser.add_argument("--nc", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--interleave", action="store_true",
                        help="time one step per 'step' line on stdin until 'finish' (instead of --steps)")
    args = parser.parse_args()
    if min(args.batch, args.threads, args.steps, args.inference_runs, args.nz, args.ngf, args.ndf, args.nc) < 1 \
            or args.warmup < 0:
        answer({"error": "sizes, threads, steps and inference runs must be positive, warm-up not negative"})
        return

    try:
        import torch
        import torch.nn as nn
        from torch.utils.flop_counter import FlopCounterMode
    except Exception as e:  # noqa: BLE001 - any import failure makes the anchor unavailable
        answer({"error": "cannot import torch: %s" % e})
        return

    torch.set_num_threads(args.threads)
    nz, ngf, ndf, nc, batch = args.nz, args.ngf, args.ndf, args.nc, args.batch

    class Generator(nn.Module):
        def __init__(self):
            super().__init__()
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
        def __init__(self):
            super().__init__()
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
        name = m.__class__.__name__
        if "Conv" in name:
            nn.init.normal_(m.weight.data, 0.0, 0.02)
        elif "BatchNorm" in name:
            nn.init.normal_(m.weight.data, 1.0, 0.02)
            nn.init.constant_(m.bias.data, 0)

    torch.manual_seed(args.seed)
    netG = Generator()
    netG.apply(weights_init)
    netD = Discriminator()
    netD.apply(weights_init)
    netG.train()
    netD.train()
    criterion = nn.BCELoss()
    optD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optG = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
    real = torch.rand(batch, nc, 64, 64) * 2 - 1  # fixed in memory, never reloaded
    real_label, fake_label = 1.0, 0.0

    def step():
        """The tutorial's training iteration."""
        # (1) Update D: maximise log(D(x)) + log(1 - D(G(z)))
        netD.zero_grad()
        label = torch.full((batch,), real_label, dtype=torch.float)
        output = netD(real).view(-1)
        errD_real = criterion(output, label)
        errD_real.backward()
        noise = torch.randn(batch, nz, 1, 1)
        fake = netG(noise)
        label.fill_(fake_label)
        output = netD(fake.detach()).view(-1)
        errD_fake = criterion(output, label)
        errD_fake.backward()
        optD.step()
        # (2) Update G: maximise log(D(G(z)))
        netG.zero_grad()
        label.fill_(real_label)
        output = netD(fake).view(-1)
        errG = criterion(output, label)
        errG.backward()
        optG.step()
        return (errD_real + errD_fake).item(), errG.item()

    rss_before = current_rss_bytes()
    for _ in range(args.warmup):
        step()
    step_seconds = []
    losses = None

    def timed_step():
        nonlocal losses
        t = time.perf_counter()
        losses = step()
        step_seconds.append(time.perf_counter() - t)
        return step_seconds[-1]

    if args.interleave:
        answer({"ready": True})
        for line in sys.stdin:
            command = line.strip()
            if command == "finish":
                break
            if command != "step":
                answer({"error": "unknown command %r (expected step or finish)" % command})
                return
            answer({"step_seconds": timed_step()})
        else:
            return  # the runner closed stdin without "finish": nothing more to report
        if not step_seconds:
            answer({"error": "no step was run before finish"})
            return
    else:
        for _ in range(args.steps):
            timed_step()

    netG.eval()
    z = torch.randn(batch, nz, 1, 1)
    inference_seconds = []
    with torch.no_grad():
        netG(z)  # warm-up
        for _ in range(args.inference_runs):
            t = time.perf_counter()
            netG(z)
            inference_seconds.append(time.perf_counter() - t)
    netG.train()
    peak = peak_rss_bytes()

    # One more training step under the FLOP counter (after the peak memory is read, not timed).
    counter = FlopCounterMode(display=False)
    with counter:
        step()
    by_op = {str(op): int(n) for op, n in counter.get_flop_counts().get("Global", {}).items()}

    median_step = statistics.median(step_seconds)
    median_inference = statistics.median(inference_seconds)
    answer({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "batch": batch,
        "configuration": {"nz": nz, "ngf": ngf, "ndf": ndf, "nc": nc},
        "warmup": args.warmup,
        "step_seconds": step_seconds,
        "median_step_seconds": median_step,
        "images_per_second": batch / median_step,
        "generator_inference_seconds": inference_seconds,
        "generator_images_per_second": batch / median_inference,
        "flop_per_step": int(counter.get_total_flops()),
        "flop_by_op": by_op,
        "rss_before_training_bytes": rss_before,
        "peak_rss_bytes": peak,
        "last_losses": {"discriminator": losses[0], "generator": losses[1]},
    })


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # noqa: BLE001 - report, as one JSON object, anything that stops the run
        answer({"error": "%s: %s" % (type(e).__name__, e)})
