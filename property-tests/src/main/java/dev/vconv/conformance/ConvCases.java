package dev.vconv.conformance;

import dev.vconv.ConvDescriptor;
import dev.vconv.PaddingMode;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.statistics.Statistics;

/**
 * jqwik arbitraries of valid cases, built valid by construction (nothing is filtered for validity).
 *
 * <p>A case is decoded from a fixed-length list of random "choices" (non-negative ints). Every decision reads the next
 * choice, and choice 0 always means the simplest option (rank 1, groups 1, kernel 1, stride 1, no padding, ...).
 * jqwik shrinks the list towards zeros, so a failing case shrinks towards a simple one while staying valid.
 *
 * <p>Sizes are kept small (at most {@link #MAX_MACS} multiply-accumulates) so the reference is fast, while covering the
 * awkward corners on purpose: stride larger than the kernel, kernels larger than the input (with padding), size-1
 * axes, odd sizes, output padding up to {@code max(stride, dilation) - 1}, every padding mode at its limit (reflect
 * {@code < size}, circular {@code <= size}), depthwise, and channel counts around vector lengths (15, 16, 17, 31, 32,
 * 33).
 */
public final class ConvCases {
    /** The largest case the arbitraries produce, in multiply-accumulates. */
    public static final long MAX_MACS = 100_000;

    private static final int CHOICES = 48;
    private static final int[] VECTORISH = {15, 16, 17, 31, 32, 33};

    private ConvCases() {
    }

    /** Convolutions and transposed convolutions, about half each. */
    public static Arbitrary<ConvCase> any() {
        return cases(null, MAX_MACS);
    }

    /** Convolutions only (every padding mode, 'same', 'valid'). */
    public static Arbitrary<ConvCase> convs() {
        return cases(false, MAX_MACS);
    }

    /** Transposed convolutions only. */
    public static Arbitrary<ConvCase> transposed() {
        return cases(true, MAX_MACS);
    }

    /**
     * Cases of at most {@code maxMacs} multiply-accumulates; {@code transposed} null for both kinds.
     */
    public static Arbitrary<ConvCase> cases(Boolean transposed, long maxMacs) {
        return choices().map(choices -> decode(choices, transposed))
                .filter(c -> c.macs() <= maxMacs);
    }

    /**
     * Convolutions that have an adjoint transposed convolution: zeros padding, explicit symmetric padding (or
     * 'valid'), no bias.
     */
    public static Arbitrary<ConvCase> adjointConvs() {
        return choices().map(choices -> decode(choices, false))
                .filter(c -> c.descriptor().paddingMode() == PaddingMode.ZEROS
                        && c.descriptor().paddingRule() != ConvDescriptor.PaddingRule.SAME)
                .map(c -> ConvCase.of(c.descriptor().toBuilder().bias(false).build(), c.inputShape()))
                .filter(c -> c.macs() <= MAX_MACS);
    }

    /**
     * 3x3 stride-1 convolutions and transposed convolutions with 16 to 80 channels per group (3D: 16 to 40), 2D
     * and one in five 3D (3x3x3): the shapes where a kernel may use a fast algorithm (Winograd F(2x2, 3x3),
     * F(2x2x2, 3x3x3)), which the general cases, with their few channels, rarely reach. Dilation 1 to 4, every
     * padding mode (and 'same') for convs, output padding below the dilation for transposed ones, sizes 1 to 20 (3D:
     * 1 to 7), up to {@code 40 MAX_MACS} multiply-accumulates.
     */
    public static Arbitrary<ConvCase> threeByThreeStrideOne() {
        return choices().map(ConvCases::decodeThreeByThree).filter(c -> c.macs() <= 40L * MAX_MACS);
    }

    static ConvCase decodeThreeByThree(List<Integer> raw) {
        Choices c = new Choices(raw);
        boolean transposed = c.chance(40);
        int rank = c.chance(20) ? 3 : 2;
        int groups = c.chance(25) ? 2 : 1;
        int most = rank == 3 ? 40 : 80;
        int in = groups * c.between(16, most);
        int out = groups * c.between(16, most);
        int[] dilation = new int[rank];
        int[] padBefore = new int[rank];
        int[] outputPadding = new int[rank];
        for (int a = 0; a < rank; a++) {
            dilation[a] = c.between(1, 4);
            padBefore[a] = c.between(0, (transposed ? 2 : 1) * dilation[a]);
            outputPadding[a] = c.pick(dilation[a]);
        }
        ConvDescriptor.Builder b = transposed ? ConvDescriptor.convTranspose(rank) : ConvDescriptor.conv(rank);
        b.inChannels(in).outChannels(out).groups(groups).kernelSize(3).stride(1).dilation(dilation)
                .bias(c.chance(50));
        if (transposed) {
            b.padding(padBefore).outputPadding(outputPadding);
        } else {
            b.paddingMode(PaddingMode.values()[c.pick(PaddingMode.values().length)]);
            if (c.chance(20)) {
                b.padding("same");
            } else {
                b.padding(padBefore);
            }
        }
        ConvDescriptor d = b.build();
        int[] shape = new int[rank + 2];
        shape[0] = c.between(1, 2);
        shape[1] = in;
        for (int a = 0; a < rank; a++) {
            int size = c.between(1, rank == 3 ? 7 : 20);
            if (transposed) {
                // output = in + 2d - 2p + output_padding >= 1
                size = Math.max(size, 2 * d.padBefore()[a] - 2 * dilation[a] + 1 - d.outputPadding()[a]);
            } else {
                // The padded input must hold the dilated kernel, and reflect padding needs padding < size.
                size = Math.max(size, Math.max(2 * dilation[a] + 1 - d.padBefore()[a] - d.padAfter()[a],
                        Math.max(d.padBefore()[a], d.padAfter()[a]) + 1));
            }
            shape[2 + a] = size;
        }
        return ConvCase.of(d, shape);
    }

    /**
     * 2D transposed convolutions with kernel 4 and stride 2 and 64 to 80 channels per group each way: the shapes where
     * a kernel may use Winograd's F(2x2, 2x2) or F(3x3, 2x2) on each stride phase (DCGAN-style upsampling), which
     * the general cases, with their few channels, never reach. Padding 0 to 3 per axis, output padding 0 or 1,
     * dilation 1 (one in five 2, where no phase has a 2x2 grid), groups 1 or 2, sizes 4 to 12 (from about 8, most of a block of tiles is real,
     * so a kernel that weighs that takes the fast path), one in four a batch of 2, up to {@code 150 MAX_MACS}
     * multiply-accumulates.
     */
    public static Arbitrary<ConvCase> kernelFourStrideTwoTransposed() {
        return choices().map(ConvCases::decodeKernelFour).filter(c -> c.macs() <= 150L * MAX_MACS);
    }

    static ConvCase decodeKernelFour(List<Integer> raw) {
        Choices c = new Choices(raw);
        int groups = c.chance(25) ? 2 : 1;
        int in = groups * c.between(64, 80);
        int out = groups * c.between(64, 80);
        int dilation = c.chance(20) ? 2 : 1;
        int[] padBefore = {c.between(0, 3), c.between(0, 3)};
        // Output padding 1 makes that axis's output odd, so its two phases' extents differ (no fast path): one in five.
        int[] outputPadding = {c.chance(20) ? 1 : 0, c.chance(20) ? 1 : 0};
        ConvDescriptor d = ConvDescriptor.convTranspose(2).inChannels(in).outChannels(out).groups(groups)
                .kernelSize(4).stride(2).dilation(dilation).padding(padBefore).outputPadding(outputPadding)
                .bias(c.chance(50)).build();
        int[] shape = {c.chance(25) ? 2 : 1, in, 0, 0};
        for (int a = 0; a < 2; a++) {
            // output = 2 (in - 1) - 2p + 3d + output_padding + 1 >= 1 holds from in = 4
            shape[2 + a] = c.between(4, 12);
        }
        return ConvCase.of(d, shape);
    }

    /**
     * 3D transposed convolutions whose depth kernel is twice the depth stride, dilation 1 along depth, and 16 to 24
     * channels per group each way: the shapes where a kernel may use Winograd's F(2, 2) along depth (V-Net-style
     * upsampling), which the general cases, with their few channels, never reach. Depth stride 2 (one in five 1 or
     * 3); height and width kernels 1 to 3, strides 1 or 2, dilation 1 (one in five 2); padding up to half the dilated
     * kernel per axis (the output stays non-empty), output padding up to its maximum one time in four; groups 1 or 2;
     * input depth 1 to 6, height and width 2 to 8 (even but one time in five), one in four a batch of 2; up to
     * {@code 150 MAX_MACS} multiply-accumulates.
     */
    public static Arbitrary<ConvCase> depthKernelTwiceStrideTransposed() {
        return choices().map(ConvCases::decodeDepthKernel).filter(c -> c.macs() <= 150L * MAX_MACS);
    }

    static ConvCase decodeDepthKernel(List<Integer> raw) {
        Choices c = new Choices(raw);
        int groups = c.chance(25) ? 2 : 1;
        int in = groups * c.between(16, 24);
        int out = groups * c.between(16, 24);
        int depthStride = c.chance(20) ? (c.chance(50) ? 1 : 3) : 2;
        int[] kernel = {2 * depthStride, c.between(1, 3), c.between(1, 3)};
        int[] stride = {depthStride, c.between(1, 2), c.between(1, 2)};
        int[] dilation = {1, c.chance(20) ? 2 : 1, c.chance(20) ? 2 : 1};
        int[] padding = new int[3];
        int[] outputPadding = new int[3];
        for (int a = 0; a < 3; a++) {
            padding[a] = c.between(0, dilation[a] * (kernel[a] - 1) / 2);
            outputPadding[a] = c.chance(25) ? Math.max(stride[a], dilation[a]) - 1 : 0;
        }
        ConvDescriptor d = ConvDescriptor.convTranspose(3).inChannels(in).outChannels(out).groups(groups)
                .kernelSize(kernel).stride(stride).dilation(dilation).padding(padding).outputPadding(outputPadding)
                .bias(c.chance(50)).build();
        int[] shape = {c.chance(25) ? 2 : 1, in, c.between(1, 6), 0, 0};
        for (int a = 1; a < 3; a++) {
            int size = c.between(1, 4) * 2;
            shape[2 + a] = c.chance(20) ? size + 1 : size;
        }
        return ConvCase.of(d, shape);
    }

    /**
     * 2D convolutions with few input channels (1 to 16 per group, mostly 3), 16 to 24 output channels per group, a
     * width stride of 2 (one in five 3) and 3 or 4 taps per width stride phase, mostly enough for Winograd's F(4, 4)
     * along the width to pay (kernel width 6 to 8 at stride 2, 9 to 12 at 3; one in five 2s + 1): the RGB stem's
     * shapes, which the general cases, with their small kernels and channel counts, never reach. Output width a
     * multiple of 4, 4 to 24 (one in five any, where that algorithm does not apply); kernel height 1 to 7, height
     * stride 1 or 2, height dilation 1 (one in five 2); every padding mode; groups 1 or 2; one in four a batch of 2.
     */
    public static Arbitrary<ConvCase> stridedWideKernelFewChannels() {
        return choices().map(ConvCases::decodeStridedWide).filter(c -> c.macs() <= 150L * MAX_MACS);
    }

    static ConvCase decodeStridedWide(List<Integer> raw) {
        Choices c = new Choices(raw);
        int groups = c.chance(25) ? 2 : 1;
        int in = groups * (c.chance(50) ? 3 : c.between(1, 16));
        int out = groups * c.between(16, 24);
        int s = c.chance(20) ? 3 : 2;
        int kw = c.chance(20) ? 2 * s + 1 : c.between(3 * s, 4 * s);
        int kh = c.between(1, 7);
        int sh = c.between(1, 2);
        int dh = c.chance(20) ? 2 : 1;
        int pw = c.between(0, (kw - 1) / 2);
        int ph = c.between(0, dh * (kh - 1) / 2);
        PaddingMode mode = c.chance(40) ? PaddingMode.values()[1 + c.pick(3)] : PaddingMode.ZEROS;
        int ow = c.chance(20) ? c.between(1, 24) : 4 * c.between(1, 6);
        int width = (ow - 1) * s + kw - 2 * pw + c.between(0, s - 1);
        int height = Math.max(dh * (kh - 1) + 1 - 2 * ph, 1) + c.between(0, 9);
        if (mode != PaddingMode.ZEROS) {
            // reflect needs padding < size, circular padding <= size
            height = Math.max(height, ph + 1);
            width = Math.max(width, pw + 1);
        }
        ConvDescriptor d = ConvDescriptor.conv(2).inChannels(in).outChannels(out).groups(groups)
                .kernelSize(kh, kw).stride(sh, s).dilation(dh, 1).padding(ph, pw).paddingMode(mode)
                .bias(c.chance(50)).build();
        return ConvCase.of(d, new int[] {c.chance(25) ? 2 : 1, in, height, width});
    }

    /**
     * Convolutions whose dilated kernel is at most the stride along every axis, so that no two outputs share an input
     * element (ViT's patch embedding, 2x2 stride-2 downsampling, ResNet's 1x1 stride-2 shortcut): rank 1 to 3, 32 to
     * 40 output channels per group (where a kernel may run them as a 1x1 conv of the gathered patches), 1 to 8 input
     * channels per group, groups 1 or 2. Per axis a stride of 1 to 4 (at least one axis above 1), a kernel of 1 to the
     * stride, dilation 1 (one in five the largest that keeps the span within the stride), padding up to half the
     * dilated kernel; every padding mode; 1 to 6 outputs per axis (1 to 3 in 3D) from an input that leaves up to
     * {@code s - 1} trailing elements unread; one in four a batch of 2.
     */
    public static Arbitrary<ConvCase> nonOverlappingPatches() {
        return choices().map(ConvCases::decodePatches).filter(c -> c.macs() <= 150L * MAX_MACS);
    }

    static ConvCase decodePatches(List<Integer> raw) {
        Choices c = new Choices(raw);
        int rank = c.between(1, 3);
        int groups = c.chance(25) ? 2 : 1;
        int in = groups * c.between(1, 8);
        int out = groups * c.between(32, 40);
        PaddingMode mode = c.chance(40) ? PaddingMode.values()[1 + c.pick(3)] : PaddingMode.ZEROS;
        int[] kernel = new int[rank];
        int[] stride = new int[rank];
        int[] dilation = new int[rank];
        int[] padding = new int[rank];
        int[] shape = new int[rank + 2];
        shape[0] = c.chance(25) ? 2 : 1;
        shape[1] = in;
        int strided = c.pick(rank); // this axis has a stride above 1
        for (int a = 0; a < rank; a++) {
            stride[a] = c.between(a == strided ? 2 : 1, 4);
            kernel[a] = c.between(1, stride[a]);
            dilation[a] = kernel[a] > 1 && c.chance(20) ? (stride[a] - 1) / (kernel[a] - 1) : 1;
            int span = dilation[a] * (kernel[a] - 1) + 1;
            padding[a] = c.between(0, (span - 1) / 2);
            int outputs = c.between(1, rank == 3 ? 3 : 6);
            int size = Math.max(1, (outputs - 1) * stride[a] + span - 2 * padding[a] + c.between(0, stride[a] - 1));
            if (mode != PaddingMode.ZEROS) {
                size = Math.max(size, padding[a] + 1); // reflect needs padding < size, circular padding <= size
            }
            shape[2 + a] = size;
        }
        ConvDescriptor d = ConvDescriptor.conv(rank).inChannels(in).outChannels(out).groups(groups)
                .kernelSize(kernel).stride(stride).dilation(dilation).padding(padding).paddingMode(mode)
                .bias(c.chance(50)).build();
        return ConvCase.of(d, shape);
    }

    /**
     * 2D depthwise convolutions with stride 2 (MobileNet's and EfficientNet's downsampling, where a kernel may sum
     * whole rows at full width and keep every other column): 1 to 12 channels, one per group, half the cases a 3x3
     * kernel and the rest 2 to 5 per axis; one in three MobileNet's own case (3x3, zero padding 1, even sizes, where
     * the padded input is the input shifted by a row and a column), else padding up to the kernel's half in every
     * mode; 1 to 2L + 3 output columns for L up to 16 (1 to 35), 1 to 6 output rows; one in four a batch of 2.
     */
    public static Arbitrary<ConvCase> depthwiseStrideTwo() {
        return choices().map(ConvCases::decodeDepthwiseStrideTwo);
    }

    static ConvCase decodeDepthwiseStrideTwo(List<Integer> raw) {
        Choices c = new Choices(raw);
        int channels = c.between(1, 12);
        boolean mobileNet = c.chance(33);
        int kh = mobileNet || c.chance(50) ? 3 : c.between(2, 5);
        int kw = mobileNet || kh == 3 ? kh : c.between(2, 5);
        PaddingMode mode = mobileNet || !c.chance(40) ? PaddingMode.ZEROS : PaddingMode.values()[1 + c.pick(3)];
        int ph = mobileNet ? 1 : c.between(0, kh / 2);
        int pw = mobileNet ? 1 : c.between(0, kw / 2);
        int oh = c.between(1, 6);
        int ow = c.between(1, 35);
        int height = Math.max(1, 2 * (oh - 1) + kh - 2 * ph + c.between(0, 1));
        int width = Math.max(1, 2 * (ow - 1) + kw - 2 * pw + c.between(0, 1));
        if (mobileNet) {
            height += height % 2; // even: with padding 1 the outputs read no row or column past the input
            width += width % 2;
        }
        if (mode != PaddingMode.ZEROS) {
            // reflect needs padding < size, circular padding <= size
            height = Math.max(height, ph + 1);
            width = Math.max(width, pw + 1);
        }
        ConvDescriptor d = ConvDescriptor.conv(2).inChannels(channels).outChannels(channels).groups(channels)
                .kernelSize(kh, kw).stride(2).padding(ph, pw).paddingMode(mode).bias(c.chance(50)).build();
        return ConvCase.of(d, new int[] {c.chance(25) ? 2 : 1, channels, height, width});
    }

    /** Uniform choices (jqwik's default integer distribution favours small values, which would skew every share). */
    private static Arbitrary<List<Integer>> choices() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).withDistribution(RandomDistribution.uniform())
                .list().ofSize(CHOICES);
    }

    /** Reads choices in order; {@code pick(n)} is in {@code [0, n)}, and 0 for a zero choice. */
    private static final class Choices {
        private final List<Integer> values;
        private int next;

        Choices(List<Integer> values) {
            this.values = values;
        }

        int pick(int n) {
            return values.get(next++ % values.size()) % n;
        }

        int between(int lo, int hi) {
            return lo + pick(hi - lo + 1);
        }

        /** True with probability {@code percent} / 100; false for a zero choice. */
        boolean chance(int percent) {
            return pick(100) >= 100 - percent;
        }
    }

    static ConvCase decode(List<Integer> raw, Boolean transposedOrNull) {
        Choices c = new Choices(raw);
        boolean transposed = transposedOrNull != null ? transposedOrNull : c.chance(50);
        int rank = 1 + (c.chance(70) ? (c.chance(40) ? 2 : 1) : 0);

        // Groups first, then channels as multiples of them.
        int groups;
        int inChannels;
        int outChannels;
        boolean vectorish = c.chance(15);
        if (c.chance(18)) { // depthwise: groups == in_channels
            inChannels = vectorish ? VECTORISH[c.pick(VECTORISH.length)] : c.between(2, 8);
            groups = inChannels;
            outChannels = inChannels * c.between(1, 2);
        } else {
            groups = c.chance(40) ? c.between(2, 4) : 1;
            if (vectorish && groups == 1) {
                inChannels = c.chance(50) ? VECTORISH[c.pick(VECTORISH.length)] : c.between(1, 4);
                outChannels = VECTORISH[c.pick(VECTORISH.length)];
                if (c.chance(50)) {
                    int t = inChannels;
                    inChannels = outChannels;
                    outChannels = t;
                }
            } else {
                inChannels = groups * c.between(1, vectorish ? 9 : 3);
                outChannels = groups * c.between(1, vectorish ? 9 : 3);
            }
        }

        int maxSize = rank == 1 ? 13 : rank == 2 ? 7 : 5;
        int maxKernel = rank == 3 ? 3 : 5;
        int[] k = new int[rank];
        int[] s = new int[rank];
        int[] d = new int[rank];
        int[] p = new int[rank];
        int[] op = new int[rank];
        int[] size = new int[rank];
        boolean strided = c.chance(55);
        boolean dilated = c.chance(40);
        for (int a = 0; a < rank; a++) {
            k[a] = c.between(1, maxKernel);
            s[a] = strided ? c.between(1, 4) : 1;
            d[a] = dilated ? c.between(1, 3) : 1;
            // Size 1 and odd sizes on purpose; often smaller than the dilated kernel.
            size[a] = c.chance(15) ? 1 : c.between(1, maxSize);
        }

        ConvDescriptor.Builder b;
        if (transposed) {
            b = ConvDescriptor.convTranspose(rank);
            boolean outputPadded = c.chance(50);
            for (int a = 0; a < rank; a++) {
                int limit = Math.max(s[a], d[a]);
                op[a] = outputPadded ? c.pick(limit) : 0;
                // The output (in-1)s - 2p + d(k-1) + op + 1 must stay >= 1.
                int full = (size[a] - 1) * s[a] + d[a] * (k[a] - 1) + op[a];
                p[a] = c.chance(50) ? c.between(0, Math.min(full / 2, d[a] * (k[a] - 1) / 2 + 2)) : 0;
            }
            b.padding(p).outputPadding(op);
        } else {
            b = ConvDescriptor.conv(rank);
            PaddingMode mode = c.chance(45) ? PaddingMode.values()[1 + c.pick(3)] : PaddingMode.ZEROS;
            b.paddingMode(mode);
            int rule = c.pick(100);
            int[] before = new int[rank];
            int[] after = new int[rank];
            if (rule >= 85) { // 'same': stride 1 on every axis
                Arrays.fill(s, 1);
                b.padding("same");
                for (int a = 0; a < rank; a++) {
                    int total = d[a] * (k[a] - 1);
                    before[a] = total / 2;
                    after[a] = total - total / 2;
                }
            } else if (rule >= 75) {
                b.padding("valid");
            } else {
                for (int a = 0; a < rank; a++) {
                    p[a] = c.chance(60) ? c.between(0, d[a] * (k[a] - 1) / 2 + 1) : 0;
                    before[a] = after[a] = p[a];
                }
                b.padding(p);
            }
            for (int a = 0; a < rank; a++) {
                int pad = Math.max(before[a], after[a]);
                if (mode == PaddingMode.REFLECT) {
                    size[a] = Math.max(size[a], pad + 1); // reflect: padding < size
                } else if (mode == PaddingMode.CIRCULAR) {
                    size[a] = Math.max(size[a], pad); // circular: padding <= size
                }
                // The padded input must hold the dilated kernel.
                size[a] = Math.max(size[a], d[a] * (k[a] - 1) + 1 - before[a] - after[a]);
            }
        }
        b.inChannels(inChannels).outChannels(outChannels).groups(groups)
                .kernelSize(k).stride(s).dilation(d).bias(!c.chance(30));
        int batch = c.chance(40) ? c.between(2, 3) : 1;
        int[] shape = new int[rank + 2];
        shape[0] = batch;
        shape[1] = inChannels;
        System.arraycopy(size, 0, shape, 2, rank);
        return ConvCase.of(b.build(), shape);
    }

    // ---- coverage ----

    /**
     * Labels {@code c} with the features the suite promises to cover and requires, at the end of the property, a
     * minimum share of each. Call once per try of a property over {@link #any()}, {@link #convs()} or
     * {@link #transposed()} (the shares are set below what those generators produce, so they only fail when the
     * generator has lost a feature; use at least 200 tries).
     */
    public static void collectCoverage(ConvCase c) {
        ConvDescriptor d = c.descriptor();
        int[] shape = c.inputShape();
        Statistics.label("strided").collect(Arrays.stream(d.stride()).anyMatch(v -> v > 1));
        Statistics.label("stride > kernel").collect(anyAxis(d.stride(), d.kernelSize()));
        Statistics.label("dilated").collect(Arrays.stream(d.dilation()).anyMatch(v -> v > 1));
        Statistics.label("grouped").collect(d.groups() > 1);
        Statistics.label("depthwise").collect(d.groups() > 1 && d.groups() == d.inChannels());
        Statistics.label("bias").collect(d.bias());
        Statistics.label("rank").collect(d.rank());
        Statistics.label("size-1 axis").collect(Arrays.stream(shape, 2, shape.length).anyMatch(v -> v == 1));
        Statistics.label("channels near a vector length").collect(
                Arrays.stream(VECTORISH).anyMatch(v -> v == d.inChannels() || v == d.outChannels()));
        // Every label is collected on every try: a label whose coverage is registered but that has no entries when a
        // later try fails makes jqwik's report throw "Entries must not be empty", hiding the real failure.
        Statistics.label("output-padded").collect(Arrays.stream(d.outputPadding()).anyMatch(v -> v > 0));
        Statistics.label("padding mode").collect(d.isTranspose() ? "n/a (transposed)" : d.paddingMode());
        Statistics.label("padding rule").collect(d.isTranspose() ? "n/a (transposed)" : d.paddingRule());
        int[] size = Arrays.copyOfRange(shape, 2, shape.length);
        Statistics.label("kernel larger than input").collect(!d.isTranspose() && anyAxis(d.kernelSize(), size));
    }

    /** The minimum shares (percent of tries) that {@link #collectCoverage} requires. */
    public static void checkCoverage(boolean convs, boolean transposed) {
        Statistics.label("strided").coverage(cov -> cov.check(true).percentage(pc -> pc > 25));
        Statistics.label("stride > kernel").coverage(cov -> cov.check(true).percentage(pc -> pc > 8));
        Statistics.label("dilated").coverage(cov -> cov.check(true).percentage(pc -> pc > 15));
        Statistics.label("grouped").coverage(cov -> cov.check(true).percentage(pc -> pc > 25));
        Statistics.label("depthwise").coverage(cov -> cov.check(true).percentage(pc -> pc > 7));
        Statistics.label("size-1 axis").coverage(cov -> cov.check(true).percentage(pc -> pc > 8));
        Statistics.label("channels near a vector length").coverage(cov -> cov.check(true).percentage(pc -> pc > 4));
        Statistics.label("rank").coverage(cov -> {
            cov.check(1).percentage(pc -> pc > 10);
            cov.check(2).percentage(pc -> pc > 10);
            cov.check(3).percentage(pc -> pc > 10);
        });
        if (transposed) {
            Statistics.label("output-padded").coverage(cov -> cov.check(true).percentage(pc -> pc > (convs ? 8 : 15)));
        }
        if (convs) {
            int scale = transposed ? 2 : 1;
            Statistics.label("padding mode").coverage(cov -> {
                for (PaddingMode m : PaddingMode.values()) {
                    cov.check(m).percentage(pc -> pc > (m == PaddingMode.ZEROS ? 20.0 : 5.0) / scale);
                }
            });
            Statistics.label("padding rule").coverage(cov -> {
                cov.check(ConvDescriptor.PaddingRule.SAME).percentage(pc -> pc > 5.0 / scale);
                cov.check(ConvDescriptor.PaddingRule.VALID).percentage(pc -> pc > 3.0 / scale);
            });
            Statistics.label("kernel larger than input").coverage(cov -> cov.check(true).percentage(pc -> pc > 4.0 / scale));
        }
    }

    private static boolean anyAxis(int[] larger, int[] smaller) {
        for (int a = 0; a < larger.length; a++) {
            if (larger[a] > smaller[a]) {
                return true;
            }
        }
        return false;
    }
}
