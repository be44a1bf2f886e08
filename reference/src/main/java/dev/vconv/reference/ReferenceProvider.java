package dev.vconv.reference;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.spi.AbstractConvPlan;
import dev.vconv.spi.ConvProvider;

/**
 * The reference provider: {@link GatherConv} for convolution, {@link ScatterConvTranspose} for transposed
 * convolution. Single-threaded, double accumulation, priority 0 (the last resort). Plans every valid problem.
 */
public final class ReferenceProvider implements ConvProvider {
    public static final String NAME = "reference";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public ConvPlan plan(ConvProblem problem, float[] weight, float[] bias, PlanOptions options) {
        return new Plan(problem, weight, bias);
    }

    private static final class Plan extends AbstractConvPlan {
        private final float[] weight;
        private final float[] bias;

        Plan(ConvProblem problem, float[] weight, float[] bias) {
            super(problem, weight, bias);
            this.weight = weight.clone();
            this.bias = bias == null ? null : bias.clone();
        }

        @Override
        protected void compute(float[] input, int inputOffset, float[] output, int outputOffset) {
            if (problem.descriptor().isTranspose()) {
                ScatterConvTranspose.convTranspose(problem, input, inputOffset, weight, bias, output, outputOffset);
            } else {
                GatherConv.conv(problem, input, inputOffset, weight, bias, output, outputOffset);
            }
        }

        @Override
        public String providerName() {
            return NAME;
        }

        /** The scatter form keeps one double accumulator per output element of a batch element, per call. */
        @Override
        public long workspaceBytes() {
            if (!problem.descriptor().isTranspose()) {
                return 0;
            }
            return 8L * problem.outputShape().elementCount() / problem.batch();
        }

        @Override
        public String algorithm() {
            return problem.descriptor().isTranspose() ? "scatter" : "gather";
        }

        @Override
        public String toString() {
            return "reference(" + algorithm() + ") for " + problem;
        }
    }
}
