package dev.vconv;

import java.util.Arrays;

/**
 * A descriptor applied to one input shape: validated, with its output shape derived. This is what a provider plans
 * for. Immutable.
 *
 * <p>The {@code ...3()} accessors lift the problem to three spatial axes, so that kernels can be written once for
 * rank 3: a rank-1 or rank-2 problem gets leading axes of size 1, with kernel 1, stride 1, dilation 1 and padding 0.
 */
public final class ConvProblem {
    private final ConvDescriptor descriptor;
    private final Shape inputShape;
    private final Shape outputShape;

    ConvProblem(ConvDescriptor d, int[] dims) {
        this.descriptor = d;
        int rank = d.rank();
        String kindName = (d.isTranspose() ? "transposed convolution" : "convolution");
        if (dims == null || dims.length != rank + 2) {
            throw new IllegalArgumentException("input shape = " + Arrays.toString(dims) + ": expected " + (rank + 2)
                    + " dims (N, C_in" + ", D, H, W".substring(", D, H, W".length() - 3 * rank) + ") for a " + rank
                    + "-d " + kindName);
        }
        this.inputShape = Shape.named("input shape", dims);
        if (dims[1] != d.inChannels()) {
            throw new IllegalArgumentException("input shape = " + Arrays.toString(dims) + ": channel dimension "
                    + dims[1] + " must equal in_channels = " + d.inChannels());
        }
        int[] k = d.kernelSize();
        int[] s = d.stride();
        int[] dil = d.dilation();
        int[] pb = d.padBefore();
        int[] pa = d.padAfter();
        int[] op = d.outputPadding();
        int[] out = new int[rank + 2];
        out[0] = dims[0];
        out[1] = d.outChannels();
        for (int a = 0; a < rank; a++) {
            int in = dims[a + 2];
            PaddingMode mode = d.paddingMode();
            if (mode == PaddingMode.REFLECT && (pb[a] >= in || pa[a] >= in)) {
                throw new IllegalArgumentException("padding = " + Math.max(pb[a], pa[a]) + " on spatial axis " + a
                        + ", input size " + in + ": reflect padding must be smaller than the input size");
            }
            if (mode == PaddingMode.CIRCULAR && (pb[a] > in || pa[a] > in)) {
                throw new IllegalArgumentException("padding = " + Math.max(pb[a], pa[a]) + " on spatial axis " + a
                        + ", input size " + in + ": circular padding must not exceed the input size "
                        + "(it would wrap around more than once)");
            }
            long length;
            if (d.isTranspose()) {
                length = ConvDescriptor.convTransposeOutputLength(in, k[a], s[a], dil[a], pb[a], op[a]);
                if (length < 1) {
                    throw new IllegalArgumentException("input shape = " + Arrays.toString(dims) + ", padding = "
                            + pb[a] + " on spatial axis " + a + ": output size (in-1)*stride - 2*padding + "
                            + "dilation*(kernel_size-1) + output_padding + 1 = " + length + " must be >= 1");
                }
            } else {
                long padded = (long) in + pb[a] + pa[a];
                long effectiveKernel = (long) dil[a] * (k[a] - 1) + 1;
                if (padded < effectiveKernel) {
                    throw new IllegalArgumentException("input shape = " + Arrays.toString(dims) + ": padded input size "
                            + padded + " on spatial axis " + a + " is smaller than the dilated kernel size "
                            + "dilation*(kernel_size-1)+1 = " + effectiveKernel + ": the output would be empty");
                }
                length = ConvDescriptor.convOutputLength(in, k[a], s[a], dil[a], pb[a], pa[a]);
            }
            if (length > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("input shape = " + Arrays.toString(dims) + ": output size "
                        + length + " on spatial axis " + a + " exceeds Integer.MAX_VALUE");
            }
            out[a + 2] = (int) length;
        }
        this.outputShape = Shape.named("output shape", out);
    }

    public ConvDescriptor descriptor() {
        return descriptor;
    }

    public Shape inputShape() {
        return inputShape;
    }

    public Shape outputShape() {
        return outputShape;
    }

    public Shape weightShape() {
        return descriptor.weightShape();
    }

    /** {@code C_out} with a bias, else 0. */
    public int biasLength() {
        return descriptor.biasLength();
    }

    public int batch() {
        return inputShape.dim(0);
    }

    /**
     * Floating-point operations of the dense definition, 2 x MACs (the benchmark suite's convention):
     * conv {@code N * C_out * prod(out) * (C_in/g) * prod(k)}; transposed {@code N * C_in * prod(in) * (C_out/g) *
     * prod(k)}.
     */
    public long flops() {
        ConvDescriptor d = descriptor;
        long macs = batch();
        long kernel = 1;
        for (int k : d.kernelSize()) {
            kernel *= k;
        }
        if (d.isTranspose()) {
            macs *= (long) d.inChannels() * spatialCount(inputShape) * (d.outChannels() / d.groups()) * kernel;
        } else {
            macs *= (long) d.outChannels() * spatialCount(outputShape) * (d.inChannels() / d.groups()) * kernel;
        }
        return 2 * macs;
    }

    private static long spatialCount(Shape s) {
        long n = 1;
        for (int i = 2; i < s.rank(); i++) {
            n *= s.dim(i);
        }
        return n;
    }

    // ---- the problem on three spatial axes ----

    public int[] inputSize3() {
        return lift(inputShape.dimsFrom(2), 1);
    }

    public int[] outputSize3() {
        return lift(outputShape.dimsFrom(2), 1);
    }

    public int[] kernel3() {
        return lift(descriptor.kernelSize(), 1);
    }

    public int[] stride3() {
        return lift(descriptor.stride(), 1);
    }

    public int[] dilation3() {
        return lift(descriptor.dilation(), 1);
    }

    public int[] padBefore3() {
        return lift(descriptor.padBefore(), 0);
    }

    public int[] padAfter3() {
        return lift(descriptor.padAfter(), 0);
    }

    public int[] outputPadding3() {
        return lift(descriptor.outputPadding(), 0);
    }

    private static int[] lift(int[] perAxis, int fill) {
        int[] out = new int[3];
        Arrays.fill(out, fill);
        System.arraycopy(perAxis, 0, out, 3 - perAxis.length, perAxis.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvProblem p && descriptor.equals(p.descriptor) && inputShape.equals(p.inputShape);
    }

    @Override
    public int hashCode() {
        return descriptor.hashCode() * 31 + inputShape.hashCode();
    }

    /** E.g. {@code Conv2d(3, 64, kernel_size=(7, 7), ...) on [1, 3, 224, 224] -> [1, 64, 112, 112]}. */
    @Override
    public String toString() {
        return descriptor + " on " + inputShape + " -> " + outputShape;
    }
}
