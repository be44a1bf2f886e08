package dev.vconv.reference;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;

/**
 * Convolution by its definition, the gather form: each output element is the sum, over the input channels of its
 * group and over the kernel taps, of {@code x[n, ic, o*s - p + k*d] * w[oc, ic mod (C_in/g), k]}, plus the bias.
 * A tap that falls in the padding reads what {@link PaddingMode#sourceIndex} says; for zero padding it reads a 0 that
 * is multiplied like any other value, as in PyTorch (which convolves the zero-padded input): {@code 0 * Inf = NaN}.
 *
 * <p>Written on three spatial axes (rank 1 and 2 are lifted, see {@link ConvProblem}); sums in double.
 */
public final class GatherConv {
    private GatherConv() {
    }

    /**
     * @param problem a convolution (not transposed)
     * @param w {@code (C_out, C_in/groups, k...)}
     * @param bias {@code C_out} values or null
     */
    public static void conv(ConvProblem problem, float[] x, int xOff, float[] w, float[] bias, float[] y, int yOff) {
        ConvDescriptor d = problem.descriptor();
        if (d.isTranspose()) {
            throw new IllegalArgumentException("problem: " + d + " is a transposed convolution; GatherConv needs a conv");
        }
        int batch = problem.batch();
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
        PaddingMode mode = d.paddingMode();

        for (int n = 0; n < batch; n++) {
            for (int oc = 0; oc < outC; oc++) {
                int group = oc / outPerGroup;
                for (int od = 0; od < out[0]; od++) {
                    for (int oh = 0; oh < out[1]; oh++) {
                        for (int ow = 0; ow < out[2]; ow++) {
                            double acc = bias == null ? 0 : bias[oc];
                            for (int icg = 0; icg < inPerGroup; icg++) {
                                int ic = group * inPerGroup + icg;
                                for (int kd = 0; kd < k[0]; kd++) {
                                    int id = mode.sourceIndex(od * s[0] - pad[0] + kd * dil[0], in[0]);
                                    for (int kh = 0; kh < k[1]; kh++) {
                                        int ih = mode.sourceIndex(oh * s[1] - pad[1] + kh * dil[1], in[1]);
                                        for (int kw = 0; kw < k[2]; kw++) {
                                            int iw = mode.sourceIndex(ow * s[2] - pad[2] + kw * dil[2], in[2]);
                                            float xv = id < 0 || ih < 0 || iw < 0 ? 0f
                                                    : x[xOff + (((n * inC + ic) * in[0] + id) * in[1] + ih) * in[2] + iw];
                                            float wv = w[(((oc * inPerGroup + icg) * k[0] + kd) * k[1] + kh) * k[2] + kw];
                                            acc += (double) xv * wv;
                                        }
                                    }
                                }
                            }
                            y[yOff + (((n * outC + oc) * out[0] + od) * out[1] + oh) * out[2] + ow] = (float) acc;
                        }
                    }
                }
            }
        }
    }
}
