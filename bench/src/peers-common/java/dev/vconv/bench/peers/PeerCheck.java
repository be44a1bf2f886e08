package dev.vconv.bench.peers;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import dev.vconv.bench.Contender;
import dev.vconv.bench.SuiteCase;
import dev.vconv.reference.GatherConv;
import dev.vconv.reference.ScatterConvTranspose;

import java.util.SplittableRandom;

/**
 * Checks a peer library's output against the reference definitions with a tolerance derived from an error bound.
 *
 * <p>The peer computes each output element in float32 as a sum of {@code n} terms (products {@code x*w}, plus the
 * bias) in some order, possibly with FMA: its error is at most {@code gamma_n * S} with {@code gamma_n = n*u/(1-n*u)},
 * {@code u = 2^-24} and {@code S = sum |x*w| (+ |b|)}. The reference sums in double and rounds once: at most
 * {@code u*|y| <= u*S}. So {@code |peer - reference| <= (1.01*n + 1) * u * S <= (n + 2) * u * S} whenever
 * {@code n*u < 0.01}; that is the bound, and a result is reported as its largest error in units of it (must be
 * {@code <= 1}). {@code S} is computed by running the reference on {@code |x|}, {@code |w|}, {@code |b|}; {@code n} is
 * {@code (C_in/g) * prod(k) (+1 with bias)}, which bounds the terms of every output element for both operations.
 */
public final class PeerCheck {
    static final double U = 0x1p-24;

    private PeerCheck() {
    }

    /** The largest error in units of the bound (pass: <= 1), the largest absolute error, and the bound's n. */
    public record Result(double maxErrorInBounds, double maxAbsError, long terms, int outputs) {
        public boolean passed() {
            return maxErrorInBounds <= 1.0;
        }

        @Override
        public String toString() {
            return String.format("max error %.4f of the bound (n = %d terms, %d outputs, max |err| %.3g)",
                    maxErrorInBounds, terms, outputs, maxAbsError);
        }
    }

    /** A reduced-size problem for a suite row: batch 1, a small spatial size that keeps the row's character. */
    public static ConvProblem reduced(SuiteCase c) {
        int small = switch (c.dims()) {
            case 1 -> 32;
            case 3 -> 6;
            default -> c.stride() > 1 && !c.isTranspose() ? 20 : 10;
        };
        return c.problemAt(1, Math.min(c.size(), small));
    }

    /** Uniform values in [-1, 1). */
    public static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (2 * r.nextDouble() - 1);
        }
        return a;
    }

    /** Prepares the contender on {@code problem} with random inputs, runs it once and compares with the reference. */
    public static Result check(Contender contender, ConvProblem problem, boolean withBias, int threads, long seed)
            throws Exception {
        return Oracle.of(problem, withBias, seed).check(contender, threads);
    }

    /** Random inputs for a problem with the reference output and {@code S} computed once, for several checks. */
    public static final class Oracle {
        public final ConvProblem problem;
        public final float[] x;
        public final float[] w;
        public final float[] b;
        private final float[] ref;
        private final float[] mag;
        private final long n;

        private Oracle(ConvProblem problem, float[] x, float[] w, float[] b) {
            this.problem = problem;
            this.x = x;
            this.w = w;
            this.b = b;
            ref = reference(problem, x, w, b);
            mag = reference(problem, abs(x), abs(w), b == null ? null : abs(b));
            ConvDescriptor d = problem.descriptor();
            long terms = d.inChannels() / d.groups();
            for (int k : d.kernelSize()) {
                terms *= k;
            }
            n = b != null ? terms + 1 : terms;
            if (n * U >= 0.01) {
                throw new IllegalArgumentException("n = " + n + " terms: the bound assumes n*u < 0.01");
            }
        }

        public static Oracle of(ConvProblem problem, boolean withBias, long seed) {
            if (withBias && !problem.descriptor().bias()) {
                problem = problem.descriptor().toBuilder().bias(true).build().problem(problem.inputShape());
            }
            float[] x = random(problem.inputShape().elementCount(), seed);
            float[] w = random(problem.weightShape().elementCount(), seed + 1);
            float[] b = withBias ? random(problem.descriptor().outChannels(), seed + 2) : null;
            return new Oracle(problem, x, w, b);
        }

        public Result check(Contender contender, int threads) throws Exception {
            float[] got;
            try (Contender.Prepared p = contender.prepare(problem, x, w, b, threads)) {
                p.run();
                p.run(); // a second run must give the same result (no state left from the first)
                got = p.output();
            }
            return compare(got);
        }

        public Result compare(float[] got) {
            int outs = ref.length;
            if (got.length != outs) {
                throw new AssertionError("output has " + got.length + " elements, expected " + outs);
            }
            double worst = 0;
            double worstAbs = 0;
            for (int i = 0; i < outs; i++) {
                if (!Float.isFinite(got[i])) {
                    throw new AssertionError("output[" + i + "] = " + got[i]);
                }
                double err = Math.abs((double) got[i] - ref[i]);
                double bound = (n + 2) * U * mag[i];
                double units = err == 0 ? 0 : bound == 0 ? Double.POSITIVE_INFINITY : err / bound;
                worst = Math.max(worst, units);
                worstAbs = Math.max(worstAbs, err);
            }
            return new Result(worst, worstAbs, n, outs);
        }
    }

    /**
     * How many OS threads of this process did the work of {@code runs} calls of {@code p.run()} (after 3 warm-up
     * calls): the threads whose CPU time (Linux {@code /proc/self/task/<tid>/stat}, utime + stime) grew by at least a
     * third of the busiest one's growth, among the threads with the calling thread's name ({@code comm}), which the
     * native worker threads it starts inherit; this leaves out the JVM's own threads (JIT compilers, GC). Shows
     * whether a thread count took effect, also on a busy machine (where the CPU time over the wall time does not).
     */
    public static int busyThreads(Contender.Prepared p, int runs) throws java.io.IOException {
        for (int i = 0; i < 3; i++) {
            p.run();
        }
        java.util.Map<String, Long> before = threadTicks();
        for (int i = 0; i < runs; i++) {
            p.run();
        }
        java.util.Map<String, Long> after = threadTicks();
        long max = 0;
        java.util.List<Long> deltas = new java.util.ArrayList<>();
        for (var e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            deltas.add(d);
            max = Math.max(max, d);
        }
        long threshold = Math.max(1, max / 3);
        return (int) deltas.stream().filter(d -> d >= threshold).count();
    }

    private static java.util.Map<String, Long> threadTicks() throws java.io.IOException {
        java.util.Map<String, Long> ticks = new java.util.HashMap<>();
        String self = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/comm"));
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path t : tasks.toList()) {
                try {
                    if (!java.nio.file.Files.readString(t.resolve("comm")).equals(self)) {
                        continue;
                    }
                    String stat = java.nio.file.Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(t.getFileName().toString(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // the thread ended
                }
            }
        }
        return ticks;
    }

    public static float[] reference(ConvProblem problem, float[] x, float[] w, float[] b) {
        float[] y = new float[problem.outputShape().elementCount()];
        if (problem.descriptor().isTranspose()) {
            ScatterConvTranspose.convTranspose(problem, x, 0, w, b, y, 0);
        } else {
            GatherConv.conv(problem, x, 0, w, b, y, 0);
        }
        return y;
    }

    private static float[] abs(float[] a) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.abs(a[i]);
        }
        return r;
    }
}
