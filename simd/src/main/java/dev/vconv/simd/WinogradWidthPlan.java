package dev.vconv.simd;

import static dev.vconv.simd.F32CorrKernels.L;
import static dev.vconv.simd.F32CorrKernels.S;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.spi.AbstractConvPlan;
import java.util.concurrent.ExecutorService;
import jdk.incubator.vector.FloatVector;

/**
 * A 2D conv with width stride {@code s >= 2} whose width stride phases have 3 or 4 taps (kernel width in
 * {@code (2s, 4s]}, width dilation 1): the RGB stem, {@code Conv2d(3, 64, 7, stride=2, padding=3)}. The padded input
 * is split into stride phases ({@link Geometry}); along the width each phase is a stride-1 correlation of at most 4
 * taps, computed per tile of 4 outputs by F(4, 4) nested from F(2, 2) (Karatsuba's split: F(2, 2) over pairs of taps,
 * each of its three products an F(2, 2) again): 9 products per 4 outputs instead of 16, with coefficients 0 and +-1
 * only. Height is summed directly: its taps join the channels in the sum of each transform point.
 *
 * <p>Per window {@code x0..x6} of a phase row, {@code V = B^T x}: {@code z0 = (x0 - x2, x1 - x3, x2 - x4)},
 * {@code z1 = (x2, x3, x4)}, {@code z2 = (x4 - x2, x5 - x3, x6 - x4)}, and per {@code z}: {@code (z0 - z1, z1,
 * z2 - z1)}. Per phase kernel {@code g0..g3} (zero past the phase's taps), {@code U = G g}: {@code g0, g0 + g1, g1,
 * g0 + g2, g0 + g1 + g2 + g3, g1 + g3, g2, g2 + g3, g3}. Per tile, {@code M_j = sum U_j V_j} over (channel, height tap,
 * width phase), and {@code y0 = (m0 + m1) + (m3 + m4)}, {@code y1 = (m1 + m2) + (m4 + m5)}, {@code y2 = (m3 + m4) +
 * (m6 + m7)}, {@code y3 = (m4 + m5) + (m7 + m8)}. Exact on small integers; on reals within {@code gamma_(n + 6) (Z +
 * |b|)}, n = {@code C/g x kernel height x s} products per point, {@code Z} from
 * {@code dev.vconv.reference.WinogradMagnitude}. A window input past a phase's taps has a zero weight in every product
 * that reads it, so it only needs to be finite (it may be the next row's).
 *
 * <p><b>Layout.</b> Tile {@code tx} of output row {@code oy} is position {@code q = oy * T + tx}, {@code T = OW / 4}
 * (the output width is a multiple of 4), so its outputs are {@code y[4q .. 4q + 3]} of the output plane: the output
 * transform zips four vectors of tiles into four whole output vectors. A unit (a chunk of positions of one batch
 * element and group) transforms the phase rows its positions read into {@code V [plane][row][T]}, per (channel,
 * height phase, width phase) plane, the window's columns {@code 4 tx + a} dealt into four residue rows first so that
 * {@code B^T} runs on whole vectors; then per block of 6L positions the 9 points' products run on
 * {@link F32CorrKernels#corrFlat4x6v} over the (channel, height tap, width phase) offsets into V, and the output
 * transform writes the block.
 */
final class WinogradWidthPlan extends AbstractConvPlan {
    /** Fewest output channels per group for which the provider chooses it: V is shared by the output channels. */
    static final int MIN_OUT_CHANNELS = 16;
    /** Most input channels per group: where the direct plan runs its flat kernels too (above, its packed ones). */
    static final int MAX_IN_CHANNELS = 16;
    /** Products per output of the direct plan over this plan's (9 / 4 per width phase) at least this: see pays. */
    static final double MIN_GAIN = 1.3;
    private static final int POINTS = 9;
    private static final int MR = 4;
    private static final int TB = 6 * L;
    /** Positions per unit's chunk, at most: V of the chunk stays within L2 with the padded image. */
    private static final int CHUNK_BLOCKS = 16;
    private static final int PRODUCT_FLOATS = 1 << 17;

    private final Geometry geo;
    private final PaddedInput input;
    private final ConvPlan direct;
    private final ExecutorService executor;
    private final float[] bias;
    private final int sw;
    /** Tiles per output row and output rows. */
    private final int tw;
    private final int oh;
    /** V planes per channel (height phases x width phases), rows per V plane of a unit, entries of the sum. */
    private final int vPlanes;
    private final int vRows;
    private final int entries;
    /** Floats of one point's V in a unit's scratch: every (channel, plane)'s rows, plus the blocks' overrun. */
    private final int vPoint;
    /** Per entry (channel, height tap, width phase): its offset into a unit's V. */
    private final int[] offsets;
    /** U per (group, point): {@code [kb][entry][MR]}. */
    private final float[][] u;
    private final int kbs;
    private final int kbGroup;
    private final float inputLimit;
    private final int bufferFloats;
    private final int blocksPerImage;
    private final int chunkCount;
    private final long units;
    private final int parts;
    private final WinogradWork work;

    /**
     * Whether this plan can compute the problem: a 2D conv, width stride s >= 2, width dilation 1, kernel width in
     * (2s, 4s], output width a multiple of 4, finite bias, and weights small enough that {@code U} (sums of up to 4)
     * stays finite.
     */
    static boolean serves(Geometry geo, ConvProblem problem, float[] weight, float[] bias) {
        if (geo.transpose || problem.descriptor().rank() != 2) {
            return false;
        }
        int s = problem.stride3()[2];
        int kw = geo.kernel3[2];
        int ow = geo.out3[2];
        return s >= 2 && problem.dilation3()[2] == 1 && kw > 2 * s && kw <= 4 * s && ow % 4 == 0
                && geo.bufferPhases[2] == s && tapsLineUp(geo) && scratchFits(geo) && WinogradPlan.finite(bias)
                && WinogradPlan.below(weight, Float.MAX_VALUE / 4);
    }

    /**
     * Whether a unit's V (9 points, at most {@link #CHUNK_BLOCKS} blocks of positions plus the rows they reach down)
     * and the padded image with the deal's slack fit Java arrays (else the direct plan, which needs less).
     */
    private static boolean scratchFits(Geometry geo) {
        long tw = geo.out3[2] / 4;
        long rows = (CHUNK_BLOCKS * (long) TB + tw - 1) / tw + 2 + geo.bufferLength[1];
        long vPoint = (long) geo.cg * geo.bufferPhases[1] * geo.bufferPhases[2] * rows * tw + TB + L;
        long buffer = (long) geo.cg * geo.channelStride + 4 * (tw + L + 2) + L;
        return POINTS * vPoint < Integer.MAX_VALUE - 8 && buffer < Integer.MAX_VALUE - 8;
    }

    /** Tap (kh, s t + pw) reads one past tap (kh, s (t - 1) + pw), in the same buffer plane and row. */
    private static boolean tapsLineUp(Geometry geo) {
        int kw = geo.kernel3[2];
        int s = geo.bufferPhases[2];
        int[] taps = geo.phases[0].taps;
        for (int kh = 0; kh < geo.kernel3[1]; kh++) {
            for (int w = s; w < kw; w++) {
                if (taps[kh * kw + w] != taps[kh * kw + w - s] + 1) {
                    return false;
                }
            }
        }
        return geo.phases.length == 1 && geo.kernel3[0] == 1;
    }

    /**
     * Whether it is expected to beat the direct plan: few input channels (the direct plan's flat kernels), enough
     * output channels to share V, and the direct products per output (the phases' taps) at least {@link #MIN_GAIN}
     * times this plan's 9 / 4 per width phase (the stem, 7 taps over two phases: 1.56; kernel 5, stride 2: 1.11).
     */
    static boolean pays(Geometry geo) {
        int s = geo.bufferPhases[2];
        return geo.cg <= MAX_IN_CHANNELS && geo.kg >= MIN_OUT_CHANNELS
                && geo.kernel3[2] >= MIN_GAIN * s * POINTS / 4.0;
    }

    WinogradWidthPlan(ConvProblem problem, float[] weight, float[] bias, int threads, ExecutorService executor,
            ConvPlan direct) {
        super(problem, weight, bias);
        this.geo = new Geometry(problem);
        if (!serves(geo, problem, weight, bias)) {
            throw new IllegalArgumentException("problem: " + problem + ": not a 2D conv with width stride s >= 2, "
                    + "width dilation 1, kernel width in (2s, 4s] and an output width that is a multiple of 4");
        }
        this.input = new PaddedInput(geo);
        this.direct = direct;
        this.executor = executor;
        this.bias = bias == null ? null : bias.clone();
        sw = geo.bufferPhases[2];
        tw = geo.out3[2] / 4;
        oh = geo.out3[1];
        int kh = geo.kernel3[1];
        int kw = geo.kernel3[2];
        int l2 = geo.bufferLength[2];
        vPlanes = geo.bufferPhases[1] * sw;
        int[] taps = geo.phases[0].taps;
        int maxRow = 0;
        for (int h = 0; h < kh; h++) {
            maxRow = Math.max(maxRow, taps[h * kw] % geo.planeSize / l2);
        }
        long positions = (long) oh * tw;
        blocksPerImage = Math.toIntExact((positions + TB - 1) / TB);
        long ng = (long) geo.batch * geo.groups;
        chunkCount = WinogradPlan.chunkCount(blocksPerImage, CHUNK_BLOCKS, ng, threads);
        int chunkBlocks = (blocksPerImage + chunkCount - 1) / chunkCount;
        // A chunk's positions start within its first row and run up to chunkBlocks whole blocks on; each reads rows
        // up to maxRow further down.
        vRows = (chunkBlocks * TB + tw - 1) / tw + 2 + maxRow;
        entries = geo.cg * kh * sw;
        offsets = new int[entries];
        int e = 0;
        for (int c = 0; c < geo.cg; c++) {
            for (int h = 0; h < kh; h++) {
                for (int pw = 0; pw < sw; pw++) {
                    int t = taps[h * kw + pw];
                    int plane = t / geo.planeSize;
                    int row = t % geo.planeSize / l2;
                    offsets[e++] = ((c * vPlanes + plane) * vRows + row) * tw;
                }
            }
        }
        kbs = (geo.kg + MR - 1) / MR;
        kbGroup = Math.max(1, Math.min(kbs, PRODUCT_FLOATS / (POINTS * MR * TB)));
        u = transformWeights(weight);
        float maxW = 0f;
        for (float w : weight) {
            maxW = Math.max(maxW, Math.abs(w));
        }
        // |V| <= 4 |x|, |U| <= 4 |w|, a point's sum <= 16 n |x| |w|, an output <= 64 n |x| |w|: below MAX / 2 / 4 the
        // input transform cannot overflow, whatever the weights; below the second term neither can the sums.
        inputLimit = (float) Math.min(Float.MAX_VALUE / 2.0 / 4.0, Float.MAX_VALUE / 2.0 / (64.0 * entries * maxW));
        // The residue rows read up to 4 (T + L + 1) + 3 columns from a row's start: past the last plane's end by
        // less than that.
        bufferFloats = geo.cg * geo.channelStride + 4 * (tw + L + 2) + L;
        units = ng * chunkCount;
        parts = (int) Math.min(threads, units);
        vPoint = geo.cg * vPlanes * vRows * tw + TB + L;
        // s.v: the residue rows of transformInput, then the output stage of transformOutput.
        work = new WinogradWork(POINTS * vPoint, Math.max(4 * (tw + L + 2), 4 * TB + 4 * L),
                POINTS * kbGroup * MR * TB, units, chunkCount,
                this::runUnit);
    }

    /** U = G g per (group, point): {@code [kb][entry][MR]}, rounded once from double. */
    private float[][] transformWeights(float[] weight) {
        int kh = geo.kernel3[1];
        int kw = geo.kernel3[2];
        float[][] out = new float[geo.groups * POINTS][kbs * entries * MR];
        double[] g = new double[4];
        for (int gr = 0; gr < geo.groups; gr++) {
            for (int k = 0; k < geo.kg; k++) {
                int e = 0;
                for (int c = 0; c < geo.cg; c++) {
                    for (int h = 0; h < kh; h++) {
                        for (int pw = 0; pw < sw; pw++, e++) {
                            int base = ((gr * geo.kg + k) * geo.cg + c) * kh * kw + h * kw;
                            for (int t = 0; t < 4; t++) {
                                int w = sw * t + pw;
                                g[t] = w < kw ? weight[base + w] : 0;
                            }
                            double[] uj = {g[0], g[0] + g[1], g[1], g[0] + g[2], g[0] + g[1] + g[2] + g[3], g[1] + g[3],
                                g[2], g[2] + g[3], g[3]};
                            for (int j = 0; j < POINTS; j++) {
                                out[gr * POINTS + j][((k / MR) * entries + e) * MR + k % MR] = (float) uj[j];
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    protected void compute(float[] x, int xOff, float[] y, int yOff) {
        // As WinogradPlan: a unit that finds an input the transforms must not take stops the call, and the direct
        // plan computes (and writes) every output.
        if (!Parallel.run(parts, executor, work, x, xOff, y, yOff)) {
            direct.execute(x, xOff, y, yOff);
        }
    }

    /** One chunk of positions of one (batch element, group); false (nothing written) if its input is refused. */
    private boolean runUnit(int ng, int chunk, WinogradWork.Scratch s, float[] x, int xOff, float[] y, int yOff) {
        int n = ng / geo.groups;
        int g = ng % geo.groups;
        if (!s.image.load(input, geo, bufferFloats, inputLimit, n, g, x, xOff)) {
            return false;
        }
        int b0 = (int) ((long) chunk * blocksPerImage / chunkCount);
        int b1 = (int) ((long) (chunk + 1) * blocksPerImage / chunkCount);
        int positions = oh * tw;
        int p0 = b0 * TB;
        int p1 = Math.min(positions, b1 * TB);
        int row0 = p0 / tw;
        transformInput(s.image.buffer, row0, s.rows, s.v);
        int yBase = yOff + (n * geo.outChannels + g * geo.kg) * geo.outSpatial;
        for (int q0 = p0; q0 < p1; q0 += TB) {
            int at = q0 - row0 * tw;
            for (int kb0 = 0; kb0 < kbs; kb0 += kbGroup) {
                int kb1 = Math.min(kbs, kb0 + kbGroup);
                for (int j = 0; j < POINTS; j++) {
                    float[] w = u[g * POINTS + j];
                    for (int kb = kb0; kb < kb1; kb++) {
                        F32CorrKernels.corrFlat4x6v(s.rows, j * vPoint + at, F32CorrKernels.CONSECUTIVE, 0, 6,
                                offsets, w, kb * entries * MR, s.m, ((j * kbGroup + kb - kb0) * MR) * TB, TB, false);
                    }
                }
                for (int kb = kb0; kb < kb1; kb++) {
                    transformOutput(s.m, kb - kb0, kb * MR, Math.min(geo.kg, kb * MR + MR), q0,
                            Math.min(TB, p1 - q0), g, y, yBase, s.v);
                }
            }
        }
        return true;
    }

    /**
     * V of the unit's rows {@code [row0, row0 + vRows)} of every (channel, phase plane): each buffer row's columns
     * dealt by residue mod 4 ({@code deal[r][u] = row[4 u + r]}), then B^T on whole vectors of tiles. Rows past the
     * plane are zero. Layout {@code [point][channel][plane][row][T]}, {@link #vPoint} floats per point.
     */
    private void transformInput(float[] buf, int row0, float[] v, float[] deal) {
        int l2 = geo.bufferLength[2];
        int rows = geo.bufferLength[1];
        int dr = tw + L + 2; // a residue row
        int pointStride = vPoint;
        for (int c = 0; c < geo.cg; c++) {
            for (int p = 0; p < vPlanes; p++) {
                int src = c * geo.channelStride + p * geo.planeSize; // V plane p is buffer plane p
                int vp = (c * vPlanes + p) * vRows * tw;
                for (int r = 0; r < vRows; r++) {
                    int i = row0 + r;
                    int vo = vp + r * tw;
                    if (i >= rows) {
                        for (int j = 0; j < POINTS; j++) {
                            java.util.Arrays.fill(v, j * pointStride + vo, j * pointStride + vo + tw, 0f);
                        }
                        continue;
                    }
                    int from = src + i * l2;
                    // Four vectors of the row to one vector of each residue: two rounds of unzips.
                    for (int k = 0; k <= tw + 1; k += L) {
                        PaddedInput.dealFour(buf, from + 4 * k, deal, k, dr);
                    }
                    // Whole vectors: a row's last one runs into the next row's first tiles, which that row then
                    // overwrites (rows and planes go in order), or into the slack.
                    for (int t = 0; t < tw; t += L) {
                        FloatVector x0 = FloatVector.fromArray(S, deal, t);
                        FloatVector x1 = FloatVector.fromArray(S, deal, dr + t);
                        FloatVector x2 = FloatVector.fromArray(S, deal, 2 * dr + t);
                        FloatVector x3 = FloatVector.fromArray(S, deal, 3 * dr + t);
                        FloatVector x4 = FloatVector.fromArray(S, deal, t + 1);
                        FloatVector x5 = FloatVector.fromArray(S, deal, dr + t + 1);
                        FloatVector x6 = FloatVector.fromArray(S, deal, 2 * dr + t + 1);
                        FloatVector z00 = x0.sub(x2);
                        FloatVector z01 = x1.sub(x3);
                        FloatVector z02 = x2.sub(x4);
                        FloatVector z20 = x4.sub(x2);
                        FloatVector z21 = x5.sub(x3);
                        FloatVector z22 = x6.sub(x4);
                        int o = vo + t;
                        z00.sub(z01).intoArray(v, o);
                        z01.intoArray(v, o + pointStride);
                        z02.sub(z01).intoArray(v, o + 2 * pointStride);
                        x2.sub(x3).intoArray(v, o + 3 * pointStride);
                        x3.intoArray(v, o + 4 * pointStride);
                        x4.sub(x3).intoArray(v, o + 5 * pointStride);
                        z20.sub(z21).intoArray(v, o + 6 * pointStride);
                        z21.intoArray(v, o + 7 * pointStride);
                        z22.sub(z21).intoArray(v, o + 8 * pointStride);
                    }
                }
            }
        }
    }

    /**
     * Outputs of channels [k0, k1) (products at block {@code kbi} of the group in {@code m}) at positions
     * [q0, q0 + count): y = A^T M per vector of L tiles, to the stage {@code [4][TB]}, then zipped four ways into
     * whole output vectors and the bias added last, as the direct plan adds it ({@link #zipOut}). Two methods:
     * in one, C2 reached its inlining budget and ran the last shuffles as Java (5% of the stem's time).
     */
    private void transformOutput(float[] m, int kbi, int k0, int k1, int q0, int count, int g, float[] y, int yBase,
            float[] stage) {
        int ps = kbGroup * MR * TB; // one point's products
        for (int k = k0; k < k1; k++) {
            int mo = (kbi * MR + k - k0) * TB;
            for (int h = 0; h < count; h += L) {
                int o = mo + h;
                FloatVector m0 = FloatVector.fromArray(S, m, o);
                FloatVector m1 = FloatVector.fromArray(S, m, o + ps);
                FloatVector m2 = FloatVector.fromArray(S, m, o + 2 * ps);
                FloatVector m3 = FloatVector.fromArray(S, m, o + 3 * ps);
                FloatVector m4 = FloatVector.fromArray(S, m, o + 4 * ps);
                FloatVector m5 = FloatVector.fromArray(S, m, o + 5 * ps);
                FloatVector m6 = FloatVector.fromArray(S, m, o + 6 * ps);
                FloatVector m7 = FloatVector.fromArray(S, m, o + 7 * ps);
                FloatVector m8 = FloatVector.fromArray(S, m, o + 8 * ps);
                FloatVector p10 = m3.add(m4);
                FloatVector p11 = m4.add(m5);
                m0.add(m1).add(p10).intoArray(stage, h);
                m1.add(m2).add(p11).intoArray(stage, TB + h);
                p10.add(m6.add(m7)).intoArray(stage, 2 * TB + h);
                p11.add(m7.add(m8)).intoArray(stage, 3 * TB + h);
            }
            zipOut(stage, count, bias == null ? 0f : bias[g * geo.kg + k], y, yBase + k * geo.outSpatial + 4 * q0);
        }
    }

    /**
     * Tile t's outputs {@code stage[i * TB + t]}, i = 0..3, plus the bias, to {@code y[at + 4 t + i]} for t below
     * count: zip(y0, y2) with zip(y1, y3). A last partial vector of tiles goes through the stage's tail. (The bias
     * added before A^T, to m4, which every output sums once, could overflow where the output does not: review of
     * session 17.)
     */
    private static void zipOut(float[] stage, int count, float bias, float[] y, int at) {
        FloatVector b = FloatVector.broadcast(S, bias);
        for (int h = 0; h < count; h += L) {
            FloatVector y0 = FloatVector.fromArray(S, stage, h);
            FloatVector y1 = FloatVector.fromArray(S, stage, TB + h);
            FloatVector y2 = FloatVector.fromArray(S, stage, 2 * TB + h);
            FloatVector y3 = FloatVector.fromArray(S, stage, 3 * TB + h);
            FloatVector a0 = y0.rearrange(SimdConvPlan.ZIP_LO, y2);
            FloatVector a1 = y0.rearrange(SimdConvPlan.ZIP_HI, y2);
            FloatVector c0 = y1.rearrange(SimdConvPlan.ZIP_LO, y3);
            FloatVector c1 = y1.rearrange(SimdConvPlan.ZIP_HI, y3);
            boolean whole = count - h >= L;
            float[] to = whole ? y : stage;
            int o = whole ? at + 4 * h : 4 * TB;
            a0.rearrange(SimdConvPlan.ZIP_LO, c0).add(b).intoArray(to, o);
            a0.rearrange(SimdConvPlan.ZIP_HI, c0).add(b).intoArray(to, o + L);
            a1.rearrange(SimdConvPlan.ZIP_LO, c1).add(b).intoArray(to, o + 2 * L);
            a1.rearrange(SimdConvPlan.ZIP_HI, c1).add(b).intoArray(to, o + 3 * L);
            if (!whole) {
                System.arraycopy(stage, 4 * TB, y, at + 4 * h, 4 * (count - h));
            }
        }
    }

    /** Inputs with an element at or above this magnitude (or non-finite) run the direct plan. */
    float inputLimit() {
        return inputLimit;
    }

    @Override
    public String providerName() {
        return SimdProvider.NAME;
    }

    @Override
    public long workspaceBytes() {
        return 4L * parts * (bufferFloats + work.scratchFloats()) + direct.workspaceBytes();
    }

    @Override
    public String algorithm() {
        return "conv by Winograd F(4,4) nested from F(2,2) along the width of " + sw + " stride phases, products by "
                + "corrFlat4x6v";
    }

    @Override
    public String toString() {
        return "simd(conv by Winograd F(4,4) nested from F(2,2) along the width of " + sw + " stride phases, height "
                + "summed directly, " + oh + " rows x " + tw + " tiles, blocks of " + TB + " tiles, " + POINTS
                + " products by corrFlat4x6v over " + entries + " (channel, height tap, width phase) terms, chunks="
                + chunkCount + ", units=" + units + ", parts=" + parts + "; inputs with non-finite values or |x| >= "
                + inputLimit + " run " + direct + ")";
    }
}
