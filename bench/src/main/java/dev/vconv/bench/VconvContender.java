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

    public VconvContender(ConvProvider provider) {
        this.provider = provider;
    }

    @Override
    public String name() {
        return provider.name();
    }

    @Override
    public String unavailableReason() {
        return provider.unavailableReason();
    }

    /** Null if the provider plans {@code problem}, else its reason for declining. */
    public String declineReason(ConvProblem problem) {
        return provider.declineReason(problem);
    }

    @Override
    public Prepared prepare(ConvProblem problem, float[] x, float[] w, float[] bias, int threads) {
        ConvPlan plan = provider.plan(problem, w, bias, PlanOptions.defaults().withThreads(threads));
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
        return "vconv provider '" + provider.name() + "' (priority " + provider.priority() + ")";
    }
}
