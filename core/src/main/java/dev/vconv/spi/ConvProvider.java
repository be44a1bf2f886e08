package dev.vconv.spi;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;

/**
 * An implementation of convolution and transposed convolution. Found with {@link java.util.ServiceLoader}
 * (register the class in {@code META-INF/services/dev.vconv.spi.ConvProvider}) and tried in order of
 * {@link #priority()}, highest first: the first provider that is available and accepts a problem plans it.
 *
 * <p>A provider must plan every problem it does not {@linkplain #declineReason decline}, with PyTorch's semantics.
 * The conformance kit in {@code vconv-property-tests} checks that.
 */
public interface ConvProvider {

    /** A stable name, used by {@code -Dvconv.provider=NAME}, tests and benchmarks. */
    String name();

    /** Higher is tried first. The reference provider is 0. */
    int priority();

    /** Null if this provider works in this JVM; otherwise one line saying why not and how to enable it. */
    default String unavailableReason() {
        return null;
    }

    /** Null if this provider plans {@code problem}; otherwise the reason it declines. */
    default String declineReason(ConvProblem problem) {
        return null;
    }

    /**
     * Validates the weights against {@code problem}, packs them and decides how to execute. The plan keeps no
     * reference to {@code weight} or {@code bias}: changing them later does not change the plan.
     *
     * @param weight conv {@code (C_out, C_in/groups, k...)}, transposed {@code (C_in, C_out/groups, k...)}
     * @param bias {@code C_out} values if the descriptor has a bias, else null
     * @throws IllegalArgumentException for weights of the wrong length, a missing or unexpected bias
     */
    ConvPlan plan(ConvProblem problem, float[] weight, float[] bias, PlanOptions options);
}
