package dev.vconv.simd;

import static dev.vconv.simd.F32CorrKernels.L;
import static dev.vconv.simd.F32CorrKernels.S;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.spi.AbstractConvPlan;
import java.util.concurrent.ExecutorService;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * A 3x3 stride-1 correlation (conv with stride 1, or transposed conv with stride 1, any dilation {@code d}, the
 * width's dividing the vector length) by Winograd's minimal filtering: F(2x2, 3x3) in 2D, where each 2x2 tile of
 * outputs (spaced {@code d}) is {@code A^T [sum_c (G g_c G^T) . (B^T D_c B)] A} over its 4x4 input patch
 * {@code D_c}, 16 products per input channel instead of 36; F(2x2x2, 3x3x3) in 3D, the same transforms along depth
 * too, 64 products instead of 216. The sum over channels is 16 (64) independent matrix products, one per transform
 * point, run by a packed micro-kernel over blocks of tiles: {@link F32CorrKernels#corrPacked4x6v} over 6L tiles at
 * 512 bits where they leave few junk tiles ({@link #blockTiles}), else {@link F32CorrKernels#corrPacked8x2v} (4x2
 * below 512 bits) over 2L.
 *
 * <p><b>Exactness.</b> The transforms have coefficients 0, +-1 and +-1/2, so on small-integer data every intermediate
 * is exact and so is the result. On reals the error is at most {@code gamma_(C/g + 8) (Z + |b|)} (3D: + 11), where
 * {@code Z} sums the absolute values of the transformed terms ({@code dev.vconv.reference.WinogradMagnitude} derives
 * it); it is not the direct sum's rounding. Transforms mix neighbouring inputs, so an infinite input would turn into
 * NaN on outputs whose direct sum is infinite, and huge inputs could overflow where the direct sum does not: calls
 * whose input holds a non-finite value or one at or above {@link #inputLimit} run the direct plan instead (each (batch
 * element, group)'s input is scanned before it is copied; the direct plan then writes every output, whatever the
 * transforms had written). Plans are made only for finite weights and bias.
 *
 * <p><b>Layout.</b> Tiles: the output rows {@code oh} with {@code oh mod 2d < d} start a band (a tile row; in 3D a
 * band is a (tile slab, tile row) pair); within the band, columns with {@code ow mod 2d < d} start a tile. Per (batch
 * element, group) the padded input is copied once ({@link PaddedInput}); a chunk of tile blocks first combines each
 * band's 4 (3D: 4 x 4) input rows ({@code B^T} along height, and depth) into a row-transformed scratch indexed by
 * {@code P = band * rw + column} (small images go in stacks: image i's bands follow image i - 1's, see
 * {@link #STACK_BLOCKS}), where a vector of {@code 2L} consecutive positions holds exactly {@code L} tile
 * starts. The width transform then runs on whole vectors at the four column offsets, and a two-vector shuffle gathers
 * the {@code L} tile starts of {@code 2L} positions into one vector of tiles.
 */
final class WinogradPlan extends AbstractConvPlan {
    /**
     * Fewest input and output channels per group for which the provider chooses Winograd ({@link #pays}): below, the
     * transforms (per channel and tile) outweigh what the 16 (64) products save against the direct kernels. One-JVM
     * A/Bs against the direct plan, 1 thread: 2D 16 -> 16 0.68, 64 -> 16 0.77, 32 -> 32 0.98, 48 -> 48 0.98, 64 -> 64
     * 1.19-1.40, 64 -> 128 1.42, 128 -> 64 1.27, 128 -> 128 1.6, 256 -> 256 1.7; 3D 16 -> 16 0.93, 32 -> 16 0.91,
     * 24 -> 24 1.23, 32 -> 32 1.35, 64 -> 64 2.25.
     */
    static final int MIN_CHANNELS_2D = 64;
    static final int MIN_CHANNELS_3D = 24;
    /**
     * Least share of the computed tile outputs that are real outputs ({@link #pays}): tiles cover whole bands of
     * {@code rw} columns and fill whole blocks (2L or 6L tiles) per stack of images, so small images compute many junk
     * ones. One-JVM A/Bs against the direct plan, 1 thread, 7x7 images with stacks (session 9; 512 bits): batch 1
     * 512 -> 512 (38%) 1.05, batch 2 256 -> 256 (38%) 1.00, batch 3 (57%) 1.49, batch 4 (51%) 1.34, batch 8 (61%)
     * 1.57 at 512 channels, 1.40 at 128, 1.14 at 64. Before stacks (share without the blocks' junk, 0.75 needed):
     * 14x14 (88%) 64 -> 64 1.19.
     */
    static final double MIN_VALID_SHARE = 0.5;
    /** Tiles per narrow block: two vectors, the 8x2 (4x2 below 512 bits) micro-kernel's tile width. */
    private static final int TB = 2 * L;
    /**
     * Most blocks of tiles in a stack of images ({@link #stackSize}): small images are computed several at a time,
     * their tiles one after the other in the position space, so that blocks of tiles are full (resnet-3x3-b8's 14x14
     * images have 56 tiles, two blocks of 32 with 8 empty; 8 images fill 14 blocks; dcgan-up-8 in
     * {@link WinogradPhasePlan}: 20 tiles per image, 16 images fill 10 blocks; dcgan-up-32's 132 tiles per phase, 8
     * images fill 11 blocks of 96). The bound keeps the output segment tables small; images with this many tiles fill
     * their blocks well on their own. In blocks, not tiles (session 16): with the 4x6 kernel's blocks of 6L a bound of
     * 512 tiles put dcgan-up-32 in stacks of 2 (288 tiles computed per 264), and stacks of 8 ran 1.09-1.095 (1 thread)
     * and 1.05-1.085 (2) in one-JVM A/Bs, both orders.
     */
    static final int STACK_BLOCKS = 16;
    /** Floats of row-transformed input a chunk should stay within (1 MB; 512 KB measured 0.96-1.06, session 9). */
    private static final int ROW_SCRATCH_FLOATS = 1 << 18;

    private final Geometry geo;
    private final PaddedInput input;
    /** The direct plan, for inputs this one must not take (see the class comment). */
    private final ConvPlan direct;
    private final float inputLimit;
    /** Tap spacing along depth (0 for a 2D problem), height and width, in output positions. */
    private final int dd;
    private final int dh;
    private final int dw;
    /** 3D: F(2x2x2, 3x3x3), 64 transform points; else 2D, 16. */
    private final boolean deep;
    /** Row combinations per band (B^T over depth and height: 16 in 3D, 4 in 2D) and transform points (x 4). */
    private final int combos;
    private final int points;
    /** Buffer offset of tap (0, 0). */
    private final int t0;
    private final int outD;
    private final int outH;
    private final int outW;
    /** Buffer rows per depth plane. */
    private final int hb;
    /** Tile rows per tile slab (the bands of one depth start). */
    private final int bandsH;
    /** Buffer row length. */
    private final int wb;
    /** Row length of the row-transformed scratch: the buffer's, rounded up to a multiple of 2 dw. */
    private final int rw;
    private final int bands;
    /** Images computed together ({@link #stackSize}), their position spaces one after the other. */
    private final int stack;
    /** Positions per image: {@code bands * rw}; image i of a stack starts at {@code i * imagePositions}. */
    private final int imagePositions;
    private final int blocksPerStack;
    private final int mr;
    /** Tiles per block ({@link #blockTiles}), the products' kernel, output-channel blocks per products group. */
    private final int tb;
    private final String kernel;
    private final int kbGroup;
    /** Output channels per group rounded up to mr. */
    private final int kp;
    /** Per (group, transform point): the transformed weights, {@code [kb][c][mr]}. */
    private final float[][] u;
    private final float[] bias;
    private final int chunkCount;
    private final int maxChunkBlocks;
    private final long units;
    private final int parts;
    private final ExecutorService executor;
    private final int bufferFloats;
    /** Row-transformed scratch: floats per (channel, row combination); see {@link #transformRows}. */
    private final int ts;
    /** Lane l of a vector of tiles is position (l / dw) * 2dw + l % dw of 2L positions. */
    private final VectorShuffle<Float> compact;
    /** Positions [0, L) and [L, 2L) of a row from the tile vectors of its first and second output columns. */
    private final VectorShuffle<Float> expandLo;
    private final VectorShuffle<Float> expandHi;
    /**
     * Output segments of each L-position vector {@code pv} of a (batch element, group)'s position space: segments
     * {@code [segFirst[pv], segFirst[pv + 1])}, each a lane mask and, per tile row half (0: the band's row, 1: the row
     * {@code dh} below it), the output offset of lane 0 (negative where the segment starts at a later lane;
     * {@link #NO_ROW}: the row is past the output).
     */
    private static final int NO_ROW = Integer.MIN_VALUE;
    private final int[] segFirst;
    private final long[] segBits;
    /** Per segment, the output offset for each of a tile's rows (depth offset dz, height offset dy): [dz * 2 + dy]. */
    private final int[][] segRow;
    /** The call's units ({@link #runUnit}). */
    private final WinogradWork work;

    /**
     * Whether a Winograd plan can compute this problem: 2D or 3D, one stride-1 phase of a 3x3 (3x3x3) kernel (conv
     * with stride 1, or transposed conv with stride 1), a column dilation that divides the vector length, and finite
     * weights and bias.
     */
    static boolean serves(Geometry geo, float[] weight, float[] bias) {
        int[] grid = tapGrid(geo);
        // |G g| <= 1.5 |w| per axis: below MAX / 1.5^2 (3D: ^3) the transformed weights stay finite.
        return grid != null && finite(bias) && below(weight, Float.MAX_VALUE / (grid[1] > 0 ? 3.375 : 2.25));
    }

    /**
     * Whether it is expected to beat the direct plan (the provider's choice, for a problem it {@link #serves}):
     * enough channels per group ({@link #MIN_CHANNELS_2D}, {@link #MIN_CHANNELS_3D}) and few junk tiles
     * ({@link #MIN_VALID_SHARE}).
     */
    static boolean pays(Geometry geo) {
        int[] grid = tapGrid(geo);
        if (grid == null) {
            return false;
        }
        boolean deep = grid[1] > 0;
        int[] out = geo.out3;
        long rw = rowWidth(geo.bufferLength[2], grid[3]);
        // Computed outputs: 4 (3D: 8) per tile, every tile of the stack's whole blocks; a band has rw / 2 tiles.
        long tiles = (long) starts(out[1], grid[2]) * (deep ? starts(out[0], grid[1]) : 1) * (rw / 2);
        int tb = blockTiles(geo.batch, tiles);
        int stack = stackSize(geo.batch, tiles, tb);
        double computed = (double) ((stack * tiles + tb - 1) / tb * tb) * (deep ? 8 : 4);
        return Math.min(geo.cg, geo.kg) >= (deep ? MIN_CHANNELS_3D : MIN_CHANNELS_2D)
                && (double) stack * out[0] * out[1] * out[2] >= MIN_VALID_SHARE * computed;
    }

    /**
     * Tiles per block for images of {@code tilesPerImage} tiles: at 512 bits 6L, for the 4x6 products kernel (4 weight
     * broadcasts per 24 multiply-adds against the 8x2 one's 8 per 16), where they compute at most 5% more tiles per
     * image than blocks of 2L, each in its own stacks; else 2L. One-JVM A/B of 6L against 2L, both orders: resnet-3x3
     * (812 tiles: 864 against 832) 1.05-1.07, dilated-3x3-d2 1.08, conv3d-3x3x3 1.035-1.09, dilated-up-d2 1.08-1.09;
     * resnet-3x3-b8 (stacks of 8 14x14 images of 56 tiles: 480 against 448, +7%) 0.99-1.03, so it keeps 2L.
     */
    static int blockTiles(int batch, long tilesPerImage) {
        if (L < 16) {
            return TB;
        }
        return computedPerImage(batch, tilesPerImage, 6 * L) <= 1.05 * computedPerImage(batch, tilesPerImage, TB)
                ? 6 * L : TB;
    }

    /** Tiles computed per image in blocks of tb: its stack's whole blocks, shared by the stack's images. */
    static double computedPerImage(int batch, long tilesPerImage, int tb) {
        int stack = stackSize(batch, tilesPerImage, tb);
        return (double) ((stack * tilesPerImage + tb - 1) / tb * tb) / stack;
    }

    /** Whether every value is finite and of magnitude below {@code limit}. */
    static boolean below(float[] a, double limit) {
        for (float v : a) {
            if (!(Math.abs(v) < limit)) {
                return false;
            }
        }
        return true;
    }

    static boolean finite(float[] a) {
        if (a == null) {
            return true;
        }
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * For a single-phase stride-1 problem whose taps form a 3x3 grid {@code t0 + i dh W' + j dw} (2D) or a 3x3x3 grid
     * {@code t0 + (l dd H' + i dh) W' + j dw} (3D), with {@code dw} dividing L: {@code {t0, dd, dh, dw, kernel index of
     * tap (l, i, j) at 4 + (l * 3 + i) * 3 + j}} ({@code dd = 0} in 2D); otherwise null.
     */
    static int[] tapGrid(Geometry geo) {
        boolean deep = geo.kernel3[0] == 3;
        if (geo.phases.length != 1 || (geo.kernel3[0] != 1 && !deep) || geo.kernel3[1] != 3 || geo.kernel3[2] != 3
                || (!deep && geo.bufferLength[0] != 1) || geo.channelStride != geo.planeSize) {
            return null;
        }
        Geometry.Phase ph = geo.phases[0];
        for (int a = 0; a < 3; a++) {
            if (ph.first[a] != 0 || ph.step[a] != 1 || ph.extent[a] != geo.out3[a]) {
                return null;
            }
        }
        int[] taps = ph.taps;
        int n = deep ? 27 : 9;
        if (taps.length != n) {
            return null;
        }
        int wl = geo.bufferLength[2];
        int plane = geo.bufferLength[1] * wl;
        int t0 = Integer.MAX_VALUE;
        for (int t : taps) {
            t0 = Math.min(t0, t);
        }
        int maxDepth = 0;
        int maxRow = 0;
        int maxCol = 0;
        for (int t : taps) {
            int rel = t - t0;
            maxDepth = Math.max(maxDepth, rel / plane);
            maxRow = Math.max(maxRow, rel % plane / wl);
            maxCol = Math.max(maxCol, rel % wl);
        }
        if (maxRow % 2 != 0 || maxCol % 2 != 0 || maxDepth % 2 != 0 || maxRow == 0 || maxCol == 0
                || (deep != (maxDepth > 0))) {
            return null;
        }
        int dd = maxDepth / 2;
        int dh = maxRow / 2;
        int dw = maxCol / 2;
        if (L % dw != 0) {
            return null;
        }
        int[] grid = new int[4 + 27];
        java.util.Arrays.fill(grid, 4, grid.length, -1);
        for (int t = 0; t < n; t++) {
            int rel = taps[t] - t0;
            int depth = rel / plane;
            int row = rel % plane / wl;
            int col = rel % wl;
            if ((dd > 0 && depth % dd != 0) || row % dh != 0 || col % dw != 0) {
                return null;
            }
            int at = 4 + ((dd == 0 ? 0 : depth / dd) * 3 + row / dh) * 3 + col / dw;
            if (grid[at] != -1) {
                return null;
            }
            grid[at] = ph.tapKernel[t];
        }
        grid[0] = t0;
        grid[1] = dd;
        grid[2] = dh;
        grid[3] = dw;
        return grid;
    }

    WinogradPlan(ConvProblem problem, float[] weight, float[] bias, int threads, ExecutorService executor,
            ConvPlan direct) {
        this(problem, weight, bias, threads, executor, direct, 0);
    }

    /** The plan with blocks of {@code blockTiles} tiles: 2L or 6L, or 0 for {@link #blockTiles}' choice. */
    WinogradPlan(ConvProblem problem, float[] weight, float[] bias, int threads, ExecutorService executor,
            ConvPlan direct, int blockTiles) {
        super(problem, weight, bias);
        if (blockTiles != 0 && blockTiles != TB && blockTiles != 6 * L) {
            throw new IllegalArgumentException("blockTiles: " + blockTiles + ": 2L or 6L (L = " + L + "), or 0");
        }
        this.geo = new Geometry(problem);
        int[] grid = tapGrid(geo);
        if (grid == null || !serves(geo, weight, bias)) {
            throw new IllegalArgumentException("problem: " + problem
                    + ": not a 3x3 (3x3x3) stride-1 problem for Winograd");
        }
        this.input = new PaddedInput(geo);
        this.direct = direct;
        this.executor = executor;
        this.bias = bias == null ? null : bias.clone();
        t0 = grid[0];
        dd = grid[1];
        dh = grid[2];
        dw = grid[3];
        deep = dd > 0;
        combos = deep ? 16 : 4;
        points = 4 * combos;
        outD = geo.out3[0];
        outH = geo.out3[1];
        outW = geo.out3[2];
        hb = geo.bufferLength[1];
        wb = geo.bufferLength[2];
        rw = rowWidth(wb, dw);
        // Band b = (slab b / bandsH, row b % bandsH); tile start i along an axis of spacing d is (i / d) 2d + i % d.
        bandsH = starts(outH, dh);
        bands = (deep ? starts(outD, dd) : 1) * bandsH;
        long tiles = (long) bands * (rw / 2);
        tb = blockTiles == 0 ? blockTiles(geo.batch, tiles) : blockTiles;
        stack = stackSize(geo.batch, tiles, tb);
        imagePositions = Math.toIntExact((long) bands * rw);
        blocksPerStack = Math.toIntExact((stack * tiles + tb - 1) / tb);
        mr = WinogradWork.productRows(tb);
        kernel = WinogradWork.productKernel(tb);
        kp = (geo.kg + mr - 1) / mr * mr;
        kbGroup = WinogradWork.productGroup(tb, kp / mr, points * mr * tb);
        u = transformWeights(weight, grid);
        float maxW = 0f;
        for (float w : weight) {
            maxW = Math.max(maxW, Math.abs(w));
        }
        // Per axis |B^T d| <= 2|x|, |G g| <= 1.5|w|, |A^T m| <= 3|m|: in 2D a point's sum <= 9 cg |x| |w| and an output
        // <= 81 cg |x| |w| (3D: 27 and 729). Below MAX / 2 / 4 (3D: / 8) the input transform cannot overflow, whatever
        // the weights; below the second term neither can the sums. The bias is added last, as the direct plan adds it.
        double growth = deep ? 729.0 : 81.0;
        inputLimit = (float) Math.min(Float.MAX_VALUE / 2.0 / (deep ? 8.0 : 4.0),
                Float.MAX_VALUE / 2.0 / (growth * geo.cg * maxW));

        int perBlock = 2 * combos * geo.cg * tb; // row-transformed floats per block: 2 tb positions x combos x cg
        int maxBlocks = Math.max(1, ROW_SCRATCH_FLOATS / perBlock);
        long stackGroups = (long) geo.batch / stack * geo.groups;
        chunkCount = chunkCount(blocksPerStack, maxBlocks, stackGroups, threads);
        maxChunkBlocks = (blocksPerStack + chunkCount - 1) / chunkCount;
        units = stackGroups * chunkCount;
        parts = (int) Math.min(threads, units);
        ts = maxChunkBlocks * 2 * tb + 3 * dw + L;
        work = new WinogradWork(geo.cg * combos * ts, points * geo.cg * tb, kbGroup * points * mr * tb, units,
                chunkCount, this::runUnit);
        // The row transform reads whole vectors of rows up to 3 dh (and planes up to 3 dd) past the last band, up to
        // rw + L columns: past the last channel's plane for junk tiles only (their reads only reach junk outputs), so
        // the slack is zero.
        bufferFloats = Math.max(geo.cg * geo.channelStride, (geo.cg - 1) * geo.channelStride + t0
                + ((outD - 1 + 3 * dd) * hb + outH - 1 + 3 * dh) * wb + rw + 2 * L);

        compact = shuffle(0, true, dw);
        expandLo = shuffle(0, false, dw);
        expandHi = shuffle(L, false, dw);

        int vectors = blocksPerStack * 2 * tb / L;
        int[] first = new int[vectors + 1];
        long[] bits = new long[vectors * (L + 2)];
        int[][] rows = new int[4][bits.length];
        int n = 0;
        int stackBands = stack * bands;
        for (int pv = 0; pv < vectors; pv++) {
            first[pv] = n;
            long pos = (long) pv * L;
            int sb = (int) (pos / rw); // band of the stack: image sb / bands, its band sb % bands
            int col = (int) (pos - (long) sb * rw);
            for (int lane = 0; lane < L && sb < stackBands; sb++, col = 0) {
                int cnt = Math.min(L - lane, rw - col);
                int valid = Math.min(cnt, outW - col);
                if (valid > 0) {
                    int band = sb % bands;
                    long image = (long) sb / bands * geo.outChannels * geo.outSpatial;
                    int od = start(band / bandsH, dd);
                    int oh = start(band % bandsH, dh);
                    bits[n] = ((valid == L ? -1L : (1L << valid) - 1) << lane) & laneBits();
                    for (int q = 0; q < 4; q++) {
                        int z = od + q / 2 * dd;
                        int r = oh + q % 2 * dh;
                        rows[q][n] = (q / 2 == 0 || deep) && z < outD && r < outH
                                ? Math.toIntExact(image + (z * outH + r) * outW + col - lane) : NO_ROW;
                    }
                    n++;
                }
                lane += cnt;
            }
        }
        first[vectors] = n;
        segFirst = first;
        segBits = java.util.Arrays.copyOf(bits, n);
        segRow = new int[4][];
        for (int q = 0; q < 4; q++) {
            segRow[q] = java.util.Arrays.copyOf(rows[q], n);
        }
    }

    /**
     * Chunks of a (batch element, group)'s {@code blocks} tile blocks: at most {@code maxBlocks} blocks each, at least
     * two units per thread in all, and a chunk count that spreads evenly over the threads.
     */
    static int chunkCount(int blocks, int maxBlocks, long ng, int threads) {
        int count = (blocks + maxBlocks - 1) / maxBlocks;
        count = (int) Math.max(count, (2L * threads + ng - 1) / ng);
        int multiple = (int) (threads / gcd(threads, ng));
        count = (count + multiple - 1) / multiple * multiple;
        return Math.max(1, Math.min(count, blocks));
    }

    /**
     * Images per stack, in blocks of {@code tb} tiles: the largest divisor of the batch whose stack holds at most
     * {@link #STACK_BLOCKS} blocks of tiles (one image where a single one holds more). A divisor, so that every stack
     * has the same tile layout.
     */
    static int stackSize(int batch, long tilesPerImage, int tb) {
        for (int m = batch; m > 1; m--) {
            if (batch % m == 0 && m * tilesPerImage <= (long) STACK_BLOCKS * tb) {
                return m;
            }
        }
        return 1;
    }

    /** Inputs with an element at or above this magnitude (or non-finite) run the direct plan. */
    float inputLimit() {
        return inputLimit;
    }

    static long laneBits() {
        return L == 64 ? -1L : (1L << L) - 1;
    }

    static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** A band's row in the row-transformed scratch: the buffer row rounded up to whole periods of 2 dw columns. */
    private static int rowWidth(int bufferRow, int dw) {
        return (bufferRow + 2 * dw - 1) / (2 * dw) * (2 * dw);
    }

    /** How many positions of an axis of {@code size} outputs start a tile (spacing d): {@code i mod 2d < d}. */
    private static int starts(int size, int d) {
        return size / (2 * d) * d + Math.min(d, size % (2 * d));
    }

    /** Output position of tile start {@code i} along an axis of spacing d (0 for d = 0, a 2D problem's depth). */
    private static int start(int i, int d) {
        return d == 0 ? 0 : i / d * 2 * d + i % d;
    }

    /** Buffer offset of a band's first input row (its slab's first plane). */
    private int bandBase(int band) {
        return (start(band / bandsH, dd) * hb + start(band % bandsH, dh)) * wb;
    }

    /**
     * compact: lane l takes position (l / dw) 2dw + l % dw of the two vectors' 2L positions. expand (from = 0 or L):
     * position from + i takes, from the first vector (the tiles' first output column) or the second (their second),
     * the lane of the tile it belongs to.
     */
    static VectorShuffle<Float> shuffle(int from, boolean compactIt, int dw) {
        int[] idx = new int[L];
        for (int i = 0; i < L; i++) {
            int pos;
            if (compactIt) {
                pos = i / dw * 2 * dw + i % dw;
            } else {
                int p = from + i;
                int q = p % (2 * dw);
                int lane = p / (2 * dw) * dw + (q < dw ? q : q - dw);
                pos = q < dw ? lane : lane + L;
            }
            // Negative (exceptional) indices select lane idx + L of the second vector of rearrange(shuffle, v).
            idx[i] = pos < L ? pos : pos - 2 * L;
        }
        return VectorShuffle.fromArray(S, idx, 0);
    }

    /**
     * U = G g G^T (3D: G applied along all three axes) per (group, output channel, input channel), rounded once from
     * double: [kb][c][mr] per point; point (a, b, j) (depth, height, width; 2D: a = 0) is (a * 4 + b) * 4 + j.
     */
    private float[][] transformWeights(float[] weight, int[] grid) {
        int kvol = deep ? 27 : 9;
        int nd = deep ? 3 : 1;
        double[][] gm = {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}};
        double[][] one = {{1}};
        double[][] gd = deep ? gm : one;
        float[][] out = new float[geo.groups * points][kp * geo.cg];
        double[][][] g = new double[nd][3][3];
        for (int gr = 0; gr < geo.groups; gr++) {
            for (int k = 0; k < geo.kg; k++) {
                for (int c = 0; c < geo.cg; c++) {
                    for (int l = 0; l < nd; l++) {
                        for (int i = 0; i < 3; i++) {
                            for (int j = 0; j < 3; j++) {
                                int ki = grid[4 + (l * 3 + i) * 3 + j];
                                int src = geo.transpose ? ((gr * geo.cg + c) * geo.kg + k) * kvol + ki
                                        : ((gr * geo.kg + k) * geo.cg + c) * kvol + ki;
                                g[l][i][j] = weight[src];
                            }
                        }
                    }
                    for (int a = 0; a < combos / 4; a++) {
                        for (int b = 0; b < 4; b++) {
                            for (int e = 0; e < 4; e++) {
                                double s = 0;
                                for (int l = 0; l < nd; l++) {
                                    for (int i = 0; i < 3; i++) {
                                        for (int j = 0; j < 3; j++) {
                                            s += gd[a][l] * gm[b][i] * gm[e][j] * g[l][i][j];
                                        }
                                    }
                                }
                                out[gr * points + (a * 4 + b) * 4 + e][((k / mr) * geo.cg + c) * mr + k % mr] =
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
        // A unit that finds, in the input of a (batch element, group) it copies, a value the transforms must not take
        // stops the call; the direct plan then computes (and writes) every output.
        if (!Parallel.run(parts, executor, work, x, xOff, y, yOff)) {
            direct.execute(x, xOff, y, yOff);
        }
    }

    /** Whether every input element is finite and below {@code limit} in magnitude (NaN fails the test). */
    static boolean inputWithinLimit(float[] x, int off, int count, float limit) {
        FloatVector max = FloatVector.zero(S);
        int i = 0;
        for (; i <= count - L; i += L) {
            max = max.max(FloatVector.fromArray(S, x, off + i).abs());
        }
        float m = max.reduceLanes(jdk.incubator.vector.VectorOperators.MAX);
        for (; i < count; i++) {
            m = Math.max(m, Math.abs(x[off + i]));
        }
        return m < limit;
    }

    /** Computes one unit; false (and nothing written) if its input holds a value the transforms must not take. */
    private boolean runUnit(int sg, int chunk, WinogradWork.Scratch s, float[] x, int xOff, float[] y, int yOff) {
        int n0 = sg / geo.groups * stack;
        int g = sg % geo.groups;
        int b0 = (int) ((long) chunk * blocksPerStack / chunkCount);
        int b1 = (int) ((long) (chunk + 1) * blocksPerStack / chunkCount);
        int p0 = b0 * 2 * tb;
        int p1 = b1 * 2 * tb + 3 * dw;
        // The images whose positions the chunk reads, one after the other through the one padded buffer.
        for (int i = p0 / imagePositions, last = Math.min(stack - 1, (p1 - 1) / imagePositions); i <= last; i++) {
            if (!s.image.load(input, geo, bufferFloats, inputLimit, n0 + i, g, x, xOff)) {
                return false;
            }
            if (deep) {
                transformRows3(s.image.buffer, i, s.rows, p0, p1);
            } else {
                transformRows(s.image.buffer, i, s.rows, p0, p1);
            }
        }
        int yBase = yOff + (n0 * geo.outChannels + g * geo.kg) * geo.outSpatial;
        for (int blk = b0; blk < b1; blk++) {
            transformInput(s.rows, blk * 2 * tb - p0, s.v);
            // Groups of output-channel blocks (narrow blocks: one), point by point: a group's products (kbGroup x
            // points x mr x tb floats) stay in L1 / L2 for the output transform; the block's V (points x cg x tb
            // floats) is read from L2 once per group.
            int blocks = kp / mr;
            int groupFloats = points * mr * tb;
            for (int kb0 = 0; kb0 < blocks; kb0 += kbGroup) {
                int kb1 = Math.min(blocks, kb0 + kbGroup);
                for (int p = 0; p < points; p++) {
                    float[] w = u[g * points + p];
                    for (int kb = kb0; kb < kb1; kb++) {
                        WinogradWork.products(tb, mr, s.v, p * geo.cg * tb, geo.cg, w, kb * geo.cg * mr, s.m,
                                (kb - kb0) * groupFloats + p * mr * tb);
                    }
                }
                for (int kb = kb0; kb < kb1; kb++) {
                    int mOff = (kb - kb0) * groupFloats;
                    int k1 = Math.min(geo.kg, kb * mr + mr);
                    if (deep) {
                        transformOutput3(s.m, mOff, blk * 2 * tb / L, g, kb * mr, k1, y, yBase, s.stage);
                    } else {
                        transformOutput(s.m, mOff, blk * 2 * tb / L, g, kb * mr, k1, y, yBase, s.stage);
                    }
                }
            }
        }
        return true;
    }

    /**
     * Row-transformed input of positions [p0, p1) of the current (batch element, group), positions counted
     * {@code P = band * rw + column}: per channel, the four combinations {@code B^T} of each band's input rows r0..r3
     * (spaced dh): r0 - r2, r1 + r2, r2 - r1, r1 - r3. Layout {@code [c][combination][P - p0]}.
     */
    private void transformRows(float[] buf, int i, float[] rows, int p0, int p1) {
        int bFirst = Math.max(p0 / rw, i * bands); // bands of the stack
        int bLast = Math.min((i + 1) * bands - 1, (p1 - 1) / rw);
        for (int c = 0; c < geo.cg; c++) {
            int cb = c * geo.channelStride + t0;
            int rc = c * 4 * ts;
            for (int sb = bFirst; sb <= bLast; sb++) {
                int colStart = Math.max(0, p0 - sb * rw);
                int colEnd = Math.min(rw, p1 - sb * rw);
                int r0 = cb + bandBase(sb - i * bands);
                int r1 = r0 + dh * wb;
                int r2 = r1 + dh * wb;
                int r3 = r2 + dh * wb;
                int at = rc + sb * rw - p0;
                // Whole vectors: a band's last one runs into the next band's first columns, which that band then
                // overwrites (bands, and the stack's images, go in order), or into the scratch's slack.
                for (int col = colStart; col < colEnd; col += L) {
                    FloatVector a0 = FloatVector.fromArray(S, buf, r0 + col);
                    FloatVector a1 = FloatVector.fromArray(S, buf, r1 + col);
                    FloatVector a2 = FloatVector.fromArray(S, buf, r2 + col);
                    FloatVector a3 = FloatVector.fromArray(S, buf, r3 + col);
                    a0.sub(a2).intoArray(rows, at + col);
                    a1.add(a2).intoArray(rows, at + ts + col);
                    a2.sub(a1).intoArray(rows, at + 2 * ts + col);
                    a1.sub(a3).intoArray(rows, at + 3 * ts + col);
                }
            }
        }
    }

    /**
     * V = B^T D B of one block's tb tiles, from positions local .. local + 2 tb of the row scratch, as
     * {@code [point][c][tb]}: along the width, d0 .. d3 are the positions 0, dw, 2dw, 3dw from each tile's start,
     * transformed at every position, then gathered to the tile starts by a two-vector shuffle.
     */
    private void transformInput(float[] rows, int local, float[] v) {
        int cg = geo.cg;
        for (int c = 0; c < cg; c++) {
            for (int i = 0; i < combos; i++) {
                int r = (c * combos + i) * ts + local;
                for (int h = 0; h < tb / L; h++, r += 2 * L) {
                    FloatVector a0 = FloatVector.fromArray(S, rows, r);
                    FloatVector a1 = FloatVector.fromArray(S, rows, r + dw);
                    FloatVector a2 = FloatVector.fromArray(S, rows, r + 2 * dw);
                    FloatVector a3 = FloatVector.fromArray(S, rows, r + 3 * dw);
                    FloatVector b0 = FloatVector.fromArray(S, rows, r + L);
                    FloatVector b1 = FloatVector.fromArray(S, rows, r + L + dw);
                    FloatVector b2 = FloatVector.fromArray(S, rows, r + L + 2 * dw);
                    FloatVector b3 = FloatVector.fromArray(S, rows, r + L + 3 * dw);
                    int o = ((i * 4) * cg + c) * tb + h * L;
                    a0.sub(a2).rearrange(compact, b0.sub(b2)).intoArray(v, o);
                    a1.add(a2).rearrange(compact, b1.add(b2)).intoArray(v, o + cg * tb);
                    a2.sub(a1).rearrange(compact, b2.sub(b1)).intoArray(v, o + 2 * cg * tb);
                    a1.sub(a3).rearrange(compact, b1.sub(b3)).intoArray(v, o + 3 * cg * tb);
                }
            }
        }
    }

    /**
     * 3D row transform: per channel and band (a tile slab's depth start and a tile row's height start), the 16
     * combinations {@code B^T} over depth (a) and height (b) of the band's 4 x 4 input rows (planes spaced dd, rows
     * spaced dh), at positions [p0, p1). Layout {@code [c][a * 4 + b][P - p0]}, as {@link #transformRows}.
     */
    private void transformRows3(float[] buf, int i, float[] rows, int p0, int p1) {
        int bFirst = Math.max(p0 / rw, i * bands); // bands of the stack
        int bLast = Math.min((i + 1) * bands - 1, (p1 - 1) / rw);
        int sh = dh * wb;
        int sd = dd * hb * wb;
        for (int c = 0; c < geo.cg; c++) {
            int cb = c * geo.channelStride + t0;
            int rc = c * 16 * ts;
            for (int sb = bFirst; sb <= bLast; sb++) {
                int colStart = Math.max(0, p0 - sb * rw);
                int colEnd = Math.min(rw, p1 - sb * rw);
                int base = cb + bandBase(sb - i * bands);
                int at = rc + sb * rw - p0;
                for (int col = colStart; col < colEnd; col += L) {
                    int x = base + col;
                    // Height first, per depth plane i: h_i_b = B^T_b (rows 0..3 of plane i).
                    FloatVector a0 = FloatVector.fromArray(S, buf, x);
                    FloatVector a1 = FloatVector.fromArray(S, buf, x + sh);
                    FloatVector a2 = FloatVector.fromArray(S, buf, x + 2 * sh);
                    FloatVector a3 = FloatVector.fromArray(S, buf, x + 3 * sh);
                    FloatVector h00 = a0.sub(a2);
                    FloatVector h01 = a1.add(a2);
                    FloatVector h02 = a2.sub(a1);
                    FloatVector h03 = a1.sub(a3);
                    a0 = FloatVector.fromArray(S, buf, x + sd);
                    a1 = FloatVector.fromArray(S, buf, x + sd + sh);
                    a2 = FloatVector.fromArray(S, buf, x + sd + 2 * sh);
                    a3 = FloatVector.fromArray(S, buf, x + sd + 3 * sh);
                    FloatVector h10 = a0.sub(a2);
                    FloatVector h11 = a1.add(a2);
                    FloatVector h12 = a2.sub(a1);
                    FloatVector h13 = a1.sub(a3);
                    a0 = FloatVector.fromArray(S, buf, x + 2 * sd);
                    a1 = FloatVector.fromArray(S, buf, x + 2 * sd + sh);
                    a2 = FloatVector.fromArray(S, buf, x + 2 * sd + 2 * sh);
                    a3 = FloatVector.fromArray(S, buf, x + 2 * sd + 3 * sh);
                    FloatVector h20 = a0.sub(a2);
                    FloatVector h21 = a1.add(a2);
                    FloatVector h22 = a2.sub(a1);
                    FloatVector h23 = a1.sub(a3);
                    a0 = FloatVector.fromArray(S, buf, x + 3 * sd);
                    a1 = FloatVector.fromArray(S, buf, x + 3 * sd + sh);
                    a2 = FloatVector.fromArray(S, buf, x + 3 * sd + 2 * sh);
                    a3 = FloatVector.fromArray(S, buf, x + 3 * sd + 3 * sh);
                    FloatVector h30 = a0.sub(a2);
                    FloatVector h31 = a1.add(a2);
                    FloatVector h32 = a2.sub(a1);
                    FloatVector h33 = a1.sub(a3);
                    // Then depth: T_a_b = B^T_a (h_0_b .. h_3_b), stored at combination a * 4 + b.
                    int o = at + col;
                    h00.sub(h20).intoArray(rows, o);
                    h10.add(h20).intoArray(rows, o + 4 * ts);
                    h20.sub(h10).intoArray(rows, o + 8 * ts);
                    h10.sub(h30).intoArray(rows, o + 12 * ts);
                    h01.sub(h21).intoArray(rows, o + ts);
                    h11.add(h21).intoArray(rows, o + 5 * ts);
                    h21.sub(h11).intoArray(rows, o + 9 * ts);
                    h11.sub(h31).intoArray(rows, o + 13 * ts);
                    h02.sub(h22).intoArray(rows, o + 2 * ts);
                    h12.add(h22).intoArray(rows, o + 6 * ts);
                    h22.sub(h12).intoArray(rows, o + 10 * ts);
                    h12.sub(h32).intoArray(rows, o + 14 * ts);
                    h03.sub(h23).intoArray(rows, o + 3 * ts);
                    h13.add(h23).intoArray(rows, o + 7 * ts);
                    h23.sub(h13).intoArray(rows, o + 11 * ts);
                    h13.sub(h33).intoArray(rows, o + 15 * ts);
                }
            }
        }
    }

    /**
     * 3D output transform: per output channel and vector of tiles, {@code A^T} along width and height of each depth
     * point's 4 x 4 products (as in 2D), then along depth, {@code y0 = (r0 + r1) + r2, y1 = (r1 - r2) - r3}; plus
     * bias, stored to the tiles' 2 x 2 output rows.
     */
    private void transformOutput3(float[] m, int mOff, int pv0, int g, int k0, int k1, float[] y, int yBase,
            float[] stage) {
        for (int k = k0; k < k1; k++) {
            float b = bias == null ? 0f : bias[g * geo.kg + k];
            int yk = yBase + k * geo.outSpatial;
            for (int h = 0; h < tb / L; h++) {
                outputVector3(m, mOff + (k - k0) * tb + h * L, b, stage);
                storeStaged(stage, 4, pv0 + 2 * h, y, yk);
            }
        }
    }

    /** One vector of tiles of {@link #transformOutput3}, staged for {@link #storeStaged} (see {@link #outputVector}). */
    private void outputVector3(float[] m, int o, float b, float[] stage) {
        int plane = mr * tb;
        FloatVector vb = FloatVector.broadcast(S, b);
        // y0 and y1 per (row, column) output, accumulated over the depth points: fma by 1 or -1 is the add
        // or subtraction itself, and by 0 (r finite: the input check guarantees it) leaves y as it is.
        FloatVector y000 = FloatVector.zero(S);
        FloatVector y001 = FloatVector.zero(S);
        FloatVector y010 = FloatVector.zero(S);
        FloatVector y011 = FloatVector.zero(S);
        FloatVector y100 = FloatVector.zero(S);
        FloatVector y101 = FloatVector.zero(S);
        FloatVector y110 = FloatVector.zero(S);
        FloatVector y111 = FloatVector.zero(S);
        for (int a = 0; a < 4; a++) {
            int q = o + a * 16 * plane;
            FloatVector m00 = FloatVector.fromArray(S, m, q);
            FloatVector m01 = FloatVector.fromArray(S, m, q + plane);
            FloatVector m02 = FloatVector.fromArray(S, m, q + 2 * plane);
            FloatVector m03 = FloatVector.fromArray(S, m, q + 3 * plane);
            FloatVector m10 = FloatVector.fromArray(S, m, q + 4 * plane);
            FloatVector m11 = FloatVector.fromArray(S, m, q + 5 * plane);
            FloatVector m12 = FloatVector.fromArray(S, m, q + 6 * plane);
            FloatVector m13 = FloatVector.fromArray(S, m, q + 7 * plane);
            FloatVector m20 = FloatVector.fromArray(S, m, q + 8 * plane);
            FloatVector m21 = FloatVector.fromArray(S, m, q + 9 * plane);
            FloatVector m22 = FloatVector.fromArray(S, m, q + 10 * plane);
            FloatVector m23 = FloatVector.fromArray(S, m, q + 11 * plane);
            FloatVector m30 = FloatVector.fromArray(S, m, q + 12 * plane);
            FloatVector m31 = FloatVector.fromArray(S, m, q + 13 * plane);
            FloatVector m32 = FloatVector.fromArray(S, m, q + 14 * plane);
            FloatVector m33 = FloatVector.fromArray(S, m, q + 15 * plane);
            FloatVector z00 = m00.add(m10).add(m20);
            FloatVector z01 = m01.add(m11).add(m21);
            FloatVector z02 = m02.add(m12).add(m22);
            FloatVector z03 = m03.add(m13).add(m23);
            FloatVector z10 = m10.sub(m20).sub(m30);
            FloatVector z11 = m11.sub(m21).sub(m31);
            FloatVector z12 = m12.sub(m22).sub(m32);
            FloatVector z13 = m13.sub(m23).sub(m33);
            FloatVector c0 = FloatVector.broadcast(S, AT0[a]);
            FloatVector c1 = FloatVector.broadcast(S, AT1[a]);
            FloatVector r00 = z00.add(z01).add(z02);
            FloatVector r01 = z01.sub(z02).sub(z03);
            FloatVector r10 = z10.add(z11).add(z12);
            FloatVector r11 = z11.sub(z12).sub(z13);
            y000 = r00.fma(c0, y000);
            y001 = r01.fma(c0, y001);
            y010 = r10.fma(c0, y010);
            y011 = r11.fma(c0, y011);
            y100 = r00.fma(c1, y100);
            y101 = r01.fma(c1, y101);
            y110 = r10.fma(c1, y110);
            y111 = r11.fma(c1, y111);
        }
        y000 = y000.add(vb);
        y001 = y001.add(vb);
        y010 = y010.add(vb);
        y011 = y011.add(vb);
        y100 = y100.add(vb);
        y101 = y101.add(vb);
        y110 = y110.add(vb);
        y111 = y111.add(vb);
        y000.rearrange(expandLo, y001).intoArray(stage, 0);
        y010.rearrange(expandLo, y011).intoArray(stage, L);
        y100.rearrange(expandLo, y101).intoArray(stage, 2 * L);
        y110.rearrange(expandLo, y111).intoArray(stage, 3 * L);
        y000.rearrange(expandHi, y001).intoArray(stage, 4 * L);
        y010.rearrange(expandHi, y011).intoArray(stage, 5 * L);
        y100.rearrange(expandHi, y101).intoArray(stage, 6 * L);
        y110.rearrange(expandHi, y111).intoArray(stage, 7 * L);
    }

    /** The rows of A^T = [1 1 1 0; 0 1 -1 -1]. */
    private static final float[] AT0 = {1, 1, 1, 0};
    private static final float[] AT1 = {0, 1, -1, -1};

    /** Y = A^T M A for each output channel of the block, plus bias, stored to the output rows of its tiles. */
    private void transformOutput(float[] m, int mOff, int pv0, int g, int k0, int k1, float[] y, int yBase,
            float[] stage) {
        for (int k = k0; k < k1; k++) {
            float b = bias == null ? 0f : bias[g * geo.kg + k];
            int yk = yBase + k * geo.outSpatial;
            for (int h = 0; h < tb / L; h++) {
                outputVector(m, mOff + (k - k0) * tb + h * L, b, stage);
                storeStaged(stage, 2, pv0 + 2 * h, y, yk);
            }
        }
    }

    /**
     * One vector of tiles of {@link #transformOutput}: its 16 products from {@code o}, L tiles, to 2 x 2L outputs,
     * staged for {@link #storeStaged}. No vector crosses a method boundary here: C2 had run out of inlining budget in
     * the loops around this, and the vectors it then passed to the store method were boxed (1.3 MB of garbage per
     * resnet-3x3 call, session 7).
     */
    private void outputVector(float[] m, int o, float b, float[] stage) {
        int plane = mr * tb;
        FloatVector vb = FloatVector.broadcast(S, b);
        FloatVector m00 = FloatVector.fromArray(S, m, o);
        FloatVector m01 = FloatVector.fromArray(S, m, o + plane);
        FloatVector m02 = FloatVector.fromArray(S, m, o + 2 * plane);
        FloatVector m03 = FloatVector.fromArray(S, m, o + 3 * plane);
        FloatVector m10 = FloatVector.fromArray(S, m, o + 4 * plane);
        FloatVector m11 = FloatVector.fromArray(S, m, o + 5 * plane);
        FloatVector m12 = FloatVector.fromArray(S, m, o + 6 * plane);
        FloatVector m13 = FloatVector.fromArray(S, m, o + 7 * plane);
        FloatVector m20 = FloatVector.fromArray(S, m, o + 8 * plane);
        FloatVector m21 = FloatVector.fromArray(S, m, o + 9 * plane);
        FloatVector m22 = FloatVector.fromArray(S, m, o + 10 * plane);
        FloatVector m23 = FloatVector.fromArray(S, m, o + 11 * plane);
        FloatVector m30 = FloatVector.fromArray(S, m, o + 12 * plane);
        FloatVector m31 = FloatVector.fromArray(S, m, o + 13 * plane);
        FloatVector m32 = FloatVector.fromArray(S, m, o + 14 * plane);
        FloatVector m33 = FloatVector.fromArray(S, m, o + 15 * plane);
        FloatVector z00 = m00.add(m10).add(m20);
        FloatVector z01 = m01.add(m11).add(m21);
        FloatVector z02 = m02.add(m12).add(m22);
        FloatVector z03 = m03.add(m13).add(m23);
        FloatVector z10 = m10.sub(m20).sub(m30);
        FloatVector z11 = m11.sub(m21).sub(m31);
        FloatVector z12 = m12.sub(m22).sub(m32);
        FloatVector z13 = m13.sub(m23).sub(m33);
        FloatVector y00 = z00.add(z01).add(z02).add(vb);
        FloatVector y01 = z01.sub(z02).sub(z03).add(vb);
        FloatVector y10 = z10.add(z11).add(z12).add(vb);
        FloatVector y11 = z11.sub(z12).sub(z13).add(vb);
        y00.rearrange(expandLo, y01).intoArray(stage, 0);
        y10.rearrange(expandLo, y11).intoArray(stage, L);
        y00.rearrange(expandHi, y01).intoArray(stage, 2 * L);
        y10.rearrange(expandHi, y11).intoArray(stage, 3 * L);
    }

    /**
     * Stores the staged {@code [half][row]} vectors ({@code rows} output rows per tile: 2, in 3D 4) to the output:
     * half 0 holds the L positions of vector pv, half 1 those of pv + 1; row r goes to the segment's row offset
     * {@code segRow[r]} (depth offset r / 2, height offset r % 2).
     */
    private void storeStaged(float[] stage, int rows, int pv, float[] y, int yk) {
        long all = laneBits();
        for (int half = 0; half < 2; half++) {
            for (int sg = segFirst[pv + half]; sg < segFirst[pv + half + 1]; sg++) {
                long bits = segBits[sg];
                for (int r = 0; r < rows; r++) {
                    int o = segRow[r][sg];
                    if (o != NO_ROW) {
                        FloatVector v = FloatVector.fromArray(S, stage, (half * rows + r) * L);
                        if (bits == all) {
                            v.intoArray(y, yk + o);
                        } else {
                            // Made where it is used: a mask kept across the loop (null where unmasked) was boxed,
                            // 150-690 KB per call on the suite's Winograd rows.
                            v.intoArray(y, yk + o, VectorMask.fromLong(S, bits));
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
        return (geo.transpose ? "convT" : "conv") + " by Winograd " + (deep ? "F(2x2x2,3x3x3)" : "F(2x2,3x3)")
                + (stack > 1 ? " in stacks of images" : "") + ", products by " + kernel;
    }

    @Override
    public String toString() {
        return "simd(" + (geo.transpose ? "convT" : "conv") + " by Winograd " + (deep ? "F(2x2x2,3x3x3)" : "F(2x2,3x3)")
                + ", tile spacing " + (deep ? dd + "x" : "") + dh + "x" + dw + ", " + bands + " tile rows x " + rw / 2
                + " tiles" + (stack > 1 ? " in stacks of " + stack + " images" : "") + ", blocks of " + tb + " tiles, "
                + points + " products "
                + "by " + kernel + " over " + geo.cg + " channels, chunks=" + chunkCount + ", units="
                + units + ", parts=" + parts + "; inputs with non-finite values or |x| >= " + inputLimit
                + " run " + direct + ")";
    }
}
