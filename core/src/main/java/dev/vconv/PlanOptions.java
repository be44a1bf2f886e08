package dev.vconv;

import java.util.concurrent.ExecutorService;

/**
 * How a plan may execute: how many threads share one call, on which executor, and whether it may use a fast
 * algorithm. Immutable.
 *
 * <p>The partition of the work is fixed by the plan, never by timing, so results are bitwise identical whatever
 * the thread count. The calling thread always takes part.
 *
 * <p><b>Fast algorithms</b> (default: allowed) compute the same convolution with fewer multiplications but round
 * differently from a direct sum: the SIMD provider uses Winograd's F(2x2, 3x3) (F(2x2x2, 3x3x3) in 3D) on 3x3
 * stride-1 problems with many channels, exact on small integers and within its own derived error bound on reals (see
 * the conformance kit's {@code ErrorBound}). {@link #withFastAlgorithms withFastAlgorithms(false)} asks for direct
 * summation only, whose error is bounded by the n-term sum's.
 */
public final class PlanOptions {
    private static final PlanOptions DEFAULTS =
            new PlanOptions(Runtime.getRuntime().availableProcessors(), null, true);

    private final int threads;
    private final ExecutorService executor;
    private final boolean fastAlgorithms;

    private PlanOptions(int threads, ExecutorService executor, boolean fastAlgorithms) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + ": must be >= 1");
        }
        this.threads = threads;
        this.executor = executor;
        this.fastAlgorithms = fastAlgorithms;
    }

    /** All available processors; the provider's own executor. */
    public static PlanOptions defaults() {
        return DEFAULTS;
    }

    /** One thread: the caller's. */
    public static PlanOptions singleThreaded() {
        return new PlanOptions(1, null, true);
    }

    /** At most {@code threads} threads (the caller's included) work on one execute call. */
    public PlanOptions withThreads(int threads) {
        return new PlanOptions(threads, executor, fastAlgorithms);
    }

    /** Run helper tasks on {@code executor} instead of the provider's own. The plan never shuts it down. */
    public PlanOptions withExecutor(ExecutorService executor) {
        return new PlanOptions(threads, executor, fastAlgorithms);
    }

    /** Whether a provider may use a fast algorithm such as Winograd's (see the class comment); false: direct sums. */
    public PlanOptions withFastAlgorithms(boolean allowed) {
        return new PlanOptions(threads, executor, allowed);
    }

    public int threads() {
        return threads;
    }

    /** The caller's executor, or null for the provider's own. */
    public ExecutorService executor() {
        return executor;
    }

    /** Whether a fast algorithm may be used (default true). */
    public boolean fastAlgorithms() {
        return fastAlgorithms;
    }

    @Override
    public String toString() {
        return "threads=" + threads + (executor == null ? "" : ", executor=" + executor)
                + (fastAlgorithms ? "" : ", direct summation only");
    }
}
