package dev.vconv;

import java.util.Arrays;
import java.util.Locale;

/**
 * An immutable, validated description of a convolution or transposed convolution, with PyTorch's parameters and
 * semantics ({@code torch.nn.functional.conv{1,2,3}d} and {@code conv_transpose{1,2,3}d}).
 *
 * <pre>{@code
 * ConvDescriptor up = ConvDescriptor.convTranspose(2)
 *         .inChannels(64).outChannels(32).kernelSize(3)
 *         .stride(2).padding(1).outputPadding(1).build();
 * ConvProblem p = up.problem(1, 64, 32, 32);   // N, C, H, W
 * p.outputShape();                             // [1, 32, 64, 64]
 * }</pre>
 *
 * <p>Per-axis parameters take one value (used on every spatial axis) or one value per axis. Every rule is checked in
 * {@link Builder#build()}; input-dependent rules are checked when a {@link ConvProblem} is made. A violation is an
 * {@link IllegalArgumentException} whose message names the parameter, its value and the rule.
 *
 * <p>The output-size formulas live here and nowhere else: {@link #convOutputLength} and
 * {@link #convTransposeOutputLength}.
 */
public final class ConvDescriptor {

    /** Which operation. */
    public enum Kind {
        CONV("Conv"), CONV_TRANSPOSE("ConvTranspose");

        private final String torchPrefix;

        Kind(String torchPrefix) {
            this.torchPrefix = torchPrefix;
        }
    }

    /** How the padding was specified: explicit sizes, PyTorch's {@code 'same'}, or {@code 'valid'}. */
    public enum PaddingRule { EXPLICIT, SAME, VALID }

    private final Kind kind;
    private final int rank;
    private final int inChannels;
    private final int outChannels;
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] dilation;
    private final PaddingRule paddingRule;
    private final int[] padBefore;
    private final int[] padAfter;
    private final int[] outputPadding;
    private final int groups;
    private final boolean bias;
    private final PaddingMode paddingMode;

    private ConvDescriptor(Builder b) {
        kind = b.kind;
        rank = b.rank;
        if (rank < 1 || rank > 3) {
            throw new IllegalArgumentException("rank = " + rank + ": must be 1, 2 or 3 spatial dimensions");
        }
        inChannels = positive("in_channels", b.inChannels);
        outChannels = positive("out_channels", b.outChannels);
        groups = positive("groups", b.groups);
        if (inChannels % groups != 0) {
            throw new IllegalArgumentException("in_channels = " + inChannels + ", groups = " + groups
                    + ": in_channels must be divisible by groups");
        }
        if (outChannels % groups != 0) {
            throw new IllegalArgumentException("out_channels = " + outChannels + ", groups = " + groups
                    + ": out_channels must be divisible by groups");
        }
        if (b.kernelSize == null) {
            throw new IllegalArgumentException("kernel_size: required, got none");
        }
        kernelSize = perAxis("kernel_size", b.kernelSize, 1);
        stride = perAxis("stride", b.stride, 1);
        dilation = perAxis("dilation", b.dilation, 1);
        paddingMode = b.paddingMode;
        if (paddingMode == null) {
            throw new IllegalArgumentException("padding_mode = null: must be one of zeros, reflect, replicate, circular");
        }
        bias = b.bias;

        paddingRule = b.paddingRule;
        if (paddingRule == PaddingRule.EXPLICIT) {
            padBefore = perAxis("padding", b.padding, 0);
            padAfter = padBefore.clone();
        } else {
            if (kind == Kind.CONV_TRANSPOSE) {
                throw new IllegalArgumentException("padding = '" + paddingRule.name().toLowerCase(Locale.ROOT)
                        + "': string padding is not supported for transposed convolution; give padding sizes");
            }
            padBefore = new int[rank];
            padAfter = new int[rank];
            if (paddingRule == PaddingRule.SAME) {
                for (int a = 0; a < rank; a++) {
                    if (stride[a] != 1) {
                        throw new IllegalArgumentException("padding = 'same', stride = " + Arrays.toString(stride)
                                + ": padding='same' is not supported for strided convolutions (every stride must be 1)");
                    }
                    // PyTorch: total d(k-1), the odd element goes to the end.
                    long total = (long) dilation[a] * (kernelSize[a] - 1);
                    if (total > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("padding = 'same', dilation = " + dilation[a]
                                + ", kernel_size = " + kernelSize[a] + ": padding d*(k-1) = " + total
                                + " overflows an int");
                    }
                    padBefore[a] = (int) (total / 2);
                    padAfter[a] = (int) (total - total / 2);
                }
            }
        }

        if (kind == Kind.CONV_TRANSPOSE && paddingMode != PaddingMode.ZEROS) {
            throw new IllegalArgumentException("padding_mode = '" + paddingMode.torchName()
                    + "': only 'zeros' padding mode is supported for transposed convolution (as in PyTorch)");
        }

        outputPadding = perAxis("output_padding", b.outputPadding, 0);
        for (int a = 0; a < rank; a++) {
            if (kind == Kind.CONV && outputPadding[a] != 0) {
                throw new IllegalArgumentException("output_padding = " + Arrays.toString(outputPadding)
                        + ": output_padding applies only to transposed convolution; must be 0 for conv");
            }
            int limit = Math.max(stride[a], dilation[a]);
            if (outputPadding[a] >= limit) {
                throw new IllegalArgumentException("output_padding[" + a + "] = " + outputPadding[a]
                        + ", stride[" + a + "] = " + stride[a] + ", dilation[" + a + "] = " + dilation[a]
                        + ": output padding must be smaller than either stride or dilation");
            }
        }

        long weightCount = (long) inChannels * (outChannels / groups);
        for (int k : kernelSize) {
            weightCount *= k;
            if (weightCount > Integer.MAX_VALUE) {
                break;
            }
        }
        if (weightCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("weight shape " + weightShapeString() + ": element count exceeds "
                    + "Integer.MAX_VALUE = " + Integer.MAX_VALUE + " (tensors are float[] arrays)");
        }
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " = " + value + ": must be >= 1");
        }
        return value;
    }

    private int[] perAxis(String name, int[] values, int min) {
        if (values.length != 1 && values.length != rank) {
            throw new IllegalArgumentException(name + " = " + Arrays.toString(values) + ": expected 1 or " + rank
                    + " values for a " + rank + "-d " + kind.torchPrefix.toLowerCase(Locale.ROOT));
        }
        int[] out = new int[rank];
        for (int a = 0; a < rank; a++) {
            out[a] = values.length == 1 ? values[0] : values[a];
            if (out[a] < min) {
                throw new IllegalArgumentException(name + " = " + Arrays.toString(values) + ": every value must be >= "
                        + min + ", got " + out[a] + (values.length == 1 ? "" : " at axis " + a));
            }
        }
        return out;
    }

    /** A builder for a convolution with {@code rank} spatial dimensions (1, 2 or 3). */
    public static Builder conv(int rank) {
        return new Builder(Kind.CONV, rank);
    }

    /** A builder for a transposed convolution with {@code rank} spatial dimensions (1, 2 or 3). */
    public static Builder convTranspose(int rank) {
        return new Builder(Kind.CONV_TRANSPOSE, rank);
    }

    // ---- the output-size formulas: the only place they are written ----

    /**
     * Convolution: {@code floor((in + padBefore + padAfter - d(k-1) - 1) / s) + 1}, or a value below 1 when the
     * (padded) input is smaller than the dilated kernel. Computed in long: no intermediate overflows.
     */
    public static long convOutputLength(int in, int k, int s, int d, int padBefore, int padAfter) {
        long span = (long) in + padBefore + padAfter - (long) d * (k - 1) - 1;
        return span < 0 ? 0 : span / s + 1;
    }

    /** Transposed convolution: {@code (in-1)s - 2p + d(k-1) + output_padding + 1}. Computed in long. */
    public static long convTransposeOutputLength(int in, int k, int s, int d, int p, int outputPadding) {
        return (long) (in - 1) * s - 2L * p + (long) d * (k - 1) + outputPadding + 1;
    }

    // ---- shapes ----

    /**
     * The problem for an input of shape {@code (N, C_in, spatial...)}: validates the input against this descriptor
     * and derives the output shape.
     */
    public ConvProblem problem(int... inputShape) {
        return new ConvProblem(this, inputShape);
    }

    /** The problem for {@code inputShape}. */
    public ConvProblem problem(Shape inputShape) {
        return new ConvProblem(this, inputShape.dims());
    }

    /** Conv: {@code (C_out, C_in/groups, k...)}; transposed: {@code (C_in, C_out/groups, k...)}, as PyTorch. */
    public Shape weightShape() {
        int[] dims = new int[rank + 2];
        dims[0] = kind == Kind.CONV ? outChannels : inChannels;
        dims[1] = kind == Kind.CONV ? inChannels / groups : outChannels / groups;
        System.arraycopy(kernelSize, 0, dims, 2, rank);
        return Shape.named("weight shape", dims);
    }

    private String weightShapeString() {
        int[] dims = new int[rank + 2];
        dims[0] = kind == Kind.CONV ? outChannels : inChannels;
        dims[1] = kind == Kind.CONV ? inChannels / groups : outChannels / groups;
        System.arraycopy(kernelSize, 0, dims, 2, rank);
        return Arrays.toString(dims);
    }

    /** {@code C_out} when the descriptor has a bias, else 0. */
    public int biasLength() {
        return bias ? outChannels : 0;
    }

    /**
     * PyTorch's {@code output_size} rule for transposed convolution: the {@code output_padding} that makes the
     * output's spatial size equal {@code outputSize} (one value per spatial axis, or the full NC[D]HW shape), for an
     * input of {@code inputShape}. This descriptor's own output padding is ignored. The feasible sizes on an axis are
     * {@code [m, m + max(stride, dilation) - 1]} where {@code m} is the size at output padding 0.
     */
    public int[] outputPaddingFor(Shape inputShape, int... outputSize) {
        if (kind != Kind.CONV_TRANSPOSE) {
            throw new IllegalArgumentException("output_size: applies only to transposed convolution");
        }
        // Validate the input against the largest output padding: with output_padding 0 the size may be < 1 although
        // a larger output padding reaches a valid size (PyTorch accepts that; the feasible range starts below 1).
        int[] largest = new int[rank];
        for (int a = 0; a < rank; a++) {
            largest[a] = Math.max(stride[a], dilation[a]) - 1;
        }
        ConvProblem base = withOutputPadding(largest).problem(inputShape);
        int[] wanted = outputSize;
        if (wanted.length == rank + 2) {
            wanted = Arrays.copyOfRange(wanted, 2, wanted.length);
        }
        if (wanted.length != rank) {
            throw new IllegalArgumentException("output_size = " + Arrays.toString(outputSize) + ": expected " + rank
                    + " spatial sizes or " + (rank + 2) + " dims");
        }
        int[] in = base.inputShape().dimsFrom(2);
        int[] result = new int[rank];
        for (int a = 0; a < rank; a++) {
            long min = convTransposeOutputLength(in[a], kernelSize[a], stride[a], dilation[a], padBefore[a], 0);
            long max = min + Math.max(stride[a], dilation[a]) - 1;
            long lowest = Math.max(1, min);
            if (wanted[a] < lowest || wanted[a] > max) {
                throw new IllegalArgumentException("output_size = " + Arrays.toString(outputSize)
                        + ": requested an output size of " + wanted[a] + " on spatial axis " + a
                        + ", but valid sizes range from " + lowest + " to " + max + " (for an input of " + in[a] + ")");
            }
            result[a] = (int) (wanted[a] - min);
        }
        return result;
    }

    /** This descriptor with another output padding (validated). */
    public ConvDescriptor withOutputPadding(int... outputPadding) {
        return toBuilder().outputPadding(outputPadding).build();
    }

    /** A builder that starts from this descriptor's values. */
    public Builder toBuilder() {
        Builder b = new Builder(kind, rank)
                .inChannels(inChannels).outChannels(outChannels)
                .kernelSize(kernelSize).stride(stride).dilation(dilation)
                .outputPadding(outputPadding).groups(groups).bias(bias).paddingMode(paddingMode);
        switch (paddingRule) {
            case SAME -> b.padding("same");
            case VALID -> b.padding("valid");
            case EXPLICIT -> b.padding(padBefore);
        }
        return b;
    }

    // ---- accessors (arrays are copies) ----

    public Kind kind() {
        return kind;
    }

    public boolean isTranspose() {
        return kind == Kind.CONV_TRANSPOSE;
    }

    /** The number of spatial dimensions: 1, 2 or 3. */
    public int rank() {
        return rank;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int groups() {
        return groups;
    }

    public boolean bias() {
        return bias;
    }

    public PaddingMode paddingMode() {
        return paddingMode;
    }

    public PaddingRule paddingRule() {
        return paddingRule;
    }

    public int[] kernelSize() {
        return kernelSize.clone();
    }

    public int[] stride() {
        return stride.clone();
    }

    public int[] dilation() {
        return dilation.clone();
    }

    /** Padding before each spatial axis (after resolving 'same' / 'valid'). */
    public int[] padBefore() {
        return padBefore.clone();
    }

    /** Padding after each spatial axis; differs from {@link #padBefore()} only for 'same' with an odd total. */
    public int[] padAfter() {
        return padAfter.clone();
    }

    public int[] outputPadding() {
        return outputPadding.clone();
    }

    /** PyTorch's module repr, e.g. {@code ConvTranspose2d(64, 32, kernel_size=(3, 3), stride=(2, 2), ...)}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(kind.torchPrefix).append(rank).append("d(").append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(tuple(kernelSize)).append(", stride=").append(tuple(stride));
        switch (paddingRule) {
            case SAME -> s.append(", padding='same'");
            case VALID -> s.append(", padding='valid'");
            case EXPLICIT -> s.append(", padding=").append(tuple(padBefore));
        }
        if (kind == Kind.CONV_TRANSPOSE) {
            s.append(", output_padding=").append(tuple(outputPadding));
        }
        s.append(", dilation=").append(tuple(dilation)).append(", groups=").append(groups)
                .append(", bias=").append(bias ? "True" : "False")
                .append(", padding_mode='").append(paddingMode.torchName()).append("')");
        return s.toString();
    }

    private static String tuple(int[] v) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            s.append(i > 0 ? ", " : "").append(v[i]);
        }
        return s.append(v.length == 1 ? ",)" : ")").toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvDescriptor d && kind == d.kind && rank == d.rank && inChannels == d.inChannels
                && outChannels == d.outChannels && groups == d.groups && bias == d.bias
                && paddingMode == d.paddingMode && paddingRule == d.paddingRule
                && Arrays.equals(kernelSize, d.kernelSize) && Arrays.equals(stride, d.stride)
                && Arrays.equals(dilation, d.dilation) && Arrays.equals(padBefore, d.padBefore)
                && Arrays.equals(padAfter, d.padAfter) && Arrays.equals(outputPadding, d.outputPadding);
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /**
     * Fluent builder with PyTorch's parameter names. Defaults as {@code torch.nn.Conv*d}: stride 1, padding 0,
     * output_padding 0, dilation 1, groups 1, bias true, padding_mode zeros. Channels and kernel size are required.
     */
    public static final class Builder {
        private final Kind kind;
        private final int rank;
        private int inChannels;
        private int outChannels;
        private int[] kernelSize;
        private int[] stride = {1};
        private int[] padding = {0};
        private PaddingRule paddingRule = PaddingRule.EXPLICIT;
        private int[] outputPadding = {0};
        private int[] dilation = {1};
        private int groups = 1;
        private boolean bias = true;
        private PaddingMode paddingMode = PaddingMode.ZEROS;

        private Builder(Kind kind, int rank) {
            this.kind = kind;
            this.rank = rank;
        }

        public Builder inChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        public Builder outChannels(int outChannels) {
            this.outChannels = outChannels;
            return this;
        }

        public Builder kernelSize(int... kernelSize) {
            this.kernelSize = copy("kernel_size", kernelSize);
            return this;
        }

        public Builder stride(int... stride) {
            this.stride = copy("stride", stride);
            return this;
        }

        /** Explicit padding on both sides of each axis. */
        public Builder padding(int... padding) {
            this.padding = copy("padding", padding);
            this.paddingRule = PaddingRule.EXPLICIT;
            return this;
        }

        /** PyTorch's string padding: {@code "same"} (conv at stride 1 only) or {@code "valid"} (no padding). */
        public Builder padding(String padding) {
            this.paddingRule = switch (padding == null ? "null" : padding) {
                case "same" -> PaddingRule.SAME;
                case "valid" -> PaddingRule.VALID;
                default -> throw new IllegalArgumentException(
                        "padding = '" + padding + "': string padding must be 'same' or 'valid'");
            };
            return this;
        }

        public Builder outputPadding(int... outputPadding) {
            this.outputPadding = copy("output_padding", outputPadding);
            return this;
        }

        public Builder dilation(int... dilation) {
            this.dilation = copy("dilation", dilation);
            return this;
        }

        public Builder groups(int groups) {
            this.groups = groups;
            return this;
        }

        public Builder bias(boolean bias) {
            this.bias = bias;
            return this;
        }

        public Builder paddingMode(PaddingMode paddingMode) {
            this.paddingMode = paddingMode;
            return this;
        }

        /** PyTorch's spelling: "zeros", "reflect", "replicate" or "circular". */
        public Builder paddingMode(String paddingMode) {
            this.paddingMode = PaddingMode.fromTorchName(paddingMode);
            return this;
        }

        /** Validates every rule and returns the descriptor. */
        public ConvDescriptor build() {
            return new ConvDescriptor(this);
        }

        private static int[] copy(String name, int[] values) {
            if (values == null || values.length == 0) {
                throw new IllegalArgumentException(name + " = " + Arrays.toString(values)
                        + ": expected one value, or one per spatial axis");
            }
            return values.clone();
        }
    }
}
