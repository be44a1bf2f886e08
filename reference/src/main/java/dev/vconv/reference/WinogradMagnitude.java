package dev.vconv.reference;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import java.util.Arrays;

/**
 * The magnitude that bounds the rounding error of a Winograd plan: for each output element,
 * {@code Z = |A^T| Q |A|} with {@code Q = sum_c (|G| |g_c| |G^T|) . (|B^T| |D_c| |B|)}, every transform applied along
 * each spatial axis, where {@code D_c} is the input window of the element's tile in input channel c and {@code g_c}
 * the kernel of the correlation the algorithm computes. Three cases ({@link #applies}):
 *
 * <ul>
 * <li><b>F(2x2, 3x3)</b> on a 2D 3x3 stride-1 convolution or transposed convolution (any padding, dilation, groups),
 * and F(2x2x2, 3x3x3) in 3D: {@code D_c} is the 4x4 (4x4x4) input patch, {@code g_c} the 3x3 (3x3x3) kernel (for a
 * transposed convolution, of the equivalent correlation: the kernel flipped, over the input zero-padded by
 * {@code d (k - 1) - p}). Transforms (Lavin and Gray 2016): {@code B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]},
 * {@code G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]}, {@code A^T = [1 1 1 0; 0 1 -1 -1]}.
 * <li><b>F(2x2, 2x2)</b> on each stride phase of a 2D transposed convolution with kernel 4, stride 2, dilation 1 (any
 * padding, output_padding, groups). Along an axis with padding {@code p}, output {@code o = 2 i + r} ({@code r} its
 * phase) takes the two taps {@code k1 < k2 = k1 + 2} with {@code k = r + p (mod 2)}, tap k reading
 * {@code x[i + (r + p - k) / 2]}: over the phase's outputs i it is the correlation
 * {@code y = g0 x[i + m] + g1 x[i + m + 1]} with {@code g = (w[k2], w[k1])}, {@code m = (r + p - k2) / 2}, so
 * {@code D_c} is a 3x3 input window (zero outside the input) and {@code g_c} the 2x2 kernel of the output's phases
 * on the two axes (weight layout {@code (C_in, C_out/groups, 4, 4)}). Transforms:
 * {@code B^T = [1 -1 0; 0 1 0; 0 -1 1]}, {@code G = [1 0; 1 1; 0 1]}, {@code A^T = [1 1 0; 0 1 1]}.
 * <li><b>F(3x3, 2x2)</b> on the same phases, tiles of 3 x 3 outputs over a 4x4 window: the dual of F(2, 3) (kernel
 * and output transforms exchange roles), {@code B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]},
 * {@code G = [1 0; 1/2 1/2; 1/2 -1/2; 0 -1]}, {@code A^T = [1 1 1 0; 0 1 -1 0; 0 1 1 1]}. A provider may run either
 * on these problems, so {@link #of} returns the larger of the two magnitudes per element.
 * <li><b>F(2, 2) along depth</b> on each depth stride phase of a 3D transposed convolution whose depth kernel is twice
 * its depth stride {@code s} (dilation 1 along depth; any padding, output_padding, groups, and any height and width
 * parameters): output {@code o = s i + r} takes the depth taps {@code k1 < k2 = k1 + s}, {@code k1 = r + p (mod s)},
 * the same F(2, 2) as above along depth, while height and width are summed directly: along them the "transform" is
 * the identity on the taps of the output's phase ({@code B^T = G = I}, {@code A^T = [1 ... 1]}), so their taps join
 * the channel sum.
 * <li><b>F(4, 4) nested from F(2, 2) along the width</b> of a 2D convolution with width stride {@code s >= 2}, width
 * dilation 1, kernel width in {@code (2s, 4s]} and an output width that is a multiple of 4 (the RGB stem): each width
 * stride phase {@code e} (taps {@code k = s t + e}, at most 4) is a correlation over the phase's columns of the padded
 * input, computed per tile of 4 outputs that starts at an output column divisible by 4 (so the tile position of output
 * column {@code o} is {@code o mod 4}) from the window {@code x0..x6} of phase columns {@code o - o mod 4 + a}:
 * {@code |B^T| = [1 1 1 1 0 0 0; 0 1 0 1 0 0 0; 0 1 1 1 1 0 0; 0 0 1 1 0 0 0; 0 0 0 1 0 0 0; 0 0 0 1 1 0 0;
 * 0 0 1 1 1 1 0; 0 0 0 1 0 1 0; 0 0 0 1 1 1 1]}, {@code |G| = [1 0 0 0; 1 1 0 0; 0 1 0 0; 1 0 1 0; 1 1 1 1;
 * 0 1 0 1; 0 0 1 0; 0 0 1 1; 0 0 0 1]}, {@code |A^T| = [1 1 0 1 1 0 0 0 0; 0 1 1 0 1 1 0 0 0; 0 0 0 1 1 0 1 1 0;
 * 0 0 0 0 1 1 0 1 1]}. Height is summed directly, and the width phases are summed like channels: the sum of a
 * transform point runs over (channel, height tap, width phase), {@code C/groups x k_h x s} terms. A window column past
 * the phase's taps has a zero weight wherever it is read; past the padded input it reads as zero.
 * </ul>
 *
 * <p>With {@code V = B^T D B} computed in one rounded step per axis (each row of {@code B^T} adds two inputs),
 * {@code U = G g G^T} rounded once, the products summed over the {@code C/groups} channels in float, and
 * {@code A^T M A} in rounded steps per axis (F(2, 3) and F(3, 2): two additions per row, F(2, 2): one), the computed
 * output differs from the exact one by at most {@code gamma_(C/groups + m - 1) Z} (Higham's
 * {@code gamma_n = n u / (1 - n u)}), plus one rounding for the bias: {@code gamma_(C/groups + m) (Z + |b|)} with
 * {@code m} = 8 for F(2x2, 3x3), 11 for F(2x2x2, 3x3x3), 6 for F(2x2, 2x2) and 8 for F(3x3, 2x2), so 8 on the
 * stride phases, where either may run ({@link #roundings}). {@code Z} is at least the direct sum's {@code sum |x w|},
 * and can be several times it: each transformed value mixes neighbouring inputs.
 *
 * <p>An element belongs to a tile as its first or second (F(3x3, 2x2): or third) row and column (and plane), depending
 * on where tiles start (for F(2x2, 2x2) a tile holds outputs o and o + 2 of one phase); this returns the largest
 * {@code Z} over the four (eight, nine) cases per channel, so it bounds any tiling.
 */
public final class WinogradMagnitude {
    // F(2, 3) along an axis: 4 transform points over a window of 4 inputs, a kernel of 3 taps.
    private static final double[][] ABS_BT = {{1, 0, 1, 0}, {0, 1, 1, 0}, {0, 1, 1, 0}, {0, 1, 0, 1}};
    private static final double[][] ABS_G = {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, 0.5, 0.5}, {0, 0, 1}};
    private static final double[][] ABS_AT = {{1, 1, 1, 0}, {0, 1, 1, 1}};
    // F(2, 2): 3 transform points over a window of 3 inputs, a kernel of 2 taps.
    private static final double[][] ABS_BT_22 = {{1, 1, 0}, {0, 1, 0}, {0, 1, 1}};
    private static final double[][] ABS_G_22 = {{1, 0}, {1, 1}, {0, 1}};
    private static final double[][] ABS_AT_22 = {{1, 1, 0}, {0, 1, 1}};
    // F(3, 2): 4 transform points over a window of 4 inputs, a kernel of 2 taps (B^T as F(2, 3)'s).
    private static final double[][] ABS_G_32 = {{1, 0}, {0.5, 0.5}, {0.5, 0.5}, {0, 1}};
    private static final double[][] ABS_AT_32 = {{1, 1, 1, 0}, {0, 1, 1, 0}, {0, 1, 1, 1}};
    // A 2D problem's lifted depth axis: one point, one input, one tap, one tile position.
    private static final double[][] ONE = {{1}};
    // F(4, 4) nested from F(2, 2): 9 transform points over a window of 7 inputs, a kernel of 4 taps.
    private static final double[][] ABS_BT_44 = {{1, 1, 1, 1, 0, 0, 0}, {0, 1, 0, 1, 0, 0, 0}, {0, 1, 1, 1, 1, 0, 0},
        {0, 0, 1, 1, 0, 0, 0}, {0, 0, 0, 1, 0, 0, 0}, {0, 0, 0, 1, 1, 0, 0}, {0, 0, 1, 1, 1, 1, 0},
        {0, 0, 0, 1, 0, 1, 0}, {0, 0, 0, 1, 1, 1, 1}};
    private static final double[][] ABS_G_44 = {{1, 0, 0, 0}, {1, 1, 0, 0}, {0, 1, 0, 0}, {1, 0, 1, 0}, {1, 1, 1, 1},
        {0, 1, 0, 1}, {0, 0, 1, 0}, {0, 0, 1, 1}, {0, 0, 0, 1}};
    private static final double[][] ABS_AT_44 = {{1, 1, 0, 1, 1, 0, 0, 0, 0}, {0, 1, 1, 0, 1, 1, 0, 0, 0},
        {0, 0, 0, 1, 1, 0, 1, 1, 0}, {0, 0, 0, 0, 1, 1, 0, 1, 1}};

    private WinogradMagnitude() {
    }

    /**
     * Whether a Winograd algorithm described here can compute this problem: F(2x2, 3x3) (2D) or F(2x2x2, 3x3x3) (3D)
     * for a 3x3 (3x3x3) kernel with stride 1, F(2x2, 2x2) or F(3x3, 2x2) per stride phase for a 2D transposed
     * convolution with kernel 4, stride 2 and dilation 1, or F(2, 2) along the depth of a 3D one.
     */
    public static boolean applies(ConvProblem problem) {
        ConvDescriptor d = problem.descriptor();
        return isF23(d) || isF22Phases(d) || isF22Depth(d) || isF44Width(problem);
    }

    /**
     * The roundings besides the channel sum: {@code gamma_(C/g + roundings)}. Per spatial axis one for {@code B^T} and
     * two for {@code A^T} (F(2, 3), F(3, 2)) or one (F(2, 2)), one for rounding {@code U} once, one for the bias: 8 for
     * F(2x2, 3x3), 11 for F(2x2x2, 3x3x3), 6 for F(2x2, 2x2), 8 for F(3x3, 2x2) (so 8 on the stride phases, where
     * either may run).
     */
    public static int roundings(ConvProblem problem) {
        ConvDescriptor d = problem.descriptor();
        if (isF44Width(problem)) {
            // B^T in two steps, U once, A^T in two, the bias once.
            return 2 + 1 + 3;
        }
        return isF22Phases(d) ? 2 * 3 + 2 : isF22Depth(d) && !isF23(d) ? 2 + 2 : 3 * d.rank() + 2;
    }

    /**
     * The {@code n} of the bound {@code gamma_n (Z + |b|)}: the float sum of a transform point over the input channels
     * of a group and the taps summed directly (F(2, 2) along depth: the height and width taps of a phase, at most),
     * plus {@link #roundings}.
     */
    public static int gammaTerms(ConvProblem problem) {
        ConvDescriptor d = problem.descriptor();
        int direct = 1;
        if (isF44Width(problem)) {
            direct = d.kernelSize()[0] * d.stride()[1];
        } else if (isF22Depth(d) && !isF23(d)) {
            for (int a = 1; a < 3; a++) {
                direct *= Axis.directWindow(d.stride()[a], d.kernelSize()[a], d.dilation()[a]);
            }
        }
        return d.inChannels() / d.groups() * direct + roundings(problem);
    }

    /**
     * F(4, 4) nested from F(2, 2) along the width: a 2D conv, width stride s >= 2, width dilation 1, kernel width in
     * (2s, 4s] (3 or 4 taps per width phase), output width a multiple of 4.
     */
    private static boolean isF44Width(ConvProblem problem) {
        ConvDescriptor d = problem.descriptor();
        if (d.isTranspose() || d.rank() != 2) {
            return false;
        }
        int s = d.stride()[1];
        int k = d.kernelSize()[1];
        return s >= 2 && d.dilation()[1] == 1 && k > 2 * s && k <= 4 * s && problem.outputSize3()[2] % 4 == 0;
    }

    /** F(2, 3) on every axis: a 2D or 3D kernel of 3, stride 1. */
    private static boolean isF23(ConvDescriptor d) {
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

    /** F(2, 2) on each stride phase of both axes: a 2D transposed convolution, kernel 4, stride 2, dilation 1. */
    private static boolean isF22Phases(ConvDescriptor d) {
        if (!d.isTranspose() || d.rank() != 2) {
            return false;
        }
        for (int a = 0; a < 2; a++) {
            if (d.kernelSize()[a] != 4 || d.stride()[a] != 2 || d.dilation()[a] != 1) {
                return false;
            }
        }
        return true;
    }

    /** F(2, 2) along the depth of each depth stride phase: a 3D transposed convolution, depth kernel 2 x stride. */
    private static boolean isF22Depth(ConvDescriptor d) {
        return d.isTranspose() && d.rank() == 3 && d.kernelSize()[0] == 2 * d.stride()[0] && d.dilation()[0] == 1;
    }

    /**
     * One spatial axis of the algorithm. Output {@code o} as tile position {@code r} reads the inputs
     * {@code start[o][r] + a * step}, {@code a} below the window size, and its correlation's kernel element {@code e}
     * is the weight's index {@code taps[phase[o]][e]} along this axis. {@code reach[r][a][i] = |A^T|[r][i]
     * |B^T|[i][a]}: how transform point {@code i} of a tile reaches window input {@code a} and tile output {@code r}.
     */
    private record Axis(double[][] absG, double[][][] reach, int step, int[][] start, int[] phase, int[][] taps) {
        Axis(double[][] absBT, double[][] absG, double[][] absAT, int step, int[][] start, int[] phase, int[][] taps) {
            this(absG, reachOf(absBT, absAT), step, start, phase, taps);
        }

        int positions() {
            return reach.length;
        }

        int window() {
            return reach[0].length;
        }

        int points() {
            return absG.length;
        }

        int kernel() {
            return absG[0].length;
        }

        int phases() {
            return taps.length;
        }

        private static double[][][] reachOf(double[][] absBT, double[][] absAT) {
            double[][][] p = new double[absAT.length][absBT[0].length][absBT.length];
            for (int r = 0; r < p.length; r++) {
                for (int a = 0; a < p[r].length; a++) {
                    for (int i = 0; i < p[r][a].length; i++) {
                        p[r][a][i] = absAT[r][i] * absBT[i][a];
                    }
                }
            }
            return p;
        }

        /** A 2D problem's depth: its one output reads its one input with its one tap. */
        static Axis lifted() {
            return new Axis(ONE, ONE, ONE, 1, new int[][] {{0}}, new int[1], new int[][] {{0}});
        }

        /**
         * F(2, 3) along an axis of a 3-tap stride-1 problem: output o reads input o - origin + (a - r) d, a = 0..3,
         * with kernel taps 0, 1, 2, flipped for a transposed convolution, whose equivalent correlation pads by
         * {@code d (k - 1) - p}.
         */
        static Axis f23(int out, boolean transpose, int dil, int pad) {
            int origin = transpose ? dil * 2 - pad : pad;
            int[][] start = new int[out][2];
            for (int o = 0; o < out; o++) {
                for (int r = 0; r < 2; r++) {
                    start[o][r] = o - origin - r * dil;
                }
            }
            int[][] taps = {transpose ? new int[] {2, 1, 0} : new int[] {0, 1, 2}};
            return new Axis(ABS_BT, ABS_G, ABS_AT, dil, start, new int[out], taps);
        }

        /**
         * F(2, 2) on the phases of a transposed axis with kernel 2s, stride s and padding p: output o = s i + r takes
         * taps k1 &lt; k2 = k1 + s with k1 = r + p (mod s), and its window of inputs, from the one of tap k2, is
         * x[i - rt + (r + p - k2) / s + a], a = 0..2, as tile position rt.
         */
        static Axis f22(int out, int pad, int stride) {
            int[][] taps = new int[stride][];
            int[] offset = new int[stride];
            for (int r = 0; r < stride; r++) {
                int k1 = Math.floorMod(r + pad, stride);
                taps[r] = new int[] {k1 + stride, k1};
                offset[r] = Math.floorDiv(r + pad - (k1 + stride), stride); // exact
            }
            int[][] start = new int[out][2];
            int[] phase = new int[out];
            for (int o = 0; o < out; o++) {
                phase[o] = o % stride;
                for (int rt = 0; rt < 2; rt++) {
                    start[o][rt] = o / stride - rt + offset[phase[o]];
                }
            }
            return new Axis(ABS_BT_22, ABS_G_22, ABS_AT_22, 1, start, phase, taps);
        }

        /**
         * F(3, 2) on the same phases as {@link #f22}: the window of tile position rt (0..2) is x[i - rt + (r + p -
         * k2) / s + a], a = 0..3.
         */
        static Axis f32(int out, int pad, int stride) {
            Axis two = f22(out, pad, stride);
            int[][] start = new int[out][3];
            for (int o = 0; o < out; o++) {
                for (int rt = 0; rt < 3; rt++) {
                    start[o][rt] = two.start()[o][0] - rt;
                }
            }
            return new Axis(ABS_BT, ABS_G_32, ABS_AT_32, 1, start, two.phase(), two.taps());
        }

        /** Taps of the fullest stride phase of a transposed axis: kernel taps k with k d = c (mod s), at most. */
        static int directWindow(int stride, int kernel, int dil) {
            int delta = stride / gcd(stride, dil);
            return (kernel + delta - 1) / delta;
        }

        /**
         * Direct summation along a transposed axis (stride s, kernel k, dilation d, padding p): output o = s i + r
         * takes the taps k with (r + p - k d) = 0 (mod s), which read x[(o + p - k d) / s]; listed from the largest
         * k, they read a window of consecutive inputs spaced d / gcd(s, d). One tile position; the transforms are
         * the identity ({@code B^T = G = I}) and the sum ({@code A^T = [1 ... 1]}); a phase with fewer taps than the
         * window lists -1 for the rest (no weight).
         */
        static Axis direct(int out, int stride, int kernel, int dil, int pad) {
            int window = directWindow(stride, kernel, dil);
            int step = dil / gcd(stride, dil);
            int[][] taps = new int[stride][window];
            int[] offset = new int[stride];
            for (int r = 0; r < stride; r++) {
                Arrays.fill(taps[r], -1);
                int n = 0;
                for (int k = kernel - 1; k >= 0; k--) {
                    if (Math.floorMod(r + pad - k * dil, stride) == 0) {
                        taps[r][n++] = k;
                    }
                }
                offset[r] = n == 0 ? 0 : Math.floorDiv(r + pad - taps[r][0] * dil, stride); // exact
            }
            int[][] start = new int[out][1];
            int[] phase = new int[out];
            for (int o = 0; o < out; o++) {
                phase[o] = o % stride;
                start[o][0] = o / stride + offset[phase[o]];
            }
            double[][] identity = new double[window][window];
            double[][] sum = new double[1][window];
            for (int a = 0; a < window; a++) {
                identity[a][a] = 1;
                sum[0][a] = 1;
            }
            return new Axis(identity, identity, sum, step, start, phase, taps);
        }

        private static int gcd(int a, int b) {
            return b == 0 ? a : gcd(b, a % b);
        }
    }

    /**
     * Z per output element, in the output's layout; on the stride phases of a kernel-4 stride-2 transposed convolution
     * the larger of F(2x2, 2x2)'s and F(3x3, 2x2)'s.
     */
    public static double[] of(ConvProblem problem, float[] x, float[] w) {
        if (isF44Width(problem)) {
            return ofWidth(problem, x, w);
        }
        if (isF22Phases(problem.descriptor())) {
            double[] z = ofPhases(problem, x, w, 2);
            double[] z3 = ofPhases(problem, x, w, 3);
            for (int i = 0; i < z.length; i++) {
                z[i] = Math.max(z[i], z3[i]);
            }
            return z;
        }
        return of(problem, x, w, 0);
    }

    /** Z of F(m x m, 2x2) alone, m = 2 or 3, on the stride phases of a kernel-4 stride-2 transposed convolution. */
    static double[] ofPhases(ConvProblem problem, float[] x, float[] w, int m) {
        if (!isF22Phases(problem.descriptor()) || (m != 2 && m != 3)) {
            throw new IllegalArgumentException("problem: " + problem.descriptor() + ", m: " + m
                    + ": F(m x m, 2x2) needs a 2D transposed convolution with kernel 4, stride 2, dilation 1, and m 2 "
                    + "or 3");
        }
        return of(problem, x, w, m);
    }

    /** Z of the algorithm for this problem; on the stride phases, of F(m x m, 2x2). */
    private static double[] of(ConvProblem problem, float[] x, float[] w, int phaseTile) {
        if (!applies(problem)) {
            throw new IllegalArgumentException("problem: " + problem.descriptor() + ": Winograd needs a 2D or 3D "
                    + "kernel of 3 with stride 1, a 2D transposed convolution with kernel 4, stride 2, dilation 1, or "
                    + "a 3D transposed convolution with depth kernel 2 x depth stride and depth dilation 1");
        }
        ConvDescriptor d = problem.descriptor();
        boolean transpose = d.isTranspose();
        int groups = d.groups();
        int cg = d.inChannels() / groups;
        int kg = d.outChannels() / groups;
        int[] in = problem.inputSize3();
        int[] out = problem.outputSize3();
        int[] kernel = problem.kernel3();
        int[] dil = problem.dilation3();
        int[] pad = problem.padBefore3();
        int[] stride = problem.stride3();
        PaddingMode mode = d.paddingMode();
        boolean depthOnly = isF22Depth(d) && !isF23(d);
        Axis[] axes = new Axis[3];
        for (int ax = 0; ax < 3; ax++) {
            axes[ax] = ax == 0 && d.rank() == 2 ? Axis.lifted()
                    : isF22Phases(d) && phaseTile == 3 ? Axis.f32(out[ax], pad[ax], 2)
                    : isF22Phases(d) ? Axis.f22(out[ax], pad[ax], 2)
                    : depthOnly && ax == 0 ? Axis.f22(out[0], pad[0], stride[0])
                    : depthOnly ? Axis.direct(out[ax], stride[ax], kernel[ax], dil[ax], pad[ax])
                    : Axis.f23(out[ax], transpose, dil[ax], pad[ax]);
        }
        Axis ad = axes[0];
        Axis ah = axes[1];
        Axis aw = axes[2];
        int kernelSize = kernel[0] * kernel[1] * kernel[2];
        int window = ad.window() * ah.window() * aw.window();
        double[] z = new double[problem.outputShape().elementCount()];
        // One weight table per combination of the output's phases (one for F(2, 3)), for one (k, c).
        double[][][][] tables = new double[ad.phases()][ah.phases()][aw.phases()][];
        for (int gr = 0; gr < groups; gr++) {
            for (int k = 0; k < kg; k++) {
                int oc = gr * kg + k;
                for (int c = 0; c < cg; c++) {
                    int ic = gr * cg + c;
                    // Conv weights (C_out, C_in/g, k...); a transposed convolution's (C_in, C_out/g, k...).
                    int wBase = (transpose ? ic * kg + k : oc * cg + c) * kernelSize;
                    for (int pd = 0; pd < ad.phases(); pd++) {
                        for (int ph = 0; ph < ah.phases(); ph++) {
                            for (int pw = 0; pw < aw.phases(); pw++) {
                                tables[pd][ph][pw] = weightTable(w, wBase, kernel, axes, pd, ph, pw);
                            }
                        }
                    }
                    for (int n = 0; n < problem.batch(); n++) {
                        int xBase = (n * d.inChannels() + ic) * in[0] * in[1] * in[2];
                        int yBase = (n * d.outChannels() + oc) * out[0] * out[1] * out[2];
                        for (int od = 0; od < out[0]; od++) {
                            for (int oh = 0; oh < out[1]; oh++) {
                                for (int ow = 0; ow < out[2]; ow++) {
                                    double[] table = tables[ad.phase()[od]][ah.phase()[oh]][aw.phase()[ow]];
                                    double best = 0;
                                    for (int r0 = 0; r0 < ad.positions(); r0++) {
                                        for (int r1 = 0; r1 < ah.positions(); r1++) {
                                            for (int r2 = 0; r2 < aw.positions(); r2++) {
                                                int t = ((r0 * ah.positions() + r1) * aw.positions() + r2) * window;
                                                double sum = 0;
                                                for (int a0 = 0; a0 < ad.window(); a0++) {
                                                    for (int a1 = 0; a1 < ah.window(); a1++) {
                                                        for (int a2 = 0; a2 < aw.window(); a2++) {
                                                            double wv = table[t++];
                                                            if (wv == 0) {
                                                                continue; // outside the element's own window
                                                            }
                                                            float xv = input(x, xBase, in, transpose, mode,
                                                                    ad.start()[od][r0] + a0 * ad.step(),
                                                                    ah.start()[oh][r1] + a1 * ah.step(),
                                                                    aw.start()[ow][r2] + a2 * aw.step());
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

    /**
     * Z of F(4, 4) along the width: per output element, over its tile position {@code r = ow mod 4}, the sum over
     * (channel, height tap, width phase e) of {@code sum_a |x_a| sum_i |A^T|[r][i] (|G| |g|)_i |B^T|[i][a]}, where
     * {@code g} holds the phase's taps of the kernel row and {@code x_a} the padded input at the window's phase
     * column {@code ow - r + a}.
     */
    private static double[] ofWidth(ConvProblem problem, float[] x, float[] w) {
        ConvDescriptor d = problem.descriptor();
        int groups = d.groups();
        int cg = d.inChannels() / groups;
        int kg = d.outChannels() / groups;
        int[] in = problem.inputSize3();
        int[] out = problem.outputSize3();
        int[] kernel = problem.kernel3();
        int[] dil = problem.dilation3();
        int[] pad = problem.padBefore3();
        int[] padAfter = problem.padAfter3();
        int[] stride = problem.stride3();
        int s = stride[2];
        int kh = kernel[1];
        int kw = kernel[2];
        int paddedW = in[2] + pad[2] + padAfter[2];
        PaddingMode mode = d.paddingMode();
        double[] z = new double[problem.outputShape().elementCount()];
        // reach[r][a][i] = |A^T|[r][i] |B^T|[i][a].
        double[][][] reach = new double[4][7][9];
        for (int r = 0; r < 4; r++) {
            for (int a = 0; a < 7; a++) {
                for (int i = 0; i < 9; i++) {
                    reach[r][a][i] = ABS_AT_44[r][i] * ABS_BT_44[i][a];
                }
            }
        }
        double[][] table = new double[4][7];
        for (int n = 0; n < problem.batch(); n++) {
            for (int oc = 0; oc < d.outChannels(); oc++) {
                int gr = oc / kg;
                int yBase = (n * d.outChannels() + oc) * out[1] * out[2];
                for (int c = 0; c < cg; c++) {
                    int ic = gr * cg + c;
                    int xBase = (n * d.inChannels() + ic) * in[1] * in[2];
                    int wBase = (oc * cg + c) * kh * kw;
                    for (int h = 0; h < kh; h++) {
                        for (int e = 0; e < s; e++) {
                            // |G| |g| of this (kernel row, width phase), then the table per tile position and window
                            // input.
                            double[] u = new double[9];
                            for (int i = 0; i < 9; i++) {
                                for (int t = 0; t < 4; t++) {
                                    int k = s * t + e;
                                    u[i] += k < kw ? ABS_G_44[i][t] * Math.abs(w[wBase + h * kw + k]) : 0;
                                }
                            }
                            for (int r = 0; r < 4; r++) {
                                for (int a = 0; a < 7; a++) {
                                    double v = 0;
                                    for (int i = 0; i < 9; i++) {
                                        v += reach[r][a][i] * u[i];
                                    }
                                    table[r][a] = v;
                                }
                            }
                            for (int oh = 0; oh < out[1]; oh++) {
                                int ih = oh * stride[1] - pad[1] + h * dil[1];
                                for (int ow = 0; ow < out[2]; ow++) {
                                    int r = ow % 4;
                                    double sum = 0;
                                    for (int a = 0; a < 7; a++) {
                                        double wv = table[r][a];
                                        int padded = s * (ow - r + a) + e; // column of the padded input
                                        if (wv == 0 || padded >= paddedW) {
                                            continue; // a zero weight, or past the padded input: read as zero
                                        }
                                        float xv = input(x, xBase, in, false, mode, 0, ih, padded - pad[2]);
                                        sum += Math.abs(xv) * wv;
                                    }
                                    z[yBase + oh * out[2] + ow] += sum;
                                }
                            }
                        }
                    }
                }
            }
        }
        return z;
    }

    /**
     * For one kernel (weights from {@code wBase}) and one combination of phases: {@code |A^T| (|G| |g| |G^T|) .
     * |B^T|}-weights of each window input for each tile position, indexed {@code (r0, r1, r2)} then {@code (a0, a1,
     * a2)}, row-major.
     */
    private static double[] weightTable(float[] w, int wBase, int[] kernel, Axis[] axes, int pd, int ph, int pw) {
        Axis ad = axes[0];
        Axis ah = axes[1];
        Axis aw = axes[2];
        int[] td = ad.taps()[pd];
        int[] th = ah.taps()[ph];
        int[] tw = aw.taps()[pw];
        // |g| of the correlation.
        double[][][] g = new double[ad.kernel()][ah.kernel()][aw.kernel()];
        for (int l = 0; l < ad.kernel(); l++) {
            for (int i = 0; i < ah.kernel(); i++) {
                for (int j = 0; j < aw.kernel(); j++) {
                    g[l][i][j] = td[l] < 0 || th[i] < 0 || tw[j] < 0 ? 0 // a phase with fewer taps
                            : Math.abs(w[wBase + (td[l] * kernel[1] + th[i]) * kernel[2] + tw[j]]);
                }
            }
        }
        // |G| |g| |G^T| along every axis.
        double[][][] u = new double[ad.points()][ah.points()][aw.points()];
        for (int e = 0; e < ad.points(); e++) {
            for (int i = 0; i < ah.points(); i++) {
                for (int j = 0; j < aw.points(); j++) {
                    double v = 0;
                    for (int l = 0; l < ad.kernel(); l++) {
                        for (int a = 0; a < ah.kernel(); a++) {
                            for (int b = 0; b < aw.kernel(); b++) {
                                v += ad.absG()[e][l] * ah.absG()[i][a] * aw.absG()[j][b] * g[l][a][b];
                            }
                        }
                    }
                    u[e][i][j] = v;
                }
            }
        }
        double[] table = new double[ad.positions() * ah.positions() * aw.positions()
                * ad.window() * ah.window() * aw.window()];
        int t = 0;
        for (int r0 = 0; r0 < ad.positions(); r0++) {
            for (int r1 = 0; r1 < ah.positions(); r1++) {
                for (int r2 = 0; r2 < aw.positions(); r2++) {
                    for (int a0 = 0; a0 < ad.window(); a0++) {
                        for (int a1 = 0; a1 < ah.window(); a1++) {
                            for (int a2 = 0; a2 < aw.window(); a2++) {
                                double v = 0;
                                for (int e = 0; e < ad.points(); e++) {
                                    for (int i = 0; i < ah.points(); i++) {
                                        for (int j = 0; j < aw.points(); j++) {
                                            v += ad.reach()[r0][a0][e] * ah.reach()[r1][a1][i]
                                                    * aw.reach()[r2][a2][j] * u[e][i][j];
                                        }
                                    }
                                }
                                table[t++] = v;
                            }
                        }
                    }
                }
            }
        }
        return table;
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
