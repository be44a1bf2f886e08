package dev.vconv.conformance;

import dev.vconv.ConvProblem;
import dev.vconv.reference.GatherConv;
import dev.vconv.reference.ScatterConvTranspose;
import dev.vconv.reference.WinogradMagnitude;

/**
 * The rounding error a correct float32 kernel may make on each output element, derived from the problem's sizes.
 *
 * <p>An output element is a sum of {@code n} terms: {@code n = (C_in / groups) * prod(kernel_size)} products plus
 * the bias (for transposed convolution the same count, over the input channels of a group and the taps; padding
 * and stride only remove terms). Summed in float in any order, with or without fused multiply-add, the error is at most
 * {@code gamma_n * S ~ n * u * S} where {@code u = 2^-24} and {@code S} is the sum of the terms' absolute values
 * {@code |b| + sum |x * w|} (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., 3.1 and 4.2). The
 * bound used here is {@code C * n * ulp(1f) * S} with {@code C = 1} and {@code ulp(1f) = 2u}, which is twice that, so
 * a kernel may also be compared against a reference that itself rounded once; plus {@code n} smallest normals for
 * underflow.
 *
 * <p>{@code S} is computed by the reference on {@code |x|}, {@code |w|} and {@code |b|}.
 *
 * <p><b>Winograd.</b> On 2D 3x3 and 3D 3x3x3 stride-1 problems a kernel may use Winograd's F(2x2, 3x3) or
 * F(2x2x2, 3x3x3) (vconv's SIMD provider does, with 16+ channels per group), and on 2D transposed convolutions with
 * kernel 4, stride 2, dilation 1 F(2x2, 2x2) or F(3x3, 2x2) on each stride phase, and on 3D transposed convolutions
 * whose depth kernel is twice the depth stride F(2, 2) along depth (height and width summed directly, {@code t} taps
 * per phase at most), and on 2D convolutions with width stride {@code s >= 2}, 3 or 4 taps per width stride phase and
 * an output width divisible by 4 F(4, 4) along the width: its error is at most {@code gamma_(C/g + m) (Z + |b|)},
 * {@code m} = 8 (F(2x2, 3x3)), 11 (F(2x2x2, 3x3x3)) or 8 (either tile on the stride phases; F(2x2, 2x2) alone needs
 * 6), {@code gamma_(t C/g + 4) (Z + |b|)} (F(2, 2) along depth), or {@code gamma_(k_h s C/g + 6) (Z + |b|)} (F(4, 4)
 * along the width, {@code k_h} the kernel height), where
 * {@code Z >= S} sums the magnitudes of the transformed terms ({@link WinogradMagnitude}, which derives it). There the
 * bound is the larger of the two, {@code C * max(n S, (C/g + m) (Z + |b|)) * ulp(1f)} ({@link
 * WinogradMagnitude#gammaTerms}): still a rounding-error bound,
 * which a wrong tap, channel or index exceeds by orders of magnitude, but looser than the direct sum's where inputs
 * cancel.
 */
public final class ErrorBound {
    /** The constant {@code C} of the bound {@code C * n * ulp(1f) * S}. */
    public static final double C = 1.0;

    private final double[] bound;
    private final int terms;

    private ErrorBound(double[] bound, int terms) {
        this.bound = bound;
        this.terms = terms;
    }

    /** The terms summed into one output element: {@code (C_in / groups) * prod(kernel_size) + 1}. */
    public static int accumulationLength(ConvProblem p) {
        int n = p.descriptor().inChannels() / p.descriptor().groups();
        for (int k : p.descriptor().kernelSize()) {
            n *= k;
        }
        return n + 1;
    }

    /** The per-element bound for {@code problem} on these tensors. */
    public static ErrorBound of(ConvProblem problem, float[] input, float[] weight, float[] bias) {
        float[] s = new float[problem.outputShape().elementCount()];
        float[] ax = abs(input);
        float[] aw = abs(weight);
        float[] ab = bias == null ? null : abs(bias);
        if (problem.descriptor().isTranspose()) {
            ScatterConvTranspose.convTranspose(problem, ax, 0, aw, ab, s, 0);
        } else {
            GatherConv.conv(problem, ax, 0, aw, ab, s, 0);
        }
        int n = accumulationLength(problem);
        double[] bound = new double[s.length];
        double eps = Math.ulp(1.0f);
        double[] z = WinogradMagnitude.applies(problem) ? WinogradMagnitude.of(problem, input, weight) : null;
        int gammaTerms = z == null ? 0 : WinogradMagnitude.gammaTerms(problem);
        int outC = problem.descriptor().outChannels();
        int spatial = s.length / (problem.batch() * outC);
        for (int i = 0; i < s.length; i++) {
            // S was itself rounded to float: widen by one part in 2^23 so that the bound is never below the truth.
            double terms = n * (double) s[i];
            if (z != null) {
                double b = bias == null ? 0 : Math.abs(bias[i / spatial % outC]);
                terms = Math.max(terms, gammaTerms * (z[i] + b));
            }
            bound[i] = C * eps * terms * (1 + eps) + n * (double) Float.MIN_NORMAL;
        }
        return new ErrorBound(bound, n);
    }

    /** The bound on output element {@code i}. */
    public double at(int i) {
        return bound[i];
    }

    /** The accumulation length {@code n} used. */
    public int terms() {
        return terms;
    }

    private static float[] abs(float[] a) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.abs(a[i]);
        }
        return r;
    }
}
