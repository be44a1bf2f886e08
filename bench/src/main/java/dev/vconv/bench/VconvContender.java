package dev.vconv.bench;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.spi.ConvProvider;

/**
 * A vconv provider as a contender: the plan is built (weights packed, work split decided) in {@link #prepare}, so a
 * timed {@link Prepared#run()} is one {@link ConvPlan#execute} into a reused output array.
 */
public final class VconvContender implements Contender {
    private final ConvProvider provider;
    private final String name;
    private final boolean fastAlgorithms;

    public VconvContender(ConvProvider provider) {
        this(provider, provider.name(), true);
    }

    /**
     * The provider under another name, planning with {@code PlanOptions.withFastAlgorithms(fastAlgorithms)}:
     * "simd-direct" times the SIMD provider's direct kernels on the rows where it would choose Winograd.
     */
    public VconvContender(ConvProvider provider, String name, boolean fastAlgorithms) {
        this.provider = provider;
        this.name = name;
        this.fastAlgorithms = fastAlgorithms;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String unavailableReason() {
        return provider.unavailableReason();
    }

    /** Null if the provider plans {@code problem}, else its reason for declining. */
    public String declineReason(ConvProblem problem) {
        return provider.declineReason(problem);
    }

    /** The plan's algorithm, planned on zero weights (finite, so the choice random weights get). */
    @Override
    public String algorithm(ConvProblem problem, int threads) {
        if (provider.declineReason(problem) != null) {
            return null;
        }
        float[] w = new float[problem.weightShape().elementCount()];
        float[] bias = problem.biasLength() == 0 ? null : new float[problem.biasLength()];
        return provider.plan(problem, w, bias, options(threads)).algorithm();
    }

    private PlanOptions options(int threads) {
        return PlanOptions.defaults().withThreads(threads).withFastAlgorithms(fastAlgorithms);
    }

    @Override
    public Prepared prepare(ConvProblem problem, float[] x, float[] w, float[] bias, int threads) {
        ConvPlan plan = provider.plan(problem, w, bias, options(threads));
        float[] y = new float[problem.outputShape().elementCount()];
        return new Prepared() {
            @Override
            public void run() {
                plan.execute(x, 0, y, 0);
            }

            @Override
            public float[] output() {
                return y.clone();
            }

            @Override
            public String toString() {
                return plan.toString();
            }
        };
    }

    @Override
    public String toString() {
        return "vconv provider '" + provider.name() + "' (priority " + provider.priority() + ")"
                + (fastAlgorithms ? "" : ", direct summation only");
    }
}
