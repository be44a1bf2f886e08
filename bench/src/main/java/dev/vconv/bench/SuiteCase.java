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

    public boolean isTranspose() {
        return op.equals("convT");
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
