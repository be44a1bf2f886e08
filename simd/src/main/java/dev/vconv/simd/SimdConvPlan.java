package dev.vconv.simd;

import static dev.vconv.simd.F32CorrKernels.L;
import static dev.vconv.simd.F32CorrKernels.S;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import dev.vconv.spi.AbstractConvPlan;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import java.util.concurrent.ExecutorService;

/**
 * A planned convolution or transposed convolution: the {@link Geometry} lowering onto flat stride-1 correlations,
 * weights packed for the chosen micro-kernel, and a fixed work partition.
 *
 * <p><b>Work.</b> The unit of work is (batch element, group, phase, q-chunk, group of output-channel blocks). Units are
 * numbered in that order and cut into {@code parts} contiguous, nearly equal ranges ({@link Parallel}: a participant
 * runs a range from the front, and one that finishes early takes units from the back of another's range); a
 * participant copies the input of each (batch element, group) it meets into its scratch buffer (padding and
 * stride-phase split are done by that copy; again only when a taken unit needs another one), then runs the
 * micro-kernel over the q-tiles of its units and copies each tile to the output. The
 * chunking keeps a band of the input buffer within L2 while the output-channel blocks (innermost) sweep it.
 *
 * <p><b>Memory.</b> Each participant of a call holds one {@link Scratch} (input buffer + tile), taken from a pool
 * owned by the plan and given back at the end of the call: at most {@code threads} scratches exist per concurrent
 * call, allocated on first use and reused afterwards. Concurrent calls from several threads are safe.
 */
final class SimdConvPlan extends AbstractConvPlan {
    /**
     * Floats of input buffer band a q-chunk should stay within (1 MB: the L2 of one core on this project's machine
     * kind, AMD EPYC with 32 KB L1d and 1 MB L2 per core; half of it measured 0.93-1.06 across the suite, session 9).
     */
    private static final int BAND_FLOATS = 1 << 18;
    /**
     * Bytes of L1 (32 KB here) one kernel call's working set should stay within (16 KB: 0.94-1.07, session 9), where
     * the reduction over input channels is split into blocks at all (see {@link #FLAT_BLOCK_MIN_CHANNELS}).
     */
    private static final int L1_BUDGET_BYTES = 24 * 1024;
    /**
     * Only forward convs on the flat kernels with at least this many input channels per group split the channel
     * reduction into L1-sized blocks; every other plan reduces over all of a group's channels in one kernel call and
     * lets its panel and weights stream from L2. Session 10, one-JVM A/B of one block against L1 blocks, 1T / 2T:
     * pointwise-1x1 1.06-1.10 / 1.09, unet-up-2x2 1.12-1.13 / 1.10, vnet-up-3d 1.05-1.07 / 1.07, fcn-up-op1 1.03-1.07 /
     * 1.04, vocoder-up-1d 1.02-1.06 / 1.06; off the suite, 1x1 at 64 and 1024 channels 1.13, 3x3 stride 2 at 256
     * channels 1.05-1.07, 5x5 at 128 1.07, flat 3D 3x3x3 at 16 channels 1.16-1.17, 3x3 at 48 and 64 0.99; but flat
     * forward convs at 32 channels 0.94-0.96 (2D 3x3 and 5x5) and 0.97-0.99 (3D 3x3x3): they keep the blocks.
     */
    private static final int FLAT_BLOCK_MIN_CHANNELS = 32;
    /**
     * A phase's first output and steps when it covers the output in q order. Constants: {@link #planeEnd} runs per
     * unit, and arrays made there were allocated on every call (64 bytes per pointwise-1x1 call, session 10).
     */
    private static final int[] ORIGIN = {0, 0, 0};
    private static final int[] UNIT_STEPS = {1, 1, 1};
    /** Output channels computed per input tile (their accumulator tiles take 64 x tile width floats). */
    private static final int OC_GROUP = 64;
    /**
     * Output channels per input tile for the flat kernels' 4 x 6 tiles: their tile is 3x wider, and with no packed
     * panel to share, fewer channels per tile only shrink its L1 footprint (stem-7x7-s2, A/B against 64: 1.35x and
     * 1.23x (at 16) 1T, 1.11-1.61x 2T). The packed 4 x 6 plans keep 64: at 32, grouped-up-g4 ran 0.91x at 2T, its
     * per-tap packing then done twice per tile.
     */
    private static final int OC_GROUP_FLAT_WIDE = 32;
    /**
     * Fewest output-channel blocks sharing a tile for which its input is packed: the packing costs two loads and two
     * stores per (tap, channel), each block then saves the strided, range-checked loads (measured: 2 blocks lose).
     */
    private static final int PACK_MIN_BLOCKS = 4;
    /**
     * Fewest output-channel blocks sharing a tile for which its input is packed by row: one copy per (row, channel),
     * not per (tap, channel), pays for itself from two blocks (vnet-up-3d, 2 blocks of 8: about 1.3x, noisy A/B).
     */
    private static final int ROW_PACK_MIN_BLOCKS = 2;
    /** Below this many input channels per group, the flat (channel, tap) kernels. */
    private static final int FLAT_BELOW_CHANNELS = 16;
    /**
     * Up to this many input channels per group, the flat kernels too where some phase has several taps: one long
     * (channel, tap) loop, no channel blocks, no packing, 4 x 6 tiles (one-JVM A/B against the channel kernels:
     * conv3d-3x3x3 1.29x 1T / 1.33x 2T, vnet-up-3d 1.27x / 1.40x; off the suite, 16-32 channels: 1.07-1.23x; at 48
     * and 64 channels a wash). One-tap problems (1x1) keep the channel kernels, which read their input in place or
     * by band with no write-out pass: flat, they ran at 0.60-0.90x.
     */
    private static final int FLAT_MAX_CHANNELS_MULTI_TAP = 32;
    /** From this many input channels per group, in-place problems copy q-bands (see {@link #bandStride}). */
    private static final int BAND_MIN_CHANNELS = 32;

    private final Geometry geo;
    private final int mr;
    private final int nr;
    private final int tileQ;
    private final float[][] packed;
    private final float[] bias;
    private final int blocks;
    /** Few input channels: the kernels run over one flat (channel, tap) offset list, {@link #flatOffsets}. */
    private final boolean flat;
    private final int[][] flatOffsets;
    /**
     * Per phase and input-channel block ({@link #cBlock}), the block's part of {@link #flatOffsets}: a flat plan with
     * many channels (3D, 8 taps x 32 channels) reads more input lines per tile than L1 holds when every
     * output-channel block runs the whole list, so blocks of channels run outer, as in the channel kernels.
     */
    private final int[][][] flatBlockOffsets;
    /** One output channel per group, conv (unit output steps), flat offsets: rows computed into the output directly. */
    private final boolean rowWise;
    /** Row-wise with a 3x3 kernel on consecutive buffer rows: the rows slide down the input ({@link SlidingRows}). */
    private final boolean slidingRows;
    /** {@link #slidingRows} on the input itself, where its padding is zeros of 1 (see {@code runUnit}). */
    private final boolean slidesInPlace;
    /**
     * Per phase p: depthwise convT whose width phases p and p + 1 each have 2x2 taps on the same two consecutive
     * buffer rows, listed row by row: their rows slide down the input ({@link SlidingRows#pairRows2x2}).
     */
    private final boolean[] pairSlides;
    /**
     * Tiles of output-row vectors instead of flat positions, per phase group (null: flat positions). Vector {@code i}
     * of group gi covers {@code L} consecutive columns of one row of its first phase: buffer position
     * {@code vecX[gi][i]}; in the output plane (the group's phases interleaved), lane 0 at {@code vecY[gi][i]} and
     * {@code vecN[gi][i]} valid elements. Chunk {@code c} of the group's units owns vectors {@code [chunkVec[gi][c],
     * chunkVec[gi][c + 1])}: the whole rows that start in it. Used by few-channel convs ({@link RowVectorKernels}:
     * {@code flatRows}) and by width-phase pairs of transposed convs (packed kernels, pairs zipped into the output),
     * where a flat tile had to be written out row segment by row segment, with masked stores at segment ends.
     */
    private final int[][] vecX;
    private final int[][] vecY;
    private final int[][] vecN;
    private final int[][] chunkVec;
    private final boolean flatRows;
    /**
     * Full tiles go straight into the output (no tile, no write-out pass): one phase whose buffer positions are the
     * output positions (no padding, stride 1: the 1x1 conv), whole output-channel blocks, channel kernels; the bias
     * is added afterwards, while the tile's rows are still in L1 (the order of the write-out pass: sum, then bias).
     */
    private final boolean direct;
    /** Output-channel blocks computed together per tile, so that each input tile is loaded once for all of them. */
    private final int groupBlocks;
    /** Input-channel blocks of the reduction: block i covers channels [cBlock[i], cBlock[i + 1]). */
    private final int[] cBlock;
    /** Floats of a {@link Scratch#panel}: the largest channel block x the most taps x a full tile (0 if unused). */
    private final int panelFloats;
    /**
     * Per phase, the distinct input rows its taps read (flat offsets of their first column), or null: a phase whose
     * taps lie within one vector of columns of these rows packs each row once per channel ({@link #packRows}), not
     * once per tap, and runs the {@code corrRows} kernels.
     */
    private final int[][] rowOffsets;
    /** Per phase and channel block, each tap's offset in the row-packed panel (row index x channels x ROW + column). */
    private final int[][][] rowTapA;
    /** Per phase, how many floats of a packed row's third vector some tap reads (its largest column offset). */
    private final int[] rowExtra;
    /** Per phase group: the longest q-chunk (the chunks' sizes differ by at most one tile). */
    private final int[] chunkQ;
    /** Per phase group: its number of q-chunks and of q-tiles; chunk i holds tiles [i T / n, (i + 1) T / n). */
    private final int[] chunkCount;
    private final int[] groupTiles;
    private final int unitsPerNG;
    /** Phase group of each unit (see {@link #groupFirst}). */
    private final int[] unitPhase;
    /** First phase and number of phases of each phase group. */
    private final int[] groupFirst;
    private final int[] groupSize;
    private final int[] groupQLength;
    private final int maxGroupSize;
    private final int[] unitChunk;
    private final int[] unitBlock;
    private final long units;
    private final int parts;
    private final ExecutorService executor;
    private final int bufferFloats;
    /** Whether the buffer layout equals the input's (no padding, no stride split), so the kernels read x directly. */
    private final boolean inPlace;
    /**
     * In-place problems with many input channels copy, per q-chunk, a band of every channel (channel stride
     * {@code bandStride}) before computing it: read in place, each tile would touch one page per channel, more streams
     * than the prefetchers follow. 0 when not in band mode.
     */
    private final int bandStride;
    /**
     * Band mode where every phase is one tap at offset 0 (1x1 conv, convT with kernel == stride): the band is copied
     * tile by tile, {@code [tile][c][tileQ]}, which is the packed kernels' panel layout, so no tile is packed again.
     */
    private final boolean tiledBand;
    /**
     * The tiled band is filled tile by tile by the first output-channel block's kernel
     * ({@link F32CorrKernels#corrPacked4x6vFill}), which reads the input and computes with it, instead of by a copy
     * pass before the chunk's tiles (4 x 6 tiles with one channel block; the chunk's partial tail is still copied).
     * One-JVM A/B, 1T: pointwise-1x1 1.04-1.06, unet-up-2x2 1.02-1.03, results bit for bit the same (session 10).
     */
    private final boolean fillsBand;
    private final PaddedInput input;
    private final ScratchPool<Scratch> pool = new ScratchPool<>();

    /** One participant's scratch: the padded, phase-split input of one (batch element, group), and one tile. */
    private static final class Scratch {
        /** Allocated on first use: a plan that reads its input in place needs it only for the input's last block. */
        float[] buffer;
        final float[] tile;
        /**
         * One q-tile of one input-channel block, packed {@code [tap][c][tileQ]} in the order the weights are packed,
         * so the packed kernels read it at a constant stride (C2 then drops the range checks). Empty if unused.
         */
        final float[] panel;
        /** The (n * groups + g) whose input {@link #buffer} holds in the current call, or -1. */
        int loaded = -1;
        /** Band mode: a q-band of every channel of one (n, g), contiguous, so the kernels read it from L2. */
        float[] band;
        /** ((n * groups + g) << 32) + first q of the band {@link #band} holds in the current call, or -1. */
        long bandKey = -1;
        /**
         * One past the last q of the chunk that band was made for: phase groups with unequal lengths end the same
         * chunk start at different q, and units of any chunk may follow each other on one thread (see Parallel).
         */
        int bandEnd = -1;

        Scratch(int tileFloats, int panelFloats) {
            tile = new float[tileFloats];
            panel = new float[panelFloats];
        }
    }

    static ConvPlan create(ConvProblem problem, float[] weight, float[] bias, int threads, ExecutorService executor) {
        return new SimdConvPlan(problem, weight, bias, threads, executor);
    }

    private SimdConvPlan(ConvProblem problem, float[] weight, float[] bias, int threads, ExecutorService executor) {
        super(problem, weight, bias);
        this.geo = new Geometry(problem);
        this.bias = bias == null ? null : bias.clone();
        this.executor = executor;
        // One output channel per group: vectors along positions only (depthwise). Fewer than 32 vector registers,
        // or few output channels: 4 rows x 2 vectors. One tap at offset 0 per phase (1x1 conv, convT with kernel ==
        // stride), whose tiles the packed kernel reads contiguously: 4 x 6, 24 accumulators + 6 inputs + a broadcast,
        // 10 loads per 24 FMAs (1.11-1.21x 8 x 2 on pointwise-1x1 in one-JVM A/Bs, `vconv ab`). Few input channels
        // (the flat (channel, tap) kernels, see FLAT_MAX_CHANNELS_MULTI_TAP): 4 x 6 too (stem-7x7-s2 1.10-1.15x,
        // resnext-g32 1.08-1.15x, 1T and 2T; six shapes off the suite 1.10-1.34x).
        // Otherwise 8 x 2: with taps at column offsets (3x3 and the like) over many channels, 4 x 6 ran at 0.75-0.94x
        // of it in the same A/B. Transposed convs whose stride phases have unequal tap counts (fcn-up-op1,
        // grouped-up-g4: k3 s2, phases of 1, 2, 2, 4 taps) ran 4 x 6 from session 4 (then 1.11-1.41x 8 x 2) until
        // their width-phase pairs became tiles of row vectors (session 7); since then 8 x 2 is ahead on them
        // (session 9: fcn-up-op1 1.05-1.06x 1T / 1.02x 2T, grouped-up-g4 1.03-1.12x / 1.17x; grouped-up-g4's phase
        // rows are one vector each, and 6-vector tiles of its 16 rows leave 2 of 18 vectors junk).
        boolean oneTap = true;
        for (Geometry.Phase ph : geo.phases) {
            oneTap &= ph.taps.length == 0 || (ph.taps.length == 1 && ph.taps[0] == 0);
        }
        flat = geo.cg < FLAT_BELOW_CHANNELS || (geo.cg <= FLAT_MAX_CHANNELS_MULTI_TAP && !oneTap);
        if (geo.kg == 1) {
            mr = 1;
            nr = 4;
        } else if (geo.kg <= 4 || F32CorrKernels.S.vectorBitSize() < 512) {
            mr = 4;
            nr = 2;
        } else if (oneTap || flat) {
            mr = 4;
            nr = 6;
        } else {
            mr = 8;
            nr = 2;
        }
        tileQ = nr * L;
        blocks = (geo.kg + mr - 1) / mr;
        cBlock = channelBlocks();
        int panel = 0;
        if (!flat && mr != 1) {
            int maxTaps = 0;
            for (Geometry.Phase ph : geo.phases) {
                maxTaps = Math.max(maxTaps, ph.taps.length);
            }
            int maxCn = 0;
            for (int i = 0; i + 1 < cBlock.length; i++) {
                maxCn = Math.max(maxCn, cBlock[i + 1] - cBlock[i]);
            }
            panel = maxCn * maxTaps * tileQ;
        }
        int phaseCount = geo.phases.length;
        rowOffsets = new int[phaseCount][];
        rowTapA = new int[phaseCount][][];
        rowExtra = new int[phaseCount];
        int l2 = geo.bufferLength[2];
        for (int p = 0; p < phaseCount && !flat && mr != 1; p++) {
            int[] taps = geo.phases[p].taps;
            int maxCol = 0;
            int[] rows = new int[taps.length];
            int[] rowOf = new int[taps.length];
            int distinct = 0;
            for (int t = 0; t < taps.length; t++) {
                int col = taps[t] % l2;
                maxCol = Math.max(maxCol, col);
                int r = 0;
                while (r < distinct && rows[r] != taps[t] - col) {
                    r++;
                }
                if (r == distinct) {
                    rows[distinct++] = taps[t] - col;
                }
                rowOf[t] = r;
            }
            if (taps.length == 0 || maxCol > F32CorrKernels.ROW - tileQ || distinct == taps.length) {
                continue; // No tap shares a row (nothing to save), or a column offset beyond the packed row.
            }
            rowOffsets[p] = Arrays.copyOf(rows, distinct);
            rowExtra[p] = maxCol;
            rowTapA[p] = new int[cBlock.length - 1][taps.length];
            for (int cb = 0; cb + 1 < cBlock.length; cb++) {
                int cn = cBlock[cb + 1] - cBlock[cb];
                for (int t = 0; t < taps.length; t++) {
                    rowTapA[p][cb][t] = rowOf[t] * cn * F32CorrKernels.ROW + taps[t] % l2;
                }
                panel = Math.max(panel, distinct * cn * F32CorrKernels.ROW);
            }
        }
        panelFloats = panel;
        Geometry.Phase ph0 = geo.phases[0];
        direct = !flat && mr != 1 && geo.phases.length == 1 && geo.kg % mr == 0
                && Arrays.equals(ph0.first, ORIGIN) && Arrays.equals(ph0.step, UNIT_STEPS)
                && Arrays.equals(ph0.extent, geo.out3) && Arrays.equals(geo.bufferLength, geo.out3);
        rowWise = flat && mr == 1 && !geo.transpose;
        flatOffsets = new int[geo.phases.length][];
        for (int p = 0; p < geo.phases.length; p++) {
            int[] taps = geo.phases[p].taps;
            int[] offsets = new int[geo.cg * taps.length];
            for (int c = 0; c < geo.cg; c++) {
                for (int t = 0; t < taps.length; t++) {
                    offsets[c * taps.length + t] = c * geo.channelStride + taps[t];
                }
            }
            flatOffsets[p] = offsets;
        }
        flatBlockOffsets = new int[geo.phases.length][cBlock.length - 1][];
        for (int p = 0; p < geo.phases.length; p++) {
            int nt = geo.phases[p].taps.length;
            for (int cb = 0; cb + 1 < cBlock.length; cb++) {
                flatBlockOffsets[p][cb] = Arrays.copyOfRange(flatOffsets[p], cBlock[cb] * nt, cBlock[cb + 1] * nt);
            }
        }
        slidingRows = rowWise && geo.phases.length == 1 && SlidingRows.fits(flatOffsets[0], geo.bufferLength[2]);
        // The input itself is the padded buffer shifted by a row and a column: 2D, zero padding 1, output = input.
        int[] padOne = {0, 1, 1};
        slidesInPlace = slidingRows && geo.in3[0] == 1 && problem.descriptor().paddingMode() == PaddingMode.ZEROS
                && Arrays.equals(problem.padBefore3(), padOne) && Arrays.equals(problem.padAfter3(), padOne)
                && Arrays.equals(geo.out3, geo.in3)
                && Arrays.equals(problem.stride3(), UNIT_STEPS) && Arrays.equals(problem.dilation3(), UNIT_STEPS);
        pairSlides = new boolean[geo.phases.length];
        for (int p = 0; p + 1 < geo.phases.length; p++) {
            pairSlides[p] = flat && mr == 1 && geo.transpose && geo.cg == 1
                    && SlidingRows.fitsPair(flatOffsets[p], flatOffsets[p + 1], geo.bufferLength[2]);
        }
        packed = pack(weight);

        groupBlocks = Math.min(blocks, Math.max(1, (flat && nr == 6 ? OC_GROUP_FLAT_WIDE : OC_GROUP) / mr));
        int blockGroups = (blocks + groupBlocks - 1) / groupBlocks;
        // Phase groups: a transposed conv's width phases that share their depth and height residues are computed
        // together per q-tile, so their outputs can be written interleaved, as whole vectors, instead of one element
        // every stride. Otherwise each phase is its own group.
        int phases = geo.phases.length;
        int[] first = new int[phases];
        int[] size = new int[phases];
        int groupCount = 0;
        for (int p = 0; p < phases; ) {
            Geometry.Phase ph = geo.phases[p];
            int k = 1;
            int sw = ph.step[2];
            if (geo.transpose && sw > 1 && ph.first[2] == 0 && p + sw <= phases) {
                boolean all = true;
                for (int i = 1; i < sw; i++) {
                    Geometry.Phase o = geo.phases[p + i];
                    all &= o.first[0] == ph.first[0] && o.first[1] == ph.first[1] && o.first[2] == i;
                }
                k = all ? sw : 1;
            }
            first[groupCount] = p;
            size[groupCount] = k;
            groupCount++;
            p += k;
        }
        groupFirst = Arrays.copyOf(first, groupCount);
        groupSize = Arrays.copyOf(size, groupCount);
        int maxGroup = 1;
        for (int gi = 0; gi < groupCount; gi++) {
            maxGroup = Math.max(maxGroup, groupSize[gi]);
        }
        maxGroupSize = maxGroup;

        int computing = 0;
        for (int gi = 0; gi < groupCount; gi++) {
            computing += groupSize[gi] == 1 && geo.phases[groupFirst[gi]].taps.length == 0 ? 0 : 1;
        }
        // Enough units for every thread: split q into more chunks when batch x groups x phases x block groups is
        // small (a single image). Chunking never changes any element's reduction order, so results stay identical.
        long others = (long) geo.batch * geo.groups * Math.max(1, computing) * blockGroups;
        int minChunks = (int) Math.min(1 << 16, (2L * threads + others - 1) / others);
        chunkQ = new int[groupCount];
        chunkCount = new int[groupCount];
        groupTiles = new int[groupCount];
        groupQLength = new int[groupCount];
        int maxTap = geo.maxTap();
        int count = 0;
        for (int gi = 0; gi < groupCount; gi++) {
            int qLength = 0;
            for (int i = 0; i < groupSize[gi]; i++) {
                qLength = Math.max(qLength, geo.phases[groupFirst[gi] + i].qLength);
            }
            groupQLength[gi] = qLength;
            int perChannel = Math.max(0, BAND_FLOATS / geo.cg - maxTap);
            int c = Math.max(4 * tileQ, perChannel / tileQ * tileQ);
            int forThreads = ((qLength + minChunks - 1) / minChunks + tileQ - 1) / tileQ * tileQ;
            c = Math.max(tileQ, Math.min(c, forThreads));
            boolean biasOnly = groupSize[gi] == 1 && geo.phases[groupFirst[gi]].taps.length == 0;
            groupTiles[gi] = (qLength + tileQ - 1) / tileQ;
            chunkCount[gi] = biasOnly ? 1 : (qLength + c - 1) / c;
            // Ranges are contiguous runs of units: a chunk count that makes this phase group's units a multiple of
            // the threads, and the tiles dealt evenly among the chunks, give every range the same work (before:
            // pointwise-1x1 at 2 threads split 9, 9 | 9, 6 tiles; conv3d-3x3x3's 7 chunks split 3 | 4).
            if (!biasOnly) {
                int perChunk = (int) Math.min(Integer.MAX_VALUE, (long) geo.batch * geo.groups * blockGroups);
                int multiple = threads / gcd(threads, perChunk);
                int rounded = (chunkCount[gi] + multiple - 1) / multiple * multiple;
                chunkCount[gi] = Math.max(1, Math.min(rounded, groupTiles[gi]));
            }
            chunkQ[gi] = (groupTiles[gi] + chunkCount[gi] - 1) / chunkCount[gi] * tileQ;
            count += chunkCount[gi] * blockGroups;
        }
        unitsPerNG = count;
        unitPhase = new int[count];
        unitChunk = new int[count];
        unitBlock = new int[count];
        int u = 0;
        for (int gi = 0; gi < groupCount; gi++) {
            for (int c = 0; c < chunkCount[gi]; c++) {
                for (int b = 0; b < blockGroups; b++) {
                    unitPhase[u] = gi;
                    unitChunk[u] = c;
                    unitBlock[u] = b;
                    u++;
                }
            }
        }
        units = (long) geo.batch * geo.groups * unitsPerNG;
        parts = (int) Math.min(threads, units);
        bufferFloats = geo.cg * geo.channelStride + tileQ;
        inPlace = geo.channelStride == geo.inSpatial && Arrays.equals(geo.bufferLength, geo.in3)
                && geo.identitySource();
        int maxChunk = 0;
        for (int c : chunkQ) {
            maxChunk = Math.max(maxChunk, c);
        }
        bandStride = inPlace && !flat && geo.cg >= BAND_MIN_CHANNELS && maxChunk < geo.inSpatial
                ? (maxChunk + geo.maxTap() + tileQ + 15) / 16 * 16 : 0;
        tiledBand = bandStride > 0 && oneTap && mr != 1;
        fillsBand = tiledBand && nr == 6 && cBlock.length == 2;

        input = new PaddedInput(geo);

        // Vectors of output rows: for few-channel conv plans (RowVectorKernels) a single phase that covers the output
        // plane in order (so a vector's lanes past its row land on positions its unit writes next), one channel block
        // (nothing to carry between kernel calls), whole blocks of 4 output channels. For transposed convs, width-phase
        // pairs (packed kernels, or the flat 4 x 6 one for few channels), where rows rounded up to whole vectors compute
        // at most 5% more positions than whole buffer rows (not dcgan-up-8's 8-column rows in 10-column buffer rows).
        flatRows = flat && mr == 4 && nr == 6 && cBlock.length == 2 && geo.kg % mr == 0 && coversPlane(ph0)
                && ph0.taps.length > 0;
        vecX = new int[groupCount][];
        vecY = new int[groupCount][];
        vecN = new int[groupCount][];
        chunkVec = new int[groupCount][];
        for (int gi = 0; gi < groupCount; gi++) {
            Geometry.Phase ph = geo.phases[groupFirst[gi]];
            int k = groupSize[gi];
            int[] e = ph.extent;
            int perRow = (e[2] + L - 1) / L;
            long computed = (long) e[0] * e[1] * perRow * L;
            boolean pairs = k == 2 && mr != 1 && (!flat || nr == 6) && bandStride == 0
                    && computed * 20 <= (long) e[0] * e[1] * l2 * 21;
            if (!(flatRows || pairs)) {
                continue;
            }
            int rowCount = e[0] * e[1];
            int[] vx = new int[rowCount * perRow];
            int[] vy = new int[rowCount * perRow];
            int[] vn = new int[rowCount * perRow];
            int[] cv = new int[chunkCount[gi] + 1];
            int c = 1;
            int o1 = geo.out3[1];
            int o2 = geo.out3[2];
            for (int r = 0, i = 0; r < rowCount; r++) {
                int jd = r / e[1];
                int jh = r % e[1];
                int rowQ = (jd * geo.bufferLength[1] + jh) * l2;
                while (c < chunkCount[gi] && chunkStart(gi, c) <= rowQ) {
                    cv[c++] = i; // a row belongs to the chunk where it starts
                }
                int rowY = ((ph.first[0] + ph.step[0] * jd) * o1 + ph.first[1] + ph.step[1] * jh) * o2 + ph.first[2];
                for (int j = 0; j < perRow; j++, i++) {
                    vx[i] = rowQ + j * L;
                    vy[i] = rowY + k * j * L;
                    vn[i] = Math.min(k * L, o2 - ph.first[2] - k * j * L);
                }
            }
            while (c <= chunkCount[gi]) {
                cv[c++] = vx.length;
            }
            vecX[gi] = vx;
            vecY[gi] = vy;
            vecN[gi] = vn;
            chunkVec[gi] = cv;
        }
    }

    /** Whether a phase writes every output position, in order: a conv's (or a stride-1 convT's) single phase. */
    private boolean coversPlane(Geometry.Phase ph) {
        return geo.phases.length == 1 && Arrays.equals(ph.first, ORIGIN)
                && Arrays.equals(ph.step, UNIT_STEPS) && Arrays.equals(ph.extent, geo.out3);
    }

    /**
     * Splits the reduction over input channels, where that pays ({@link #FLAT_BLOCK_MIN_CHANNELS}), so that one kernel
     * call's working set (per channel: its packed weights and the cache lines of the input rows its taps touch) stays
     * within about half of L1; elsewhere one block of all the group's channels.
     */
    private int[] channelBlocks() {
        int maxTaps = 1;
        int maxRows = 1;
        for (Geometry.Phase ph : geo.phases) {
            maxTaps = Math.max(maxTaps, ph.taps.length);
            maxRows = Math.max(maxRows, (int) java.util.Arrays.stream(ph.taps).map(t -> t / geo.bufferLength[2])
                    .distinct().count());
        }
        if (!flat || geo.transpose || geo.cg < FLAT_BLOCK_MIN_CHANNELS) {
            return new int[] {0, geo.cg};
        }
        int linesPerRow = (tileQ * 4 + 63) / 64 + 1;
        int perChannel = maxTaps * mr * 4 + maxRows * linesPerRow * 64;
        int cb = Math.max(4, L1_BUDGET_BYTES / perChannel);
        int count = Math.max(1, (geo.cg + cb - 1) / cb);
        // Even block sizes: the kernels' channel loop is unrolled by two, and an odd block pays a remainder step per tap.
        int pairs = geo.cg / 2;
        count = Math.max(1, Math.min(count, pairs));
        int[] bounds = new int[count + 1];
        for (int i = 0; i < count; i++) {
            bounds[i] = 2 * (int) ((long) pairs * i / count);
        }
        bounds[count] = geo.cg;
        return bounds;
    }

    /**
     * Per (group, phase): per output-channel block of {@code mr}, per input-channel block, {@code [tap][c][mr]}, the
     * order the micro-kernel reads; rows past the group's last output channel are zero. A transposed conv's weight is {@code (C_in, C_out/g,
     * k...)}: its in/out axes are swapped here.
     */
    private float[][] pack(float[] weight) {
        int phases = geo.phases.length;
        int kvol = geo.kernel3[0] * geo.kernel3[1] * geo.kernel3[2];
        float[][] out = new float[geo.groups * phases][];
        for (int g = 0; g < geo.groups; g++) {
            for (int p = 0; p < phases; p++) {
                int[] tapKernel = geo.phases[p].tapKernel;
                int nt = tapKernel.length;
                float[] w = new float[blocks * geo.cg * nt * mr];
                for (int b = 0; b < blocks; b++) {
                    for (int cb = 0; cb + 1 < cBlock.length; cb++) {
                        int c0 = cBlock[cb];
                        int cn = cBlock[cb + 1] - c0;
                        for (int t = 0; t < nt; t++) {
                            for (int c = c0; c < c0 + cn; c++) {
                                for (int m = 0; m < mr; m++) {
                                    int ocg = b * mr + m;
                                    if (ocg >= geo.kg) {
                                        continue;
                                    }
                                    int src = geo.transpose
                                            ? ((g * geo.cg + c) * geo.kg + ocg) * kvol + tapKernel[t]
                                            : ((g * geo.kg + ocg) * geo.cg + c) * kvol + tapKernel[t];
                                    int at = flat ? ((b * geo.cg + c) * nt + t) * mr + m
                                            : ((b * geo.cg + c0) * nt + t * cn + c - c0) * mr + m;
                                    w[at] = weight[src];
                                }
                            }
                        }
                    }
                }
                out[g * phases + p] = w;
            }
        }
        return out;
    }

    @Override
    protected void compute(float[] input, int inputOffset, float[] output, int outputOffset) {
        Parallel.run(parts, executor, work, input, inputOffset, output, outputOffset);
    }

    /** The plan's units; one object for every call, so that a call on one thread allocates nothing. */
    private final Parallel.Work<Scratch> work = new Parallel.Work<>() {
        @Override
        public Scratch open() {
            Scratch s = pool.poll();
            if (s == null) {
                // slack: writeTile reads whole vectors
                s = new Scratch(maxGroupSize * groupBlocks * mr * tileQ + L, panelFloats);
            }
            s.loaded = -1;
            s.bandKey = -1;
            s.bandEnd = -1;
            return s;
        }

        @Override
        public long units() {
            return units;
        }

        @Override
        public boolean unit(Scratch scratch, long u, float[] x, int xOff, float[] y, int yOff) {
            int local = (int) (u % unitsPerNG);
            runUnit((int) (u / unitsPerNG), unitPhase[local], unitChunk[local], unitBlock[local], scratch, x, xOff, y,
                    yOff);
            return true;
        }

        @Override
        public void close(Scratch scratch) {
            pool.offer(scratch);
        }
    };

    private void runUnit(int ng, int gi, int chunk, int group, Scratch s, float[] x, int xOff, float[] y,
            int yOff) {
        int n = ng / geo.groups;
        int g = ng % geo.groups;
        int p0 = groupFirst[gi];
        int k = groupSize[gi];
        int b0 = group * groupBlocks;
        int b1 = Math.min(blocks, b0 + groupBlocks);
        // This unit alone writes output channels [oc(b0), oc(b1)) of batch element n at its phases' positions within
        // this chunk: the units of a call own disjoint outputs.
        if (k == 1 && geo.phases[p0].taps.length == 0) {
            for (int b = b0; b < b1; b++) {
                int oc0 = g * geo.kg + b * mr;
                writeBias(geo.phases[p0], Math.min(mr, geo.kg - b * mr), oc0, y,
                        yOff + (n * geo.outChannels + oc0) * geo.outSpatial);
            }
            return;
        }
        float[] buf;
        int base;
        int cs = geo.channelStride;
        int inBase = xOff + (n * geo.inChannels + g * geo.cg) * geo.inSpatial;
        // Its loads stay inside the array (a masked load at a negative offset or past the end takes the Vector API's
        // slow path, which can leave C2's code of the whole loop on boxed vectors: 40x slower, seen in an A/B).
        if (slidesInPlace && k == 1 && chunkQ[gi] >= groupQLength[gi] && inBase >= 1
                && inBase <= x.length - geo.inSpatial - 2 * L - 2) {
            // Zero padding 1, stride 1: the rows slide down the input itself (SlidingRows.rows3x3InPlace).
            int oc0 = g * geo.kg;
            SlidingRows.rows3x3InPlace(x, inBase, geo.in3[1], geo.in3[2], packed[g * geo.phases.length],
                    bias == null ? 0f : bias[oc0], y, yOff + (n * geo.outChannels + oc0) * geo.outSpatial);
            return;
        }
        // A tiled band not yet filled for this chunk: its full tiles are filled by the first kernel that reads them.
        float[] fill = null;
        if (bandStride > 0) {
            int q0 = chunkStart(gi, chunk);
            long key = ((long) ng << 32) + q0;
            int end = chunkEnd(gi, chunk);
            boolean stale = s.bandKey != key || s.bandEnd != end;
            if (stale && fillsBand) {
                if (s.band == null) {
                    s.band = new float[geo.cg * bandStride + tileQ];
                }
                fill = x;
                s.bandKey = key;
                s.bandEnd = end;
            } else if (stale) {
                if (s.band == null) {
                    s.band = new float[geo.cg * bandStride + tileQ];
                }
                // Valid outputs of this chunk read inputs [q0, q0 + chunk + maxTap); the rest of a band row is junk
                // that only junk outputs read.
                int len = Math.min(bandStride, geo.inSpatial - q0);
                if (tiledBand) {
                    copyTiled(x, inBase + q0, 0, Math.min(end, geo.inSpatial) - q0, s.band);
                } else {
                    for (int c = 0; c < geo.cg; c++) {
                        System.arraycopy(x, inBase + c * geo.inSpatial + q0, s.band, c * bandStride, len);
                    }
                }
                s.bandKey = key;
                s.bandEnd = end;
            }
            buf = s.band;
            base = -q0;
            cs = bandStride;
        } else if (inPlace && (long) inBase + (long) geo.cg * geo.inSpatial + tileQ <= x.length) {
            // The buffer layout is the input's own (no padding, no phase split): read it where it is. Junk positions
            // read at most tileQ elements past this block, which the check above keeps inside the array.
            buf = x;
            base = inBase;
        } else {
            if (s.loaded != ng) {
                if (s.buffer == null) {
                    s.buffer = new float[bufferFloats];
                }
                input.copy(n, g, x, xOff, s.buffer);
                s.loaded = ng;
            }
            buf = s.buffer;
            base = 0;
        }
        if (rowWise && k == 1 && chunkQ[gi] >= groupQLength[gi]) {
            int oc0 = g * geo.kg;
            singleChannelRows(geo.phases[p0], flatOffsets[p0], packed[g * geo.phases.length + p0], buf, base,
                    bias == null ? 0f : bias[oc0], y, yOff + (n * geo.outChannels + oc0) * geo.outSpatial);
            return;
        }
        if (flat && mr == 1 && geo.transpose && k == 2 && chunkQ[gi] >= groupQLength[gi]) {
            int oc0 = g * geo.kg;
            int pw = g * geo.phases.length;
            singleChannelPairRows(p0, packed[pw + p0], packed[pw + p0 + 1], buf, base, bias == null ? 0f : bias[oc0],
                    y, yOff + (n * geo.outChannels + oc0) * geo.outSpatial);
            return;
        }
        if (flatRows) {
            flatRows(g, chunk, b0, b1, buf, base, y, yOff + (n * geo.outChannels + g * geo.kg) * geo.outSpatial,
                    s.tile);
            return;
        }
        if (vecX[gi] != null) {
            rowPairs(gi, g, chunk, b0, b1, buf, base, cs, y, yOff + (n * geo.outChannels + g * geo.kg) * geo.outSpatial,
                    s.tile, s.panel);
            return;
        }
        int q = chunkStart(gi, chunk);
        int end = chunkEnd(gi, chunk);
        int spillEnd = -1; // see planeEnd; computed when the first tile is written out
        float[] tile = s.tile;
        int blockFloats = mr * tileQ;
        int phaseFloats = groupBlocks * blockFloats;
        while (q < end) {
            int width = tileWidth(end - q);
            if (fill != null && (width < tileQ || q + tileQ > geo.inSpatial)) {
                // The chunk's tail: tiles a fill kernel cannot take (partial, or reading past the input plane) are
                // copied, the rest of the chunk at once.
                int from = chunkStart(gi, chunk);
                copyTiled(x, inBase + from, q - from, Math.min(end, geo.inSpatial) - from, s.band);
                fill = null;
            }
            if (direct && end - q >= tileQ) {
                // Rows [oc(b0), oc(b1)) at positions [q, q + tileQ) of this chunk: no other unit writes them.
                int yq = yOff + (n * geo.outChannels + g * geo.kg + b0 * mr) * geo.outSpatial + q;
                computeTile(p0, g, q, tileQ, b0, b1, buf, tiledBase(q, chunk, gi, base), tiledBand ? tileQ : cs, y, yq,
                        s.panel, geo.outSpatial, null, 0, 0, fill, inBase + q);
                if (bias != null) {
                    for (int m = 0, oc = g * geo.kg + b0 * mr; m < (b1 - b0) * mr; m++, oc++) {
                        FloatVector vb = FloatVector.broadcast(S, bias[oc]);
                        int yr = yq + m * geo.outSpatial;
                        for (int i = 0; i < tileQ; i += L) {
                            FloatVector.fromArray(S, y, yr + i).add(vb).intoArray(y, yr + i);
                        }
                    }
                }
                q += tileQ;
                continue;
            }
            if (spillEnd < 0) {
                spillEnd = k == 1 ? planeEnd(geo.phases[p0], chunkStart(gi, chunk), end) : 0;
            }
            for (int i = 0; i < k; i++) {
                computeTile(p0 + i, g, q, width, b0, b1, buf, tiledBase(q, chunk, gi, base), tiledBand ? tileQ : cs,
                        tile, i * phaseFloats, s.panel, tileQ, null, 0, 0, i == 0 ? fill : null, inBase + q);
            }
            for (int b = b0; b < b1; b++) {
                int oc0 = g * geo.kg + b * mr;
                int rows = Math.min(mr, geo.kg - b * mr);
                int yBase = yOff + (n * geo.outChannels + oc0) * geo.outSpatial;
                if (k == 1) {
                    writeTile(geo.phases[p0], tile, (b - b0) * blockFloats, rows, q, Math.min(width, end - q), oc0,
                            y, yBase, spillEnd);
                } else {
                    writeInterleaved(p0, k, tile, (b - b0) * blockFloats, phaseFloats, rows, q,
                            Math.min(width, end - q), oc0, y, yBase);
                }
            }
            q += width;
        }
    }

    /**
     * Output channels {@code [oc(b0), oc(b1))} of phase group gi (a width-phase pair) at this chunk's vectors of its
     * rows, {@code nr} vectors per tile (a chunk's last tile repeats its last vector), both phases computed per tile by
     * the packed kernels and zipped into the output.
     */
    private void rowPairs(int gi, int g, int chunk, int b0, int b1, float[] buf, int base, int cs, float[] y,
            int yBase, float[] tile, float[] panel) {
        int p0 = groupFirst[gi];
        int from = chunkVec[gi][chunk];
        int to = chunkVec[gi][chunk + 1];
        int blockFloats = mr * tileQ;
        int phaseFloats = groupBlocks * blockFloats;
        for (int i = from; i < to; i += nr) {
            int count = Math.min(nr, to - i);
            for (int p = 0; p < 2; p++) {
                computeTile(p0 + p, g, 0, tileQ, b0, b1, buf, base, cs, tile, p * phaseFloats, panel, tileQ,
                        vecX[gi], i, count, null, 0);
            }
            for (int b = b0; b < b1; b++) {
                int oc0 = g * geo.kg + b * mr;
                writePairs(tile, (b - b0) * blockFloats, phaseFloats, Math.min(mr, geo.kg - b * mr), vecY[gi],
                        vecN[gi], i, count, oc0, y, yBase + b * mr * geo.outSpatial);
            }
        }
    }

    /**
     * Zips the two width phases of {@code count} row vectors of a tile into the output, adding the bias: vector v
     * becomes {@code 2L} output elements from {@code vy[i + v]}, of which the first {@code vn[i + v]} are stored
     * (the rest are past the row: other units write the rows around it).
     */
    private void writePairs(float[] tile, int tOff, int phaseFloats, int rows, int[] vy, int[] vn, int i, int count,
            int oc0, float[] y, int yBase) {
        // Rows of this unit's output channels at its phases' positions: no other unit writes these elements.
        for (int m = 0; m < rows; m++) {
            FloatVector vb = FloatVector.broadcast(S, bias == null ? 0f : bias[oc0 + m]);
            int tb = tOff + m * tileQ;
            int yb = yBase + m * geo.outSpatial;
            for (int v = 0; v < count; v++) {
                FloatVector a = FloatVector.fromArray(S, tile, tb + v * L).add(vb);
                FloatVector c = FloatVector.fromArray(S, tile, tb + phaseFloats + v * L).add(vb);
                int at = yb + vy[i + v];
                int n = vn[i + v];
                // Stored here, not by a helper taking the vectors: where C2 did not inline one, it boxed them.
                FloatVector lo = a.rearrange(ZIP_LO, c);
                FloatVector hi = a.rearrange(ZIP_HI, c);
                if (n >= L) {
                    lo.intoArray(y, at);
                } else {
                    lo.intoArray(y, at, VectorMask.fromLong(S, (1L << n) - 1));
                }
                if (n >= 2 * L) {
                    hi.intoArray(y, at + L);
                } else if (n > L) {
                    hi.intoArray(y, at + L, VectorMask.fromLong(S, (1L << (n - L)) - 1));
                }
            }
        }
    }

    /**
     * Output channels {@code [oc(b0), oc(b1))} of group {@code g} at this chunk's vectors of output rows
     * ({@link RowVectorKernels}), six vectors at a time, output-channel blocks inner so that the vectors' input lines
     * stay in L1 for all of them.
     */
    private void flatRows(int g, int chunk, int b0, int b1, float[] buf, int base, float[] y, int yBase,
            float[] tile) {
        int[] vecX = this.vecX[0];
        int[] vecY = this.vecY[0];
        int[] vecN = this.vecN[0];
        int from = chunkVec[0][chunk];
        int to = chunkVec[0][chunk + 1];
        if (from == to) {
            return;
        }
        // This unit writes every output position in [vecY[from], yEnd) of its channels, in increasing order.
        int yEnd = vecY[to - 1] + vecN[to - 1];
        int[] offsets = flatOffsets[0];
        float[] w = packed[g];
        int os = geo.outSpatial;
        int perBlock = geo.cg * geo.phases[0].taps.length * mr;
        for (int i = from; i < to; i += 6) {
            int count = Math.min(6, to - i);
            for (int b = b0; b < b1; b++) {
                F32CorrKernels.corrFlat4x6v(buf, base, vecX, i, count, offsets, w, b * perBlock, tile, 0, 6 * L,
                        false);
                RowVectorKernels.store(tile, 6 * L, count, vecY, vecN, i, y, yBase + b * mr * os, os, yEnd, bias,
                        g * geo.kg + b * mr);
            }
        }
    }

    /**
     * One output channel per group with unit output steps (depthwise conv): memory-bound, so each output row is
     * computed straight into the output, vector by vector with a masked tail, with no tile, no junk columns and no
     * write-out pass. Sums over the flat (channel, tap) list in the same order as {@code corrFlat1x*v}.
     */
    private void singleChannelRows(Geometry.Phase ph, int[] offsets, float[] w, float[] buf, int base, float b,
            float[] y, int yBase) {
        int l1 = geo.bufferLength[1];
        int l2 = geo.bufferLength[2];
        int[] e = ph.extent;
        int o1 = geo.out3[1];
        int o2 = geo.out3[2];
        int n = offsets.length;
        int width = e[2];
        if (slidingRows) {
            for (int jd = 0; jd < e[0]; jd++) {
                SlidingRows.rows3x3(buf, base + jd * l1 * l2, l2, offsets, w, b, e[1], width, y,
                        yBase + jd * o1 * o2, o2);
            }
            return;
        }
        FloatVector vb = FloatVector.broadcast(S, b);
        for (int jd = 0; jd < e[0]; jd++) {
            for (int jh = 0; jh < e[1]; jh += 2) {
                // Two rows x two vectors: four independent FMA chains. Loads past a row's end read junk columns or
                // the buffer's slack (at most one vector), and are never stored.
                boolean two = jh + 1 < e[1];
                int x0 = base + (jd * l1 + jh) * l2;
                int x1 = two ? x0 + l2 : x0;
                // Rows (jd, jh) and (jd, jh + 1) of this group's single output channel: written by this unit only.
                int y0 = yBase + (jd * o1 + jh) * o2;
                int y1 = y0 + o2;
                for (int i = 0; i < width; i += 2 * L) {
                    FloatVector a0 = FloatVector.zero(S);
                    FloatVector a1 = FloatVector.zero(S);
                    FloatVector c0 = FloatVector.zero(S);
                    FloatVector c1 = FloatVector.zero(S);
                    for (int j = 0; j < n; j++) {
                        FloatVector wj = FloatVector.broadcast(S, w[j]);
                        int o = i + offsets[j];
                        a0 = wj.fma(FloatVector.fromArray(S, buf, x0 + o), a0);
                        a1 = wj.fma(FloatVector.fromArray(S, buf, x0 + o + L), a1);
                        c0 = wj.fma(FloatVector.fromArray(S, buf, x1 + o), c0);
                        c1 = wj.fma(FloatVector.fromArray(S, buf, x1 + o + L), c1);
                    }
                    storeRow(a0, vb, y, y0 + i, width - i);
                    storeRow(a1, vb, y, y0 + i + L, width - i - L);
                    if (two) {
                        storeRow(c0, vb, y, y1 + i, width - i);
                        storeRow(c1, vb, y, y1 + i + L, width - i - L);
                    }
                }
            }
        }
    }

    /**
     * One output channel per group, transposed, width stride 2 (depthwise convT): the two width phases {@code p0} and
     * {@code p0 + 1} of one depth/height residue are computed together, row by row, and their vectors zipped straight
     * into the output (column {@code 2j + r} from phase r's column j), with no tile and no write-out pass. Each phase
     * sums its flat tap list in the order of {@code corrFlat1x*v}, then adds the bias, as the tile path does.
     */
    private void singleChannelPairRows(int p0, float[] w0, float[] w1, float[] buf, int base, float b, float[] y,
            int yBase) {
        Geometry.Phase ph = geo.phases[p0];
        int[] off0 = flatOffsets[p0];
        int[] off1 = flatOffsets[p0 + 1];
        int l1 = geo.bufferLength[1];
        int l2 = geo.bufferLength[2];
        int[] e = ph.extent;
        int[] f = ph.first;
        int[] st = ph.step;
        int o1 = geo.out3[1];
        int o2 = geo.out3[2];
        // Phase 0 has the widest extent (ceil(o2 / 2) columns); phase 1's extra column, if any, lands past o2 and is
        // not stored.
        int width = e[2];
        if (pairSlides[p0]) {
            // Output row r's taps read buffer rows top + r and top + r + 1: slide down, the upper row's taps first.
            int up = off0[2] < off0[0] ? 2 : 0; // where the upper row's taps are listed
            for (int jd = 0; jd < e[0]; jd++) {
                SlidingRows.pairRows2x2(w0, w1, up, buf, base + (jd * l1 + off0[up] / l2) * l2, l2, off0[up] % l2,
                        off0[up + 1] % l2, off1[up] % l2, off1[up + 1] % l2, b, e[1], width, y,
                        yBase + ((f[0] + st[0] * jd) * o1 + f[1]) * o2, st[1] * o2, o2);
            }
            return;
        }
        FloatVector vb = FloatVector.broadcast(S, b);
        for (int jd = 0; jd < e[0]; jd++) {
            for (int jh = 0; jh < e[1]; jh++) {
                int x0 = base + (jd * l1 + jh) * l2;
                // Output row (f0 + st0 jd, f1 + st1 jh) of this group's single channel: written by this unit only.
                int yRow = yBase + ((f[0] + st[0] * jd) * o1 + f[1] + st[1] * jh) * o2;
                for (int i = 0; i < width; i += L) {
                    FloatVector a = FloatVector.zero(S);
                    for (int j = 0; j < off0.length; j++) {
                        a = FloatVector.broadcast(S, w0[j]).fma(FloatVector.fromArray(S, buf, x0 + i + off0[j]), a);
                    }
                    FloatVector c = FloatVector.zero(S);
                    for (int j = 0; j < off1.length; j++) {
                        c = FloatVector.broadcast(S, w1[j]).fma(FloatVector.fromArray(S, buf, x0 + i + off1[j]), c);
                    }
                    a = a.add(vb);
                    c = c.add(vb);
                    storeRow(a.rearrange(ZIP_LO, c), y, yRow + 2 * i, o2 - 2 * i);
                    storeRow(a.rearrange(ZIP_HI, c), y, yRow + 2 * i + L, o2 - 2 * i - L);
                }
            }
        }
    }

    /*
     * The store helpers take vectors, so each must be inlined where it is called: a call that is not passes its
     * vectors boxed, on the heap. C2 inlines a call site that is not hot (one store per row after many FMAs) only if
     * the callee's bytecode is at most MaxInlineSize = 35 bytes, hence the split: as one 38-byte method, storeRow was
     * not inlined into singleChannelRows (-XX:+PrintInlining: "callee is too large").
     */

    /** Stores min(count, L) lanes of v (none if count <= 0). */
    private static void storeRow(FloatVector v, float[] y, int at, int count) {
        if (count >= L) {
            v.intoArray(y, at);
        } else {
            storeHead(v, y, at, count);
        }
    }

    /** Stores the first count lanes of v, count < L (none if count <= 0). */
    private static void storeHead(FloatVector v, float[] y, int at, int count) {
        if (count > 0) {
            v.intoArray(y, at, VectorMask.fromLong(S, (1L << count) - 1));
        }
    }

    /** Stores min(count, L) lanes of acc + bias (none if count <= 0). */
    private static void storeRow(FloatVector acc, FloatVector bias, float[] y, int at, int count) {
        storeRow(acc.add(bias), y, at, count);
    }

    /** Runs the kernels of phase p for one q-tile and output-channel blocks [b0, b1) into the tile at tBase. */
    private void computeTile(int p, int g, int q, int width, int b0, int b1, float[] buf, int base, int cs,
            float[] tile, int tBase, float[] panel, int ts, int[] vx, int vi, int vCount, float[] fill, int fillQ) {
        Geometry.Phase ph = geo.phases[p];
        float[] w = packed[g * geo.phases.length + p];
        int[] taps = ph.taps;
        int nt = taps.length;
        int blockFloats = mr * tileQ;
        if (flat) {
            // Channel blocks outer (see flatBlockOffsets), output-channel blocks inner; the tile carries the sums.
            for (int cb = 0; cb + 1 < cBlock.length; cb++) {
                int[] offsets = flatBlockOffsets[p][cb];
                boolean acc = cb > 0;
                int xq = base + q;
                for (int b = b0; b < b1; b++) {
                    int wo = (b * geo.cg + cBlock[cb]) * nt * mr;
                    int to = tBase + (b - b0) * blockFloats;
                    if (vx != null) {
                        F32CorrKernels.corrFlat4x6v(buf, base, vx, vi, vCount, offsets, w, wo, tile, to, tileQ,
                                acc);
                    } else if (mr == 1) {
                        if (width == tileQ) {
                            F32CorrKernels.corrFlat1x4v(buf, xq, offsets, w, wo, tile, to, tileQ, acc);
                        } else {
                            F32CorrKernels.corrFlat1x1v(buf, xq, offsets, w, wo, tile, to, tileQ, acc);
                        }
                    } else if (mr == 8) {
                        if (width == tileQ) {
                            F32CorrKernels.corrFlat8x2v(buf, xq, offsets, w, wo, tile, to, tileQ, acc);
                        } else {
                            F32CorrKernels.corrFlat8x1v(buf, xq, offsets, w, wo, tile, to, tileQ, acc);
                        }
                    } else {
                        switch (width / L) {
                            case 6 -> F32CorrKernels.corrFlat4x6v(buf, xq, F32CorrKernels.CONSECUTIVE, 0, 6, offsets,
                                    w, wo, tile, to, tileQ, acc);
                            case 2 -> F32CorrKernels.corrFlat4x2v(buf, xq, offsets, w, wo, tile, to, tileQ, acc);
                            default -> F32CorrKernels.corrFlat4x1v(buf, xq, offsets, w, wo, tile, to, tileQ, acc);
                        }
                    }
                }
            }
            return;
        }
        // Channel blocks outer, output-channel blocks inner: an input block is loaded into L1 once for all.
        for (int cb = 0; cb + 1 < cBlock.length; cb++) {
            int c0 = cBlock[cb];
            int cn = cBlock[cb + 1] - c0;
            int xq = base + q + c0 * cs;
            boolean acc = cb > 0;
            // A full tile shared by several output-channel blocks runs a packed kernel: over the tile's input rows
            // packed once (taps read a row at their column offset), over a tiled band as it is (one tap, already
            // [c][tileQ]), or over the tile's input packed per tap ([tap][c][tileQ], the weights' order).
            int[] tapA = null;
            boolean fillsTaps = false;
            int d1 = 0;
            float[] a = panel;
            int aOff = 0;
            if (vx != null) {
                // A tile of row vectors vx[vi ..]: packed by row where they are consecutive positions and taps share
                // rows. Not consecutive (rows of one vector: grouped-up-g4), 8 x 2 kernels: the first block's kernel
                // reads them in place and packs them per tap for the other blocks (the last real vector repeated into
                // an unused slot); session 11: grouped-up-g4 1.11x over a packing pass. Consecutive otherwise, read in
                // place by the direct kernels (fcn-up-op1's 1-tap and 2x1-tap phases: per-tap packing was ~11% of its
                // time; 1.03-1.08x, session 9; filling a panel as above measured 0.98-1.01 there); else packed per
                // tap. Every path sums in the same order: taps, then channels.
                boolean together = consecutive(vx, vi, vCount);
                if (together && b1 - b0 >= ROW_PACK_MIN_BLOCKS && rowOffsets[p] != null) {
                    packRows(rowOffsets[p], rowExtra[p], buf, base + vx[vi] + c0 * cs, cs, cn, panel);
                    tapA = rowTapA[p][cb];
                } else if (mr == 8 && nr == 2 && !together) {
                    fillsTaps = true; // by the first block's kernel, below
                    xq = base + vx[vi] + c0 * cs;
                    d1 = vCount > 1 ? vx[vi + 1] - vx[vi] : 0;
                } else if (together) {
                    a = null;
                    xq = base + vx[vi] + c0 * cs;
                } else {
                    for (int t = 0, pi = 0; t < nt; t++) {
                        for (int c = 0; c < cn; c++, pi += tileQ) {
                            int xi = base + (c0 + c) * cs + taps[t];
                            for (int v = 0; v < nr; v++) {
                                FloatVector.fromArray(S, buf, xi + vx[vi + Math.min(v, vCount - 1)])
                                        .intoArray(panel, pi + v * L);
                            }
                        }
                    }
                }
            } else if (width == tileQ && b1 - b0 >= ROW_PACK_MIN_BLOCKS && rowOffsets[p] != null) {
                packRows(rowOffsets[p], rowExtra[p], buf, xq, cs, cn, panel);
                tapA = rowTapA[p][cb];
            } else if (width == tileQ && tiledBand) {
                a = buf;
                aOff = xq;
            } else if (width == tileQ && mr != 1 && nt > 0 && b1 - b0 >= PACK_MIN_BLOCKS) {
                for (int t = 0, pi = 0; t < nt; t++) {
                    for (int c = 0, xi = xq + taps[t]; c < cn; c++, xi += cs, pi += tileQ) {
                        for (int v = 0; v < tileQ; v += L) {
                            FloatVector.fromArray(S, buf, xi + v).intoArray(panel, pi + v);
                        }
                    }
                }
            } else {
                a = null;
            }
            if (a != null) {
                for (int b = b0; b < b1; b++) {
                    int wo = (b * geo.cg + c0) * nt * mr;
                    int to = tBase + (b - b0) * mr * ts;
                    if (tapA != null) {
                        if (mr == 8) {
                            F32CorrKernels.corrRows8x2v(a, tapA, nt, cn, w, wo, tile, to, ts, acc);
                        } else {
                            F32CorrKernels.corrRows4x2v(a, tapA, nt, cn, w, wo, tile, to, ts, acc);
                        }
                    } else if (fillsTaps && b == b0) {
                        // The tile's two row vectors, read in place at xq and xq + d1, packed per tap on the way.
                        F32CorrKernels.corr8x2vFill(buf, xq, d1, cs, cn, taps, w, wo, tile, to, ts, acc, a);
                    } else if (nr == 6 && fill != null && b == b0) {
                        // The tiled band's tile, filled from the input on the way (see fillsBand).
                        F32CorrKernels.corrPacked4x6vFill(fill, fillQ + c0 * geo.inSpatial, geo.inSpatial, a, aOff,
                                nt * cn, w, wo, tile, to, ts, acc);
                    } else if (nr == 6) {
                        F32CorrKernels.corrPacked4x6v(a, aOff, nt * cn, w, wo, tile, to, ts, acc);
                    } else if (mr == 8) {
                        F32CorrKernels.corrPacked8x2v(a, aOff, nt * cn, w, wo, tile, to, ts, acc);
                    } else {
                        F32CorrKernels.corrPacked4x2v(a, aOff, nt * cn, w, wo, tile, to, ts, acc);
                    }
                }
                continue;
            }
            for (int b = b0; b < b1; b++) {
                int wo = (b * geo.cg + c0) * nt * mr;
                int to = tBase + (b - b0) * mr * ts;
                if (mr == 1) {
                    if (width == tileQ) {
                        F32CorrKernels.corr1x4v(buf, xq, cs, cn, taps, w, wo, tile, to, ts, acc);
                    } else {
                        F32CorrKernels.corr1x1v(buf, xq, cs, cn, taps, w, wo, tile, to, ts, acc);
                    }
                } else if (mr == 8) {
                    if (width == tileQ) {
                        F32CorrKernels.corr8x2v(buf, xq, cs, cn, taps, w, wo, tile, to, ts, acc);
                    } else {
                        F32CorrKernels.corr8x1v(buf, xq, cs, cn, taps, w, wo, tile, to, ts, acc);
                    }
                } else {
                    switch (width / L) {
                        case 6 -> F32CorrKernels.corr4x6v(buf, xq, cs, cn, taps, w, wo, tile, to, ts, acc);
                        case 2 -> F32CorrKernels.corr4x2v(buf, xq, cs, cn, taps, w, wo, tile, to, ts, acc);
                        default -> F32CorrKernels.corr4x1v(buf, xq, cs, cn, taps, w, wo, tile, to, ts, acc);
                    }
                }
            }
        }
    }

    /** Whether a tile's {@code nr} row vectors from {@code vi} are all real and consecutive buffer positions. */
    private boolean consecutive(int[] vx, int vi, int vCount) {
        for (int v = 1; v < nr; v++) {
            if (v >= vCount || vx[vi + v] != vx[vi] + v * L) {
                return false;
            }
        }
        return true;
    }

    /**
     * Packs one tile's input rows for channels {@code [0, cn)} of a block as {@code [row][c][ROW]}: the tile's two
     * vectors of each row, plus the {@code extra} floats of a third that taps with column offsets read (the whole
     * third vector where the buffer has it; the rest of it is never read by a kernel).
     */
    private static void packRows(int[] rows, int extra, float[] buf, int xq, int cs, int cn, float[] panel) {
        for (int r = 0, pi = 0; r < rows.length; r++) {
            for (int c = 0, xi = xq + rows[r]; c < cn; c++, xi += cs, pi += F32CorrKernels.ROW) {
                FloatVector.fromArray(S, buf, xi).intoArray(panel, pi);
                FloatVector.fromArray(S, buf, xi + L).intoArray(panel, pi + L);
                if (extra > 0) {
                    if (xi + 3 * L <= buf.length) {
                        FloatVector.fromArray(S, buf, xi + 2 * L).intoArray(panel, pi + 2 * L);
                    } else {
                        System.arraycopy(buf, xi + 2 * L, panel, pi + 2 * L, extra);
                    }
                }
            }
        }
    }

    /**
     * Writes the tiles of k width phases {@code p0 .. p0+k-1} (residues 0 .. k-1 of stride k, same depth and height
     * residue) interleaved: output column {@code k * j + r} comes from phase r's tile at column j. Stride 2 pairs whole
     * vectors with a two-vector shuffle; other strides store element by element, but in output order.
     */
    private void writeInterleaved(int p0, int k, float[] tile, int tOff, int phaseFloats, int rows, int q, int width,
            int oc0, float[] y, int yBase) {
        Geometry.Phase ph = geo.phases[p0];
        int l1 = geo.bufferLength[1];
        int l2 = geo.bufferLength[2];
        int[] e = ph.extent;
        int[] f = ph.first;
        int[] st = ph.step;
        int o1 = geo.out3[1];
        int o2 = geo.out3[2];
        int end = q + width;
        int row = q / l2;
        int col = q - row * l2;
        int jd = row / l1;
        int jh = row - jd * l1;
        int pos = q;
        // Phase 0 has the widest extent; phase r covers columns j < ceil((o2 - r) / k).
        int e2 = e[2];
        int eLast = geo.phases[p0 + k - 1].extent[2];
        while (pos < end) {
            int rowStart = pos - col;
            int segEnd = Math.min(end, rowStart + l2);
            if (jd < e[0] && jh < e[1] && col < e2) {
                int stop = Math.min(segEnd, rowStart + e2) - rowStart; // columns [col, stop)
                int yRow = yBase + ((f[0] + st[0] * jd) * o1 + f[1] + st[1] * jh) * o2;
                int t0 = pos - q - col;
                for (int m = 0; m < rows; m++) {
                    float bm = bias == null ? 0f : bias[oc0 + m];
                    int tb = tOff + m * tileQ + t0;
                    int yb = yRow + m * geo.outSpatial;
                    int j = col;
                    if (k == 2) {
                        // Whole vectors while every phase has all L columns.
                        FloatVector vb = FloatVector.broadcast(S, bm);
                        int full = Math.min(stop, eLast);
                        for (; j + L <= full; j += L) {
                            FloatVector a = FloatVector.fromArray(S, tile, tb + j).add(vb);
                            FloatVector c = FloatVector.fromArray(S, tile, tb + phaseFloats + j).add(vb);
                            a.rearrange(ZIP_LO, c).intoArray(y, yb + 2 * j);
                            a.rearrange(ZIP_HI, c).intoArray(y, yb + 2 * j + L);
                        }
                        if (stop - j >= ZIP_TAIL_MIN) {
                            // The segment's last columns: one zipped pair, stored masked to output columns
                            // [2j, 2 stop) within the row (the tile has a vector of slack past its last row).
                            FloatVector a = FloatVector.fromArray(S, tile, tb + j).add(vb);
                            FloatVector c = FloatVector.fromArray(S, tile, tb + phaseFloats + j).add(vb);
                            int count = Math.min(2 * (stop - j), o2 - 2 * j);
                            storeRow(a.rearrange(ZIP_LO, c), y, yb + 2 * j, count);
                            storeRow(a.rearrange(ZIP_HI, c), y, yb + 2 * j + L, count - L);
                            j = stop;
                        }
                    }
                    for (; j < stop; j++) {
                        int ow = k * j;
                        for (int r = 0; r < k && ow + r < o2; r++) {
                            y[yb + ow + r] = tile[tb + r * phaseFloats + j] + bm;
                        }
                    }
                }
            }
            pos = segEnd;
            col = 0;
            if (++jh == l1) {
                jh = 0;
                jd++;
            }
        }
    }

    /**
     * Fewest trailing columns of a segment for which the interleaved write-out zips and stores them masked rather
     * than element by element (A/B: a masked pair lost to 1-3 scalar columns on fcn-up-op1, won on dcgan-up-32's 12).
     */
    private static final int ZIP_TAIL_MIN = 4;
    /** a.rearrange(ZIP_LO, b), lane i: a[i / 2] for even i, b[i / 2] for odd i; ZIP_HI likewise from lane L / 2. */
    static final VectorShuffle<Float> ZIP_LO = zip(0);
    static final VectorShuffle<Float> ZIP_HI = zip(L / 2);

    /** a.rearrange(UNZIP_EVEN, b): the even lanes of a, then those of b; UNZIP_ODD likewise the odd ones. */
    static final VectorShuffle<Float> UNZIP_EVEN = unzip(0);
    static final VectorShuffle<Float> UNZIP_ODD = unzip(1);

    private static VectorShuffle<Float> unzip(int first) {
        int[] idx = new int[L];
        for (int i = 0; i < L; i++) {
            int from = 2 * i + first; // of the 2L lanes of a, b
            idx[i] = from < L ? from : from - 2 * L; // negative (exceptional): lane from - L of b
        }
        return VectorShuffle.fromArray(S, idx, 0);
    }

    private static VectorShuffle<Float> zip(int from) {
        int[] idx = new int[L];
        for (int i = 0; i < L; i++) {
            // Negative (exceptional) indices select from the second vector of rearrange(shuffle, v).
            idx[i] = (i % 2 == 0) ? from + i / 2 : from + i / 2 - L;
        }
        return VectorShuffle.fromArray(S, idx, 0);
    }

    /**
     * The positions the next kernel call covers, {@code rem} positions before the chunk's end: a full tile, or for the
     * remainder (which starts at a tile boundary), 2-vector steps (4 x 6 tiles only) and a last 1-vector step. A 4 x
     * 6 tile is computed whole when more than 4 of its vectors are in range: cheaper than 2 + 2 + 1 narrower calls
     * (its junk columns are read from the buffers' slack of one tile and never stored).
     */
    private int tileWidth(int rem) {
        if (nr == 6) {
            return rem > 4 * L ? tileQ : rem > L ? 2 * L : L;
        }
        return rem > tileQ - L ? tileQ : L;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The first q of chunk {@code chunk} of phase group gi: a tile boundary. */
    private int chunkStart(int gi, int chunk) {
        return (int) ((long) chunk * groupTiles[gi] / chunkCount[gi]) * tileQ;
    }

    /** One past the last q of chunk {@code chunk} of phase group gi. */
    private int chunkEnd(int gi, int chunk) {
        return Math.min(groupQLength[gi], chunkStart(gi, chunk + 1));
    }

    /**
     * In a tiled band, the base that puts tile {@code q}'s channel 0 at {@code base + q}: tiles of {@code tileQ}
     * positions from the chunk's start, each holding all channels ({@code [tile][c][tileQ]}, channel stride tileQ).
     * Otherwise {@code base} itself.
     */
    private int tiledBase(int q, int chunk, int gi, int base) {
        if (!tiledBand) {
            return base;
        }
        int from = chunkStart(gi, chunk);
        int t = (q - from) / tileQ;
        return t * geo.cg * tileQ - from - t * tileQ; // tail widths start inside a tile: see tileWidth
    }

    /**
     * Copies positions {@code [0, len)} of every channel of one (batch element, group), channel stride inSpatial
     * from {@code from}, into {@code band} as {@code [tile][c][tileQ]}: each channel is read front to back (a stream
     * the prefetchers follow); the tail of the last tile is left as is (junk positions only).
     */
    private void copyTiled(float[] x, int from, int start, int len, float[] band) {
        int cg = geo.cg;
        for (int c = 0; c < cg; c++) {
            int src = from + c * geo.inSpatial;
            for (int p = start; p < len; ) {
                int t = p / tileQ;
                int run = Math.min(tileQ - p % tileQ, len - p);
                PaddedInput.copyRun(x, src + p, band, (t * cg + c) * tileQ + p % tileQ, run);
                p += run;
            }
        }
    }

    /**
     * Copies tile positions {@code [q, q + width)} of {@code rows} output channels to the output, adding the bias,
     * dropping junk positions (columns or rows past the phase's extent).
     */
    private void writeTile(Geometry.Phase ph, float[] tile, int tOff, int rows, int q, int width, int oc0, float[] y,
            int yBase, int spillEnd) {
        int l1 = geo.bufferLength[1];
        int l2 = geo.bufferLength[2];
        int[] e = ph.extent;
        int[] f = ph.first;
        int[] st = ph.step;
        int o1 = geo.out3[1];
        int o2 = geo.out3[2];
        int end = q + width;
        int row = q / l2;
        int col = q - row * l2;
        int jd = row / l1;
        int jh = row - jd * l1;
        int pos = q;
        while (pos < end) {
            int rowStart = pos - col;
            int segEnd = Math.min(end, rowStart + l2);
            if (jd < e[0] && jh < e[1] && col < e[2]) {
                int count = Math.min(segEnd, rowStart + e[2]) - pos;
                int yPos = yBase + ((f[0] + st[0] * jd) * o1 + f[1] + st[1] * jh) * o2 + f[2] + st[2] * col;
                int t0 = pos - q;
                // Rows of this unit's output channels: no other unit writes these elements.
                if (st[2] == 1) {
                    int full = count / L * L;
                    VectorMask<Float> tail = VectorMask.fromLong(S, (1L << (count - full)) - 1);
                    for (int m = 0; m < rows; m++) {
                        FloatVector vb = FloatVector.broadcast(S, bias == null ? 0f : bias[oc0 + m]);
                        int tb = tOff + m * tileQ + t0;
                        int yb = yPos + m * geo.outSpatial;
                        for (int i = 0; i < full; i += L) {
                            FloatVector.fromArray(S, tile, tb + i).add(vb).intoArray(y, yb + i);
                        }
                        if (full < count) {
                            FloatVector v = FloatVector.fromArray(S, tile, tb + full).add(vb);
                            if (yPos - yBase + full + L <= spillEnd) {
                                v.intoArray(y, yb + full); // the spill lands on positions written later
                            } else {
                                v.intoArray(y, yb + full, tail);
                            }
                        }
                    }
                } else {
                    for (int m = 0; m < rows; m++) {
                        float b = bias == null ? 0f : bias[oc0 + m];
                        int tb = tOff + m * tileQ + t0;
                        int yb = yPos + m * geo.outSpatial;
                        for (int i = 0, yi = yb; i < count; i++, yi += st[2]) {
                            y[yi] = tile[tb + i] + b;
                        }
                    }
                }
            }
            pos = segEnd;
            col = 0;
            if (++jh == l1) {
                jh = 0;
                jd++;
            }
        }
    }

    /**
     * For {@link #writeTile}: when phase {@code ph} covers its output plane in q order (a conv's single phase: first
     * position 0, unit steps), the plane index + 1 of the last valid position in {@code [q0, end)}, else 0. A unit
     * writes each of its output rows' plane positions up to there in increasing order, so a tail vector may be stored
     * whole when its extra lanes stay below this bound: they land on positions the same unit writes afterwards.
     */
    private int planeEnd(Geometry.Phase ph, int q0, int end) {
        if (!Arrays.equals(ph.first, ORIGIN) || !Arrays.equals(ph.step, UNIT_STEPS)
                || !Arrays.equals(ph.extent, geo.out3)) {
            return 0;
        }
        int l1 = geo.bufferLength[1];
        int l2 = geo.bufferLength[2];
        int[] e = ph.extent;
        for (int q = end - 1; q >= q0; q--) {
            int row = q / l2;
            int col = q - row * l2;
            int jd = row / l1;
            int jh = row - jd * l1;
            if (jd < e[0] && jh < e[1] && col < e[2]) {
                return (jd * geo.out3[1] + jh) * geo.out3[2] + col + 1;
            }
        }
        return 0;
    }

    /** A phase no tap reaches (stride larger than the dilated kernel): its outputs are the bias. */
    private void writeBias(Geometry.Phase ph, int rows, int oc0, float[] y, int yBase) {
        int[] e = ph.extent;
        int[] f = ph.first;
        int[] st = ph.step;
        for (int m = 0; m < rows; m++) {
            float b = bias == null ? 0f : bias[oc0 + m];
            int yb = yBase + m * geo.outSpatial;
            for (int jd = 0; jd < e[0]; jd++) {
                for (int jh = 0; jh < e[1]; jh++) {
                    int yr = yb + ((f[0] + st[0] * jd) * geo.out3[1] + f[1] + st[1] * jh) * geo.out3[2] + f[2];
                    for (int jw = 0; jw < e[2]; jw++) {
                        y[yr + st[2] * jw] = b;
                    }
                }
            }
        }
    }

    @Override
    public String providerName() {
        return SimdProvider.NAME;
    }

    /** Per participant (at most {@code threads} per call), kept in a pool owned by the plan and reused. */
    @Override
    public long workspaceBytes() {
        return 4L * parts * (bufferFloats + (long) geo.cg * bandStride + (long) maxGroupSize * groupBlocks * mr * tileQ
                + L + panelFloats);
    }

    /**
     * The code paths and kernel, the input's copy, the packing and the write-out this plan runs, without sizes:
     * {@link #toString()} with the extents, blocks and units left out.
     */
    @Override
    public String algorithm() {
        return paths() + ", " + inputMode() + packing() + writeOut();
    }

    private String writeOut() {
        return direct ? ", full tiles written in place" : "";
    }

    private String paths() {
        StringBuilder sb = new StringBuilder();
        sb.append(geo.transpose ? "convT by " + geo.phases.length + " stride phase(s)"
                + (maxGroupSize > 1 ? " written " + maxGroupSize + "-way interleaved " : " ") : "conv ");
        sb.append(slidingRows ? "3x3 rows of one channel sliding down the input"
                + (slidesInPlace ? " (in place)" : "") + ", straight to the output, else "
                : rowWise ? "rows of one channel straight to the output, else " : "");
        sb.append(flat && mr == 1 && geo.transpose && maxGroupSize == 2
                ? "rows of one channel's width phase pairs" + (pairSlides[0] ? " sliding down the input" : "")
                        + " zipped straight to the output, else " : "");
        sb.append(flatRows ? "tiles of output-row vectors, " : "");
        sb.append(!flatRows && Arrays.stream(vecX).anyMatch(v -> v != null) ? "tiles of phase-row vectors, " : "");
        sb.append("kernel=corr").append(flat ? "Flat" : "").append(mr).append('x').append(nr).append('v');
        return sb.toString();
    }

    private String inputMode() {
        return bandStride > 0 ? "input copied by q-band" + (tiledBand ? " in tiles" : "")
                + (fillsBand ? " (filled by the first block's kernel)" : "")
                : inPlace ? "input read in place" : "padded buffer";
    }

    private String packing() {
        if (Arrays.stream(rowOffsets).anyMatch(r -> r != null) && groupBlocks >= ROW_PACK_MIN_BLOCKS) {
            return " packed by row";
        }
        return panelFloats > 0 && groupBlocks >= PACK_MIN_BLOCKS ? " packed per tap" : "";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("simd(").append(paths()).append(" L=").append(L);
        sb.append(", taps/phase=");
        int shown = Math.min(geo.phases.length, 8);
        for (int p = 0; p < shown; p++) {
            sb.append(p == 0 ? "" : ",").append(geo.phases[p].taps.length);
        }
        if (shown < geo.phases.length) {
            sb.append(",...");
        }
        sb.append(", ").append(inputMode())
                .append(' ').append(geo.bufferPhases[0] * geo.bufferPhases[1] * geo.bufferPhases[2])
                .append(" plane(s) ").append(geo.bufferLength[0]).append('x').append(geo.bufferLength[1])
                .append('x').append(geo.bufferLength[2]);
        sb.append(", oc blocks=").append(blocks).append(" in groups of ").append(groupBlocks)
                .append(", c blocks=").append(cBlock.length - 1)
                .append(", q-chunk=").append(chunkQ.length > 0 ? chunkQ[0] : 0)
                .append(", tile=").append(mr).append('x').append(tileQ).append(packing()).append(writeOut());
        sb.append(", units=").append(units).append(", parts=").append(parts);
        sb.append(") for ").append(problem);
        return sb.toString();
    }
}
