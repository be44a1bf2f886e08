package dev.vconv.bench;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;

/**
 * One row of the standard benchmark suite ({@code bench-suite.tsv}): a named convolution or transposed convolution
 * with the same size, kernel, stride, padding, output padding and dilation on every spatial axis, and no bias (the
 * suite counts the flops of the dense definition only).
 */
public record SuiteCase(String name, String op, int dims, int batch, int inChannels, int outChannels, int size,
        int kernel, int stride, int padding, int outputPadding, int dilation, int groups) {

    /** Parses a tab-separated row in the suite's column order. */
    static SuiteCase parse(String line) {
        String[] f = line.split("\t");
        if (f.length != 13) {
            throw new IllegalArgumentException("bench suite row '" + line + "': expected 13 tab-separated fields, got "
                    + f.length);
        }
        if (!f[1].equals("conv") && !f[1].equals("convT")) {
            throw new IllegalArgumentException("bench suite row '" + line + "': op = '" + f[1]
                    + "' must be conv or convT");
        }
        int[] v = new int[11];
        for (int i = 0; i < 11; i++) {
            v[i] = Integer.parseInt(f[i + 2].trim());
        }
        return new SuiteCase(f[0], f[1], v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
    }

    /**
     * This row written as {@link Suite#getOrParse} reads it back: the name alone for a suite row or a suite row's
     * adjoint, else the ad-hoc form {@code NAME=op,dims,N,C,K,size,kernel,stride,padding,output_padding,dilation,
     * groups}. The benchmark JVMs get a row as this string.
     */
    public String spec() {
        if (this.equals(Suite.find(name))) {
            return name;
        }
        return name + "=" + String.join(",", op, Integer.toString(dims), Integer.toString(batch),
                Integer.toString(inChannels), Integer.toString(outChannels), Integer.toString(size),
                Integer.toString(kernel), Integer.toString(stride), Integer.toString(padding),
                Integer.toString(outputPadding), Integer.toString(dilation), Integer.toString(groups));
    }

    public boolean isTranspose() {
        return op.equals("convT");
    }

    /** The suffix that names a transposed row's {@link #adjoint()}: {@code dcgan-up-32.adjoint}. */
    public static final String ADJOINT = ".adjoint";

    /**
     * The forward convolution whose transpose this transposed row is: the same weight tensor, read as a conv's
     * {@code (C_out, C_in/groups, k...)}, so channels in and out swap; its input has this row's output size and its
     * output this row's input size. Same flops, same tensors, opposite direction: the forward layer a transposed
     * layer undoes (a decoder's upsampling against the encoder's downsampling), so their GFLOP/s compare on the
     * same shape ({@code bench --adjoint}).
     *
     * @throws IllegalArgumentException if this row is not transposed, or if its output padding is at least its stride
     *     (possible when the dilation is larger), where the conv of its output would not come back to its input size
     */
    public SuiteCase adjoint() {
        if (!isTranspose()) {
            throw new IllegalArgumentException("case = '" + name + "': op = conv; only a convT row has an adjoint");
        }
        int out = problem().outputShape().dims()[2];
        SuiteCase c = new SuiteCase(name + ADJOINT, "conv", dims, batch, outChannels, inChannels, out, kernel, stride,
                padding, 0, dilation, groups);
        if (c.problem().outputShape().dims()[2] != size) {
            throw new IllegalArgumentException("case = '" + name + "': output_padding = " + outputPadding
                    + " >= stride = " + stride + ", so the conv of its output comes back to size "
                    + c.problem().outputShape().dims()[2] + ", not " + size + "; it has no adjoint row");
        }
        return c;
    }

    public ConvDescriptor descriptor() {
        ConvDescriptor.Builder b = isTranspose() ? ConvDescriptor.convTranspose(dims) : ConvDescriptor.conv(dims);
        return b.inChannels(inChannels).outChannels(outChannels).kernelSize(kernel).stride(stride)
                .padding(padding).outputPadding(outputPadding).dilation(dilation).groups(groups).bias(false)
                .build();
    }

    /** The problem at the suite's size. */
    public ConvProblem problem() {
        return problemAt(batch, size);
    }

    /** The same layer on another batch and spatial size, e.g. a reduced one to check against the reference. */
    public ConvProblem problemAt(int batch, int size) {
        int[] shape = new int[dims + 2];
        shape[0] = batch;
        shape[1] = inChannels;
        for (int a = 0; a < dims; a++) {
            shape[a + 2] = size;
        }
        return descriptor().problem(shape);
    }
}
