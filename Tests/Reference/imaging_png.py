#!/usr/bin/env python3
"""PNG reference fixtures for Tests/ImagingTests, made by an independent encoder.

The PNG files are encoded here with nothing but `zlib` and `struct` (no libpng),
so a test that reads them with medsynth's libpng-based PNGCodec compares two
independent implementations. Each file is also decoded by the pure-Python
decoder below and, where Pillow supports the type, by Pillow, and must give the
expected values before it is written.

Writes Fixtures/png/*.png and Fixtures/png/expected.json (repo-root relative).

    /work/venv/bin/python Tests/Reference/imaging_png.py            # regenerate fixtures
    /work/venv/bin/python Tests/Reference/imaging_png.py --decode F  # print a PNG's samples as JSON

expected.json maps a fixture name to
    file, width, height, voxelType (medsynth VoxelType raw value), spacing [x, y] in mm,
    and either "values" (samples, channel-interleaved, x fastest, row 0 = top row)
    or "rule": "ramp16" (value = y * width + x), or "error": a PNGError.Kind raw value the read must throw.
"""
import json
import pathlib
import struct
import sys
import zlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Fixtures" / "png"
SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


# ---------------------------------------------------------------- encoder

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pack_row(samples, depth):
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    if depth == 8:
        return bytes(samples)
    per_byte = 8 // depth
    out = bytearray()
    for i in range(0, len(samples), per_byte):
        b = 0
        group = samples[i:i + per_byte]
        for k, s in enumerate(group):
            b |= s << (8 - depth * (k + 1))
        out.append(b)
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_row(ftype, row, prev, bpp):
    out = bytearray([ftype])
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][ftype]
        out.append((x - pred) & 0xFF)
    return bytes(out)


def scanlines(rows, depth, channels, filters):
    """Filters rows (lists of samples), cycling through `filters` (PNG filter types 0-4)."""
    bpp = max(1, channels * depth // 8)
    packed = [pack_row(r, depth) for r in rows]
    prev = bytes(len(packed[0])) if packed else b""
    out = bytearray()
    for y, row in enumerate(packed):
        out += filter_row(filters[y % len(filters)], row, prev, bpp)
        prev = row
    return bytes(out)


def encode(width, height, color_type, depth, pixels, extra=(), palette=None, interlace=False,
           filters=(0, 1, 2, 3, 4)):
    """pixels[y][x] is a tuple of channel samples (or a palette index)."""
    ch = CHANNELS[color_type]
    raw = bytearray()
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for x0, y0, dx, dy in passes:
        xs, ys = list(range(x0, width, dx)), list(range(y0, height, dy))
        if not xs or not ys:
            continue
        rows = [[s for x in xs for s in pixels[y][x]] for y in ys]
        raw += scanlines(rows, depth, ch, filters)
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 1 if interlace else 0)
    body = chunk(b"IHDR", ihdr)
    for kind, data in extra:
        body += chunk(kind, data)
    if palette is not None:
        body += chunk(b"PLTE", bytes(c for rgb in palette for c in rgb))
    comp = zlib.compress(bytes(raw), 9)
    # Split the stream over several IDAT chunks to exercise chunk joining.
    step = max(1, len(comp) // 3)
    for i in range(0, len(comp), step):
        body += chunk(b"IDAT", comp[i:i + step])
    return SIGNATURE + body + chunk(b"IEND", b"")


def phys(ppm_x, ppm_y, unit=1):
    return (b"pHYs", struct.pack(">IIB", ppm_x, ppm_y, unit))


GAMA_SRGB = (b"gAMA", struct.pack(">I", 45455))
GAMA_LINEAR = (b"gAMA", struct.pack(">I", 100000))
CHRM = (b"cHRM", struct.pack(">8I", 31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000))
SRGB = (b"sRGB", b"\x00")


# ---------------------------------------------------------------- decoder

def decode(data):
    """Minimal independent decoder: returns (width, height, depth, color_type, samples, palette, chunks)."""
    assert data[:8] == SIGNATURE, "not a PNG"
    pos, idat, chunks, palette = 8, b"", [], None
    while pos < len(data):
        n, = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        crc, = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF, f"bad CRC in {kind}"
        chunks.append(kind.decode())
        if kind == b"IHDR":
            w, h, depth, ct, _, _, il = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = [tuple(body[i:i + 3]) for i in range(0, len(body), 3)]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    ch = CHANNELS[ct]
    bpp = max(1, ch * depth // 8)
    image = [[None] * w for _ in range(h)]
    off = 0
    for x0, y0, dx, dy in (ADAM7 if il else [(0, 0, 1, 1)]):
        xs, ys = list(range(x0, w, dx)), list(range(y0, h, dy))
        if not xs or not ys:
            continue
        stride = (len(xs) * ch * depth + 7) // 8
        prev = bytearray(stride)
        for y in ys:
            ftype, line = raw[off], bytearray(raw[off + 1:off + 1 + stride])
            off += 1 + stride
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
                line[i] = (line[i] + [0, a, b, (a + b) // 2, paeth(a, b, c)][ftype]) & 0xFF
            prev = line
            if depth == 16:
                s = list(struct.unpack(f">{len(xs) * ch}H", bytes(line)))
            elif depth == 8:
                s = list(line)
            else:
                s = [(line[(k * depth) // 8] >> (8 - depth - (k * depth) % 8)) & ((1 << depth) - 1)
                     for k in range(len(xs) * ch)]
            for k, x in enumerate(xs):
                image[y][x] = tuple(s[k * ch:(k + 1) * ch])
    return w, h, depth, ct, image, palette, chunks


# ---------------------------------------------------------------- fixtures

def lcg(seed):
    state = seed
    while True:
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        yield state >> 33


def grid(width, height, channels, maxval, seed):
    r = lcg(seed)
    return [[tuple(next(r) % (maxval + 1) for _ in range(channels)) for _ in range(width)] for _ in range(height)]


def flat(pixels, keep=None):
    return [s for row in pixels for px in row for s in (px if keep is None else px[:keep])]


def build():
    fixtures = {}

    def add(name, png, expected):
        (OUT / f"{name}.png").write_bytes(png)
        fixtures[name] = dict(file=f"{name}.png", **expected)

    # 16-bit gray ramp over every value 0...65535, with pHYs (0.5 mm x 0.25 mm).
    ramp = [[(y * 256 + x,) for x in range(256)] for y in range(256)]
    # Sub and Up filters keep the ramp small.
    add("gray16_ramp", encode(256, 256, 0, 16, ramp, extra=[phys(2000, 4000)], filters=(1, 2)),
        dict(width=256, height=256, voxelType="uint16", spacing=[0.5, 0.25], rule="ramp16"))
    # The same ramp declaring sRGB-like gamma, as ImageMagick and many tools write: values must not change.
    add("gray16_ramp_gamma", encode(256, 256, 0, 16, ramp, extra=[GAMA_SRGB, CHRM], filters=(1, 2)),
        dict(width=256, height=256, voxelType="uint16", spacing=[1, 1], rule="ramp16"))
    # 16-bit RGB, interlaced, with an sRGB chunk; includes extremes.
    rgb48 = grid(7, 5, 3, 65535, 1)
    rgb48[0][0], rgb48[0][1] = (0, 65535, 1), (256, 255, 0x1234)
    add("rgb48_interlaced_srgb", encode(7, 5, 2, 16, rgb48, extra=[SRGB, GAMA_SRGB], interlace=True),
        dict(width=7, height=5, voxelType="rgb48", spacing=[1, 1], values=flat(rgb48)))
    # 16-bit gray + alpha, all opaque: gray kept exactly.
    ga16 = [[(v, 65535) for v, in row] for row in grid(5, 3, 1, 65535, 2)]
    add("gray16_alpha_opaque", encode(5, 3, 4, 16, ga16, extra=[GAMA_SRGB]),
        dict(width=5, height=3, voxelType="uint16", spacing=[1, 1], values=flat(ga16, keep=1)))
    # 16-bit RGBA, all opaque: RGB kept exactly.
    rgba64 = [[px + (65535,) for px in row] for row in grid(4, 3, 3, 65535, 3)]
    add("rgba64_opaque", encode(4, 3, 6, 16, rgba64),
        dict(width=4, height=3, voxelType="rgb48", spacing=[1, 1], values=flat(rgba64, keep=3)))
    # 16-bit gray + alpha with translucent pixels: libpng's simplified API would
    # premultiply, so the reader must refuse instead of returning altered values.
    ga16t = [[(v, a) for v, a in row] for row in grid(3, 2, 2, 65535, 4)]
    add("gray16_alpha_translucent", encode(3, 2, 4, 16, ga16t),
        dict(width=3, height=2, voxelType="uint16", spacing=[1, 1], error="unsupported"))
    # 8-bit gray declaring linear gamma (gAMA 1.0): values must not be gamma-converted.
    g8 = grid(9, 4, 1, 255, 5)
    g8[0][0], g8[0][1] = (0,), (255,)
    add("gray8_gamma_linear", encode(9, 4, 0, 8, g8, extra=[GAMA_LINEAR, phys(3937, 3937)]),
        dict(width=9, height=4, voxelType="uint8", spacing=[1000 / 3937, 1000 / 3937], values=flat(g8)))
    # pHYs with unit 0 (aspect ratio only): spacing stays 1 mm.
    add("gray8_phys_aspect", encode(9, 4, 0, 8, g8, extra=[phys(1, 2, unit=0)]),
        dict(width=9, height=4, voxelType="uint8", spacing=[1, 1], values=flat(g8)))
    # 8-bit gray + alpha: gray kept, alpha dropped (not composited).
    ga8 = grid(6, 3, 2, 255, 6)
    add("gray8_alpha", encode(6, 3, 4, 8, ga8), dict(width=6, height=3, voxelType="uint8", spacing=[1, 1],
                                                     values=flat(ga8, keep=1)))
    # 8-bit RGB interlaced, odd size.
    rgb = grid(11, 7, 3, 255, 7)
    add("rgb8_interlaced", encode(11, 7, 2, 8, rgb, extra=[GAMA_LINEAR], interlace=True),
        dict(width=11, height=7, voxelType="rgb24", spacing=[1, 1], values=flat(rgb)))
    # 8-bit RGBA with translucent pixels: not premultiplied.
    rgba = grid(5, 4, 4, 255, 8)
    rgba[0][0] = (200, 100, 50, 0)
    add("rgba8", encode(5, 4, 6, 8, rgba, extra=[GAMA_LINEAR]),
        dict(width=5, height=4, voxelType="rgba32", spacing=[1, 1], values=flat(rgba)))
    # Low bit depth gray: values 0 ... 2^n - 1 (not scaled to 255); tRNS ignored.
    for depth in (1, 2, 4):
        gl = grid(13, 3, 1, (1 << depth) - 1, 10 + depth)
        extra = [(b"tRNS", struct.pack(">H", 1))] if depth == 4 else []
        add(f"gray{depth}", encode(13, 3, 0, depth, gl, extra=extra),
            dict(width=13, height=3, voxelType="uint8", spacing=[1, 1], values=flat(gl)))
    # 4-bit palette with tRNS: expanded to RGB, transparency ignored.
    pal = [(next(g) % 256, next(g) % 256, next(g) % 256) for g in [lcg(20)] for _ in range(16)]
    idx = grid(6, 5, 1, 15, 21)
    trns = (b"tRNS", bytes([0, 128] + [255] * 3))
    png = encode(6, 5, 3, 4, idx, palette=pal)
    # tRNS must follow PLTE: insert it before the first IDAT.
    cut = png.index(b"IDAT") - 4
    png = png[:cut] + chunk(*trns) + png[cut:]
    add("palette4_trns", png, dict(width=6, height=5, voxelType="rgb24", spacing=[1, 1],
                                   values=[c for row in idx for (i,) in row for c in pal[i]]))
    return fixtures


def expected_samples(fx):
    if fx.get("rule") == "ramp16":
        return list(range(fx["width"] * fx["height"]))
    return fx.get("values")


def self_check(fixtures):
    """Each fixture decodes (by the decoder above, and by Pillow when it can) to the expected values."""
    try:
        from PIL import Image
        import numpy as np
    except ImportError:
        Image = None
    for name, fx in fixtures.items():
        want = expected_samples(fx)
        if want is None:
            continue
        w, h, depth, ct, image, palette, _ = decode((OUT / fx["file"]).read_bytes())
        keep = {"uint8": 1, "uint16": 1, "rgb24": 3, "rgb48": 3, "rgba32": 4}[fx["voxelType"]]
        if ct == 3:
            got = [c for row in image for (i,) in row for c in palette[i]]
        else:
            got = [s for row in image for px in row for s in px[:keep]]
        assert got == want, f"{name}: own decoder disagrees"
        if Image is not None and fx["voxelType"] in ("uint8", "uint16", "rgb24", "rgba32") and ct in (0, 2, 3, 6):
            with Image.open(OUT / fx["file"]) as im:
                if ct == 3:
                    im = im.convert("RGB")
                mode = im.mode
                arr = np.asarray(im).astype(np.int64).reshape(-1)
            if ct == 0 and depth in (2, 4) and mode == "L":
                arr = arr // (255 // ((1 << depth) - 1))  # Pillow scales 2- and 4-bit gray to 0...255
            assert arr.tolist() == want, f"{name}: Pillow disagrees"
    print(f"{len(fixtures)} fixtures verified")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--decode":
        w, h, depth, ct, image, palette, chunks = decode(pathlib.Path(sys.argv[2]).read_bytes())
        print(json.dumps(dict(width=w, height=h, bitDepth=depth, colorType=ct, chunks=chunks,
                              samples=[s for row in image for px in row for s in px])))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    fixtures = build()
    (OUT / "expected.json").write_text(json.dumps(fixtures, indent=1, sort_keys=True) + "\n")
    self_check(fixtures)


if __name__ == "__main__":
    main()
