package dev.vconv.conformance;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import dev.vconv.PlanOptions;
import dev.vconv.spi.AbstractConvPlan;
import dev.vconv.spi.ConvProvider;
import java.util.Arrays;

/**
 * A deliberately wrong provider, for the kit's self-test: a direct implementation (gather for convolution, scatter
 * for transposed convolution, double accumulation, so that without its fault it equals the reference bit for bit)
 * with one realistic bug. Not registered with ServiceLoader.
 */
final class FaultyProvider implements ConvProvider {

    enum Fault {
        /** Transposed convolution computed as if output_padding were 0: the padded tail is left at zero. */
        IGNORES_OUTPUT_PADDING,
        /** Taps spaced by {@code dilation - 1} (at least 1): an off-by-one in a 0-based vs 1-based dilation. */
        DILATION_MINUS_ONE,
        /** The loop over groups stops one early: the last group's output channels stay zero. */
        DROPS_LAST_GROUP,
        /** Correct, except the last output element is one ulp too large. */
        ONE_ULP_OFF,
        /** No fault: the control, which must pass everything. */
        NONE
    }

    private final Fault fault;

    FaultyProvider(Fault fault) {
        this.fault = fault;
    }

    @Override
    public String name() {
        return "faulty-" + fault.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public ConvPlan plan(ConvProblem problem, float[] weight, float[] bias, PlanOptions options) {
        return new Plan(problem, weight, bias);
    }

    @Override
    public String toString() {
        return name();
    }

    private final class Plan extends AbstractConvPlan {
        private final float[] w;
        private final float[] b;

        Plan(ConvProblem problem, float[] weight, float[] bias) {
            super(problem, weight, bias);
            w = weight.clone();
            b = bias == null ? null : bias.clone();
        }

        @Override
        public String providerName() {
            return name();
        }

        @Override
        public long workspaceBytes() {
            return 0;
        }

        @Override
        public String toString() {
            return name() + " for " + problem;
        }

        @Override
        protected void compute(float[] x, int xOff, float[] y, int yOff) {
            ConvDescriptor d = problem.descriptor();
            int batch = problem.batch();
            int inC = d.inChannels();
            int outC = d.outChannels();
            int groups = d.groups();
            int inPerGroup = inC / groups;
            int outPerGroup = outC / groups;
            int[] in = problem.inputSize3();
            int[] out = problem.outputSize3();
            int[] k = problem.kernel3();
            int[] s = problem.stride3();
            int[] dil = problem.dilation3();
            int[] pad = problem.padBefore3();
            int[] op = problem.outputPadding3();
            if (fault == Fault.DILATION_MINUS_ONE) {
                for (int a = 0; a < 3; a++) {
                    dil[a] = Math.max(1, dil[a] - 1);
                }
            }
            int[] written = out.clone(); // the region this implementation believes is the output
            if (fault == Fault.IGNORES_OUTPUT_PADDING) {
                for (int a = 0; a < 3; a++) {
                    written[a] = out[a] - op[a];
                }
            }
            int lastGroup = fault == Fault.DROPS_LAST_GROUP ? groups - 1 : groups;
            int outPlane = out[0] * out[1] * out[2];
            double[] acc = new double[outC * outPlane];
            PaddingMode mode = d.paddingMode();
            for (int n = 0; n < batch; n++) {
                Arrays.fill(acc, 0);
                for (int oc = 0; oc < outC; oc++) {
                    if (oc / outPerGroup >= lastGroup) {
                        continue;
                    }
                    for (int i = 0; i < outPlane; i++) {
                        int ow = i % out[2];
                        int oh = i / out[2] % out[1];
                        int od = i / out[2] / out[1];
                        if (od < written[0] && oh < written[1] && ow < written[2]) {
                            acc[oc * outPlane + i] = b == null ? 0 : b[oc];
                        }
                    }
                }
                for (int group = 0; group < lastGroup; group++) {
                    for (int icg = 0; icg < inPerGroup; icg++) {
                        int ic = group * inPerGroup + icg;
                        for (int ocg = 0; ocg < outPerGroup; ocg++) {
                            int oc = group * outPerGroup + ocg;
                            for (int kd = 0; kd < k[0]; kd++) {
                                for (int kh = 0; kh < k[1]; kh++) {
                                    for (int kw = 0; kw < k[2]; kw++) {
                                        if (d.isTranspose()) {
                                            float wv = w[(((ic * outPerGroup + ocg) * k[0] + kd) * k[1] + kh) * k[2] + kw];
                                            for (int id = 0; id < in[0]; id++) {
                                                int od = id * s[0] - pad[0] + kd * dil[0];
                                                for (int ih = 0; ih < in[1]; ih++) {
                                                    int oh = ih * s[1] - pad[1] + kh * dil[1];
                                                    for (int iw = 0; iw < in[2]; iw++) {
                                                        int ow = iw * s[2] - pad[2] + kw * dil[2];
                                                        if (od < 0 || od >= written[0] || oh < 0 || oh >= written[1]
                                                                || ow < 0 || ow >= written[2]) {
                                                            continue;
                                                        }
                                                        float xv = x[xOff + (((n * inC + ic) * in[0] + id) * in[1] + ih) * in[2] + iw];
                                                        acc[((oc * out[0] + od) * out[1] + oh) * out[2] + ow] += (double) xv * wv;
                                                    }
                                                }
                                            }
                                        } else {
                                            float wv = w[(((oc * inPerGroup + icg) * k[0] + kd) * k[1] + kh) * k[2] + kw];
                                            for (int od = 0; od < out[0]; od++) {
                                                int id = mode.sourceIndex(od * s[0] - pad[0] + kd * dil[0], in[0]);
                                                for (int oh = 0; oh < out[1]; oh++) {
                                                    int ih = mode.sourceIndex(oh * s[1] - pad[1] + kh * dil[1], in[1]);
                                                    for (int ow = 0; ow < out[2]; ow++) {
                                                        int iw = mode.sourceIndex(ow * s[2] - pad[2] + kw * dil[2], in[2]);
                                                        if (id < 0 || ih < 0 || iw < 0 || id >= in[0] || ih >= in[1]
                                                                || iw >= in[2]) {
                                                            continue;
                                                        }
                                                        float xv = x[xOff + (((n * inC + ic) * in[0] + id) * in[1] + ih) * in[2] + iw];
                                                        acc[((oc * out[0] + od) * out[1] + oh) * out[2] + ow] += (double) xv * wv;
                                                    }
                                                }
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
            if (fault == Fault.ONE_ULP_OFF) {
                int last = yOff + problem.outputShape().elementCount() - 1;
                y[last] = Math.nextUp(y[last]);
            }
        }
    }
}
