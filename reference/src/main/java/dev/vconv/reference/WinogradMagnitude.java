package dev.vconv.reference;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;

/**
 * The magnitude that bounds the rounding error of Winograd's F(2x2, 3x3) on a 2D 3x3 stride-1 convolution or
 * transposed convolution (any padding, dilation, groups): for each output element, {@code Z = |A^T| Q |A|} with
 * {@code Q = sum_c (|G| |g_c| |G^T|) . (|B^T| |D_c| |B|)}, where {@code D_c} is the 4x4 input patch of the element's
 * tile and {@code g_c} the 3x3 kernel of input channel c (for a transposed convolution, of the equivalent
 * correlation: the kernel flipped, over the input zero-padded by {@code d (k - 1) - p}).
 *
 * <p>With {@code V = B^T D B} computed in two rounded steps, {@code U = G g G^T} rounded once, the products summed
 * over the {@code C/groups} channels in float, and {@code A^T M A} in two rounded steps of two additions, the
 * computed output differs from the exact one by at most {@code gamma_(C/groups + 7) Z} (Higham's {@code gamma_n =
 * n u / (1 - n u)}), plus one rounding for the bias: {@code gamma_(C/groups + 8) (Z + |b|)}. {@code Z} is at least the
 * direct sum's {@code sum |x w|}, and can be several times it: each transformed value mixes neighbouring inputs.
 *
 * <p>An element belongs to a tile as its first or second row and column, depending on where tiles start; this returns
 * the largest {@code Z} over the four cases, so it bounds any tiling. The transforms (Lavin and Gray 2016):
 * {@code B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]}, {@code G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]},
 * {@code A^T = [1 1 1 0; 0 1 -1 -1]}.
 */
public final class WinogradMagnitude {
    private static final double[][] ABS_BT = {{1, 0, 1, 0}, {0, 1, 1, 0}, {0, 1, 1, 0}, {0, 1, 0, 1}};
    private static final double[][] ABS_G = {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, 0.5, 0.5}, {0, 0, 1}};
    private static final double[][] ABS_AT = {{1, 1, 1, 0}, {0, 1, 1, 1}};

    private WinogradMagnitude() {
    }

    /** Whether F(2x2, 3x3) can compute this problem: 2D, a 3x3 kernel, stride 1. */
    public static boolean applies(ConvProblem problem) {
        ConvDescriptor d = problem.descriptor();
        return d.rank() == 2 && d.kernelSize()[0] == 3 && d.kernelSize()[1] == 3 && d.stride()[0] == 1
                && d.stride()[1] == 1;
    }

    /** Z per output element, in the output's layout. */
    public static double[] of(ConvProblem problem, float[] x, float[] w) {
        if (!applies(problem)) {
            throw new IllegalArgumentException("problem: " + problem.descriptor()
                    + ": Winograd F(2x2, 3x3) needs a 2D 3x3 kernel with stride 1");
        }
        ConvDescriptor d = problem.descriptor();
        boolean transpose = d.isTranspose();
        int groups = d.groups();
        int cg = d.inChannels() / groups;
        int kg = d.outChannels() / groups;
        int[] in = problem.inputSize3();
        int[] out = problem.outputSize3();
        int[] dil = problem.dilation3();
        int[] pad = problem.padBefore3();
        PaddingMode mode = d.paddingMode();
        // Output (oh, ow) as tile row r, column s reads input row oh - origin + (a - r) dh, a = 0..3 (likewise columns).
        int originH = transpose ? 2 * dil[1] - pad[1] : pad[1];
        int originW = transpose ? 2 * dil[2] - pad[2] : pad[2];
        // P[r][a][i] = |A^T|[r][i] |B^T|[i][a]: how transform point i of a tile's axis reaches input a and output r.
        double[][][] p = new double[2][4][4];
        for (int r = 0; r < 2; r++) {
            for (int a = 0; a < 4; a++) {
                for (int i = 0; i < 4; i++) {
                    p[r][a][i] = ABS_AT[r][i] * ABS_BT[i][a];
                }
            }
        }
        double[] z = new double[problem.outputShape().elementCount()];
        double[][] u = new double[4][4];
        double[][][][] weightOf = new double[2][2][4][4];
        for (int n = 0; n < problem.batch(); n++) {
            for (int g = 0; g < groups; g++) {
                for (int k = 0; k < kg; k++) {
                    int oc = g * kg + k;
                    int yBase = (n * d.outChannels() + oc) * out[1] * out[2];
                    for (int c = 0; c < cg; c++) {
                        int ic = g * cg + c;
                        absTransformedKernel(w, transpose, oc, ic, c, k, cg, kg, u);
                        for (int r = 0; r < 2; r++) {
                            for (int s = 0; s < 2; s++) {
                                for (int a = 0; a < 4; a++) {
                                    for (int b = 0; b < 4; b++) {
                                        double v = 0;
                                        for (int i = 0; i < 4; i++) {
                                            for (int j = 0; j < 4; j++) {
                                                v += p[r][a][i] * u[i][j] * p[s][b][j];
                                            }
                                        }
                                        weightOf[r][s][a][b] = v;
                                    }
                                }
                            }
                        }
                        int xBase = (n * d.inChannels() + ic) * in[1] * in[2];
                        for (int oh = 0; oh < out[1]; oh++) {
                            for (int ow = 0; ow < out[2]; ow++) {
                                double best = 0;
                                for (int r = 0; r < 2; r++) {
                                    for (int s = 0; s < 2; s++) {
                                        double sum = 0;
                                        for (int a = 0; a < 4; a++) {
                                            for (int b = 0; b < 4; b++) {
                                                double wv = weightOf[r][s][a][b];
                                                if (wv == 0) {
                                                    continue; // outside the element's own 3x3 window
                                                }
                                                float xv = input(x, xBase, in, transpose, mode,
                                                        oh - originH + (a - r) * dil[1], ow - originW + (b - s) * dil[2]);
                                                sum += Math.abs(xv) * wv;
                                            }
                                        }
                                        best = Math.max(best, sum);
                                    }
                                }
                                z[yBase + oh * out[2] + ow] += best;
                            }
                        }
                    }
                }
            }
        }
        return z;
    }

    /**
     * |G| |g| |G^T| for output channel oc and input channel ic (c, k within the group) of the correlation: a
     * transposed convolution's kernel is {@code (C_in, C_out/groups, 3, 3)}, flipped.
     */
    private static void absTransformedKernel(float[] w, boolean transpose, int oc, int ic, int c, int k, int cg, int kg,
            double[][] u) {
        double[][] g = new double[3][3];
        for (int kh = 0; kh < 3; kh++) {
            for (int kw = 0; kw < 3; kw++) {
                g[kh][kw] = Math.abs(transpose ? w[(ic * kg + k) * 9 + (2 - kh) * 3 + (2 - kw)]
                        : w[(oc * cg + c) * 9 + kh * 3 + kw]);
            }
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double v = 0;
                for (int kh = 0; kh < 3; kh++) {
                    for (int kw = 0; kw < 3; kw++) {
                        v += ABS_G[i][kh] * g[kh][kw] * ABS_G[j][kw];
                    }
                }
                u[i][j] = v;
            }
        }
    }

    /** The (padded) input at row ih, column iw of one channel: padding as the mode says; a transposed conv's is 0. */
    private static float input(float[] x, int base, int[] in, boolean transpose, PaddingMode mode, int ih, int iw) {
        if (transpose) {
            return ih < 0 || iw < 0 || ih >= in[1] || iw >= in[2] ? 0f : x[base + ih * in[2] + iw];
        }
        int sh = mode.sourceIndex(ih, in[1]);
        int sw = mode.sourceIndex(iw, in[2]);
        return sh < 0 || sw < 0 ? 0f : x[base + sh * in[2] + sw];
    }
}
