package dev.vconv;

import java.util.concurrent.ExecutorService;

/**
 * How a plan may execute: how many threads share one call, and on which executor. Immutable.
 *
 * <p>The partition of the work is fixed by the plan, never by timing, so results are bitwise identical whatever
 * the thread count. The calling thread always takes part.
 */
public final class PlanOptions {
    private static final PlanOptions DEFAULTS = new PlanOptions(Runtime.getRuntime().availableProcessors(), null);

    private final int threads;
    private final ExecutorService executor;

    private PlanOptions(int threads, ExecutorService executor) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + ": must be >= 1");
        }
        this.threads = threads;
        this.executor = executor;
    }

    /** All available processors; the provider's own executor. */
    public static PlanOptions defaults() {
        return DEFAULTS;
    }

    /** One thread: the caller's. */
    public static PlanOptions singleThreaded() {
        return new PlanOptions(1, null);
    }

    /** At most {@code threads} threads (the caller's included) work on one execute call. */
    public PlanOptions withThreads(int threads) {
        return new PlanOptions(threads, executor);
    }

    /** Run helper tasks on {@code executor} instead of the provider's own. The plan never shuts it down. */
    public PlanOptions withExecutor(ExecutorService executor) {
        return new PlanOptions(threads, executor);
    }

    public int threads() {
        return threads;
    }

    /** The caller's executor, or null for the provider's own. */
    public ExecutorService executor() {
        return executor;
    }

    @Override
    public String toString() {
        return "threads=" + threads + (executor == null ? "" : ", executor=" + executor);
    }
}
