#!/usr/bin/python3
"""Writes PyTorch golden cases for vconv's conformance kit.

Regenerate (Debian's python3-torch, PyTorch 1.13; not a pyenv/venv python):

    /usr/bin/python3 tools/golden/make_golden.py

which writes property-tests/src/main/resources/dev/vconv/conformance/golden.bin.gz (read by
dev.vconv.conformance.GoldenCases). The cases are drawn here, independently of the Java generators, so that a
misreading of PyTorch's parameters shared by the Java reference and a fast provider still shows up.

Every case: random float32 input, weight and bias; the expected output is the torch.nn module run in float64 on
those float32 values (so it is the exact result to ~1e-16, and a float32 kernel is judged against the truth, not
against PyTorch's own float32 rounding). Padding modes go through torch.nn.ConvNd(padding_mode=...), i.e. PyTorch's
own F.pad + conv path.

File format (gzip, big-endian, Java DataInputStream):
  magic "VCG1", int case count, then per case:
  UTF header, e.g. "conv rank=2 in=4 out=6 k=3,2 s=1,2 p=1,0 d=1,1 op=0,0 g=2 bias=1 mode=reflect shape=2,4,5,7"
  (p may be "same" or "valid"), then four arrays, each an int length followed by values:
  input float32, weight float32, bias float32 (length 0 without bias), expected float64.
"""
import argparse
import gzip
import os
import random
import struct

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "..", "property-tests", "src", "main", "resources", "dev", "vconv",
                           "conformance", "golden.bin.gz")
MODES = ["zeros", "reflect", "replicate", "circular"]
MAX_MACS = 60000


def draw_case(rng, kind, rank):
    """One valid case, by construction. Returns a dict of PyTorch parameters."""
    while True:
        r = rng.random()
        if r < 0.45:
            groups = 1
        elif r < 0.8:
            groups = rng.randint(2, 4)
        else:
            groups = 0  # depthwise, decided below
        if groups == 0:
            cin = rng.choice([1, 2, 3, 5, 8, 16, 17])
            groups = cin
            cout = cin * rng.randint(1, 2)
        elif rng.random() < 0.12:
            cin = rng.choice([15, 16, 17, 31, 32, 33]) if groups == 1 else groups * rng.randint(1, 9)
            cout = groups * rng.randint(1, 4)
        else:
            cin = groups * rng.randint(1, 4)
            cout = groups * rng.randint(1, 4)
        k = [rng.randint(1, 5 if rank < 3 else 3) for _ in range(rank)]
        s = [rng.choice([1, 1, 2, 3, 4]) for _ in range(rank)]
        d = [rng.choice([1, 1, 1, 2, 3]) for _ in range(rank)]
        max_l = {1: 12, 2: 7, 3: 5}[rank]
        size = [rng.choice([1, rng.randint(1, max_l), rng.randint(2, max_l), rng.randint(2, max_l)])
                for _ in range(rank)]
        bias = rng.random() < 0.7
        batch = rng.choice([1, 1, 2, 3])
        if kind == "conv":
            mode = rng.choice(["zeros", "zeros"] + MODES)
            pr = rng.random()
            if pr < 0.15:
                pad = "same"
                s = [1] * rank
            elif pr < 0.25:
                pad = "valid"
            else:
                pad = [rng.randint(0, d[a] * (k[a] - 1) // 2 + 1) for a in range(rank)]
            op = [0] * rank
            for a in range(rank):
                if pad == "same":
                    total = d[a] * (k[a] - 1)
                    pb, pa = total // 2, total - total // 2
                elif pad == "valid":
                    pb = pa = 0
                else:
                    pb = pa = pad[a]
                if mode == "reflect":
                    size[a] = max(size[a], pa + 1)
                if mode == "circular":
                    size[a] = max(size[a], pa)
                size[a] = max(size[a], d[a] * (k[a] - 1) + 1 - pb - pa)
            out = [(size[a] + 2 * (pad[a] if isinstance(pad, list) else 0)
                    + (d[a] * (k[a] - 1) if pad == "same" else 0)
                    - d[a] * (k[a] - 1) - 1) // s[a] + 1 for a in range(rank)]
            macs = batch * cout * prod(out) * (cin // groups) * prod(k)
        else:
            mode = "zeros"
            op = [rng.randint(0, max(s[a], d[a]) - 1) if rng.random() < 0.5 else 0 for a in range(rank)]
            pad = []
            for a in range(rank):
                full = (size[a] - 1) * s[a] + d[a] * (k[a] - 1) + op[a]
                pad.append(rng.randint(0, min(full // 2, d[a] * (k[a] - 1) // 2 + 1)))
            macs = batch * cin * prod(size) * (cout // groups) * prod(k)
        if macs <= MAX_MACS:
            return dict(kind=kind, rank=rank, cin=cin, cout=cout, k=k, s=s, p=pad, d=d, op=op, groups=groups,
                        bias=bias, mode=mode, shape=[batch, cin] + size)


def prod(v):
    p = 1
    for x in v:
        p *= x
    return p


def module_for(c):
    rank = c["rank"]
    if c["kind"] == "conv":
        cls = [nn.Conv1d, nn.Conv2d, nn.Conv3d][rank - 1]
        return cls(c["cin"], c["cout"], tuple(c["k"]), stride=tuple(c["s"]),
                   padding=c["p"] if isinstance(c["p"], str) else tuple(c["p"]),
                   dilation=tuple(c["d"]), groups=c["groups"], bias=c["bias"], padding_mode=c["mode"])
    cls = [nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d][rank - 1]
    return cls(c["cin"], c["cout"], tuple(c["k"]), stride=tuple(c["s"]), padding=tuple(c["p"]),
               output_padding=tuple(c["op"]), groups=c["groups"], bias=c["bias"], dilation=tuple(c["d"]))


def header(c):
    j = lambda v: ",".join(str(x) for x in v)
    p = c["p"] if isinstance(c["p"], str) else j(c["p"])
    return (f'{c["kind"]} rank={c["rank"]} in={c["cin"]} out={c["cout"]} k={j(c["k"])} s={j(c["s"])} p={p} '
            f'd={j(c["d"])} op={j(c["op"])} g={c["groups"]} bias={int(c["bias"])} mode={c["mode"]} '
            f'shape={j(c["shape"])}')


def write_floats(f, t, fmt):
    vals = t.detach().reshape(-1).tolist()
    f.write(struct.pack(">i", len(vals)))
    f.write(struct.pack(">%d%s" % (len(vals), fmt), *vals))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=400)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    cases = []
    # A fixed mix: every kind x rank, every padding mode, then random draws.
    plan = [(kind, rank) for kind in ("conv", "conv_transpose") for rank in (1, 2, 3)]
    while len(cases) < args.cases:
        kind, rank = plan[len(cases) % len(plan)]
        c = draw_case(rng, kind, rank)
        m = module_for(c).double()
        with torch.no_grad():
            # float32 parameters and input, evaluated exactly enough in float64
            for prm in m.parameters():
                prm.copy_((torch.rand(prm.shape, dtype=torch.float32) * 2 - 1).double())
            x = torch.rand(c["shape"], dtype=torch.float32) * 2 - 1
            y = m(x.double())
        c["x"], c["w"] = x, m.weight.float()
        c["b"] = m.bias.float() if c["bias"] else torch.zeros(0)
        c["y"] = y
        cases.append(c)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    # No file name and mtime 0 in the gzip header: the same seed gives the same bytes wherever it is written.
    with open(args.out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
        f.write(b"VCG1")
        f.write(struct.pack(">i", len(cases)))
        for c in cases:
            h = header(c).encode("ascii")
            f.write(struct.pack(">H", len(h)))
            f.write(h)
            write_floats(f, c["x"], "f")
            write_floats(f, c["w"], "f")
            write_floats(f, c["b"], "f")
            write_floats(f, c["y"], "d")
    modes = {m: sum(1 for c in cases if c["mode"] == m) for m in MODES}
    print(f"wrote {len(cases)} cases to {os.path.normpath(args.out)} ({os.path.getsize(args.out)} bytes); "
          f"padding modes {modes}, same {sum(1 for c in cases if c['p'] == 'same')}, "
          f"grouped {sum(1 for c in cases if c['groups'] > 1)}, "
          f"depthwise {sum(1 for c in cases if c['groups'] == c['cin'] and c['groups'] > 1)}, "
          f"output-padded {sum(1 for c in cases if any(c['op']))}, "
          f"dilated {sum(1 for c in cases if any(v > 1 for v in c['d']))}")


if __name__ == "__main__":
    main()
