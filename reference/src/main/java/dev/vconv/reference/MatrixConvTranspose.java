package dev.vconv.reference;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;

/**
 * Transposed convolution as its name says: the transpose of a convolution's matrix. For one batch element,
 * the convolution with this problem's weight, stride, padding, dilation and groups, mapping a tensor of the output's
 * shape {@code (C_out, out...)} to one of the input's shape {@code (C_in, in...)}, is a sparse matrix {@code C} with
 * {@code C_in * prod(in)} rows and {@code C_out * prod(out)} columns. Transposed convolution is {@code y = C^T x}
 * (plus the bias). Here {@code C} is built explicitly and densely: for small problems only.
 */
public final class MatrixConvTranspose {
    /** The largest matrix, in entries, this class builds (32 MB of doubles). */
    public static final long MAX_ENTRIES = 1L << 22;

    private MatrixConvTranspose() {
    }

    /**
     * The matrix {@code C} of the convolution whose transpose {@code problem} is: {@code C[r][c]} with row
     * {@code r = ic * prod(in) + flat input position} and column {@code c = oc * prod(out) + flat output position}.
     *
     * @param w {@code (C_in, C_out/groups, k...)}: read as a conv weight it is {@code (C_out', C_in'/groups, k...)}
     *          of the convolution from {@code C_out} to {@code C_in} channels
     */
    public static double[][] convMatrix(ConvProblem problem, float[] w) {
        ConvDescriptor d = problem.descriptor();
        if (!d.isTranspose()) {
            throw new IllegalArgumentException("problem: " + d + " is not a transposed convolution");
        }
        int inC = d.inChannels();
        int outC = d.outChannels();
        int inPerGroup = inC / d.groups();
        int outPerGroup = outC / d.groups();
        int[] in = problem.inputSize3();
        int[] out = problem.outputSize3();
        int[] k = problem.kernel3();
        int[] s = problem.stride3();
        int[] dil = problem.dilation3();
        int[] pad = problem.padBefore3();
        int inPlane = in[0] * in[1] * in[2];
        int outPlane = out[0] * out[1] * out[2];
        long entries = (long) inC * inPlane * outC * outPlane;
        if (entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("problem: " + problem + " needs a " + (long) inC * inPlane + " x "
                    + (long) outC * outPlane + " matrix, more than MAX_ENTRIES = " + MAX_ENTRIES
                    + "; the matrix form is for small problems");
        }
        double[][] c = new double[inC * inPlane][outC * outPlane];
        for (int ic = 0; ic < inC; ic++) {
            int group = ic / inPerGroup;
            for (int ocg = 0; ocg < outPerGroup; ocg++) {
                int oc = group * outPerGroup + ocg;
                for (int id = 0; id < in[0]; id++) {
                    for (int ih = 0; ih < in[1]; ih++) {
                        for (int iw = 0; iw < in[2]; iw++) {
                            int row = ic * inPlane + (id * in[1] + ih) * in[2] + iw;
                            // Row r of C is the convolution's output element r: a dot product with the window
                            // starting at i*s - p, taps spaced by d.
                            for (int kd = 0; kd < k[0]; kd++) {
                                int od = id * s[0] - pad[0] + kd * dil[0];
                                for (int kh = 0; kh < k[1]; kh++) {
                                    int oh = ih * s[1] - pad[1] + kh * dil[1];
                                    for (int kw = 0; kw < k[2]; kw++) {
                                        int ow = iw * s[2] - pad[2] + kw * dil[2];
                                        if (od < 0 || od >= out[0] || oh < 0 || oh >= out[1] || ow < 0
                                                || ow >= out[2]) {
                                            continue;
                                        }
                                        int col = oc * outPlane + (od * out[1] + oh) * out[2] + ow;
                                        c[row][col] += w[(((ic * outPerGroup + ocg) * k[0] + kd) * k[1] + kh) * k[2]
                                                + kw];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return c;
    }

    /** {@code y = C^T x + bias}, one batch element at a time. */
    public static void convTranspose(ConvProblem problem, float[] x, int xOff, float[] w, float[] bias,
            float[] y, int yOff) {
        double[][] c = convMatrix(problem, w);
        int rows = c.length;
        int cols = c[0].length;
        int outPlane = cols / problem.descriptor().outChannels();
        for (int n = 0; n < problem.batch(); n++) {
            for (int col = 0; col < cols; col++) {
                double acc = bias == null ? 0 : bias[col / outPlane];
                for (int row = 0; row < rows; row++) {
                    acc += c[row][col] * x[xOff + n * rows + row];
                }
                y[yOff + n * cols + col] = (float) acc;
            }
        }
    }
}
