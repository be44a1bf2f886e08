package dev.vconv.simd;

import static dev.vconv.simd.F32CorrKernels.L;
import static dev.vconv.simd.F32CorrKernels.S;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import dev.vconv.spi.AbstractConvPlan;
import java.util.concurrent.ExecutorService;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * A 2D depthwise 3x3 convolution with stride 2 (MobileNet's downsampling layers): each channel's rows computed at
 * full width, stride 1 along the width, from a plain padded copy, and only their even columns kept.
 *
 * <p>Why: the direct plan splits a stride-2 input into four phase planes, and that split is vector unzips, one
 * two-vector {@code rearrange} per vector of each phase row: on this project's machine about 11 cycles per two input
 * vectors, three times the 9 FMAs an output vector needs, so the copy took half the time (session 18-19 profiles:
 * 41-53%). Here the input is copied as it is (rows and padding, no unzip), the sums run at full width (twice the
 * FMAs, which were a quarter of the time), and one unzip per output vector keeps the even columns: a quarter of the
 * unzips, on the output, which is a quarter of the input's size.
 *
 * <p>Per channel the rows slide down the copy as {@link SlidingRows#rows3x3} does, two input rows per output row
 * (stride 2 along the height): input row {@code 2r + 2} completes output row {@code r} and starts row {@code r + 1},
 * so each input row is loaded once, at its three tap columns. Each output element is summed in the order of
 * {@code rows3x3} (kernel rows, then columns, from zero), then the bias: a dot product of 9 terms, the direct plan's
 * error bound, exact on small integers; non-finite values propagate as in any direct sum. Units are (image, channel)
 * pairs, each writing only its own output plane, so results do not depend on the thread count.
 *
 * <p>With zero padding of 1 and even input sizes (MobileNet's layers) the padded copy is the input shifted by one row
 * and column, and no output reads past its last row or column: the rows read the input in place (its first column
 * through a load whose lane 0 is masked off, the padded first row as zeros), so the input's trip from memory happens
 * inside the FMA loop instead of in a copy that stalls on it (one-JVM A/B against the copy: 1.57-1.63x at 96 channels
 * of 112^2, 2.09-2.14x at 576 of 14^2). A plane within 2L - 1 floats of the array's end (the input's last channel,
 * unless the array runs on) is copied: its last strip's loads would run past the array's end.
 */
final class DepthwiseStride2Plan extends AbstractConvPlan {
    private final int channels;
    private final int batch;
    private final int height;
    private final int width;
    private final int outHeight;
    private final int outWidth;
    /** The padded copy of one channel: rows of {@code padWidth}, {@code padHeight} of them, then slack. */
    private final int padHeight;
    private final int padWidth;
    private final int bufferFloats;
    /** Per padded row and column: the input row and column it reads, or -1 for a zero ({@link PaddingMode}). */
    private final int[] rowSource;
    private final int[] colSource;
    /**
     * The padded columns {@code [runFrom, runTo)} read consecutive input columns (the interior, copied as one run);
     * the rest are copied one by one.
     */
    private final int runFrom;
    private final int runTo;
    /**
     * Zero padding of 1 before each axis, and even input sizes (so no output reads past the input's last row or
     * column): the rows read the input in place, the one padded row and column they read being zeros.
     */
    private final boolean inPlace;
    private final float[] weight;
    private final float[] bias;
    private final int parts;
    private final ExecutorService executor;
    private final ScratchPool<float[]> pool = new ScratchPool<>();
    private final Parallel.Work<float[]> work = new Parallel.Work<>() {
        @Override
        public long units() {
            return (long) batch * channels;
        }

        @Override
        public float[] open() {
            float[] b = pool.poll();
            return b != null ? b : new float[bufferFloats];
        }

        @Override
        public boolean unit(float[] buf, long u, float[] x, int xOff, float[] y, int yOff) {
            int c = (int) (u % channels);
            int plane = xOff + (int) u * height * width;
            float bc = bias == null ? 0f : bias[c];
            int yc = yOff + (int) u * outHeight * outWidth;
            // Reads reach from one element before the plane (its first column's masked lane) to 2L - 1 past its last
            // (junk lanes of its last strip); both inside the array, as a masked load at a negative offset or past
            // the end takes the Vector API's slow path, which can leave C2's code of the whole loop on boxed
            // vectors (40x slower, seen in an A/B of the same code for stride 1). Written so that it cannot overflow.
            if (inPlace && plane >= 1 && plane <= x.length - height * width - 2 * L) {
                // Padded (r, c) is the input's (r - 1, c - 1): row 0 and column 0 read zero, the rest the input.
                rows(x, plane - width - 1, width, true, weight, 9 * c, bc, y, yc);
            } else {
                copy(x, plane, buf);
                rows(buf, 0, padWidth, false, weight, 9 * c, bc, y, yc);
            }
            return true;
        }

        @Override
        public void close(float[] buf) {
            pool.offer(buf);
        }
    };

    /**
     * Whether the problem is a 2D depthwise conv (one input and one output channel per group) with a 3x3 kernel,
     * stride 2 and dilation 1 on both axes; any padding and padding mode.
     */
    static boolean applies(ConvProblem problem) {
        ConvDescriptor d = problem.descriptor();
        int[] k = problem.kernel3();
        int[] s = problem.stride3();
        int[] dil = problem.dilation3();
        return !d.isTranspose() && d.rank() == 2 && d.groups() == d.inChannels() && d.groups() == d.outChannels()
                && k[1] == 3 && k[2] == 3 && s[1] == 2 && s[2] == 2 && dil[1] == 1 && dil[2] == 1
                && (long) (problem.inputSize3()[1] + problem.padBefore3()[1] + problem.padAfter3()[1] + 1)
                        * (problem.inputSize3()[2] + problem.padBefore3()[2] + problem.padAfter3()[2]) + 4L * L
                        <= Integer.MAX_VALUE;
    }

    DepthwiseStride2Plan(ConvProblem problem, float[] weight, float[] bias, int threads, ExecutorService executor) {
        super(problem, weight, bias);
        if (!applies(problem)) {
            throw new IllegalArgumentException("problem: " + problem + ": not a 2D depthwise 3x3 conv with stride 2 "
                    + "and dilation 1");
        }
        ConvDescriptor d = problem.descriptor();
        this.executor = executor;
        this.weight = weight.clone();
        this.bias = bias == null ? null : bias.clone();
        channels = d.inChannels();
        batch = problem.batch();
        height = problem.inputSize3()[1];
        width = problem.inputSize3()[2];
        outHeight = problem.outputSize3()[1];
        outWidth = problem.outputSize3()[2];
        int padTop = problem.padBefore3()[1];
        int padLeft = problem.padBefore3()[2];
        // The rows and columns the outputs read: 2 (out - 1) + 3 of each, from -pad on.
        padHeight = 2 * outHeight + 1;
        padWidth = 2 * outWidth + 1;
        PaddingMode mode = d.paddingMode();
        rowSource = new int[padHeight];
        for (int r = 0; r < padHeight; r++) {
            rowSource[r] = mode.sourceIndex(r - padTop, height);
        }
        colSource = new int[padWidth];
        for (int j = 0; j < padWidth; j++) {
            colSource[j] = mode.sourceIndex(j - padLeft, width);
        }
        int from = Math.min(padWidth, Math.max(0, padLeft));
        int to = from;
        while (to < padWidth && colSource[to] >= 0 && colSource[to] == colSource[from] + to - from) {
            to++;
        }
        runFrom = from;
        runTo = to;
        inPlace = mode == PaddingMode.ZEROS && padTop == 1 && padLeft == 1 && height % 2 == 0 && width % 2 == 0
                && padHeight == height + 1 && padWidth == width + 1;
        // Slack past the last row: a strip's loads reach up to 2L - 1 columns past the padded row's end.
        bufferFloats = padHeight * padWidth + 4 * L;
        parts = (int) Math.max(1, Math.min(threads, (long) batch * channels));
    }

    @Override
    protected void compute(float[] x, int xOff, float[] y, int yOff) {
        Parallel.run(parts, executor, work, x, xOff, y, yOff);
    }

    /**
     * One channel's padded rows into {@code buf}, from its input plane at {@code plane}: interior columns copied as a
     * run, padding columns by their source (zero, or the input column the mode reflects, replicates or wraps to);
     * rows that read zero padding are zeroed.
     */
    private void copy(float[] x, int plane, float[] buf) {
        for (int r = 0; r < padHeight; r++) {
            int to = r * padWidth;
            int sr = rowSource[r];
            if (sr < 0) {
                java.util.Arrays.fill(buf, to, to + padWidth, 0f);
                continue;
            }
            int row = plane + sr * width;
            for (int j = 0; j < runFrom; j++) {
                buf[to + j] = colSource[j] < 0 ? 0f : x[row + colSource[j]];
            }
            if (runTo > runFrom) {
                PaddedInput.copyRun(x, row + colSource[runFrom], buf, to + runFrom, runTo - runFrom);
            }
            for (int j = Math.max(runFrom, runTo); j < padWidth; j++) {
                buf[to + j] = colSource[j] < 0 ? 0f : x[row + colSource[j]];
            }
        }
    }

    /**
     * Output rows of one channel from its padded copy: per strip of 2L full-width columns (L output columns), the
     * rows slide down two input rows per output row; the even lanes of the two full-width vectors are the outputs.
     */
    private void rows(float[] buf, int origin, int xRow, boolean inInput, float[] w, int wOff, float b, float[] y,
            int y0) {
        FloatVector w0 = FloatVector.broadcast(S, w[wOff]);
        FloatVector w1 = FloatVector.broadcast(S, w[wOff + 1]);
        FloatVector w2 = FloatVector.broadcast(S, w[wOff + 2]);
        FloatVector w3 = FloatVector.broadcast(S, w[wOff + 3]);
        FloatVector w4 = FloatVector.broadcast(S, w[wOff + 4]);
        FloatVector w5 = FloatVector.broadcast(S, w[wOff + 5]);
        FloatVector w6 = FloatVector.broadcast(S, w[wOff + 6]);
        FloatVector w7 = FloatVector.broadcast(S, w[wOff + 7]);
        FloatVector w8 = FloatVector.broadcast(S, w[wOff + 8]);
        FloatVector vb = FloatVector.broadcast(S, b);
        FloatVector z = FloatVector.zero(S);
        for (int j = 0; j < outWidth; j += L) {
            // Output columns [j, j + L) from full-width columns [2j, 2j + 2L), masked to the row's end.
            VectorMask<Float> m = VectorMask.fromLong(S, (1L << Math.min(L, outWidth - j)) - 1);
            // In the input, the first strip's column 0 is padding: lane 0 of its first load is not read (zero).
            VectorMask<Float> first = inInput && j == 0 ? ALL_BUT_LANE_0 : ALL;
            int o = origin + 2 * j;
            // Padded row 0: in the input it is padding, zeros as a copy would hold (same products, same sums).
            FloatVector a0 = inInput ? z : FloatVector.fromArray(S, buf, o);
            FloatVector a1 = inInput ? z : FloatVector.fromArray(S, buf, o + 1);
            FloatVector a2 = inInput ? z : FloatVector.fromArray(S, buf, o + 2);
            FloatVector b0 = inInput ? z : FloatVector.fromArray(S, buf, o + L);
            FloatVector b1 = inInput ? z : FloatVector.fromArray(S, buf, o + L + 1);
            FloatVector b2 = inInput ? z : FloatVector.fromArray(S, buf, o + L + 2);
            // q: kernel row 0 of output row r, from input row 2r.
            FloatVector q0 = w2.fma(a2, w1.fma(a1, w0.fma(a0, z)));
            FloatVector q1 = w2.fma(b2, w1.fma(b1, w0.fma(b0, z)));
            for (int r = 0, at = y0 + j; r < outHeight; r++, at += outWidth) {
                o += xRow;
                a0 = FloatVector.fromArray(S, buf, o, first);
                a1 = FloatVector.fromArray(S, buf, o + 1);
                a2 = FloatVector.fromArray(S, buf, o + 2);
                b0 = FloatVector.fromArray(S, buf, o + L);
                b1 = FloatVector.fromArray(S, buf, o + L + 1);
                b2 = FloatVector.fromArray(S, buf, o + L + 2);
                q0 = w5.fma(a2, w4.fma(a1, w3.fma(a0, q0)));
                q1 = w5.fma(b2, w4.fma(b1, w3.fma(b0, q1)));
                o += xRow;
                a0 = FloatVector.fromArray(S, buf, o, first);
                a1 = FloatVector.fromArray(S, buf, o + 1);
                a2 = FloatVector.fromArray(S, buf, o + 2);
                b0 = FloatVector.fromArray(S, buf, o + L);
                b1 = FloatVector.fromArray(S, buf, o + L + 1);
                b2 = FloatVector.fromArray(S, buf, o + L + 2);
                FloatVector p0 = w8.fma(a2, w7.fma(a1, w6.fma(a0, q0))).add(vb);
                FloatVector p1 = w8.fma(b2, w7.fma(b1, w6.fma(b0, q1))).add(vb);
                // Output row r of this unit's channel: written by this unit only.
                p0.rearrange(SimdConvPlan.UNZIP_EVEN, p1).intoArray(y, at, m);
                // Input row 2r + 2 is kernel row 0 of output row r + 1 (after the last row: unused).
                q0 = w2.fma(a2, w1.fma(a1, w0.fma(a0, z)));
                q1 = w2.fma(b2, w1.fma(b1, w0.fma(b0, z)));
            }
        }
    }

    private static final VectorMask<Float> ALL = VectorMask.fromLong(S, -1L >>> (64 - L));
    private static final VectorMask<Float> ALL_BUT_LANE_0 = VectorMask.fromLong(S, (-1L >>> (64 - L)) & ~1L);

    @Override
    public String providerName() {
        return SimdProvider.NAME;
    }

    @Override
    public long workspaceBytes() {
        return 4L * parts * bufferFloats;
    }

    @Override
    public String algorithm() {
        return "conv depthwise 3x3 stride 2 by full-width rows sliding down a padded copy, even columns kept";
    }

    @Override
    public String toString() {
        return "simd(" + algorithm() + ", padded copy " + padHeight + "x" + padWidth
                + (inPlace ? " (zero padding 1: read in place, but planes at the array's end)" : "") + ", units="
                + (long) batch
                * channels + ", parts=" + parts + ") for " + problem();
    }
}
