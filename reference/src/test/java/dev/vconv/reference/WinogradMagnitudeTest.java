package dev.vconv.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link WinogradMagnitude}: F(2x2, 3x3) and F(2x2x2, 3x3x3) exactly as before the F(2x2, 2x2) case was added, and
 * F(2x2, 2x2) and F(3x3, 2x2) on the stride phases of a kernel-4 stride-2 transposed convolution checked against
 * independent simulations of the algorithms.
 */
class WinogradMagnitudeTest {
    private static final double U = 0x1p-24;

    private static float[] abs(float[] a) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.abs(a[i]);
        }
        return r;
    }

    private static float[] reals(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            // Mixed magnitudes and signs, so that no term dominates by accident.
            a[i] = (float) ((r.nextDouble() * 2 - 1) * Math.scalb(1.0, r.nextInt(5) - 2));
        }
        return a;
    }

    private static long[] bits(double[] a) {
        return Arrays.stream(a).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    // ---- F(2x2, 3x3) and F(2x2x2, 3x3x3): the same doubles as before ----

    @Test
    void f23GivesTheSameDoublesAsBefore() {
        List<ConvProblem> problems = List.of(
                ConvDescriptor.conv(2).inChannels(3).outChannels(4).kernelSize(3).padding(1).build()
                        .problem(2, 3, 6, 7),
                ConvDescriptor.conv(2).inChannels(2).outChannels(3).kernelSize(3).build().problem(1, 2, 5, 4),
                ConvDescriptor.conv(2).inChannels(2).outChannels(2).kernelSize(3).padding(1)
                        .paddingMode(PaddingMode.REFLECT).build().problem(1, 2, 5, 6),
                ConvDescriptor.conv(2).inChannels(2).outChannels(2).kernelSize(3).padding(2, 1)
                        .paddingMode(PaddingMode.REPLICATE).build().problem(1, 2, 4, 5),
                ConvDescriptor.conv(2).inChannels(3).outChannels(2).kernelSize(3).padding(1)
                        .paddingMode(PaddingMode.CIRCULAR).build().problem(2, 3, 5, 5),
                ConvDescriptor.conv(2).inChannels(4).outChannels(6).kernelSize(3).padding(2).dilation(2).groups(2)
                        .build().problem(1, 4, 7, 6),
                ConvDescriptor.conv(2).inChannels(2).outChannels(2).kernelSize(3).padding("same").dilation(1, 2)
                        .paddingMode(PaddingMode.REFLECT).build().problem(1, 2, 6, 7),
                ConvDescriptor.convTranspose(2).inChannels(3).outChannels(2).kernelSize(3).build().problem(1, 3, 4, 5),
                ConvDescriptor.convTranspose(2).inChannels(4).outChannels(2).kernelSize(3).padding(1).dilation(2)
                        .outputPadding(1, 0).groups(2).build().problem(2, 4, 5, 4),
                ConvDescriptor.convTranspose(2).inChannels(2).outChannels(3).kernelSize(3).padding(2, 1).build()
                        .problem(1, 2, 6, 5),
                ConvDescriptor.conv(3).inChannels(2).outChannels(3).kernelSize(3).padding(1).build()
                        .problem(1, 2, 4, 5, 3),
                ConvDescriptor.conv(3).inChannels(4).outChannels(2).kernelSize(3).padding(1, 2, 0).dilation(1, 2, 1)
                        .groups(2).paddingMode(PaddingMode.REPLICATE).build().problem(1, 4, 4, 5, 5),
                ConvDescriptor.convTranspose(3).inChannels(2).outChannels(2).kernelSize(3).padding(1).build()
                        .problem(2, 2, 3, 4, 3));
        long seed = 1;
        for (ConvProblem p : problems) {
            assertTrue(WinogradMagnitude.applies(p), p::toString);
            float[] x = reals(p.inputShape().elementCount(), seed++);
            float[] w = reals(p.weightShape().elementCount(), seed++);
            assertArrayEquals(bits(OldF23Magnitude.of(p, x, w)), bits(WinogradMagnitude.of(p, x, w)), p::toString);
        }
    }

    // ---- F(2x2, 2x2) on the stride phases of a kernel-4 stride-2 transposed convolution ----

    private static final double[][] BT22 = {{1, -1, 0}, {0, 1, 0}, {0, -1, 1}};
    private static final double[][] G22 = {{1, 0}, {1, 1}, {0, 1}};
    private static final double[][] AT22 = {{1, 1, 0}, {0, 1, 1}};

    private static ConvDescriptor.Builder k4s2(int inChannels, int outChannels) {
        return ConvDescriptor.convTranspose(2).inChannels(inChannels).outChannels(outChannels).kernelSize(4).stride(2);
    }

    /**
     * The two taps of output o along an axis with padding p, searched for in the definition {@code o = 2 i - p + k}:
     * rows {input index i, kernel index k}, by i ascending (the window's first element, then its second).
     */
    private static int[][] taps(int o, int p) {
        List<int[]> found = new ArrayList<>();
        for (int i = -8; i <= o + p + 8; i++) {
            for (int k = 0; k < 4; k++) {
                if (2 * i - p + k == o) {
                    found.add(new int[] {i, k});
                }
            }
        }
        assertEquals(2, found.size());
        assertEquals(found.get(0)[0] + 1, found.get(1)[0]);
        return found.toArray(int[][]::new);
    }

    /** x[n, ic, ih, iw], 0 outside the input. */
    private static double input(ConvProblem p, float[] x, int n, int ic, int ih, int iw) {
        int[] s = p.inputShape().dims();
        return ih < 0 || iw < 0 || ih >= s[2] || iw >= s[3] ? 0 : x[((n * s[1] + ic) * s[2] + ih) * s[3] + iw];
    }

    /** w[ic, k, kh, kw] of the layout (C_in, C_out/groups, 4, 4). */
    private static double weight(ConvProblem p, float[] w, int ic, int k, int kh, int kw) {
        int kg = p.descriptor().outChannels() / p.descriptor().groups();
        return w[((ic * kg + k) * 4 + kh) * 4 + kw];
    }

    private static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int l = 0; l < b.length; l++) {
                    c[i][j] += a[i][l] * b[l][j];
                }
            }
        }
        return c;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static double gamma(int n) {
        return n * U / (1 - n * U);
    }

    /** Kernel-4 stride-2 transposed convs: batches, paddings 0-3 per axis, output padding, groups, odd extents. */
    private static List<ConvProblem> phaseProblems() {
        return List.of(
                k4s2(3, 2).build().problem(2, 3, 5, 4),
                k4s2(2, 3).padding(1).outputPadding(1).build().problem(1, 2, 4, 6),
                k4s2(4, 6).padding(2).groups(2).build().problem(1, 4, 5, 3),
                k4s2(2, 2).padding(1, 2).outputPadding(1, 0).groups(2).build().problem(1, 2, 3, 6),
                k4s2(3, 1).padding(3, 0).outputPadding(0, 1).build().problem(1, 3, 5, 2));
    }

    /**
     * For every output element: F(2x2, 2x2) in double on each of its four tilings gives the direct definition's value;
     * {@code Z} bounds the direct sum's {@code sum |x w|} and the transformed terms {@code |A^T| |sum_c U_c . V_c| |A|}
     * (not summed over channels before the absolute value: term by term); and the algorithm run in float, rounding
     * where the plan does, stays within {@code gamma_(C/g + 6) (Z + |b|)}.
     */
    @Test
    void f22BoundsTheDirectSumAndTheAlgorithm() {
        long seed = 100;
        for (ConvProblem p : phaseProblems()) {
            assertTrue(WinogradMagnitude.applies(p), p::toString);
            float[] x = reals(p.inputShape().elementCount(), seed++);
            float[] w = reals(p.weightShape().elementCount(), seed++);
            float[] bias = reals(p.descriptor().outChannels(), seed++);
            double[] z = WinogradMagnitude.of(p, x, w);
            checkPhases(p, x, w, bias, z, 2);
        }
    }


    /**
     * Every output element as each of the m x m positions of its tile: F(m x m, 2x2) in double gives the direct
     * definition's value; {@code z} bounds the direct sum's {@code sum |x w|} and the transformed terms
     * {@code |A^T| |sum_c U_c . V_c| |A|} (term by term, not summed over channels first); the algorithm in float,
     * rounding where the plan does, stays within {@code gamma_(C/g + r) (Z + |b|)}, r = 6 for F(2x2, 2x2), 8 for
     * F(3x3, 2x2).
     */
    private static void checkPhases(ConvProblem p, float[] x, float[] w, float[] bias, double[] z, int mt) {
        double[][] bt = mt == 2 ? BT22 : BT32;
        double[][] gm = mt == 2 ? G22 : G32;
        double[][] at = mt == 2 ? AT22 : AT32;
        int n = mt + 1;
        int roundings = mt == 2 ? 6 : 8;
        String name = "F(" + mt + "x" + mt + ", 2x2)";
        ConvDescriptor d = p.descriptor();
        int cg = d.inChannels() / d.groups();
        int kg = d.outChannels() / d.groups();
        int[] out = p.outputShape().dims();
        for (int nb = 0; nb < out[0]; nb++) {
            for (int oc = 0; oc < out[1]; oc++) {
                int gr = oc / kg;
                int k = oc % kg;
                for (int oh = 0; oh < out[2]; oh++) {
                    int[][] th = taps(oh, d.padBefore()[0]);
                    for (int ow = 0; ow < out[3]; ow++) {
                        int[][] tw = taps(ow, d.padBefore()[1]);
                                        double zi = z[((nb * out[1] + oc) * out[2] + oh) * out[3] + ow];
                        String where = name + ", " + p + " at " + Arrays.toString(new int[] {nb, oc, oh, ow});
                        double direct = 0;
                        double magnitude = 0;
                        for (int c = 0; c < cg; c++) {
                            int ic = gr * cg + c;
                            for (int[] h : th) {
                                for (int[] v : tw) {
                                    double term = input(p, x, nb, ic, h[0], v[0]) * weight(p, w, ic, k, h[1], v[1]);
                                    direct += term;
                                    magnitude += Math.abs(term);
                                }
                            }
                        }
                        double s = magnitude;
                        assertTrue(zi >= s * (1 - 1e-12), () -> "Z = " + zi + " < sum |x w| = " + s + ", " + where);
                        for (int rh = 0; rh < mt; rh++) {
                            for (int rw = 0; rw < mt; rw++) {
                                double[][] m = new double[n][n];
                                double terms = 0;
                                float[][] mf = new float[n][n];
                                for (int c = 0; c < cg; c++) {
                                    int ic = gr * cg + c;
                                    double[][] window = new double[n][n];
                                    for (int a = 0; a < n; a++) {
                                        for (int b = 0; b < n; b++) {
                                            window[a][b] = input(p, x, nb, ic, th[0][0] - rh + a, tw[0][0] - rw + b);
                                        }
                                    }
                                    double[][] g = new double[2][2];
                                    for (int e = 0; e < 2; e++) {
                                        for (int f = 0; f < 2; f++) {
                                            g[e][f] = weight(p, w, ic, k, th[e][1], tw[f][1]);
                                        }
                                    }
                                    double[][] u = mul(mul(gm, g), transpose(gm));
                                    double[][] v = mul(mul(bt, window), transpose(bt));
                                    float[][] vf = mt == 2 ? transformInFloat(window) : transformInFloat32(window);
                                    for (int a = 0; a < n; a++) {
                                        for (int b = 0; b < n; b++) {
                                            m[a][b] += u[a][b] * v[a][b];
                                            terms += Math.abs(at[rh][a] * at[rw][b] * u[a][b] * v[a][b]);
                                            mf[a][b] += (float) u[a][b] * vf[a][b];
                                        }
                                    }
                                }
                                double y = mul(mul(at, m), transpose(at))[rh][rw];
                                assertEquals(direct, y, 1e-12 * terms + 1e-300, name + " in double, " + where);
                                double t = terms;
                                assertTrue(zi >= t * (1 - 1e-12), () -> "Z = " + zi
                                        + " < the transformed terms' " + t + ", " + where);
                                float yf = (mt == 2 ? outputInFloat(mf, rh, rw) : outputInFloat32(mf, rh, rw))
                                        + bias[oc];
                                double error = Math.abs(yf - (direct + bias[oc]));
                                double bound = gamma(cg + roundings) * (zi + Math.abs(bias[oc])) * (1 + 1e-9);
                                assertTrue(error <= bound, () -> "float error " + error + " > bound " + bound + ", "
                                        + where);
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code B^T D B} in float, one rounding per row or column combination, as a plan computes it. */
    private static float[][] transformInFloat(double[][] window) {
        float[][] dd = new float[3][3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                dd[a][b] = (float) window[a][b];
            }
        }
        float[][] rows = new float[3][3];
        for (int b = 0; b < 3; b++) {
            rows[0][b] = dd[0][b] - dd[1][b];
            rows[1][b] = dd[1][b];
            rows[2][b] = dd[2][b] - dd[1][b];
        }
        float[][] v = new float[3][3];
        for (int a = 0; a < 3; a++) {
            v[a][0] = rows[a][0] - rows[a][1];
            v[a][1] = rows[a][1];
            v[a][2] = rows[a][2] - rows[a][1];
        }
        return v;
    }

    /** Element (rh, rw) of {@code A^T M A} in float. */
    private static float outputInFloat(float[][] m, int rh, int rw) {
        float[] row = new float[3];
        for (int b = 0; b < 3; b++) {
            row[b] = m[rh][b] + m[rh + 1][b];
        }
        return row[rw] + row[rw + 1];
    }

    private static final double[][] BT32 = {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};
    private static final double[][] G32 = {{1, 0}, {0.5, 0.5}, {0.5, -0.5}, {0, -1}};
    private static final double[][] AT32 = {{1, 1, 1, 0}, {0, 1, -1, 0}, {0, 1, 1, 1}};

    /**
     * F(3x3, 2x2) on the same phases: in double on each of its nine tilings it gives the direct definition's value;
     * {@code Z} (the larger of the two algorithms') bounds its transformed terms, and F(2x2, 2x2)'s alone need not;
     * the algorithm run in float, rounding where the plan does, stays within {@code gamma_(C/g + 8) (Z + |b|)}.
     */
    @Test
    void f32BoundsTheDirectSumAndTheAlgorithm() {
        long seed = 300;
        boolean f22Short = false;
        for (ConvProblem p : phaseProblems()) {
            float[] x = reals(p.inputShape().elementCount(), seed++);
            float[] w = reals(p.weightShape().elementCount(), seed++);
            float[] bias = reals(p.descriptor().outChannels(), seed++);
            double[] z = WinogradMagnitude.of(p, x, w);
            double[] z22 = WinogradMagnitude.ofPhases(p, x, w, 2);
            double[] z32 = WinogradMagnitude.ofPhases(p, x, w, 3);
            for (int i = 0; i < z.length; i++) {
                assertEquals(Math.max(z22[i], z32[i]), z[i]);
                f22Short |= z22[i] < z32[i] * (1 - 1e-9);
            }
            checkPhases(p, x, w, bias, z32, 3);
        }
        assertTrue(f22Short, "F(2x2, 2x2)'s Z alone would not bound F(3x3, 2x2) somewhere: a test that cannot fail");
    }


    /** F(3, 2)'s {@code B^T D B} in float, one rounding per row or column combination, as the plan computes it. */
    private static float[][] transformInFloat32(double[][] window) {
        float[][] rows = new float[4][4];
        for (int b = 0; b < 4; b++) {
            float d0 = (float) window[0][b];
            float d1 = (float) window[1][b];
            float d2 = (float) window[2][b];
            float d3 = (float) window[3][b];
            rows[0][b] = d0 - d2;
            rows[1][b] = d1 + d2;
            rows[2][b] = d2 - d1;
            rows[3][b] = d1 - d3;
        }
        float[][] v = new float[4][4];
        for (int a = 0; a < 4; a++) {
            v[a][0] = rows[a][0] - rows[a][2];
            v[a][1] = rows[a][1] + rows[a][2];
            v[a][2] = rows[a][2] - rows[a][1];
            v[a][3] = rows[a][1] - rows[a][3];
        }
        return v;
    }

    /** Element (rh, rw) of F(3, 2)'s {@code A^T M A} in float, height first, as the plan computes it. */
    private static float outputInFloat32(float[][] m, int rh, int rw) {
        float[] row = new float[4];
        for (int b = 0; b < 4; b++) {
            row[b] = combine32(m[0][b], m[1][b], m[2][b], m[3][b], rh);
        }
        return combine32(row[0], row[1], row[2], row[3], rw);
    }

    private static float combine32(float m0, float m1, float m2, float m3, int r) {
        float s12 = m1 + m2;
        return r == 0 ? m0 + s12 : r == 1 ? m1 - m2 : s12 + m3;
    }

    /**
     * By hand: one channel, a 3x3 input of ones, a kernel of ones, padding 1 (a 6x6 output). Along an axis
     * {@code |G| |g| = (1, 2, 1)}, so the first output of a tile weighs its window {@code (1, 3, 0)}, the second
     * {@code (0, 3, 1)}: an output with both inputs inside gets 4, one with one inside 3 (the first and last outputs,
     * whose other tap falls at -1 or 3). Z is the product over the axes.
     */
    @Test
    void f22OnesByHand() {
        ConvProblem p = k4s2(1, 1).padding(1).bias(false).build().problem(1, 1, 3, 3);
        assertArrayEquals(new int[] {1, 1, 6, 6}, p.outputShape().dims());
        float[] ones9 = new float[9];
        float[] ones16 = new float[16];
        Arrays.fill(ones9, 1f);
        Arrays.fill(ones16, 1f);
        double[] f = {3, 4, 4, 4, 4, 3};
        double[] expected = new double[36];
        for (int h = 0; h < 6; h++) {
            for (int v = 0; v < 6; v++) {
                expected[h * 6 + v] = f[h] * f[v];
            }
        }
        assertArrayEquals(expected, WinogradMagnitude.ofPhases(p, ones9, ones16, 2));
    }

    /**
     * One channel, 3x3 input, distinct weights, padding 0, 1, 2: Z against the algorithm's magnitudes written out
     * entry by entry, {@code |G| g |G^T|} with rows {@code (g0, g0 + g1, g1)} and {@code |B^T| |D| |B|} with rows
     * {@code (d0 + d1, d1, d1 + d2)} along each axis, the first output of a tile summing points 0 and 1, the second 1
     * and 2; the taps found by search in the definition.
     */
    @Test
    void f22TinyCasesByFormula() {
        for (int pad = 0; pad <= 2; pad++) {
            ConvProblem p = k4s2(1, 1).padding(pad).bias(false).build().problem(1, 1, 3, 3);
            float[] x = reals(9, 40 + pad);
            float[] w = reals(16, 50 + pad);
            double[] z = WinogradMagnitude.ofPhases(p, x, w, 2);
            int[] out = p.outputShape().dims();
            for (int oh = 0; oh < out[2]; oh++) {
                for (int ow = 0; ow < out[3]; ow++) {
                    int[][] th = taps(oh, pad);
                    int[][] tw = taps(ow, pad);
                    double g00 = Math.abs(weight(p, w, 0, 0, th[0][1], tw[0][1]));
                    double g01 = Math.abs(weight(p, w, 0, 0, th[0][1], tw[1][1]));
                    double g10 = Math.abs(weight(p, w, 0, 0, th[1][1], tw[0][1]));
                    double g11 = Math.abs(weight(p, w, 0, 0, th[1][1], tw[1][1]));
                    double[][] u = {
                            {g00, g00 + g01, g01},
                            {g00 + g10, g00 + g01 + g10 + g11, g01 + g11},
                            {g10, g10 + g11, g11}};
                    double best = 0;
                    for (int rh = 0; rh < 2; rh++) {
                        for (int rw = 0; rw < 2; rw++) {
                            double[][] dd = new double[3][3];
                            for (int a = 0; a < 3; a++) {
                                for (int b = 0; b < 3; b++) {
                                    dd[a][b] = Math.abs(input(p, x, 0, 0, th[0][0] - rh + a, tw[0][0] - rw + b));
                                }
                            }
                            double[][] rows = {
                                    {dd[0][0] + dd[1][0], dd[0][1] + dd[1][1], dd[0][2] + dd[1][2]},
                                    dd[1],
                                    {dd[1][0] + dd[2][0], dd[1][1] + dd[2][1], dd[1][2] + dd[2][2]}};
                            double[][] v = new double[3][];
                            for (int a = 0; a < 3; a++) {
                                v[a] = new double[] {rows[a][0] + rows[a][1], rows[a][1], rows[a][1] + rows[a][2]};
                            }
                            double sum = 0;
                            for (int a = rh; a <= rh + 1; a++) {
                                for (int b = rw; b <= rw + 1; b++) {
                                    sum += u[a][b] * v[a][b];
                                }
                            }
                            best = Math.max(best, sum);
                        }
                    }
                    assertEquals(best, z[oh * out[3] + ow], 1e-12 * best, "padding " + pad + " at " + oh + ", " + ow);
                }
            }
        }
    }

    /**
     * F(2, 2) along depth, height and width summed directly: {@code Z} bounds the direct sum's {@code sum |x w|} for
     * every element (stride 2 and 3 along depth, padding, output_padding, groups, strided and dilated height and
     * width); with all-ones data an interior element of a kernel-4 stride-2 problem has {@code Z = 4 * 4}: per
     * height x width tap (2 x 2 per phase), {@code |B^T| x = (2, 1, 2)} and {@code |G| g = (1, 2, 1)} give the products
     * {@code (2, 2, 2)}, two of which make an output.
     */
    @Test
    void f22DepthBoundsTheDirectSum() {
        List<ConvProblem> problems = List.of(
                ConvDescriptor.convTranspose(3).inChannels(3).outChannels(2).kernelSize(4).stride(2).padding(1)
                        .build().problem(2, 3, 3, 4, 5),
                ConvDescriptor.convTranspose(3).inChannels(4).outChannels(6).groups(2).kernelSize(4, 3, 2)
                        .stride(2, 2, 1).padding(2, 1, 0).outputPadding(1, 1, 0).build().problem(1, 4, 4, 3, 5),
                ConvDescriptor.convTranspose(3).inChannels(2).outChannels(3).kernelSize(6, 3, 3).stride(3, 1, 2)
                        .dilation(1, 2, 1).padding(2, 1, 1).outputPadding(2, 0, 1).build().problem(1, 2, 3, 4, 3));
        long seed = 300;
        for (ConvProblem p : problems) {
            assertTrue(WinogradMagnitude.applies(p), p::toString);
            float[] x = reals(p.inputShape().elementCount(), seed++);
            float[] w = reals(p.weightShape().elementCount(), seed++);
            double[] z = WinogradMagnitude.of(p, x, w);
            float[] s = new float[z.length];
            ScatterConvTranspose.convTranspose(p, abs(x), 0, abs(w), null, s, 0);
            for (int i = 0; i < z.length; i++) {
                assertTrue(z[i] >= s[i] * (1 - 1e-6), p + ": Z " + z[i] + " < S " + s[i] + " at " + i);
            }
        }
        ConvProblem p = ConvDescriptor.convTranspose(3).inChannels(1).outChannels(1).kernelSize(4).stride(2)
                .padding(1).bias(false).build().problem(1, 1, 4, 4, 4);
        float[] ones = new float[64];
        Arrays.fill(ones, 1f);
        double[] z = WinogradMagnitude.of(p, ones, ones);
        int[] out = p.outputShape().dims(); // 8 x 8 x 8
        for (int od = 2; od < 6; od++) {
            for (int oh = 1; oh < 7; oh++) {
                for (int ow = 1; ow < 7; ow++) {
                    assertEquals(16.0, z[(od * out[3] + oh) * out[4] + ow], "at " + od + ", " + oh + ", " + ow);
                }
            }
        }
    }

    // ---- F(4, 4) nested from F(2, 2) along the width of a strided conv ----

    /**
     * The stem's shape, and awkward ones: stride 3, 4 taps per phase, dilated height, groups, every padding mode;
     * output widths 8, 4, 8, 4, 4.
     */
    private static List<ConvProblem> widthProblems() {
        return List.of(
                ConvDescriptor.conv(2).inChannels(3).outChannels(2).kernelSize(7).stride(2).padding(3).build()
                        .problem(1, 3, 9, 15),
                ConvDescriptor.conv(2).inChannels(4).outChannels(6).groups(2).kernelSize(2, 8).stride(2).padding(0, 2)
                        .paddingMode(PaddingMode.REFLECT).build().problem(2, 4, 5, 11),
                ConvDescriptor.conv(2).inChannels(2).outChannels(3).kernelSize(3, 9).stride(3).padding(1, 4)
                        .dilation(2, 1).paddingMode(PaddingMode.REPLICATE).build().problem(1, 2, 7, 24),
                ConvDescriptor.conv(2).inChannels(3).outChannels(2).kernelSize(5, 12).stride(2, 3).padding(2, 3)
                        .paddingMode(PaddingMode.CIRCULAR).build().problem(1, 3, 6, 17),
                ConvDescriptor.conv(2).inChannels(1).outChannels(2).kernelSize(1, 5).stride(1, 2).build()
                        .problem(1, 1, 2, 11));
    }

    /**
     * Every output element as the plan computes it (tiles of 4 from output columns divisible by 4): the nested F(4, 4)
     * in double gives the direct definition's value; {@code Z} bounds {@code sum |x w|} and the transformed terms;
     * the algorithm in float, rounding where {@code WinogradWidthPlan} does (B^T in two steps, U once from double, the
     * products' sum by fma in (channel, height tap, width phase) order, A^T in two steps, the bias last), stays
     * within {@code gamma_(C/g k_h s + 6) (Z + |b|)}.
     */
    @Test
    void f44WidthBoundsTheDirectSumAndTheAlgorithm() {
        double[][] bt = {{1, -1, -1, 1, 0, 0, 0}, {0, 1, 0, -1, 0, 0, 0}, {0, -1, 1, 1, -1, 0, 0},
            {0, 0, 1, -1, 0, 0, 0}, {0, 0, 0, 1, 0, 0, 0}, {0, 0, 0, -1, 1, 0, 0}, {0, 0, -1, 1, 1, -1, 0},
            {0, 0, 0, -1, 0, 1, 0}, {0, 0, 0, 1, -1, -1, 1}};
        double[][] gm = {{1, 0, 0, 0}, {1, 1, 0, 0}, {0, 1, 0, 0}, {1, 0, 1, 0}, {1, 1, 1, 1}, {0, 1, 0, 1},
            {0, 0, 1, 0}, {0, 0, 1, 1}, {0, 0, 0, 1}};
        double[][] at = {{1, 1, 0, 1, 1, 0, 0, 0, 0}, {0, 1, 1, 0, 1, 1, 0, 0, 0}, {0, 0, 0, 1, 1, 0, 1, 1, 0},
            {0, 0, 0, 0, 1, 1, 0, 1, 1}};
        long seed = 500;
        for (ConvProblem p : widthProblems()) {
            assertTrue(WinogradMagnitude.applies(p), p::toString);
            ConvDescriptor d = p.descriptor();
            float[] x = reals(p.inputShape().elementCount(), seed++);
            float[] w = reals(p.weightShape().elementCount(), seed++);
            float[] bias = reals(d.outChannels(), seed++);
            double[] z = WinogradMagnitude.of(p, x, w);
            int cg = d.inChannels() / d.groups();
            int kg = d.outChannels() / d.groups();
            int kh = d.kernelSize()[0];
            int kw = d.kernelSize()[1];
            int s = d.stride()[1];
            int[] in = p.inputShape().dims();
            int[] out = p.outputShape().dims();
            int paddedW = in[3] + d.padBefore()[1] + p.padAfter3()[2];
            int n = WinogradMagnitude.gammaTerms(p);
            assertEquals(cg * kh * s + 6, n, p::toString);
            for (int nb = 0; nb < out[0]; nb++) {
                for (int oc = 0; oc < out[1]; oc++) {
                    int gr = oc / kg;
                    for (int oh = 0; oh < out[2]; oh++) {
                        for (int ow = 0; ow < out[3]; ow++) {
                            int r = ow % 4;
                            String where = p + " at " + Arrays.toString(new int[] {nb, oc, oh, ow});
                            double direct = 0;
                            double magnitude = 0;
                            double[] m = new double[9];
                            float[] mf = new float[9];
                            double terms = 0;
                            for (int c = 0; c < cg; c++) {
                                int ic = gr * cg + c;
                                for (int h = 0; h < kh; h++) {
                                    int ih = oh * d.stride()[0] - d.padBefore()[0] + h * d.dilation()[0];
                                    for (int k = 0; k < kw; k++) {
                                        double term = padded(p, x, nb, ic, ih, ow * s + k)
                                                * w[((oc * cg + c) * kh + h) * kw + k];
                                        direct += term;
                                        magnitude += Math.abs(term);
                                    }
                                    for (int e = 0; e < s; e++) {
                                        double[] xw = new double[7];
                                        float[] xf = new float[7];
                                        for (int a = 0; a < 7; a++) {
                                            int col = s * (ow - r + a) + e;
                                            xw[a] = col < paddedW ? padded(p, x, nb, ic, ih, col) : 0;
                                            xf[a] = (float) xw[a];
                                        }
                                        double[] g = new double[4];
                                        for (int t = 0; t < 4; t++) {
                                            int k = s * t + e;
                                            g[t] = k < kw ? w[((oc * cg + c) * kh + h) * kw + k] : 0;
                                        }
                                        float[] vf = widthInFloat(xf);
                                        for (int i = 0; i < 9; i++) {
                                            double u = 0;
                                            double v = 0;
                                            for (int t = 0; t < 4; t++) {
                                                u += gm[i][t] * g[t];
                                            }
                                            for (int a = 0; a < 7; a++) {
                                                v += bt[i][a] * xw[a];
                                            }
                                            m[i] += u * v;
                                            terms += Math.abs(at[r][i] * u * v);
                                            mf[i] = Math.fma((float) u, vf[i], mf[i]);
                                        }
                                    }
                                }
                            }
                            double y = 0;
                            for (int i = 0; i < 9; i++) {
                                y += at[r][i] * m[i];
                            }
                            assertEquals(direct, y, 1e-12 * terms + 1e-300, "F(4, 4) in double, " + where);
                            double zi = z[((nb * out[1] + oc) * out[2] + oh) * out[3] + ow];
                            double sd = magnitude;
                            double tt = terms;
                            assertTrue(zi >= sd * (1 - 1e-12), () -> "Z = " + zi + " < sum |x w| = " + sd + ", "
                                    + where);
                            assertTrue(zi >= tt * (1 - 1e-12), () -> "Z = " + zi + " < the transformed terms' " + tt
                                    + ", " + where);
                            float yf = widthOutputInFloat(mf, bias[oc], r);
                            double error = Math.abs(yf - (direct + bias[oc]));
                            double bound = gamma(n) * (zi + Math.abs(bias[oc])) * (1 + 1e-9);
                            assertTrue(error <= bound, () -> "float error " + error + " > bound " + bound + ", "
                                    + where);
                        }
                    }
                }
            }
        }
    }

    /** The padded input of a conv (padding mode applied) at padded column {@code col}, row {@code ih} (unpadded). */
    private static double padded(ConvProblem p, float[] x, int n, int ic, int ih, int col) {
        int[] s = p.inputShape().dims();
        PaddingMode mode = p.descriptor().paddingMode();
        int sh = mode.sourceIndex(ih, s[2]);
        int sw = mode.sourceIndex(col - p.descriptor().padBefore()[1], s[3]);
        return sh < 0 || sw < 0 ? 0 : x[((n * s[1] + ic) * s[2] + sh) * s[3] + sw];
    }

    /** V = B^T x in float, as the plan: z0 = x0 - x2, ..., then (z0 - z1, z1, z2 - z1) per z. */
    private static float[] widthInFloat(float[] x) {
        float z00 = x[0] - x[2];
        float z01 = x[1] - x[3];
        float z02 = x[2] - x[4];
        float z20 = x[4] - x[2];
        float z21 = x[5] - x[3];
        float z22 = x[6] - x[4];
        return new float[] {z00 - z01, z01, z02 - z01, x[2] - x[3], x[3], x[4] - x[3], z20 - z21, z21, z22 - z21};
    }

    /** Output r of a tile from its products, as the plan: pairs of pairs, then the bias. */
    private static float widthOutputInFloat(float[] m, float bias, int r) {
        float p10 = m[3] + m[4];
        float p11 = m[4] + m[5];
        float y = switch (r) {
            case 0 -> (m[0] + m[1]) + p10;
            case 1 -> (m[1] + m[2]) + p11;
            case 2 -> p10 + (m[6] + m[7]);
            default -> p11 + (m[7] + m[8]);
        };
        return y + bias;
    }

    @Test
    void f44WidthAppliesOnlyWhereThePlanCanRun() {
        ConvDescriptor.Builder stem = ConvDescriptor.conv(2).inChannels(3).outChannels(8).kernelSize(7).stride(2)
                .padding(3);
        ConvProblem p = stem.build().problem(1, 3, 16, 16); // output 8 x 8
        assertTrue(WinogradMagnitude.applies(p));
        assertEquals(6, WinogradMagnitude.roundings(p));
        assertEquals(3 * 7 * 2 + 6, WinogradMagnitude.gammaTerms(p));
        // Output width 7, kernel width 4 (2 taps per phase), width dilation 2, transposed: none of them.
        for (ConvProblem q : List.of(stem.build().problem(1, 3, 16, 14),
                ConvDescriptor.conv(2).inChannels(3).outChannels(8).kernelSize(4).stride(2).build()
                        .problem(1, 3, 9, 10),
                stem.dilation(1, 2).build().problem(1, 3, 16, 22),
                ConvDescriptor.convTranspose(2).inChannels(3).outChannels(8).kernelSize(7).stride(2).build()
                        .problem(1, 3, 4, 4))) {
            assertFalse(WinogradMagnitude.applies(q), q::toString);
        }
    }

    // ---- applies, roundings ----

    @Test
    void appliesAndRoundings() {
        ConvProblem f22 = k4s2(4, 6).padding(1).outputPadding(1).groups(2).build().problem(1, 4, 5, 6);
        assertTrue(WinogradMagnitude.applies(f22));
        assertEquals(8, WinogradMagnitude.roundings(f22)); // F(3x3, 2x2)'s; F(2x2, 2x2) alone needs 6
        assertTrue(WinogradMagnitude.applies(k4s2(2, 2).build().problem(1, 2, 3, 3)));

        ConvProblem conv = ConvDescriptor.conv(2).inChannels(2).outChannels(2).kernelSize(4).stride(2).build()
                .problem(1, 2, 8, 8);
        ConvProblem dilated = k4s2(2, 2).dilation(2).build().problem(1, 2, 4, 4);
        ConvProblem oneD = ConvDescriptor.convTranspose(1).inChannels(2).outChannels(2).kernelSize(4).stride(2)
                .build().problem(1, 2, 5);
        ConvProblem threeD = ConvDescriptor.convTranspose(3).inChannels(2).outChannels(2).kernelSize(4, 4, 4)
                .stride(2, 2, 2).dilation(2, 1, 1).build().problem(1, 2, 3, 3, 3); // depth dilated
        ConvProblem oneAxis = k4s2(2, 2).stride(2, 1).build().problem(1, 2, 4, 4);
        ConvProblem kernel43 = k4s2(2, 2).kernelSize(4, 3).build().problem(1, 2, 4, 4);
        for (ConvProblem p : List.of(conv, dilated, oneD, threeD, oneAxis, kernel43)) {
            assertFalse(WinogradMagnitude.applies(p), p::toString);
            assertThrows(IllegalArgumentException.class, () -> WinogradMagnitude.of(p,
                    new float[p.inputShape().elementCount()], new float[p.weightShape().elementCount()]));
        }

        ConvProblem f23 = ConvDescriptor.conv(2).inChannels(2).outChannels(2).kernelSize(3).build()
                .problem(1, 2, 5, 5);
        ConvProblem f23t = ConvDescriptor.convTranspose(2).inChannels(2).outChannels(2).kernelSize(3).padding(1)
                .build().problem(1, 2, 5, 5);
        ConvProblem f333 = ConvDescriptor.conv(3).inChannels(2).outChannels(2).kernelSize(3).build()
                .problem(1, 2, 4, 4, 4);
        assertTrue(WinogradMagnitude.applies(f23));
        assertTrue(WinogradMagnitude.applies(f23t));
        assertTrue(WinogradMagnitude.applies(f333));
        assertEquals(8, WinogradMagnitude.roundings(f23));
        assertEquals(8, WinogradMagnitude.roundings(f23t));
        assertEquals(11, WinogradMagnitude.roundings(f333));
        assertFalse(WinogradMagnitude.applies(ConvDescriptor.conv(2).inChannels(2).outChannels(2).kernelSize(3)
                .stride(2).build().problem(1, 2, 5, 5)));

        // F(2, 2) along depth: the height x width taps of a phase join the channel sum (kernel 4 stride 2: 2 x 2;
        // kernel 3 stride 1 dilation 2: 3 x 3; kernel 5 stride 2: 3 x 3).
        ConvProblem depth = ConvDescriptor.convTranspose(3).inChannels(8).outChannels(4).groups(2).kernelSize(4)
                .stride(2).padding(1).build().problem(1, 8, 3, 3, 3);
        ConvProblem depthMixed = ConvDescriptor.convTranspose(3).inChannels(3).outChannels(2).kernelSize(6, 3, 5)
                .stride(3, 1, 2).dilation(1, 2, 1).build().problem(1, 3, 2, 4, 4);
        assertTrue(WinogradMagnitude.applies(depth));
        assertTrue(WinogradMagnitude.applies(depthMixed));
        assertEquals(4, WinogradMagnitude.roundings(depth));
        assertEquals(4 * 4 + 4, WinogradMagnitude.gammaTerms(depth));
        assertEquals(3 * 3 * 3 + 4, WinogradMagnitude.gammaTerms(depthMixed));
        assertEquals(2 + 8, WinogradMagnitude.gammaTerms(f23));
        assertEquals(2 + 8, WinogradMagnitude.gammaTerms(f22));
        assertFalse(WinogradMagnitude.applies(ConvDescriptor.conv(1).inChannels(2).outChannels(2).kernelSize(3)
                .build().problem(1, 2, 5)));
    }

    // ---- the implementation before F(2x2, 2x2), verbatim but for its comments: the oracle of the first test ----

    private static final class OldF23Magnitude {
        private static final double[][] ABS_BT = {{1, 0, 1, 0}, {0, 1, 1, 0}, {0, 1, 1, 0}, {0, 1, 0, 1}};
        private static final double[][] ABS_G = {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, 0.5, 0.5}, {0, 0, 1}};
        private static final double[][] ABS_AT = {{1, 1, 1, 0}, {0, 1, 1, 1}};

        private OldF23Magnitude() {
        }

        static boolean applies(ConvProblem problem) {
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


        static double[] of(ConvProblem problem, float[] x, float[] w) {
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
            int[] kernel = problem.kernel3();
            int[] origin = new int[3];
            for (int ax = 0; ax < 3; ax++) {
                origin[ax] = transpose ? dil[ax] * (kernel[ax] - 1) - pad[ax] : pad[ax];
            }
            int nd = deep ? 4 : 1;
            int rd = deep ? 2 : 1;
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
                                                                    continue;
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
}
