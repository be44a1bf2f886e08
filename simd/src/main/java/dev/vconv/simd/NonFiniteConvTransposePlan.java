package dev.vconv.simd;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import dev.vconv.spi.AbstractConvPlan;

/**
 * Transposed convolution for weights that are not all finite: scalar, single-threaded, and exact about which terms
 * exist.
 *
 * <p>The stride-phase kernels of {@link SimdConvPlan} read zero padding where an output's tap falls outside the input.
 * For finite weights that adds exact zeros; for an infinite or NaN weight it adds {@code 0 * Inf = NaN} where PyTorch
 * has no term at all (transposed conv scatters each input element; nothing is padded). So when the weights are not all
 * finite, which {@link SimdProvider#plan} sees once at plan time, this plan is used instead: per output element it sums
 * {@code x[i] * w[k]} over the taps {@code k} with {@code o = i*s - p + k*d} for an input index {@code i} in range.
 */
final class NonFiniteConvTransposePlan extends AbstractConvPlan {
    private final float[] weight;
    private final float[] bias;

    NonFiniteConvTransposePlan(ConvProblem problem, float[] weight, float[] bias) {
        super(problem, weight, bias);
        this.weight = weight.clone();
        this.bias = bias == null ? null : bias.clone();
    }

    @Override
    protected void compute(float[] x, int xOff, float[] y, int yOff) {
        ConvDescriptor d = problem.descriptor();
        int inC = d.inChannels();
        int outC = d.outChannels();
        int inPerGroup = inC / d.groups();
        int outPerGroup = outC / d.groups();
        int[] in = problem.inputSize3();
        int[] out = problem.outputSize3();
        int[] k = problem.kernel3();
        int[] s = problem.stride3();
        int[] dil = problem.dilation3();
        int[] p = problem.padBefore3();
        int[] o = new int[3];
        int[] i = new int[3];
        for (int n = 0; n < problem.batch(); n++) {
            for (int oc = 0; oc < outC; oc++) {
                int group = oc / outPerGroup;
                int ocg = oc % outPerGroup;
                for (o[0] = 0; o[0] < out[0]; o[0]++) {
                    for (o[1] = 0; o[1] < out[1]; o[1]++) {
                        for (o[2] = 0; o[2] < out[2]; o[2]++) {
                            float acc = bias == null ? 0f : bias[oc];
                            for (int icg = 0; icg < inPerGroup; icg++) {
                                int ic = group * inPerGroup + icg;
                                for (int kd = 0; kd < k[0]; kd++) {
                                    if (!source(o, i, 0, kd, s, dil, p, in)) {
                                        continue;
                                    }
                                    for (int kh = 0; kh < k[1]; kh++) {
                                        if (!source(o, i, 1, kh, s, dil, p, in)) {
                                            continue;
                                        }
                                        for (int kw = 0; kw < k[2]; kw++) {
                                            if (!source(o, i, 2, kw, s, dil, p, in)) {
                                                continue;
                                            }
                                            acc += x[xOff + (((n * inC + ic) * in[0] + i[0]) * in[1] + i[1]) * in[2]
                                                    + i[2]]
                                                    * weight[(((ic * outPerGroup + ocg) * k[0] + kd) * k[1] + kh) * k[2]
                                                    + kw];
                                        }
                                    }
                                }
                            }
                            y[yOff + (((n * outC + oc) * out[0] + o[0]) * out[1] + o[1]) * out[2] + o[2]] = acc;
                        }
                    }
                }
            }
        }
    }

    /** Whether tap {@code kk} on axis {@code a} brings an input element to output {@code o[a]}; sets {@code i[a]}. */
    private static boolean source(int[] o, int[] i, int a, int kk, int[] s, int[] d, int[] p, int[] in) {
        int t = o[a] + p[a] - kk * d[a];
        if (t < 0 || t % s[a] != 0 || t / s[a] >= in[a]) {
            return false;
        }
        i[a] = t / s[a];
        return true;
    }

    @Override
    public String providerName() {
        return SimdProvider.NAME;
    }

    @Override
    public long workspaceBytes() {
        return 0;
    }

    @Override
    public String algorithm() {
        return "convT by scalar gather over existing terms";
    }

    @Override
    public String toString() {
        return "simd(convT by scalar gather over existing terms: the weights are not all finite, and the stride-phase"
                + " kernels would multiply border zeros, 0*Inf = NaN, where PyTorch has no term) for " + problem;
    }
}
