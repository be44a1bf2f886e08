package dev.vconv.simd;

import static dev.vconv.simd.F32CorrKernels.L;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import dev.vconv.spi.AbstractConvPlan;
import java.util.concurrent.ExecutorService;

/**
 * A convolution whose dilated kernel is no longer than its stride along every axis ({@code d (k - 1) + 1 <= s}): the
 * ViT patch embedding (kernel = stride = 16), U-Net's and Swin's 2x2 stride-2 downsampling, ResNet's 1x1 stride-2
 * shortcut. Each output reads its own patch of the padded input and no two patches share an element, so the
 * convolution is a 1x1 convolution of the patches: with {@code T} the kernel's taps, the patch input
 * {@code P[c T + t][o] = xpad[c][s o - p + t d]} (space-to-depth) has {@code C T} channels on the output grid, and
 * {@code y = W P} with the weight tensor as it is: PyTorch's {@code (C_out, C_in / groups, k...)} is, flattened, the
 * 1x1 conv's {@code (C_out, C_in T / groups)} in that channel order, groups included.
 *
 * <p>This plan writes {@code P} for a chunk of images (every participant a share of the (image, channel) pairs),
 * then runs the direct plan of that 1x1 conv on it: the pointwise kernels (4 x 6 packed tiles, output written in
 * place), where the direct plan of the original problem sums {@code T} taps over phase planes with per-tap packing
 * (unet-up-2x2.adjoint's profile, session 17: copy 24%, per-tap packing 16%, the 8 x 2 kernel 55%). The sums are
 * plain dot products of {@code C T / groups} terms, so the error is the direct plan's bound, exact on small integers,
 * and non-finite values propagate as in the reference (nothing is transformed). {@code P}'s positions that read zero
 * padding are zero from its allocation and never written. Results do not depend on the thread count: the gather
 * writes each element of {@code P} from the input alone, and the 1x1 plan's partition is fixed.
 */
final class PatchPlan extends AbstractConvPlan {
    /**
     * Floats of patch input per chunk of images, at most (one image at least): 4 MB, well inside the L3, so that the
     * 1x1 plan reads what the gather just wrote from cache.
     */
    static final int CHUNK_FLOATS = 1 << 20;

    private final int batch;
    private final int inChannels;
    private final int outChannels;
    private final int inSpatial;
    private final int outSpatial;
    /** Taps of the kernel, and per axis (depth, height, width) its taps, stride, dilation and output extent. */
    private final int taps;
    private final int[] k3;
    private final int[] out3;
    private final int[] in3;
    /** Per axis a and tap t: the input index read by output o, {@code src[a][t * out3[a] + o]}, or -1 (zero). */
    private final int[][] src = new int[3][];
    /**
     * Per width tap: the input column of output column 0 where the tap reads columns {@code first + s * o} for every
     * output column (no padding on the way), else -1; and the width stride.
     */
    private final int[] widthFirst;
    private final int strideW;
    /**
     * 2 or 4 where each output's width patch is {@code strideW} consecutive columns that every output reads from the
     * input (kernel width = width stride, dilation 1, no padding on the way): a row is then dealt to all its width
     * taps in one pass of vector unzips; else 0.
     */
    private final int dealWidth;
    /** Images per chunk, the 1x1 plans for a full chunk and for the last, shorter one (or null). */
    private final int chunk;
    private final ConvPlan inner;
    private final ConvPlan tail;
    private final int parts;
    private final ExecutorService executor;
    private final ScratchPool<float[]> pool = new ScratchPool<>();

    /** Whether the problem is a convolution whose patches do not overlap along any axis, with a stride above 1. */
    static boolean applies(ConvProblem problem) {
        ConvDescriptor d = problem.descriptor();
        if (d.isTranspose()) {
            return false;
        }
        boolean strided = false;
        for (int a = 0; a < 3; a++) {
            int span = problem.dilation3()[a] * (problem.kernel3()[a] - 1) + 1;
            if (span > problem.stride3()[a]) {
                return false;
            }
            strided |= problem.stride3()[a] > 1;
        }
        return strided && scratchFits(problem);
    }

    /** Whether one image's patch input can be indexed with an int. */
    static boolean scratchFits(ConvProblem problem) {
        long taps = 1;
        for (int k : problem.kernel3()) {
            taps *= k;
        }
        long outSpatial = (long) problem.outputShape().elementCount() / problem.batch()
                / problem.descriptor().outChannels();
        return (long) problem.descriptor().inChannels() * taps * outSpatial <= Integer.MAX_VALUE;
    }

    /**
     * Whether it is expected to beat the direct plan. See the A/B figures in simd/README.md item 10.
     */
    static boolean pays(ConvProblem problem) {
        ConvDescriptor d = problem.descriptor();
        return applies(problem) && d.outChannels() / d.groups() >= PAYS_OUT_CHANNELS;
    }

    /** Output channels per group from which the plan is chosen (see {@link #pays}). */
    static final int PAYS_OUT_CHANNELS = 32;

    PatchPlan(ConvProblem problem, float[] weight, float[] bias, int threads, ExecutorService executor) {
        this(problem, weight, bias, threads, executor, CHUNK_FLOATS);
    }

    /** A plan whose chunks of images hold at most {@code chunkFloats} floats of patch input (one image at least). */
    PatchPlan(ConvProblem problem, float[] weight, float[] bias, int threads, ExecutorService executor,
            int chunkFloats) {
        super(problem, weight, bias);
        if (!applies(problem)) {
            throw new IllegalArgumentException("problem: " + problem + ": not a convolution whose dilated kernel is "
                    + "at most its stride along every axis, with a stride above 1");
        }
        ConvDescriptor d = problem.descriptor();
        this.executor = executor;
        batch = problem.batch();
        inChannels = d.inChannels();
        outChannels = d.outChannels();
        k3 = problem.kernel3();
        out3 = problem.outputSize3();
        in3 = problem.inputSize3();
        int[] s3 = problem.stride3();
        int[] d3 = problem.dilation3();
        int[] p3 = problem.padBefore3();
        PaddingMode mode = d.paddingMode();
        taps = k3[0] * k3[1] * k3[2];
        inSpatial = in3[0] * in3[1] * in3[2];
        outSpatial = out3[0] * out3[1] * out3[2];
        for (int a = 0; a < 3; a++) {
            src[a] = new int[k3[a] * out3[a]];
            for (int t = 0; t < k3[a]; t++) {
                for (int o = 0; o < out3[a]; o++) {
                    src[a][t * out3[a] + o] = mode.sourceIndex(s3[a] * o - p3[a] + t * d3[a], in3[a]);
                }
            }
        }
        strideW = s3[2];
        widthFirst = new int[k3[2]];
        for (int t = 0; t < k3[2]; t++) {
            int first = src[2][t * out3[2]];
            for (int o = 0; o < out3[2] && first >= 0; o++) {
                if (src[2][t * out3[2] + o] != first + strideW * o) {
                    first = -1;
                }
            }
            widthFirst[t] = first;
        }
        boolean consecutive = k3[2] == strideW;
        for (int t = 0; t < k3[2] && consecutive; t++) {
            consecutive = widthFirst[0] >= 0 && widthFirst[t] == widthFirst[0] + t;
        }
        dealWidth = consecutive && (strideW == 2 || strideW == 4) ? strideW : 0;

        int perImage = inChannels * taps * outSpatial;
        chunk = (int) Math.max(1, Math.min(batch, chunkFloats / Math.max(1, perImage)));
        inner = SimdConvPlan.create(pointwise(problem, chunk), weight, bias, threads, executor);
        tail = batch % chunk == 0 ? null
                : SimdConvPlan.create(pointwise(problem, batch % chunk), weight, bias, threads, executor);
        parts = (int) Math.max(1, Math.min(threads, (long) chunk * inChannels));
        gather = new Gather(chunk);
        tailGather = new Gather(batch % chunk);
    }

    /** The 1x1 conv of {@code images} images' patch inputs: {@code C T} channels on the output grid. */
    private static ConvProblem pointwise(ConvProblem problem, int images) {
        ConvDescriptor d = problem.descriptor();
        int rank = d.rank();
        int taps = 1;
        for (int k : problem.kernel3()) {
            taps *= k;
        }
        ConvDescriptor sub = ConvDescriptor.conv(rank).inChannels(d.inChannels() * taps)
                .outChannels(d.outChannels()).groups(d.groups()).bias(d.bias()).kernelSize(1).stride(1)
                .padding(0).dilation(1).build();
        int[] shape = new int[rank + 2];
        shape[0] = images;
        shape[1] = d.inChannels() * taps;
        int[] out = problem.outputSize3();
        System.arraycopy(out, 3 - rank, shape, 2, rank);
        return sub.problem(shape);
    }

    @Override
    protected void compute(float[] x, int xOff, float[] y, int yOff) {
        float[] p = pool.poll();
        if (p == null) {
            p = new float[chunk * inChannels * taps * outSpatial];
        }
        try {
            for (int n0 = 0; n0 < batch; n0 += chunk) {
                ConvPlan plan = n0 + chunk <= batch ? inner : tail;
                int images = n0 + chunk <= batch ? chunk : batch - n0;
                Parallel.run(parts, executor, images == chunk ? gather : tailGather, x,
                        xOff + n0 * inChannels * inSpatial, p, 0);
                plan.execute(p, 0, y, yOff + n0 * outChannels * outSpatial);
            }
        } finally {
            pool.offer(p);
        }
    }

    /** The gathers of a full chunk and of the last one; one object each for every call. */
    private final Gather gather;
    private final Gather tailGather;

    /** The gather's units: (image of the chunk, input channel), each writing that channel's T patch planes. */
    private final class Gather implements Parallel.Work<Object> {
        private final int images;

        Gather(int images) {
            this.images = images;
        }

        @Override
        public long units() {
            return (long) images * inChannels;
        }

        @Override
        public Object open() {
            return this;
        }

        @Override
        public boolean unit(Object scratch, long u, float[] x, int xOff, float[] p, int pOff) {
            gatherChannel(x, xOff + (int) u * inSpatial, p, pOff + (int) u * taps * outSpatial);
            return true;
        }

        @Override
        public void close(Object scratch) {
        }
    }

    /**
     * Writes one channel's T patch planes {@code p[from + t * outSpatial + o]} from its input plane at {@code xc}: per
     * (depth tap, height tap, output depth, output row) one row of output columns per width tap; rows that read zero
     * padding are skipped (zero from the allocation).
     */
    private void gatherChannel(float[] x, int xc, float[] p, int from) {
        int ow = out3[2];
        for (int td = 0; td < k3[0]; td++) {
            for (int th = 0; th < k3[1]; th++) {
                for (int od = 0; od < out3[0]; od++) {
                    int sd = src[0][td * out3[0] + od];
                    if (sd < 0) {
                        continue;
                    }
                    for (int oh = 0; oh < out3[1]; oh++) {
                        int sh = src[1][th * out3[1] + oh];
                        if (sh < 0) {
                            continue;
                        }
                        int row = xc + (sd * in3[1] + sh) * in3[2];
                        int dst = from + ((td * k3[1] + th) * k3[2]) * outSpatial + (od * out3[1] + oh) * ow;
                        if (dealWidth == 2) {
                            PaddedInput.copyPair(x, row + widthFirst[0], p, dst, dst + outSpatial, ow, ow);
                            continue;
                        } else if (dealWidth == 4) {
                            dealFour(x, row + widthFirst[0], p, dst, outSpatial, ow);
                            continue;
                        }
                        for (int tw = 0; tw < k3[2]; tw++, dst += outSpatial) {
                            int first = widthFirst[tw];
                            if (first >= 0) {
                                copyStrided(x, row + first, strideW, p, dst, ow);
                            } else {
                                int[] sw = src[2];
                                for (int o = 0, i = tw * ow; o < ow; o++, i++) {
                                    if (sw[i] >= 0) {
                                        p[dst + o] = x[row + sw[i]];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code dst[to + t * plane + j] = src[from + 4 j + t]} for t below 4 and j below count: a row of 4-column patches
     * dealt to its 4 width taps ({@link PaddedInput#dealFour}), the last four vectors ending at count (overlapping the
     * ones before); one by one where count is below L or the last four would pass the end of src.
     */
    private static void dealFour(float[] src, int from, float[] dst, int to, int plane, int count) {
        if (count >= L && from + 4 * count <= src.length) {
            for (int j = 0; j < count; j += L) {
                int i = Math.min(j, count - L);
                PaddedInput.dealFour(src, from + 4 * i, dst, to + i, plane);
            }
            return;
        }
        for (int t = 0; t < 4; t++) {
            for (int j = 0; j < count; j++) {
                dst[to + t * plane + j] = src[from + 4 * j + t];
            }
        }
    }

    /** {@code dst[to + j] = src[from + s j]} for j below count. */
    private static void copyStrided(float[] src, int from, int s, float[] dst, int to, int count) {
        if (s == 1) {
            PaddedInput.copyRun(src, from, dst, to, count);
        } else if (s == 2) {
            PaddedInput.copyEveryOther(src, from, dst, to, count);
        } else {
            for (int j = 0, i = from; j < count; j++, i += s) {
                dst[to + j] = src[i];
            }
        }
    }

    @Override
    public String providerName() {
        return SimdProvider.NAME;
    }

    @Override
    public long workspaceBytes() {
        return 4L * chunk * inChannels * taps * outSpatial + inner.workspaceBytes()
                + (tail == null ? 0 : tail.workspaceBytes());
    }

    @Override
    public String algorithm() {
        return "conv of non-overlapping patches as a 1x1 conv of " + taps + " x " + inChannels + " channels by "
                + inner.algorithm();
    }

    @Override
    public String toString() {
        return "simd(conv of non-overlapping patches: " + taps + " taps x " + inChannels + " channels gathered per "
                + chunk + " image(s) (parts=" + parts + "), then " + inner + ")";
    }
}
