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
 * dilation 1: the DCGAN / U-Net upsampling), by Winograd's F(m x m, 2x2) on every phase: each m x m tile of a phase's
 * outputs is {@code A^T [sum_c (G g_c G^T) . (B^T D_c B)] A} over its (m + 1) x (m + 1) input patch {@code D_c}. Two
 * tile sizes ({@link Tiling}, chosen by {@link #tiling} for the fewest products):
 *
 * <ul>
 * <li>F(2x2, 2x2): 9 products per tile and input channel instead of 16; {@code B^T = [1 -1 0; 0 1 0; 0 -1 1]},
 * {@code G = [1 0; 1 1; 0 1]}, {@code A^T = [1 1 0; 0 1 1]}.
 * <li>F(3x3, 2x2): 16 instead of 36 (the dual of F(2, 3): its kernel and output transforms exchanged);
 * {@code B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]}, {@code G = [1 0; 1/2 1/2; 1/2 -1/2; 0 -1]},
 * {@code A^T = [1 1 1 0; 0 1 -1 0; 0 1 1 1]}. On dcgan-up-32 (11 x 12 tiles per 32x32 phase against 16 x 17) 1.16x
 * fewer products; one-JVM A/B with the 4x6 kernel, against F(2x2, 2x2) on 8x2: 1.12-1.18.
 * </ul>
 *
 * The sum over channels is {@code 4 (m + 1)^2} independent matrix products per block of tiles, run by a packed
 * micro-kernel: blocks of 2L tiles for {@link F32CorrKernels#corrPacked8x2v} (4x2 below 512 bits), or of 6L for
 * {@link F32CorrKernels#corrPacked4x6v}, whose 4 broadcasts per 24 multiply-adds (against 8 per 16) ran 1.10x on
 * dcgan-up-32's products.
 *
 * <p><b>Exactness.</b> Every coefficient is 0, +-1 or +-1/2, so on small-integer data every intermediate is exact and
 * so is the result. On reals the error is at most {@code gamma_(C/g + 8) (Z + |b|)}, {@code Z} the magnitude of the
 * transformed terms ({@code dev.vconv.reference.WinogradMagnitude} derives it, for either tile). As in
 * {@link WinogradPlan}, inputs holding a non-finite value or one at or above {@link #inputLimit} run the direct plan,
 * and plans are made only for finite weights and bias.
 *
 * <p><b>Layout.</b> Phase (a, b) (output row and column residues) writes output {@code (a + 2i, b + 2j)} from buffer
 * rows {@code rowBase[a] + i + {0, 1}} and columns {@code colBase[b] + j + {0, 1}} of the padded input. All four
 * phases have the same extent {@code eh x ew}; a tile covers phase rows {@code m t .. m t + m - 1} (band t) and phase
 * columns {@code m j .. m j + m - 1}. Small images go in stacks of several ({@link WinogradPlan#STACK_BLOCKS}), image
 * i's bands following image i - 1's. Per chunk of tile blocks of a stack, each band's m + 1 row combinations
 * ({@code B^T} along the height) of each height phase go to a scratch indexed {@code P = (i * bands + band) * rw +
 * buffer column}, where mL consecutive positions hold L tile starts; the width transform reads it at each width phase's
 * column offset and gathers every m-th position into vectors (one two-vector shuffle for m = 2; for m = 3 two shuffles
 * and a blend per vector of tiles). The output transform expands each phase's tile vectors back to phase columns and
 * zips the two width phases of a height phase into whole output rows, as the direct plan's phase pairs do (m = 3: the
 * tiles' three columns and two phases interleave six ways, output column {@code 6t + 2k + b}).
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
     * Least share of the computed tile outputs that are real ({@link #pays}): tiles fill whole blocks (2L or 6L) per
     * (stack of images, group), and a band's junk columns count too. Against the direct plan, before stacks (one
     * image per block): 128 -> 128 at 16x16 (67% real at 512 bits) 1.06, 256 -> 128 at 16x16 1.14, at 12x12 (56%)
     * 1.09, dcgan-up-8 (8x8, 50%) 1.07.
     */
    static final double MIN_VALID_SHARE = 0.5;
    /**
     * How the tiles go: {@code m x m} outputs per tile and phase (2: F(2x2, 2x2), 3: F(3x3, 2x2)), {@code tb} tiles per
     * block, the products' tile width: 2L for the 8x2 (4x2 below 512 bits) kernel, 6L for the 4x6 one.
     */
    record Tiling(int m, int tb) {
        Tiling {
            if ((m != 2 && m != 3) || (tb != 2 * L && tb != 6 * L)) {
                throw new IllegalArgumentException("tiling: m " + m + ", tb " + tb + ": m is 2 or 3, tb 2L or 6L (L = "
                        + L + ")");
            }
        }

        /** Output channels per products' tile. */
        int mr() {
            return WinogradWork.productRows(tb);
        }

        String kernel() {
            return WinogradWork.productKernel(tb);
        }
    }
    /**
     * Floats of row-transformed input a chunk should stay within (256 KB): with the padded input, one height phase's
     * transformed input (V) and weights (U) it shares L2 (1 MB per core here) with, at 128 channels 1 MB went to L3, and at 2
     * threads a 1 MB budget with V of both height phases at once ran at 0.79 of the direct plan.
     */
    private static final int ROW_SCRATCH_FLOATS = 1 << 16;
    /**
     * Outputs per tile along each axis ({@code m}: 2 for F(2x2, 2x2), 3 for F(3x3, 2x2)), transform points per axis
     * ({@code m + 1}), per phase, row combinations per band (per height phase {@code m + 1}), points of all four
     * phases.
     */
    private final int m;
    private final int side;
    private final int points;
    private final int combos;
    private final int allPoints;
    /** Tiles per block and the products' kernel ({@link Tiling}). */
    private final int tb;
    private final String kernel;
    /** Output-channel blocks whose products one unit computes before their output transforms. */
    private final int kbGroup;

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
    /** Row length of the row-transformed scratch: the buffer's, rounded up to a multiple of m. */
    private final int rw;
    private final int bands;
    /** Images computed together (see {@link WinogradPlan#STACK_BLOCKS}), their position spaces one after the other. */
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
     * F(3x3, 2x2)'s tile starts, every third position: lanes {@code 3i} of three consecutive vectors, the first two by
     * {@code compactFirstTwo}, the rest ({@code thirdLanes}) from the third by {@code compactThird}.
     */
    private final VectorShuffle<Float> compactFirstTwo;
    private final VectorShuffle<Float> compactThird;
    private final VectorMask<Float> thirdLanes;
    /**
     * F(3x3, 2x2)'s output: output column {@code 6t + 2k + b} of a tile row comes from tile t's column k of width
     * phase b. With the two width phases zipped per k (pairs of lanes), output vector j of each half of the L tiles
     * takes pairs from the zips of k = 0 and 1 ({@code sixWay01[j]}) and of k = 2 ({@code sixWay2[j]}, lanes
     * {@code sixWayK2[j]}).
     */
    private final VectorShuffle<Float>[] sixWay01 = newShuffles();
    private final VectorShuffle<Float>[] sixWay2 = newShuffles();
    @SuppressWarnings("unchecked")
    private final VectorMask<Float>[] sixWayK2 = new VectorMask[3];
    /**
     * Output segments of each L-position vector {@code pv} of the position space: {@code [segFirst[pv],
     * segFirst[pv + 1])}; per segment the output offset of phase lane 0 for height phase 0 and tile row 0
     * ({@code segOff}), how many of the tile's m rows are real ({@code segRows}), and the lane masks of the two
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
        Tiling t = tiling(geo, 0);
        int ehp = geo.phases[0].extent[1];
        int ewp = geo.phases[0].extent[2];
        long computed = blocks(geo, t) * t.tb() * t.m() * t.m();
        return Math.min(geo.cg, geo.kg) >= MIN_CHANNELS
                && (double) stackSize(geo, t) * ehp * ewp >= MIN_VALID_SHARE * computed;
    }

    /** Tiles of one image's phase: bands of m phase rows, each {@code rowWidth / m} tiles wide. */
    private static long tiles(Geometry geo, int m) {
        return (long) (geo.phases[0].extent[1] + m - 1) / m * (rowWidth(geo, m) / m);
    }

    private static int stackSize(Geometry geo, Tiling t) {
        return WinogradPlan.stackSize(geo.batch, tiles(geo, t.m()), t.tb());
    }

    /** Blocks of tiles per stack of images. */
    private static long blocks(Geometry geo, Tiling t) {
        return (stackSize(geo, t) * tiles(geo, t.m()) + t.tb() - 1) / t.tb();
    }

    /**
     * The tiling with the fewest products per image, of tiles of m x m outputs (0: either): F(3x3, 2x2) takes 16 per
     * 9 outputs, F(2x2, 2x2) 9 per 4, but tiles past the image's edge and blocks past its stack's tiles count too (an
     * 8x8 phase: 3 x 4 tiles of 9 outputs or 4 x 5 of 4, the last column junk). At 512 bits blocks of 6L tiles for
     * the 4x6 products kernel, where they compute no more than blocks of 2L: it ran 1.10 of the 8x2 one on
     * dcgan-up-32 (F(3x3, 2x2), one-JVM A/B).
     */
    static Tiling tiling(Geometry geo, int m) {
        Tiling best = null;
        double fewest = Double.MAX_VALUE;
        for (int mc : m == 0 ? new int[] {3, 2} : new int[] {m}) {
            for (int tb : L >= 16 ? new int[] {6 * L, 2 * L} : new int[] {2 * L}) {
                Tiling t = new Tiling(mc, tb);
                double products = (mc + 1) * (mc + 1) * (double) blocks(geo, t) * tb / stackSize(geo, t);
                if (products < fewest) {
                    best = t;
                    fewest = products;
                }
            }
        }
        return best;
    }

    /**
     * The row length of the position space: the buffer's, rounded up to a multiple of m; for m = 3 at least one past
     * the last column that a tile with a real output reads. F(3, 2)'s first output sums terms with the window's
     * third input that cancel only in exact arithmetic, so where a tile's first output is its only real one, that
     * input (past the phase's last real input) enters the float result at rounding level: it must read as what the
     * error bound assumes there (the input or zero), never another row's data. Columns from the buffer's row length
     * on read as zero ({@link #transformRows3}).
     */
    private static int rowWidth(Geometry geo, int m) {
        int wb = geo.bufferLength[2];
        if (m == 2) {
            return (wb + 1) / 2 * 2;
        }
        int[] grid = phaseGrid(geo);
        int ew = geo.phases[0].extent[2];
        int reach = 3 * ((ew - 1) / 3) + Math.max(grid[2], grid[3]) + 4;
        return (Math.max(wb, reach) + 2) / 3 * 3;
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] newShuffles() {
        return new VectorShuffle[3];
    }

    private static long laneBitsBelow(int lanes) {
        return lanes >= 64 ? -1L : (1L << lanes) - 1;
    }

    /**
     * Lane i of three consecutive vectors' every third lane, {@code 3i}: from the first two ({@code firstTwo}, by a
     * two-vector rearrange; lanes past them 0) or from the third (lanes before it 0).
     */
    private static VectorShuffle<Float> compactThree(boolean firstTwo) {
        int[] idx = new int[L];
        for (int i = 0; i < L; i++) {
            int pos = 3 * i;
            if (firstTwo) {
                // Negative (exceptional) indices select lane idx + L of the second vector of rearrange(shuffle, v).
                idx[i] = pos < L ? pos : pos < 2 * L ? pos - 2 * L : 0;
            } else {
                idx[i] = pos < 2 * L ? 0 : pos - 2 * L;
            }
        }
        return VectorShuffle.fromArray(S, idx, 0);
    }

    /**
     * Output vector j (of three) of a half of a tile vector: lane l is output column {@code c = jL + l} of the half,
     * tile {@code c / 6}, its column {@code k = c % 6 / 2} of width phase {@code c % 2}, which is lane
     * {@code 2 (c / 6) + c % 2} of the zip of k. {@code firstTwo}: the lanes of k = 0 and 1 (k = 1 from the second
     * vector); otherwise those of k = 2.
     */
    private static VectorShuffle<Float> sixWay(int j, boolean firstTwo) {
        int[] idx = new int[L];
        for (int l = 0; l < L; l++) {
            int c = j * L + l;
            int k = c % 6 / 2;
            int lane = 2 * (c / 6) + c % 2;
            if (firstTwo) {
                idx[l] = k == 0 ? lane : k == 1 ? lane - L : 0;
            } else {
                idx[l] = k == 2 ? lane : 0;
            }
        }
        return VectorShuffle.fromArray(S, idx, 0);
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

    /** The plan with the tiling {@link #tiling} chooses. */
    WinogradPhasePlan(ConvProblem problem, float[] weight, float[] bias, int threads, ExecutorService executor,
            ConvPlan direct) {
        this(problem, weight, bias, threads, executor, direct, null);
    }

    /** The plan with this tiling (null: the one {@link #tiling} chooses). */
    WinogradPhasePlan(ConvProblem problem, float[] weight, float[] bias, int threads, ExecutorService executor,
            ConvPlan direct, Tiling tiling) {
        super(problem, weight, bias);
        this.geo = new Geometry(problem);
        int[] grid = phaseGrid(geo);
        if (grid == null || !serves(geo, weight, bias)) {
            throw new IllegalArgumentException("problem: " + problem
                    + ": not a 2D stride-2 transposed conv with 2x2 taps per phase for Winograd F(m x m, 2x2)");
        }
        if (tiling == null) {
            tiling = tiling(geo, 0);
        }
        this.m = tiling.m();
        this.tb = tiling.tb();
        this.kernel = tiling.kernel();
        this.side = this.m + 1;
        this.points = side * side;
        this.combos = 2 * side;
        this.allPoints = 4 * points;
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
        rw = rowWidth(geo, this.m);
        bands = (eh + this.m - 1) / this.m;
        long tiles = (long) bands * (rw / this.m);
        stack = WinogradPlan.stackSize(geo.batch, tiles, tb);
        imagePositions = Math.toIntExact((long) bands * rw);
        blocksPerStack = Math.toIntExact((stack * tiles + tb - 1) / tb);
        mr = tiling.mr();
        kp = (geo.kg + mr - 1) / mr * mr;
        kbGroup = WinogradWork.productGroup(tb, kp / mr, 2 * points * mr * tb);
        u = transformWeights(weight, grid);
        float maxW = 0f;
        for (float w : weight) {
            maxW = Math.max(maxW, Math.abs(w));
        }
        // Per axis |B^T d| <= 2|x|, |G g| <= 2|w|, |A^T m| <= 2|m|: a point's sum <= 16 cg |x| |w|, an output
        // <= 64 cg |x| |w|. Below MAX / 8 the input transform (|B^T d B| <= 4|x|) cannot overflow, whatever the
        // weights; below the second term neither can the sums. The bias is added last, as the direct plan adds it.
        inputLimit = (float) Math.min(Float.MAX_VALUE / 2.0 / 4.0, Float.MAX_VALUE / 2.0 / (64.0 * geo.cg * maxW));

        int perBlock = this.m * combos * geo.cg * tb;
        int maxBlocks = Math.max(1, ROW_SCRATCH_FLOATS / perBlock);
        long stackGroups = (long) geo.batch / stack * geo.groups;
        chunkCount = WinogradPlan.chunkCount(blocksPerStack, maxBlocks, stackGroups, threads);
        maxChunkBlocks = (blocksPerStack + chunkCount - 1) / chunkCount;
        units = stackGroups * chunkCount;
        parts = (int) Math.min(threads, units);
        int colMax = Math.max(colBase[0], colBase[1]);
        // The width transform reads up to colMax + m positions past a chunk's last tile start, plus a vector.
        ts = maxChunkBlocks * this.m * tb + colMax + side + L;
        work = new WinogradWork(geo.cg * combos * ts, 2 * points * geo.cg * tb, 2 * points * kbGroup * mr * tb, units,
                chunkCount, this::runUnit);
        // The row transform reads m + 1 rows per band, whole vectors up to rw + L columns: past the last channel's
        // plane only for junk tiles, whose reads reach junk outputs only (m = 3: and for rows that it then reads as
        // zero, see rowWidth).
        bufferFloats = Math.max(geo.cg * geo.channelStride, (geo.cg - 1) * geo.channelStride
                + (Math.max(rowBase[0], rowBase[1]) + this.m * bands + 1) * wb + rw + 2 * L);

        compact = WinogradPlan.shuffle(0, true, 1);
        expandLo = WinogradPlan.shuffle(0, false, 1);
        expandHi = WinogradPlan.shuffle(L, false, 1);
        compactFirstTwo = compactThree(true);
        compactThird = compactThree(false);
        thirdLanes = VectorMask.fromLong(S, WinogradPlan.laneBits() & ~laneBitsBelow((2 * L + 2) / 3));
        for (int j = 0; j < 3; j++) {
            sixWay01[j] = sixWay(j, true);
            sixWay2[j] = sixWay(j, false);
            long k2 = 0;
            for (int l = 0; l < L; l++) {
                if ((j * L + l) % 6 / 2 == 2) {
                    k2 |= 1L << l;
                }
            }
            sixWayK2[j] = VectorMask.fromLong(S, k2);
        }

        int vectors = blocksPerStack * this.m * tb / L;
        int[] first = new int[vectors + 1];
        int[] off = new int[vectors * (L + 2)];
        int[] rows = new int[off.length];
        long[] bits = new long[2 * off.length];
        int count = 0;
        int stackBands = stack * bands;
        for (int pv = 0; pv < vectors; pv++) {
            first[pv] = count;
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
                    off[count] = Math.toIntExact((long) sb / bands * geo.outChannels * geo.outSpatial
                            + 2L * this.m * band * outW + 2 * (col - lane));
                    rows[count] = Math.min(this.m, eh - this.m * band);
                    for (int v = 0; v < 2; v++) {
                        int lo = Math.max(0, 2 * lane - v * L);
                        int hi = Math.min(L, 2 * (lane + valid) - v * L);
                        bits[2 * count + v] = hi <= lo ? 0L : (WinogradPlan.laneBits() >>> (L - (hi - lo))) << lo;
                    }
                    count++;
                }
                lane += cnt;
            }
        }
        first[vectors] = count;
        segFirst = first;
        segOff = Arrays.copyOf(off, count);
        segRows = Arrays.copyOf(rows, count);
        segBits = Arrays.copyOf(bits, 2 * count);
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
        double[][] gm = m == 2 ? new double[][] {{1, 0}, {1, 1}, {0, 1}}
                : new double[][] {{1, 0}, {0.5, 0.5}, {0.5, -0.5}, {0, -1}};
        float[][] out = new float[geo.groups * allPoints][kp * geo.cg];
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
                        for (int e = 0; e < side; e++) {
                            for (int f = 0; f < side; f++) {
                                double s = 0;
                                for (int i = 0; i < 2; i++) {
                                    for (int j = 0; j < 2; j++) {
                                        s += gm[e][i] * gm[f][j] * g[i][j];
                                    }
                                }
                                out[gr * allPoints + p * points + e * side + f][((k / mr) * geo.cg + c) * mr + k % mr] =
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
        int p0 = b0 * m * tb;
        int p1 = b1 * m * tb + Math.max(colBase[0], colBase[1]) + side;
        // The images whose positions the chunk reads, one after the other through the one padded buffer.
        for (int i = p0 / imagePositions, last = Math.min(stack - 1, (p1 - 1) / imagePositions); i <= last; i++) {
            if (!s.image.load(input, geo, bufferFloats, inputLimit, n0 + i, g, x, xOff)) {
                return false;
            }
            if (m == 2) {
                transformRows(s.image.buffer, i, s.rows, p0, p1);
            } else {
                transformRows3(s.image.buffer, i, s.rows, p0, p1);
            }
        }
        int yBase = yOff + (n0 * geo.outChannels + g * geo.kg) * geo.outSpatial;
        int cgTB = geo.cg * tb;
        int blocks = kp / mr;
        int groupFloats = 2 * points * mr * tb;
        for (int blk = b0; blk < b1; blk++) {
            // Per height phase: its V (2 x points x cg x tb floats) stays in L2 while each group of output-channel
            // blocks runs its products point by point (each point's V read once per group), then their output
            // transforms, which zip the two width phases.
            for (int a = 0; a < 2; a++) {
                if (m == 2) {
                    transformInput(s.rows, blk * 2 * tb - p0, a, s.v);
                } else {
                    transformInput3(s.rows, blk * 3 * tb - p0, a, s.v);
                }
                for (int kb0 = 0; kb0 < blocks; kb0 += kbGroup) {
                    int kb1 = Math.min(blocks, kb0 + kbGroup);
                    for (int i = 0; i < 2 * points; i++) {
                        float[] w = u[g * allPoints + a * 2 * points + i];
                        for (int kb = kb0; kb < kb1; kb++) {
                            WinogradWork.products(tb, mr, s.v, i * cgTB, geo.cg, w, kb * geo.cg * mr, s.m,
                                    (kb - kb0) * groupFloats + i * mr * tb);
                        }
                    }
                    for (int kb = kb0; kb < kb1; kb++) {
                        transformOutput(s.m, (kb - kb0) * groupFloats, blk * m * tb / L, a, g, kb * mr,
                                Math.min(geo.kg, kb * mr + mr), y, yBase, s.stage);
                    }
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
                int rc = (c * combos + a * 3) * ts;
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
     * V = B^T D B of one block's tb tiles for height phase a: the width combinations of each row combination at each
     * width phase's column offset, the tile starts gathered into vectors. Layout {@code [point][c][tb]}, point
     * {@code (b * 3 + e) * 3 + f}.
     */
    private void transformInput(float[] rows, int at, int a, float[] v) {
        int cg = geo.cg;
        for (int c = 0; c < cg; c++) {
            for (int e = 0; e < 3; e++) {
                int r = (c * combos + a * 3 + e) * ts + at;
                for (int b = 0; b < 2; b++) {
                    int o = ((b * 3 + e) * 3 * cg + c) * tb;
                    for (int h = 0; h < tb / L; h++) {
                        int q = r + h * 2 * L + colBase[b];
                        FloatVector a0 = FloatVector.fromArray(S, rows, q);
                        FloatVector a1 = FloatVector.fromArray(S, rows, q + 1);
                        FloatVector a2 = FloatVector.fromArray(S, rows, q + 2);
                        FloatVector b0 = FloatVector.fromArray(S, rows, q + L);
                        FloatVector b1 = FloatVector.fromArray(S, rows, q + L + 1);
                        FloatVector b2 = FloatVector.fromArray(S, rows, q + L + 2);
                        int oh = o + h * L;
                        a0.sub(a1).rearrange(compact, b0.sub(b1)).intoArray(v, oh);
                        a1.rearrange(compact, b1).intoArray(v, oh + cg * tb);
                        a2.sub(a1).rearrange(compact, b2.sub(b1)).intoArray(v, oh + 2 * cg * tb);
                    }
                }
            }
        }
    }

    /**
     * F(3x3, 2x2)'s row transform: per channel, height phase a and band, {@code B^T} of the band's four input rows
     * r0..r3: r0 - r2, r1 + r2, r2 - r1, r1 - r3. Layout {@code [c][a * 4 + e][P - p0]}.
     */
    private void transformRows3(float[] buf, int i, float[] rows, int p0, int p1) {
        int bFirst = Math.max(p0 / rw, i * bands);
        int bLast = Math.min((i + 1) * bands - 1, (p1 - 1) / rw);
        for (int c = 0; c < geo.cg; c++) {
            for (int a = 0; a < 2; a++) {
                int rc = (c * combos + a * 4) * ts;
                for (int sb = bFirst; sb <= bLast; sb++) {
                    int colStart = Math.max(0, p0 - sb * rw);
                    int colEnd = Math.min(rw, p1 - sb * rw);
                    int row0 = rowBase[a] + 3 * (sb - i * bands);
                    int r0 = c * geo.channelStride + row0 * wb;
                    int at = rc + sb * rw - p0;
                    // Rows past the buffer's read as zero, not as the next channel's (see rowWidth): a band's last
                    // two rows may lie past it where only its first phase row is real.
                    boolean has2 = row0 + 2 < geo.bufferLength[1];
                    boolean has3 = row0 + 3 < geo.bufferLength[1];
                    // Whole vectors, as in transformRows.
                    for (int col = colStart; col < colEnd; col += L) {
                        FloatVector x0 = FloatVector.fromArray(S, buf, r0 + col);
                        FloatVector x1 = FloatVector.fromArray(S, buf, r0 + wb + col);
                        FloatVector x2 = has2 ? FloatVector.fromArray(S, buf, r0 + 2 * wb + col) : FloatVector.zero(S);
                        FloatVector x3 = has3 ? FloatVector.fromArray(S, buf, r0 + 3 * wb + col) : FloatVector.zero(S);
                        x0.sub(x2).intoArray(rows, at + col);
                        x1.add(x2).intoArray(rows, at + col + ts);
                        x2.sub(x1).intoArray(rows, at + col + 2 * ts);
                        x1.sub(x3).intoArray(rows, at + col + 3 * ts);
                    }
                    // Columns from the buffer's row length on (the next buffer row's, read by the whole vectors):
                    // zero.
                    for (int col = Math.max(colStart, wb); col < colEnd; col++) {
                        for (int e = 0; e < 4; e++) {
                            rows[at + col + e * ts] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * F(3x3, 2x2)'s V = B^T D B of one block's tb tiles for height phase a: each row combination's tile starts
     * (every third position) at column offsets 0..3 gathered into vectors, then combined along the width as along
     * the height. Layout {@code [point][c][tb]}, point {@code (b * 4 + e) * 4 + f}.
     */
    private void transformInput3(float[] rows, int at, int a, float[] v) {
        int cg = geo.cg;
        for (int c = 0; c < cg; c++) {
            for (int e = 0; e < 4; e++) {
                int r = (c * combos + a * 4 + e) * ts + at;
                for (int b = 0; b < 2; b++) {
                    int o = ((b * 4 + e) * 4 * cg + c) * tb;
                    for (int h = 0; h < tb / L; h++) {
                        int q = r + h * 3 * L + colBase[b];
                        FloatVector d0 = FloatVector.fromArray(S, rows, q).rearrange(compactFirstTwo,
                                FloatVector.fromArray(S, rows, q + L)).blend(FloatVector.fromArray(S, rows,
                                q + 2 * L).rearrange(compactThird), thirdLanes);
                        FloatVector d1 = FloatVector.fromArray(S, rows, q + 1).rearrange(compactFirstTwo,
                                FloatVector.fromArray(S, rows, q + 1 + L)).blend(FloatVector.fromArray(S, rows,
                                q + 1 + 2 * L).rearrange(compactThird), thirdLanes);
                        FloatVector d2 = FloatVector.fromArray(S, rows, q + 2).rearrange(compactFirstTwo,
                                FloatVector.fromArray(S, rows, q + 2 + L)).blend(FloatVector.fromArray(S, rows,
                                q + 2 + 2 * L).rearrange(compactThird), thirdLanes);
                        FloatVector d3 = FloatVector.fromArray(S, rows, q + 3).rearrange(compactFirstTwo,
                                FloatVector.fromArray(S, rows, q + 3 + L)).blend(FloatVector.fromArray(S, rows,
                                q + 3 + 2 * L).rearrange(compactThird), thirdLanes);
                        int oh = o + h * L;
                        d0.sub(d2).intoArray(v, oh);
                        d1.add(d2).intoArray(v, oh + cg * tb);
                        d2.sub(d1).intoArray(v, oh + 2 * cg * tb);
                        d1.sub(d3).intoArray(v, oh + 3 * cg * tb);
                    }
                }
            }
        }
    }

    /**
     * F(3x3, 2x2)'s output for one vector of tiles: per width phase b its 16 products from {@code o + b * 16 planes},
     * {@code A^T = [1 1 1 0; 0 1 -1 0; 0 1 1 1]} along the height ({@code t<b><r><f>}), then along the width
     * ({@code y<b><r><k>}, bias added); then per tile row the two width phases zipped column by column and interleaved
     * into six output vectors: stage {@code [part][row][v]}, part p the L positions of the output vector pair 2p,
     * 2p + 1. In registers (session 16: through the stage, rows and columns stored and read back, it ran 0.90-0.97 of
     * this on dcgan-up-32 in one-JVM A/Bs; the sums are the same, in the same order). Unrolled by hand, each tile row
     * and half its own lines: a helper taking the vectors would box them wherever C2 did not inline it.
     */
    private void outputVector3(float[] mm, int o, float bias, float[] stage) {
        int plane = mr * tb;
        FloatVector vb = FloatVector.broadcast(S, bias);
        // Width phase 0: A^T along the height per column point f (rows r), then along the width.
        FloatVector m0 = FloatVector.fromArray(S, mm, o);
        FloatVector m1 = FloatVector.fromArray(S, mm, o + 4 * plane);
        FloatVector m2 = FloatVector.fromArray(S, mm, o + 8 * plane);
        FloatVector m3 = FloatVector.fromArray(S, mm, o + 12 * plane);
        FloatVector s12 = m1.add(m2);
        FloatVector t000 = m0.add(s12);
        FloatVector t010 = m1.sub(m2);
        FloatVector t020 = s12.add(m3);
        m0 = FloatVector.fromArray(S, mm, o + plane);
        m1 = FloatVector.fromArray(S, mm, o + 5 * plane);
        m2 = FloatVector.fromArray(S, mm, o + 9 * plane);
        m3 = FloatVector.fromArray(S, mm, o + 13 * plane);
        s12 = m1.add(m2);
        FloatVector t001 = m0.add(s12);
        FloatVector t011 = m1.sub(m2);
        FloatVector t021 = s12.add(m3);
        m0 = FloatVector.fromArray(S, mm, o + 2 * plane);
        m1 = FloatVector.fromArray(S, mm, o + 6 * plane);
        m2 = FloatVector.fromArray(S, mm, o + 10 * plane);
        m3 = FloatVector.fromArray(S, mm, o + 14 * plane);
        s12 = m1.add(m2);
        FloatVector t002 = m0.add(s12);
        FloatVector t012 = m1.sub(m2);
        FloatVector t022 = s12.add(m3);
        m0 = FloatVector.fromArray(S, mm, o + 3 * plane);
        m1 = FloatVector.fromArray(S, mm, o + 7 * plane);
        m2 = FloatVector.fromArray(S, mm, o + 11 * plane);
        m3 = FloatVector.fromArray(S, mm, o + 15 * plane);
        s12 = m1.add(m2);
        FloatVector t003 = m0.add(s12);
        FloatVector t013 = m1.sub(m2);
        FloatVector t023 = s12.add(m3);
        s12 = t001.add(t002);
        FloatVector y000 = t000.add(s12).add(vb);
        FloatVector y001 = t001.sub(t002).add(vb);
        FloatVector y002 = s12.add(t003).add(vb);
        s12 = t011.add(t012);
        FloatVector y010 = t010.add(s12).add(vb);
        FloatVector y011 = t011.sub(t012).add(vb);
        FloatVector y012 = s12.add(t013).add(vb);
        s12 = t021.add(t022);
        FloatVector y020 = t020.add(s12).add(vb);
        FloatVector y021 = t021.sub(t022).add(vb);
        FloatVector y022 = s12.add(t023).add(vb);
        // Width phase 1: A^T along the height per column point f (rows r), then along the width.
        m0 = FloatVector.fromArray(S, mm, o + 16 * plane);
        m1 = FloatVector.fromArray(S, mm, o + 20 * plane);
        m2 = FloatVector.fromArray(S, mm, o + 24 * plane);
        m3 = FloatVector.fromArray(S, mm, o + 28 * plane);
        s12 = m1.add(m2);
        FloatVector t100 = m0.add(s12);
        FloatVector t110 = m1.sub(m2);
        FloatVector t120 = s12.add(m3);
        m0 = FloatVector.fromArray(S, mm, o + 17 * plane);
        m1 = FloatVector.fromArray(S, mm, o + 21 * plane);
        m2 = FloatVector.fromArray(S, mm, o + 25 * plane);
        m3 = FloatVector.fromArray(S, mm, o + 29 * plane);
        s12 = m1.add(m2);
        FloatVector t101 = m0.add(s12);
        FloatVector t111 = m1.sub(m2);
        FloatVector t121 = s12.add(m3);
        m0 = FloatVector.fromArray(S, mm, o + 18 * plane);
        m1 = FloatVector.fromArray(S, mm, o + 22 * plane);
        m2 = FloatVector.fromArray(S, mm, o + 26 * plane);
        m3 = FloatVector.fromArray(S, mm, o + 30 * plane);
        s12 = m1.add(m2);
        FloatVector t102 = m0.add(s12);
        FloatVector t112 = m1.sub(m2);
        FloatVector t122 = s12.add(m3);
        m0 = FloatVector.fromArray(S, mm, o + 19 * plane);
        m1 = FloatVector.fromArray(S, mm, o + 23 * plane);
        m2 = FloatVector.fromArray(S, mm, o + 27 * plane);
        m3 = FloatVector.fromArray(S, mm, o + 31 * plane);
        s12 = m1.add(m2);
        FloatVector t103 = m0.add(s12);
        FloatVector t113 = m1.sub(m2);
        FloatVector t123 = s12.add(m3);
        s12 = t101.add(t102);
        FloatVector y100 = t100.add(s12).add(vb);
        FloatVector y101 = t101.sub(t102).add(vb);
        FloatVector y102 = s12.add(t103).add(vb);
        s12 = t111.add(t112);
        FloatVector y110 = t110.add(s12).add(vb);
        FloatVector y111 = t111.sub(t112).add(vb);
        FloatVector y112 = s12.add(t113).add(vb);
        s12 = t121.add(t122);
        FloatVector y120 = t120.add(s12).add(vb);
        FloatVector y121 = t121.sub(t122).add(vb);
        FloatVector y122 = s12.add(t123).add(vb);
        // Per tile row the two width phases zipped column by column, then interleaved into six output vectors.
        FloatVector z0 = y000.rearrange(SimdConvPlan.ZIP_LO, y100);
        FloatVector z1 = y001.rearrange(SimdConvPlan.ZIP_LO, y101);
        FloatVector z2 = y002.rearrange(SimdConvPlan.ZIP_LO, y102);
        z0.rearrange(sixWay01[0], z1).blend(z2.rearrange(sixWay2[0]), sixWayK2[0]).intoArray(stage, 0);
        z0.rearrange(sixWay01[1], z1).blend(z2.rearrange(sixWay2[1]), sixWayK2[1]).intoArray(stage, L);
        z0.rearrange(sixWay01[2], z1).blend(z2.rearrange(sixWay2[2]), sixWayK2[2]).intoArray(stage, 6 * L);
        z0 = y000.rearrange(SimdConvPlan.ZIP_HI, y100);
        z1 = y001.rearrange(SimdConvPlan.ZIP_HI, y101);
        z2 = y002.rearrange(SimdConvPlan.ZIP_HI, y102);
        z0.rearrange(sixWay01[0], z1).blend(z2.rearrange(sixWay2[0]), sixWayK2[0]).intoArray(stage, 7 * L);
        z0.rearrange(sixWay01[1], z1).blend(z2.rearrange(sixWay2[1]), sixWayK2[1]).intoArray(stage, 12 * L);
        z0.rearrange(sixWay01[2], z1).blend(z2.rearrange(sixWay2[2]), sixWayK2[2]).intoArray(stage, 13 * L);
        z0 = y010.rearrange(SimdConvPlan.ZIP_LO, y110);
        z1 = y011.rearrange(SimdConvPlan.ZIP_LO, y111);
        z2 = y012.rearrange(SimdConvPlan.ZIP_LO, y112);
        z0.rearrange(sixWay01[0], z1).blend(z2.rearrange(sixWay2[0]), sixWayK2[0]).intoArray(stage, 2 * L);
        z0.rearrange(sixWay01[1], z1).blend(z2.rearrange(sixWay2[1]), sixWayK2[1]).intoArray(stage, 3 * L);
        z0.rearrange(sixWay01[2], z1).blend(z2.rearrange(sixWay2[2]), sixWayK2[2]).intoArray(stage, 8 * L);
        z0 = y010.rearrange(SimdConvPlan.ZIP_HI, y110);
        z1 = y011.rearrange(SimdConvPlan.ZIP_HI, y111);
        z2 = y012.rearrange(SimdConvPlan.ZIP_HI, y112);
        z0.rearrange(sixWay01[0], z1).blend(z2.rearrange(sixWay2[0]), sixWayK2[0]).intoArray(stage, 9 * L);
        z0.rearrange(sixWay01[1], z1).blend(z2.rearrange(sixWay2[1]), sixWayK2[1]).intoArray(stage, 14 * L);
        z0.rearrange(sixWay01[2], z1).blend(z2.rearrange(sixWay2[2]), sixWayK2[2]).intoArray(stage, 15 * L);
        z0 = y020.rearrange(SimdConvPlan.ZIP_LO, y120);
        z1 = y021.rearrange(SimdConvPlan.ZIP_LO, y121);
        z2 = y022.rearrange(SimdConvPlan.ZIP_LO, y122);
        z0.rearrange(sixWay01[0], z1).blend(z2.rearrange(sixWay2[0]), sixWayK2[0]).intoArray(stage, 4 * L);
        z0.rearrange(sixWay01[1], z1).blend(z2.rearrange(sixWay2[1]), sixWayK2[1]).intoArray(stage, 5 * L);
        z0.rearrange(sixWay01[2], z1).blend(z2.rearrange(sixWay2[2]), sixWayK2[2]).intoArray(stage, 10 * L);
        z0 = y020.rearrange(SimdConvPlan.ZIP_HI, y120);
        z1 = y021.rearrange(SimdConvPlan.ZIP_HI, y121);
        z2 = y022.rearrange(SimdConvPlan.ZIP_HI, y122);
        z0.rearrange(sixWay01[0], z1).blend(z2.rearrange(sixWay2[0]), sixWayK2[0]).intoArray(stage, 11 * L);
        z0.rearrange(sixWay01[1], z1).blend(z2.rearrange(sixWay2[1]), sixWayK2[1]).intoArray(stage, 16 * L);
        z0.rearrange(sixWay01[2], z1).blend(z2.rearrange(sixWay2[2]), sixWayK2[2]).intoArray(stage, 17 * L);
    }

    /** Y = A^T M A of both width phases of height phase a, per output channel of the block, stored zipped. */
    private void transformOutput(float[] m, int mOff, int pv0, int a, int g, int k0, int k1, float[] y, int yBase,
            float[] stage) {
        for (int k = k0; k < k1; k++) {
            float b = bias == null ? 0f : bias[g * geo.kg + k];
            int yk = yBase + k * geo.outSpatial;
            for (int h = 0; h < tb / L; h++) {
                if (this.m == 2) {
                    outputVector(m, mOff + (k - k0) * tb + h * L, b, stage);
                } else {
                    outputVector3(m, mOff + (k - k0) * tb + h * L, b, stage);
                }
                storeStaged(stage, pv0 + this.m * h, a, y, yk);
            }
        }
    }

    /**
     * One vector of tiles: per width phase b its 9 products from {@code o + b * 9 planes}, to the tiles' 2 x 2
     * outputs, expanded to phase columns and zipped with the other width phase: stage {@code [half][row][v]}, half 0
     * the L phase positions of the first output vector pair, 1 of the second.
     */
    private void outputVector(float[] m, int o, float bias, float[] stage) {
        int plane = mr * tb;
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
        int q = o + points * plane;
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
        for (int part = 0; part < m; part++) {
            for (int sg = segFirst[pv + part]; sg < segFirst[pv + part + 1]; sg++) {
                for (int r = 0; r < segRows[sg]; r++) {
                    int o = yk + segOff[sg] + (a + 2 * r) * outW;
                    for (int v = 0; v < 2; v++) {
                        long bits = segBits[2 * sg + v];
                        if (bits != 0) {
                            FloatVector x = FloatVector.fromArray(S, stage, ((part * m + r) * 2 + v) * L);
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
        return "convT by Winograd F(" + m + "x" + m + ",2x2) on 4 stride phases"
                + (stack > 1 ? " in stacks of images" : "") + ", products by " + kernel;
    }

    @Override
    public String toString() {
        return "simd(convT by Winograd F(" + m + "x" + m + ",2x2) on 4 stride phases, " + bands + " tile rows x "
                + rw / m + " tiles per phase" + (stack > 1 ? " in stacks of " + stack + " images" : "")
                + ", blocks of " + tb + " tiles, " + allPoints + " products by " + kernel + " over " + geo.cg
                + " channels, chunks=" + chunkCount + ", units=" + units + ", parts=" + parts
                + "; inputs with non-finite values or |x| >= " + inputLimit + " run " + direct + ")";
    }
}
