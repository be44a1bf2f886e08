package dev.vconv.reference;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;

/**
 * The magnitude that bounds the rounding error of Winograd's F(2x2, 3x3) on a 2D 3x3 stride-1 convolution or
 * transposed convolution (any padding, dilation, groups), and of F(2x2x2, 3x3x3) in 3D (every transform then applied
 * along the depth too): for each output element, {@code Z = |A^T| Q |A|} with
 * {@code Q = sum_c (|G| |g_c| |G^T|) . (|B^T| |D_c| |B|)}, where {@code D_c} is the 4x4 input patch of the element's
 * tile and {@code g_c} the 3x3 kernel of input channel c (for a transposed convolution, of the equivalent
 * correlation: the kernel flipped, over the input zero-padded by {@code d (k - 1) - p}).
 *
 * <p>With {@code V = B^T D B} computed in two rounded steps, {@code U = G g G^T} rounded once, the products summed
 * over the {@code C/groups} channels in float, and {@code A^T M A} in two rounded steps of two additions, the
 * computed output differs from the exact one by at most {@code gamma_(C/groups + 7) Z} (Higham's {@code gamma_n =
 * n u / (1 - n u)}), plus one rounding for the bias: {@code gamma_(C/groups + 8) (Z + |b|)}; in 3D, with three rounded
 * steps for V and six for the output, {@code gamma_(C/groups + 11) (Z + |b|)} ({@link #roundings}). {@code Z} is at
 * least the direct sum's {@code sum |x w|}, and can be several times it: each transformed value mixes neighbouring
 * inputs.
 *
 * <p>An element belongs to a tile as its first or second row and column (and plane), depending on where tiles start;
 * this returns the largest {@code Z} over the four (eight) cases per channel, so it bounds any tiling. The transforms
 * (Lavin and Gray 2016):
 * {@code B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]}, {@code G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]},
 * {@code A^T = [1 1 1 0; 0 1 -1 -1]}.
 */
public final class WinogradMagnitude {
    private static final double[][] ABS_BT = {{1, 0, 1, 0}, {0, 1, 1, 0}, {0, 1, 1, 0}, {0, 1, 0, 1}};
    private static final double[][] ABS_G = {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, 0.5, 0.5}, {0, 0, 1}};
    private static final double[][] ABS_AT = {{1, 1, 1, 0}, {0, 1, 1, 1}};

    private WinogradMagnitude() {
    }

    /** Whether F(2x2, 3x3) (2D) or F(2x2x2, 3x3x3) (3D) can compute this problem: a 3x3 (3x3x3) kernel, stride 1. */
    public static boolean applies(ConvProblem problem) {
        ConvDescriptor d = problem.descriptor();
        if (d.rank() < 2) {
            return false;
        }
        for (int a = 0; a < d.rank(); a++) {
            if (d.kernelSize()[a] != 3 || d.stride()[a] != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * The roundings besides the channel sum: {@code gamma_(C/g + roundings)}. Per spatial axis one for {@code B^T} and
     * two for {@code A^T}, one for rounding {@code U} once, one for the bias: 8 in 2D, 11 in 3D.
     */
    public static int roundings(ConvProblem problem) {
        return 3 * problem.descriptor().rank() + 2;
    }

    /** Z per output element, in the output's layout. */
    public static double[] of(ConvProblem problem, float[] x, float[] w) {
        if (!applies(problem)) {
            throw new IllegalArgumentException("problem: " + problem.descriptor()
                    + ": Winograd F(2, 3) per axis needs a 2D or 3D kernel of 3 with stride 1");
        }
        ConvDescriptor d = problem.descriptor();
        boolean transpose = d.isTranspose();
        boolean deep = d.rank() == 3;
        int groups = d.groups();
        int cg = d.inChannels() / groups;
        int kg = d.outChannels() / groups;
        int[] in = problem.inputSize3();
        int[] out = problem.outputSize3();
        int[] dil = problem.dilation3();
        int[] pad = problem.padBefore3();
        PaddingMode mode = d.paddingMode();
        // Output o as tile position r along an axis reads input o - origin + (a - r) d, a = 0..3 (2D depth: a = r = 0).
        int[] kernel = problem.kernel3();
        int[] origin = new int[3];
        for (int ax = 0; ax < 3; ax++) {
            // A transposed convolution's equivalent correlation pads by d (k - 1) - p (2D's lifted depth: k = 1, 0).
            origin[ax] = transpose ? dil[ax] * (kernel[ax] - 1) - pad[ax] : pad[ax];
        }
        int nd = deep ? 4 : 1; // transform points and inputs along depth
        int rd = deep ? 2 : 1; // tile positions along depth
        // P[r][a][i] = |A^T|[r][i] |B^T|[i][a]: how transform point i of a tile's axis reaches input a and output r.
        double[][][] p = new double[2][4][4];
        for (int r = 0; r < 2; r++) {
            for (int a = 0; a < 4; a++) {
                for (int i = 0; i < 4; i++) {
                    p[r][a][i] = ABS_AT[r][i] * ABS_BT[i][a];
                }
            }
        }
        double[][][] pd = deep ? p : new double[][][] {{{1}}};
        double[][] gd = deep ? ABS_G : new double[][] {{1}};
        int kd = deep ? 3 : 1;
        double[] z = new double[problem.outputShape().elementCount()];
        double[][][] u = new double[nd][4][4];
        double[][][][][][] weightOf = new double[rd][2][2][nd][4][4];
        double[][][] g = new double[kd][3][3];
        for (int n = 0; n < problem.batch(); n++) {
            for (int gr = 0; gr < groups; gr++) {
                for (int k = 0; k < kg; k++) {
                    int oc = gr * kg + k;
                    int yBase = (n * d.outChannels() + oc) * out[0] * out[1] * out[2];
                    for (int c = 0; c < cg; c++) {
                        int ic = gr * cg + c;
                        // |g| of the correlation: a transposed convolution's kernel (C_in, C_out/g, k...), flipped.
                        for (int l = 0; l < kd; l++) {
                            for (int i = 0; i < 3; i++) {
                                for (int j = 0; j < 3; j++) {
                                    int tap = (l * 3 + i) * 3 + j;
                                    int flipped = ((kd - 1 - l) * 3 + 2 - i) * 3 + 2 - j;
                                    g[l][i][j] = Math.abs(transpose ? w[(ic * kg + k) * kd * 9 + flipped]
                                            : w[(oc * cg + c) * kd * 9 + tap]);
                                }
                            }
                        }
                        // |G| |g| |G^T| along every axis.
                        for (int e = 0; e < nd; e++) {
                            for (int i = 0; i < 4; i++) {
                                for (int j = 0; j < 4; j++) {
                                    double v = 0;
                                    for (int l = 0; l < kd; l++) {
                                        for (int a = 0; a < 3; a++) {
                                            for (int b = 0; b < 3; b++) {
                                                v += gd[e][l] * ABS_G[i][a] * ABS_G[j][b] * g[l][a][b];
                                            }
                                        }
                                    }
                                    u[e][i][j] = v;
                                }
                            }
                        }
                        for (int r0 = 0; r0 < rd; r0++) {
                            for (int r1 = 0; r1 < 2; r1++) {
                                for (int r2 = 0; r2 < 2; r2++) {
                                    for (int a0 = 0; a0 < nd; a0++) {
                                        for (int a1 = 0; a1 < 4; a1++) {
                                            for (int a2 = 0; a2 < 4; a2++) {
                                                double v = 0;
                                                for (int e = 0; e < nd; e++) {
                                                    for (int i = 0; i < 4; i++) {
                                                        for (int j = 0; j < 4; j++) {
                                                            v += pd[r0][a0][e] * p[r1][a1][i] * p[r2][a2][j]
                                                                    * u[e][i][j];
                                                        }
                                                    }
                                                }
                                                weightOf[r0][r1][r2][a0][a1][a2] = v;
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        int xBase = (n * d.inChannels() + ic) * in[0] * in[1] * in[2];
                        for (int od = 0; od < out[0]; od++) {
                            for (int oh = 0; oh < out[1]; oh++) {
                                for (int ow = 0; ow < out[2]; ow++) {
                                    double best = 0;
                                    for (int r0 = 0; r0 < rd; r0++) {
                                        for (int r1 = 0; r1 < 2; r1++) {
                                            for (int r2 = 0; r2 < 2; r2++) {
                                                double sum = 0;
                                                for (int a0 = 0; a0 < nd; a0++) {
                                                    for (int a1 = 0; a1 < 4; a1++) {
                                                        for (int a2 = 0; a2 < 4; a2++) {
                                                            double wv = weightOf[r0][r1][r2][a0][a1][a2];
                                                            if (wv == 0) {
                                                                continue; // outside the element's own window
                                                            }
                                                            float xv = input(x, xBase, in, transpose, mode,
                                                                    od - origin[0] + (a0 - r0) * dil[0],
                                                                    oh - origin[1] + (a1 - r1) * dil[1],
                                                                    ow - origin[2] + (a2 - r2) * dil[2]);
                                                            sum += Math.abs(xv) * wv;
                                                        }
                                                    }
                                                }
                                                best = Math.max(best, sum);
                                            }
                                        }
                                    }
                                    z[yBase + (od * out[1] + oh) * out[2] + ow] += best;
                                }
                            }
                        }
                    }
                }
            }
        }
        return z;
    }

    /** The (padded) input at one position of one channel: padding as the mode says; a transposed conv's is 0. */
    private static float input(float[] x, int base, int[] in, boolean transpose, PaddingMode mode, int id, int ih,
            int iw) {
        if (transpose) {
            return id < 0 || ih < 0 || iw < 0 || id >= in[0] || ih >= in[1] || iw >= in[2] ? 0f
                    : x[base + (id * in[1] + ih) * in[2] + iw];
        }
        int sd = mode.sourceIndex(id, in[0]);
        int sh = mode.sourceIndex(ih, in[1]);
        int sw = mode.sourceIndex(iw, in[2]);
        return sd < 0 || sh < 0 || sw < 0 ? 0f : x[base + (sd * in[1] + sh) * in[2] + sw];
    }
}
