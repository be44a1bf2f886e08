package dev.vconv.reference;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;

/**
 * Transposed convolution by scattering, the one-to-many picture: every input element {@code x[n, ic, i]} adds
 * {@code x * w[ic, oc mod (C_out/g), k]} onto output position {@code i*s - p + k*d} for every tap {@code k} and every
 * output channel {@code oc} of its group. Positions that land outside the output (cropped by {@code padding}) are
 * dropped; {@code output_padding} only makes the output longer at the end. Sums in double.
 */
public final class ScatterConvTranspose {
    private ScatterConvTranspose() {
    }

    /**
     * @param problem a transposed convolution
     * @param w {@code (C_in, C_out/groups, k...)}
     * @param bias {@code C_out} values or null
     */
    public static void convTranspose(ConvProblem problem, float[] x, int xOff, float[] w, float[] bias,
            float[] y, int yOff) {
        ConvDescriptor d = problem.descriptor();
        if (!d.isTranspose()) {
            throw new IllegalArgumentException("problem: " + d + " is not a transposed convolution");
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
        int outPlane = out[0] * out[1] * out[2];

        double[] acc = new double[outC * outPlane];
        for (int n = 0; n < batch; n++) {
            for (int oc = 0; oc < outC; oc++) {
                java.util.Arrays.fill(acc, oc * outPlane, (oc + 1) * outPlane, bias == null ? 0 : bias[oc]);
            }
            for (int ic = 0; ic < inC; ic++) {
                int group = ic / inPerGroup;
                for (int ocg = 0; ocg < outPerGroup; ocg++) {
                    int oc = group * outPerGroup + ocg;
                    for (int id = 0; id < in[0]; id++) {
                        for (int ih = 0; ih < in[1]; ih++) {
                            for (int iw = 0; iw < in[2]; iw++) {
                                float xv = x[xOff + (((n * inC + ic) * in[0] + id) * in[1] + ih) * in[2] + iw];
                                for (int kd = 0; kd < k[0]; kd++) {
                                    int od = id * s[0] - pad[0] + kd * dil[0];
                                    if (od < 0 || od >= out[0]) {
                                        continue;
                                    }
                                    for (int kh = 0; kh < k[1]; kh++) {
                                        int oh = ih * s[1] - pad[1] + kh * dil[1];
                                        if (oh < 0 || oh >= out[1]) {
                                            continue;
                                        }
                                        for (int kw = 0; kw < k[2]; kw++) {
                                            int ow = iw * s[2] - pad[2] + kw * dil[2];
                                            if (ow < 0 || ow >= out[2]) {
                                                continue;
                                            }
                                            float wv = w[(((ic * outPerGroup + ocg) * k[0] + kd) * k[1] + kh) * k[2] + kw];
                                            acc[((oc * out[0] + od) * out[1] + oh) * out[2] + ow] += (double) xv * wv;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for (int i = 0; i < acc.length; i++) {
                y[yOff + n * acc.length + i] = (float) acc[i];
            }
        }
    }
}
