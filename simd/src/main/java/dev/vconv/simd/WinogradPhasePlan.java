package dev.vconv.simd;

import static dev.vconv.simd.F32CorrKernels.L;
import static dev.vconv.simd.F32CorrKernels.S;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.spi.AbstractConvPlan;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * A 2D transposed convolution with stride 2 whose four stride phases are each a 2x2 stride-1 correlation (kernel 4,
 * dilation 1: the DCGAN / U-Net upsampling), by Winograd's F(2x2, 2x2) on every phase: each 2x2 tile of a phase's
 * outputs is {@code A^T [sum_c (G g_c G^T) . (B^T D_c B)] A} over its 3x3 input patch {@code D_c}, 9 products per
 * input channel instead of 16. The sum over channels is 36 independent matrix products per block of tiles (9 points x
 * 4 phases), run by the packed micro-kernel ({@link F32CorrKernels#corrPacked8x2v}). Transforms
 * {@code B^T = [1 -1 0; 0 1 0; 0 -1 1]}, {@code G = [1 0; 1 1; 0 1]}, {@code A^T = [1 1 0; 0 1 1]}.
 *
 * <p><b>Exactness.</b> Every coefficient is 0 or +-1, so on small-integer data every intermediate is exact and so is
 * the result. On reals the error is at most {@code gamma_(C/g + 6) (Z + |b|)}, {@code Z} the magnitude of the
 * transformed terms ({@code dev.vconv.reference.WinogradMagnitude} derives it). As in {@link WinogradPlan}, inputs
 * holding a non-finite value or one at or above {@link #inputLimit} run the direct plan, and plans are made only for
 * finite weights and bias.
 *
 * <p><b>Layout.</b> Phase (a, b) (output row and column residues) writes output {@code (a + 2i, b + 2j)} from buffer
 * rows {@code rowBase[a] + i + {0, 1}} and columns {@code colBase[b] + j + {0, 1}} of the padded input. All four
 * phases have the same extent {@code eh x ew}; a tile covers phase rows {@code 2t, 2t + 1} (band t) and phase columns
 * {@code 2j, 2j + 1}. Small images go in stacks of several ({@link WinogradPlan#STACK_TILES}), image i's bands
 * following image i - 1's. Per chunk of tile blocks of a stack, each band's three row combinations ({@code B^T} along
 * the height) of each height phase go to a scratch indexed {@code P = (i * bands + band) * rw + buffer column}, where
 * 2L consecutive positions hold L tile starts; the width transform reads it at each width phase's column offset and a
 * two-vector shuffle gathers the tile starts. The output transform expands each phase's tile vectors back to phase columns and zips the two
 * width phases of a height phase into whole output rows, as the direct plan's phase pairs do.
 */
final class WinogradPhasePlan extends AbstractConvPlan {
    /**
     * Fewest input and output channels per group for which the provider chooses this plan ({@link #pays}); below it
     * the transforms outweigh the 7 products in 16 they save. One-JVM A/Bs against the direct plan, 1 thread, batch 4
     * at 32x32: 32 -> 32 0.82, 32 -> 64 0.95, 64 -> 32 0.97; 64 -> 64 at 24x24 1.31, at 64x64 (batch 1) 1.20; 128 ->
     * 64 (dcgan-up-32) 1.19.
     */
    static final int MIN_CHANNELS = 64;
    /**
     * Least share of the computed tile outputs that are real ({@link #pays}): tiles fill whole blocks of 2L per
     * (stack of images, group), and a band's junk columns count too. Against the direct plan, before stacks (one
     * image per block): 128 -> 128 at 16x16 (67% real at 512 bits) 1.06, 256 -> 128 at 16x16 1.14, at 12x12 (56%)
     * 1.09, dcgan-up-8 (8x8, 50%) 1.07.
     */
    static final double MIN_VALID_SHARE = 0.5;
    /** Tiles per block: two vectors, the micro-kernel's tile width. */
    private static final int TB = 2 * L;
    /**
     * Floats of row-transformed input a chunk should stay within (256 KB): with the padded input, one height phase's
     * transformed input (V) and weights (U) it shares L2 (1 MB per core here) with, at 128 channels 1 MB went to L3, and at 2
     * threads a 1 MB budget with V of both height phases at once ran at 0.79 of the direct plan.
     */
    private static final int ROW_SCRATCH_FLOATS = 1 << 16;
    /** Transform points per phase (3 x 3), row combinations per band (3 per height phase), points in all. */
    private static final int POINTS = 9;
    private static final int COMBOS = 6;
    private static final int ALL_POINTS = 4 * POINTS;

    private final Geometry geo;
    private final PaddedInput input;
    /** The direct plan, for inputs this one must not take. */
    private final ConvPlan direct;
    private final float inputLimit;
    /** Buffer row of phase row 0's first tap, per height residue; buffer column of phase column 0's, per width one. */
    private final int[] rowBase;
    private final int[] colBase;
    /** Outputs per phase along height and width. */
    private final int eh;
    private final int ew;
    private final int outW;
    private final int wb;
    /** Row length of the row-transformed scratch: the buffer's, rounded up to even. */
    private final int rw;
    private final int bands;
    /** Images computed together (see {@link WinogradPlan#STACK_TILES}), their position spaces one after the other. */
    private final int stack;
    /** Positions per image: {@code bands * rw}; image i of a stack starts at {@code i * imagePositions}. */
    private final int imagePositions;
    private final int blocksPerStack;
    private final int mr;
    private final int kp;
    /** Per (group, phase, point): the transformed weights, {@code [kb][c][mr]}. */
    private final float[][] u;
    private final float[] bias;
    private final int chunkCount;
    private final int maxChunkBlocks;
    private final long units;
    private final int parts;
    private final ExecutorService executor;
    private final int bufferFloats;
    /** Row-transformed scratch: floats per (channel, row combination). */
    private final int ts;
    private final VectorShuffle<Float> compact;
    private final VectorShuffle<Float> expandLo;
    private final VectorShuffle<Float> expandHi;
    /**
     * Output segments of each L-position vector {@code pv} of the position space: {@code [segFirst[pv],
     * segFirst[pv + 1])}; per segment the output offset of phase lane 0 for height phase 0 and tile row 0
     * ({@code segOff}), how many of the tile's two rows are real ({@code segRows}), and the lane masks of the two
     * zipped output vectors ({@code segBits[2 sg + v]}).
     */
    private final int[] segFirst;
    private final int[] segOff;
    private final int[] segRows;
    private final long[] segBits;
    /** The call's units ({@link #runUnit}). */
    private final WinogradWork work;

    /** Whether this plan can compute the problem (see the class comment) with finite weights and bias. */
    static boolean serves(Geometry geo, float[] weight, float[] bias) {
        // |G g| <= 2 |w| per axis: below MAX / 4 the transformed weights stay finite.
        return phaseGrid(geo) != null && WinogradPlan.below(weight, Float.MAX_VALUE / 4.0) && WinogradPlan.finite(bias);
    }

    /** Whether it is expected to beat the direct plan: enough channels per group and few junk tiles. */
    static boolean pays(Geometry geo) {
        if (phaseGrid(geo) == null) {
            return false;
        }
        int ehp = geo.phases[0].extent[1];
        int ewp = geo.phases[0].extent[2];
        long tiles = (long) (ehp + 1) / 2 * (rowWidth(geo.bufferLength[2]) / 2);
        int stack = WinogradPlan.stackSize(geo.batch, tiles);
        long computed = (stack * tiles + TB - 1) / TB * TB * 4;
        return Math.min(geo.cg, geo.kg) >= MIN_CHANNELS
                && (double) stack * ehp * ewp >= MIN_VALID_SHARE * computed;
    }

    private static int rowWidth(int bufferRow) {
        return (bufferRow + 1) / 2 * 2;
    }

    /**
     * For a 2D transposed conv with four stride-2 phases of equal extents, each of whose 4 taps form a 2x2 grid
     * {@code t0 + {0, 1} W' + {0, 1}}: {@code {rowBase0, rowBase1, colBase0, colBase1}, then per phase (a * 2 + b) the
     * kernel index of tap (row e, column f) at 4 + phase * 4 + e * 2 + f}; otherwise null.
     */
    static int[] phaseGrid(Geometry geo) {
        if (!geo.transpose || geo.kernel3[0] != 1 || geo.bufferLength[0] != 1 || geo.phases.length != 4
                || geo.channelStride != geo.planeSize) {
            return null;
        }
        int wl = geo.bufferLength[2];
        int[] grid = new int[4 + 16];
        Arrays.fill(grid, -1);
        for (int p = 0; p < 4; p++) {
            Geometry.Phase ph = geo.phases[p];
            int a = p / 2;
            int b = p % 2;
            if (ph.first[1] != a || ph.first[2] != b || ph.step[1] != 2 || ph.step[2] != 2 || ph.taps.length != 4
                    || ph.extent[1] != geo.phases[0].extent[1] || ph.extent[2] != geo.phases[0].extent[2]) {
                return null;
            }
            int t0 = Integer.MAX_VALUE;
            for (int t : ph.taps) {
                t0 = Math.min(t0, t);
            }
            for (int t = 0; t < 4; t++) {
                int rel = ph.taps[t] - t0;
                int e = rel / wl;
                int f = rel % wl;
                if (e > 1 || f > 1 || grid[4 + p * 4 + e * 2 + f] != -1) {
                    return null;
                }
                grid[4 + p * 4 + e * 2 + f] = ph.tapKernel[t];
            }
            int row = t0 / wl;
            int col = t0 % wl;
            if ((grid[a] != -1 && grid[a] != row) || (grid[2 + b] != -1 && grid[2 + b] != col)) {
                return null;
            }
            grid[a] = row;
            grid[2 + b] = col;
        }
        return grid;
    }

    WinogradPhasePlan(ConvProblem problem, float[] weight, float[] bias, int threads, ExecutorService executor,
            ConvPlan direct) {
        super(problem, weight, bias);
        this.geo = new Geometry(problem);
        int[] grid = phaseGrid(geo);
        if (grid == null || !serves(geo, weight, bias)) {
            throw new IllegalArgumentException("problem: " + problem
                    + ": not a 2D stride-2 transposed conv with 2x2 taps per phase for Winograd F(2x2, 2x2)");
        }
        this.input = new PaddedInput(geo);
        this.direct = direct;
        this.executor = executor;
        this.bias = bias == null ? null : bias.clone();
        rowBase = new int[] {grid[0], grid[1]};
        colBase = new int[] {grid[2], grid[3]};
        eh = geo.phases[0].extent[1];
        ew = geo.phases[0].extent[2];
        outW = geo.out3[2];
        wb = geo.bufferLength[2];
        rw = rowWidth(wb);
        bands = (eh + 1) / 2;
        long tiles = (long) bands * (rw / 2);
        stack = WinogradPlan.stackSize(geo.batch, tiles);
        imagePositions = Math.toIntExact((long) bands * rw);
        blocksPerStack = Math.toIntExact((stack * tiles + TB - 1) / TB);
        mr = S.vectorBitSize() >= 512 ? 8 : 4;
        kp = (geo.kg + mr - 1) / mr * mr;
        u = transformWeights(weight, grid);
        float maxW = 0f;
        for (float w : weight) {
            maxW = Math.max(maxW, Math.abs(w));
        }
        // Per axis |B^T d| <= 2|x|, |G g| <= 2|w|, |A^T m| <= 2|m|: a point's sum <= 16 cg |x| |w|, an output
        // <= 64 cg |x| |w|. Below MAX / 8 the input transform (|B^T d B| <= 4|x|) cannot overflow, whatever the
        // weights; below the second term neither can the sums. The bias is added last, as the direct plan adds it.
        inputLimit = (float) Math.min(Float.MAX_VALUE / 2.0 / 4.0, Float.MAX_VALUE / 2.0 / (64.0 * geo.cg * maxW));

        int perBlock = 2 * COMBOS * geo.cg * TB;
        int maxBlocks = Math.max(1, ROW_SCRATCH_FLOATS / perBlock);
        long stackGroups = (long) geo.batch / stack * geo.groups;
        chunkCount = WinogradPlan.chunkCount(blocksPerStack, maxBlocks, stackGroups, threads);
        maxChunkBlocks = (blocksPerStack + chunkCount - 1) / chunkCount;
        units = stackGroups * chunkCount;
        parts = (int) Math.min(threads, units);
        int colMax = Math.max(colBase[0], colBase[1]);
        // The width transform reads up to colMax + 2 positions past a chunk's last tile start, plus a vector.
        ts = maxChunkBlocks * 2 * TB + colMax + 3 + L;
        work = new WinogradWork(geo.cg * COMBOS * ts, 2 * POINTS * geo.cg * TB, 2 * POINTS * mr * TB, units,
                chunkCount, this::runUnit);
        // The row transform reads three rows per band, whole vectors up to rw + L columns: past the last channel's
        // plane only for junk tiles, whose reads reach junk outputs only.
        bufferFloats = Math.max(geo.cg * geo.channelStride, (geo.cg - 1) * geo.channelStride
                + (Math.max(rowBase[0], rowBase[1]) + 2 * bands + 1) * wb + rw + 2 * L);

        compact = WinogradPlan.shuffle(0, true, 1);
        expandLo = WinogradPlan.shuffle(0, false, 1);
        expandHi = WinogradPlan.shuffle(L, false, 1);

        int vectors = blocksPerStack * 2 * TB / L;
        int[] first = new int[vectors + 1];
        int[] off = new int[vectors * (L + 2)];
        int[] rows = new int[off.length];
        long[] bits = new long[2 * off.length];
        int n = 0;
        int stackBands = stack * bands;
        for (int pv = 0; pv < vectors; pv++) {
            first[pv] = n;
            long pos = (long) pv * L;
            int sb = (int) (pos / rw); // band of the stack: image sb / bands, its band sb % bands
            int col = (int) (pos - (long) sb * rw);
            for (int lane = 0; lane < L && sb < stackBands; sb++, col = 0) {
                int cnt = Math.min(L - lane, rw - col);
                int valid = Math.min(cnt, ew - col);
                if (valid > 0) {
                    // Phase lanes [lane, lane + valid) are output columns 2 (col - lane + lane') + b: lanes
                    // [2 lane, 2 (lane + valid)) of the two zipped vectors together.
                    int band = sb % bands;
                    off[n] = Math.toIntExact((long) sb / bands * geo.outChannels * geo.outSpatial
                            + 4L * band * outW + 2 * (col - lane));
                    rows[n] = 2 * band + 1 < eh ? 2 : 1;
                    for (int v = 0; v < 2; v++) {
                        int lo = Math.max(0, 2 * lane - v * L);
                        int hi = Math.min(L, 2 * (lane + valid) - v * L);
                        bits[2 * n + v] = hi <= lo ? 0L : (WinogradPlan.laneBits() >>> (L - (hi - lo))) << lo;
                    }
                    n++;
                }
                lane += cnt;
            }
        }
        first[vectors] = n;
        segFirst = first;
        segOff = Arrays.copyOf(off, n);
        segRows = Arrays.copyOf(rows, n);
        segBits = Arrays.copyOf(bits, 2 * n);
    }

    /** Inputs with an element at or above this magnitude (or non-finite) run the direct plan. */
    float inputLimit() {
        return inputLimit;
    }

    /**
     * U = G g G^T per (group, output channel, input channel, phase), rounded once from double: {@code [kb][c][mr]}
     * per point; point (e, f) of phase p is {@code p * 9 + e * 3 + f}.
     */
    private float[][] transformWeights(float[] weight, int[] grid) {
        double[][] gm = {{1, 0}, {1, 1}, {0, 1}};
        float[][] out = new float[geo.groups * ALL_POINTS][kp * geo.cg];
        double[][] g = new double[2][2];
        for (int gr = 0; gr < geo.groups; gr++) {
            for (int k = 0; k < geo.kg; k++) {
                for (int c = 0; c < geo.cg; c++) {
                    // The transposed conv's weight (C_in, C_out / groups, kH, kW).
                    int src = ((gr * geo.cg + c) * geo.kg + k) * geo.kernel3[1] * geo.kernel3[2];
                    for (int p = 0; p < 4; p++) {
                        for (int i = 0; i < 2; i++) {
                            for (int j = 0; j < 2; j++) {
                                g[i][j] = weight[src + grid[4 + p * 4 + i * 2 + j]];
                            }
                        }
                        for (int e = 0; e < 3; e++) {
                            for (int f = 0; f < 3; f++) {
                                double s = 0;
                                for (int i = 0; i < 2; i++) {
                                    for (int j = 0; j < 2; j++) {
                                        s += gm[e][i] * gm[f][j] * g[i][j];
                                    }
                                }
                                out[gr * ALL_POINTS + p * POINTS + e * 3 + f][((k / mr) * geo.cg + c) * mr + k % mr] =
                                        (float) s;
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
        if (!Parallel.run(parts, executor, work, x, xOff, y, yOff)) {
            direct.execute(x, xOff, y, yOff);
        }
    }

    /**
     * Computes one unit (chunk of blocks of a stack of images, one group); false (and nothing written) if its input
     * holds a value the transforms must not take.
     */
    private boolean runUnit(int sg, int chunk, WinogradWork.Scratch s, float[] x, int xOff, float[] y, int yOff) {
        int n0 = sg / geo.groups * stack;
        int g = sg % geo.groups;
        int b0 = (int) ((long) chunk * blocksPerStack / chunkCount);
        int b1 = (int) ((long) (chunk + 1) * blocksPerStack / chunkCount);
        int p0 = b0 * 2 * TB;
        int p1 = b1 * 2 * TB + Math.max(colBase[0], colBase[1]) + 3;
        // The images whose positions the chunk reads, one after the other through the one padded buffer.
        for (int i = p0 / imagePositions, last = Math.min(stack - 1, (p1 - 1) / imagePositions); i <= last; i++) {
            if (!s.image.load(input, geo, bufferFloats, inputLimit, n0 + i, g, x, xOff)) {
                return false;
            }
            transformRows(s.image.buffer, i, s.rows, p0, p1);
        }
        int yBase = yOff + (n0 * geo.outChannels + g * geo.kg) * geo.outSpatial;
        int cgTB = geo.cg * TB;
        for (int blk = b0; blk < b1; blk++) {
            // Per height phase: its V (18 points x cg x TB floats) and U stay in L2 while every output-channel block
            // runs its 18 products (18 x mr x TB floats, in L1 for the output transform, which zips the two width
            // phases).
            for (int a = 0; a < 2; a++) {
                transformInput(s.rows, blk * 2 * TB - p0, a, s.v);
                for (int kb = 0; kb < kp / mr; kb++) {
                    for (int i = 0; i < 2 * POINTS; i++) {
                        float[] w = u[g * ALL_POINTS + a * 2 * POINTS + i];
                        if (mr == 8) {
                            F32CorrKernels.corrPacked8x2v(s.v, i * cgTB, geo.cg, w, kb * geo.cg * mr, s.m,
                                    i * mr * TB, TB, false);
                        } else {
                            F32CorrKernels.corrPacked4x2v(s.v, i * cgTB, geo.cg, w, kb * geo.cg * mr, s.m,
                                    i * mr * TB, TB, false);
                        }
                    }
                    transformOutput(s.m, blk * 2 * TB / L, a, g, kb * mr, Math.min(geo.kg, kb * mr + mr), y, yBase,
                            s.stage);
                }
            }
        }
        return true;
    }

    /**
     * Row-transformed input of image i of the stack (padded in {@code buf}) at positions [p0, p1) of the stack: per
     * channel, height phase a and band, the combinations {@code B^T} of the band's three input rows r0..r2: r0 - r1,
     * r1, r2 - r1. Layout {@code [c][a * 3 + e][P - p0]}.
     */
    private void transformRows(float[] buf, int i, float[] rows, int p0, int p1) {
        int bFirst = Math.max(p0 / rw, i * bands); // bands of the stack
        int bLast = Math.min((i + 1) * bands - 1, (p1 - 1) / rw);
        for (int c = 0; c < geo.cg; c++) {
            for (int a = 0; a < 2; a++) {
                int rc = (c * COMBOS + a * 3) * ts;
                for (int sb = bFirst; sb <= bLast; sb++) {
                    int colStart = Math.max(0, p0 - sb * rw);
                    int colEnd = Math.min(rw, p1 - sb * rw);
                    int r0 = c * geo.channelStride + (rowBase[a] + 2 * (sb - i * bands)) * wb;
                    int r1 = r0 + wb;
                    int r2 = r1 + wb;
                    int at = rc + sb * rw - p0;
                    // Whole vectors: a band's last one runs into the next band's first columns, which that band then
                    // overwrites (bands, and the stack's images, go in order), or into the scratch's slack.
                    for (int col = colStart; col < colEnd; col += L) {
                        FloatVector x0 = FloatVector.fromArray(S, buf, r0 + col);
                        FloatVector x1 = FloatVector.fromArray(S, buf, r1 + col);
                        FloatVector x2 = FloatVector.fromArray(S, buf, r2 + col);
                        x0.sub(x1).intoArray(rows, at + col);
                        x1.intoArray(rows, at + col + ts);
                        x2.sub(x1).intoArray(rows, at + col + 2 * ts);
                    }
                }
            }
        }
    }

    /**
     * V = B^T D B of one block's 2L tiles for height phase a: the width combinations of each row combination at each
     * width phase's column offset, the tile starts gathered into vectors. Layout {@code [point][c][TB]}, point
     * {@code (b * 3 + e) * 3 + f}.
     */
    private void transformInput(float[] rows, int at, int a, float[] v) {
        int cg = geo.cg;
        for (int c = 0; c < cg; c++) {
            for (int e = 0; e < 3; e++) {
                int r = (c * COMBOS + a * 3 + e) * ts + at;
                for (int b = 0; b < 2; b++) {
                    int o = ((b * 3 + e) * 3 * cg + c) * TB;
                    for (int h = 0; h < 2; h++) {
                        int q = r + h * 2 * L + colBase[b];
                        FloatVector a0 = FloatVector.fromArray(S, rows, q);
                        FloatVector a1 = FloatVector.fromArray(S, rows, q + 1);
                        FloatVector a2 = FloatVector.fromArray(S, rows, q + 2);
                        FloatVector b0 = FloatVector.fromArray(S, rows, q + L);
                        FloatVector b1 = FloatVector.fromArray(S, rows, q + L + 1);
                        FloatVector b2 = FloatVector.fromArray(S, rows, q + L + 2);
                        int oh = o + h * L;
                        a0.sub(a1).rearrange(compact, b0.sub(b1)).intoArray(v, oh);
                        a1.rearrange(compact, b1).intoArray(v, oh + cg * TB);
                        a2.sub(a1).rearrange(compact, b2.sub(b1)).intoArray(v, oh + 2 * cg * TB);
                    }
                }
            }
        }
    }

    /** Y = A^T M A of both width phases of height phase a, per output channel of the block, stored zipped. */
    private void transformOutput(float[] m, int pv0, int a, int g, int k0, int k1, float[] y, int yBase,
            float[] stage) {
        for (int k = k0; k < k1; k++) {
            float b = bias == null ? 0f : bias[g * geo.kg + k];
            int yk = yBase + k * geo.outSpatial;
            for (int h = 0; h < 2; h++) {
                outputVector(m, (k - k0) * TB + h * L, b, stage);
                storeStaged(stage, pv0 + 2 * h, a, y, yk);
            }
        }
    }

    /**
     * One vector of tiles: per width phase b its 9 products from {@code o + b * 9 planes}, to the tiles' 2 x 2
     * outputs, expanded to phase columns and zipped with the other width phase: stage {@code [half][row][v]}, half 0
     * the L phase positions of the first output vector pair, 1 of the second.
     */
    private void outputVector(float[] m, int o, float bias, float[] stage) {
        int plane = mr * TB;
        FloatVector vb = FloatVector.broadcast(S, bias);
        FloatVector m00 = FloatVector.fromArray(S, m, o);
        FloatVector m01 = FloatVector.fromArray(S, m, o + plane);
        FloatVector m02 = FloatVector.fromArray(S, m, o + 2 * plane);
        FloatVector m10 = FloatVector.fromArray(S, m, o + 3 * plane);
        FloatVector m11 = FloatVector.fromArray(S, m, o + 4 * plane);
        FloatVector m12 = FloatVector.fromArray(S, m, o + 5 * plane);
        FloatVector m20 = FloatVector.fromArray(S, m, o + 6 * plane);
        FloatVector m21 = FloatVector.fromArray(S, m, o + 7 * plane);
        FloatVector m22 = FloatVector.fromArray(S, m, o + 8 * plane);
        FloatVector z00 = m00.add(m10);
        FloatVector z01 = m01.add(m11);
        FloatVector z02 = m02.add(m12);
        FloatVector z10 = m10.add(m20);
        FloatVector z11 = m11.add(m21);
        FloatVector z12 = m12.add(m22);
        // Width phase 0, tile rows 0 and 1, as phase columns (lo: the first L, hi: the next L).
        FloatVector e0 = z00.add(z01).add(vb);
        FloatVector e1 = z01.add(z02).add(vb);
        FloatVector r0lo = e0.rearrange(expandLo, e1);
        FloatVector r0hi = e0.rearrange(expandHi, e1);
        e0 = z10.add(z11).add(vb);
        e1 = z11.add(z12).add(vb);
        FloatVector r1lo = e0.rearrange(expandLo, e1);
        FloatVector r1hi = e0.rearrange(expandHi, e1);
        int q = o + POINTS * plane;
        m00 = FloatVector.fromArray(S, m, q);
        m01 = FloatVector.fromArray(S, m, q + plane);
        m02 = FloatVector.fromArray(S, m, q + 2 * plane);
        m10 = FloatVector.fromArray(S, m, q + 3 * plane);
        m11 = FloatVector.fromArray(S, m, q + 4 * plane);
        m12 = FloatVector.fromArray(S, m, q + 5 * plane);
        m20 = FloatVector.fromArray(S, m, q + 6 * plane);
        m21 = FloatVector.fromArray(S, m, q + 7 * plane);
        m22 = FloatVector.fromArray(S, m, q + 8 * plane);
        z00 = m00.add(m10);
        z01 = m01.add(m11);
        z02 = m02.add(m12);
        z10 = m10.add(m20);
        z11 = m11.add(m21);
        z12 = m12.add(m22);
        e0 = z00.add(z01).add(vb);
        e1 = z01.add(z02).add(vb);
        FloatVector s0lo = e0.rearrange(expandLo, e1);
        FloatVector s0hi = e0.rearrange(expandHi, e1);
        e0 = z10.add(z11).add(vb);
        e1 = z11.add(z12).add(vb);
        FloatVector s1lo = e0.rearrange(expandLo, e1);
        FloatVector s1hi = e0.rearrange(expandHi, e1);
        r0lo.rearrange(SimdConvPlan.ZIP_LO, s0lo).intoArray(stage, 0);
        r0lo.rearrange(SimdConvPlan.ZIP_HI, s0lo).intoArray(stage, L);
        r1lo.rearrange(SimdConvPlan.ZIP_LO, s1lo).intoArray(stage, 2 * L);
        r1lo.rearrange(SimdConvPlan.ZIP_HI, s1lo).intoArray(stage, 3 * L);
        r0hi.rearrange(SimdConvPlan.ZIP_LO, s0hi).intoArray(stage, 4 * L);
        r0hi.rearrange(SimdConvPlan.ZIP_HI, s0hi).intoArray(stage, 5 * L);
        r1hi.rearrange(SimdConvPlan.ZIP_LO, s1hi).intoArray(stage, 6 * L);
        r1hi.rearrange(SimdConvPlan.ZIP_HI, s1hi).intoArray(stage, 7 * L);
    }

    /**
     * Stores the staged vectors of position vectors pv and pv + 1 for height phase a: tile row r goes to output row
     * {@code a + 2 (2 band + r)}, zipped vector v to the segment's columns from {@code v L}.
     */
    private void storeStaged(float[] stage, int pv, int a, float[] y, int yk) {
        long all = WinogradPlan.laneBits();
        for (int half = 0; half < 2; half++) {
            for (int sg = segFirst[pv + half]; sg < segFirst[pv + half + 1]; sg++) {
                for (int r = 0; r < segRows[sg]; r++) {
                    int o = yk + segOff[sg] + (a + 2 * r) * outW;
                    for (int v = 0; v < 2; v++) {
                        long bits = segBits[2 * sg + v];
                        if (bits != 0) {
                            FloatVector x = FloatVector.fromArray(S, stage, ((half * 2 + r) * 2 + v) * L);
                            if (bits == all) {
                                x.intoArray(y, o + v * L);
                            } else {
                                x.intoArray(y, o + v * L, VectorMask.fromLong(S, bits));
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public String providerName() {
        return SimdProvider.NAME;
    }

    @Override
    public long workspaceBytes() {
        return 4L * parts * (bufferFloats + work.scratchFloats()) + direct.workspaceBytes();
    }

    /** The algorithm, whether images go in stacks, and the products' kernel; none of the sizes. */
    @Override
    public String algorithm() {
        return "convT by Winograd F(2x2,2x2) on 4 stride phases" + (stack > 1 ? " in stacks of images" : "")
                + ", products by corrPacked" + mr + "x2v";
    }

    @Override
    public String toString() {
        return "simd(convT by Winograd F(2x2,2x2) on 4 stride phases, " + bands + " tile rows x " + rw / 2
                + " tiles per phase" + (stack > 1 ? " in stacks of " + stack + " images" : "") + ", blocks of " + TB
                + " tiles, " + ALL_POINTS + " products by corrPacked" + mr
                + "x2v over " + geo.cg + " channels, chunks=" + chunkCount + ", units=" + units + ", parts=" + parts
                + "; inputs with non-finite values or |x| >= " + inputLimit + " run " + direct + ")";
    }
}
