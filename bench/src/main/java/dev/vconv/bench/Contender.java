package dev.vconv.bench;

import dev.vconv.ConvProblem;

/**
 * Something the benchmark times on a suite case: a vconv provider, or a peer library (PyTorch through DJL, oneDNN
 * through java.lang.foreign) that a Maven profile adds. Contenders are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.vconv.bench.Contender}), so a profile's sources plug in without the rest of the
 * benchmark knowing them.
 */
public interface Contender {

    /** A stable name used in options and reports: "simd", "reference", "pytorch", "onednn-blocked", ... */
    String name();

    /**
     * Extra arguments for the JVMs JMH forks to time this contender, e.g. {@code -Dai.djl.offline=true} or
     * {@code --enable-native-access=ALL-UNNAMED}. The forks already get the launching JVM's own arguments and
     * {@code --add-modules=jdk.incubator.vector}.
     */
    default java.util.List<String> forkJvmArgs() {
        return java.util.List.of();
    }

    /** Null if this contender can run here; otherwise one line saying why not and how to fix it. */
    default String unavailableReason() {
        return null;
    }

    /**
     * The method this contender computes {@code problem} with on {@code threads} threads, named without sizes
     * ({@link dev.vconv.ConvPlan#algorithm()} for vconv providers), or null when it cannot tell (the peers). The
     * benchmark verifies each contender on a reduced problem it computes with the same method as the full row.
     */
    default String algorithm(ConvProblem problem, int threads) {
        return null;
    }

    /**
     * Prepares one case: converts, packs and allocates everything once, so that {@link Prepared#run()} times the
     * operation alone.
     *
     * @param x input, NC[D]HW; {@code w}: PyTorch layout; {@code bias}: null when the problem has no bias
     * @param threads how many threads the operation may use
     */
    Prepared prepare(ConvProblem problem, float[] x, float[] w, float[] bias, int threads) throws Exception;

    /** A prepared case. Not thread-safe: one benchmark thread runs it. */
    interface Prepared extends AutoCloseable {
        /** Computes the output once. */
        void run();

        /** The output of the last {@link #run()}, NC[D]HW, copied into a Java array (for verification). */
        float[] output();

        @Override
        default void close() {
        }
    }
}
