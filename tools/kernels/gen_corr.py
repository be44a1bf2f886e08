"""Emits the MR x NR-vector correlation kernels of simd's F32CorrKernels (corr, corrFlat, corrPacked, corrPacked...Fill,
corrRows).

    python3 tools/kernels/gen_corr.py 4 6 > /tmp/k.java   # 4 x 6: corr, corrFlat, corrPacked and corrPacked4x6vFill
                                                          # are in F32CorrKernels.java; corrRows4x6v lost to 8x2
                                                          # (simd/README)

Each step loads NR input vectors, then per output channel broadcasts one weight and does NR FMAs (loads first:
MR x NR accumulators + NR inputs + 1 broadcast registers). The channel loop is not unrolled: unrolled by hand, C2
hoisted all 2 x NR loads and spilled accumulators (4 x 6: 57 against 97 GFLOP/s in an in-JVM kernel A/B).
The 8 x 2 kernels in the file (corr8x2v and its variants: corr8x1v, corr8x2vFill, corrPacked8x2v, corrRows8x2v) were
written by hand, their channel loop unrolled by two (which paid for them), except corrPacked8x2v's since session 20:
there C2 spilled two accumulators per iteration (simd/README, "Tried in session 20"). Check a change to any kernel
for spills in its loop (tools/jit/README.md).
"""
import sys
MR, NR = int(sys.argv[1]), int(sys.argv[2])
I = "    "
K = f"{MR}x{NR}v"
RW = f"ROW_{NR}V"
def off(m, v):
    s = "tOff"
    if m == 1: s += " + ts"
    elif m > 1: s += f" + {m} * ts"
    if v == 1: s += " + L"
    elif v > 1: s += f" + {v} * L"
    return s
def acc_init():
    return [f"FloatVector acc{m}x{v} = accumulate ? FloatVector.fromArray(S, tile, {off(m, v)}) : FloatVector.zero(S);" for m in range(MR) for v in range(NR)]
def acc_store():
    return [f"acc{m}x{v}.intoArray(tile, {off(m, v)});" for m in range(MR) for v in range(NR)]
def plus(b, k): return b if k == 0 else f"{b} + {k}"
def vl(b, v): return b if v == 0 else (f"{b} + L" if v == 1 else f"{b} + {v} * L")
def step(arr, ab, wb):
    out = [f"FloatVector va{v} = FloatVector.fromArray(S, {arr}, {vl(ab, v)});" for v in range(NR)]
    for m in range(MR):
        out.append(f"FloatVector vb{m} = FloatVector.broadcast(S, w[{plus(wb, m)}]);")
        out += [f"acc{m}x{v} = vb{m}.fma(va{v}, acc{m}x{v});" for v in range(NR)]
    return out
def blk(lines, d): return [I * d + l for l in lines]
def kernel(doc, sig, body):
    o = doc + sig
    o += blk(acc_init(), 1) + body + blk(acc_store(), 1) + ["}"]
    return o
def corr():
    return kernel([f"/** {MR} output channels x {NR} vectors of positions. */"],
        [f"static void corr{K}(float[] x, int xq, int cs, int nc, int[] taps, float[] w, int wOff, float[] tile, int tOff,",
         "        int ts, boolean accumulate) {"],
        blk(["for (int t = 0, wi = wOff; t < taps.length; t++) {"], 1)
        + blk([f"for (int c = 0, xi = xq + taps[t]; c < nc; c++, xi += cs, wi += {MR}) {{"], 2)
        + blk(step("x", "xi", "wi"), 3) + blk(["}"], 2) + blk(["}"], 1))
def flat():
    bases = [f"int x0 = xBase + vx[i];"] + [f"int x{v} = xBase + vx[i + Math.min({v}, count - 1)];" for v in range(1, NR)]
    return kernel([f"/**",
        f" * {MR} output channels x {NR} vectors of positions, over a flat (channel, tap) offset list; vector v's positions",
        f" * start at {{@code xBase + vx[i + v]}} (a tile's consecutive vectors: {{@link #CONSECUTIVE}}; or vectors of rows",
        f" * anywhere, {{@code RowVectorKernels}}), and fewer than {NR} ({{@code count}}) repeat the last one. Each load is its",
        f" * vector's base plus the step's offset.",
        f" */"],
        [f"static void corrFlat{K}(float[] x, int xBase, int[] vx, int i, int count, int[] offsets, float[] w, int wOff,",
         "        float[] tile, int tOff, int ts, boolean accumulate) {"],
        blk(bases, 1)
        + blk([f"for (int j = 0, wi = wOff; j < offsets.length; j++, wi += {MR}) {{", "int o = offsets[j];"], 1)
        + blk(step_bases("wi"), 2) + blk(["}"], 1))
def step_bases(wb):
    out = [f"FloatVector va{v} = FloatVector.fromArray(S, x, x{v} + o);" for v in range(NR)]
    for m in range(MR):
        out.append(f"FloatVector vb{m} = FloatVector.broadcast(S, w[{plus(wb, m)}]);")
        out += [f"acc{m}x{v} = vb{m}.fma(va{v}, acc{m}x{v});" for v in range(NR)]
    return out
def packed():
    return kernel(["/**", f" * {MR} output channels x {NR} vectors of positions over a packed panel: step {{@code j}} reads",
                   f" * {{@code a[aOff + j * {NR} * L ...]}} and weights {{@code w[wOff + j * {MR} ...]}}, both linear in the one loop counter.", " */"],
        [f"static void corrPacked{K}(float[] a, int aOff, int n, float[] w, int wOff, float[] tile, int tOff, int ts,",
         "        boolean accumulate) {"],
        blk(["for (int j = 0; j < n; j++) {", f"int ai = aOff + j * {NR} * L;", f"int wi = wOff + j * {MR};"][:1], 1)
        + blk([f"int ai = aOff + j * {NR} * L;", f"int wi = wOff + j * {MR};"], 2)
        + blk(step("a", "ai", "wi"), 2) + blk(["}"], 1))
def packed_fill():
    loads = [f"FloatVector va{v} = FloatVector.fromArray(S, x, {vl('xi', v)});" for v in range(NR)]
    stores = [f"va{v}.intoArray(a, {vl('ai', v)});" for v in range(NR)]
    fmas = []
    for m in range(MR):
        fmas.append(f"FloatVector vb{m} = FloatVector.broadcast(S, w[{plus('wi', m)}]);")
        fmas += [f"acc{m}x{v} = vb{m}.fma(va{v}, acc{m}x{v});" for v in range(NR)]
    return kernel(["/**", f" * {{@link #corrPacked{K}}} that fills its panel as it goes: step {{@code j}} reads its {NR} vectors from",
                   " * {@code x[xOff + j * cs ...]} (one channel's run of positions, channel stride {@code cs}), stores them at",
                   f" * {{@code a[aOff + j * {NR} * L ...]}} for the tile's other output-channel blocks, and computes with them. The loads",
                   " * from the input overlap the FMAs, where a separate copy pass waited for them (session 10).", " */"],
        [f"static void corrPacked{K}Fill(float[] x, int xOff, int cs, float[] a, int aOff, int n, float[] w, int wOff,",
         "        float[] tile, int tOff, int ts, boolean accumulate) {"],
        blk(["for (int j = 0; j < n; j++) {"], 1)
        + blk([f"int ai = aOff + j * {NR} * L;", "int xi = xOff + j * cs;", f"int wi = wOff + j * {MR};"], 2)
        + blk(loads + stores + fmas, 2) + blk(["}"], 1))
def rows():
    return kernel(["/**", f" * {MR} output channels x {NR} vectors of positions over a row-packed panel: tap {{@code t}} of channel {{@code c}} reads",
                   f" * {{@code a[tapA[t] + c * {RW} ...]}} (the packed input row its tap lies in, shifted by its column offset) and",
                   f" * weights {{@code w[wOff + (t * cn + c) * {MR} ...]}}; the channel loop's indices are linear in its counter with",
                   " * constant scales, so C2 drops their range checks.", " */"],
        [f"static void corrRows{K}(float[] a, int[] tapA, int nt, int cn, float[] w, int wOff, float[] tile, int tOff,",
         "        int ts, boolean accumulate) {"],
        blk(["for (int t = 0; t < nt; t++) {"], 1)
        + blk(["int ab = tapA[t];", f"int wb = wOff + t * cn * {MR};", "for (int c = 0; c < cn; c++) {"], 2)
        + blk([f"int ai = ab + c * {RW};", f"int wi = wb + c * {MR};"], 3)
        + blk(step("a", "ai", "wi"), 3) + blk(["}"], 2) + blk(["}"], 1))
out = []
for p in (corr(), flat(), packed(), packed_fill(), rows()):
    out += [""] + blk(p, 1)
print("\n".join(out))
