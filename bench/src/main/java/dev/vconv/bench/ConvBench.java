package dev.vconv.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One suite row through one contender at a given thread count. The main job ({@link BenchCommand}) runs this with
 * single values of each parameter so that it skips combinations that make no sense (the reference on big rows, a
 * contender that is unavailable); run by hand through {@code java -jar vconv-bench.jar jmh ConvBench -p ...} the
 * defaults below give every row for the simd provider on one thread.
 *
 * <p>Time per call is the score; GFLOP/s and % of peak are derived by the report from
 * {@link dev.vconv.ConvProblem#flops()} and {@link FmaPeakBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConvBench {
    /** Fixed, so that every contender and every run sees the same numbers. */
    static final long SEED = 0x5eed_c0deL;

    @Param({"resnet-3x3", "resnet-3x3-b8", "pointwise-1x1", "stem-7x7-s2", "depthwise-3x3", "resnext-g32",
            "dilated-3x3-d2", "dcgan-up-8", "dcgan-up-32", "unet-up-2x2", "fcn-up-op1", "grouped-up-g4",
            "depthwise-up", "dilated-up-d2", "vocoder-up-1d", "conv3d-3x3x3", "vnet-up-3d"})
    public String caseName;

    @Param({"simd"})
    public String contender;

    @Param({"1"})
    public int threads;

    /**
     * False: one prepared case, run again and again, so whatever fits in the caches is measured hot (as a layer
     * whose input the previous layer just wrote). True: as XNNPACK's benchmarks do, rotate through enough prepared
     * copies (input, weights, output) that together they exceed {@link #COLD_BYTES}, so each call starts cold.
     */
    @Param({"false"})
    public boolean cold;

    /** Well above the last-level cache of the machines we measure on. */
    static final long COLD_BYTES = 64L << 20;
    static final int MAX_COPIES = 64;

    private Contender.Prepared[] prepared;
    private int next;

    /**
     * Seconds a multi-threaded trial first runs the case on one thread, untimed. With every core computing, the JIT
     * compiler threads get little CPU, and a plan with many or large methods (Winograd) was still partly interpreted
     * after the quick pass's 2 s of warm-up: resnet-3x3 measured 58-66 GFLOP/s at 2 threads there against 134 after
     * `--full`'s 5 s. One thread leaves a core to the compiler; the code is the same at any thread count.
     */
    static final double SINGLE_THREAD_WARMUP_SECONDS = 1.0;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Contender c = Contenders.get(contender);
        String why = c.unavailableReason();
        if (why != null) {
            throw new IllegalStateException("contender '" + contender + "' is unavailable: " + why);
        }
        Inputs in = Inputs.random(Suite.getOrParse(caseName).problem(), SEED);
        int copies = cold ? copiesForCold(in) : 1;
        prepared = new Contender.Prepared[copies];
        // Inputs filled, plans built and outputs allocated once; the timed method only computes.
        for (int i = 0; i < copies; i++) {
            float[] x = i == 0 ? in.x() : in.x().clone();
            float[] w = i == 0 ? in.w() : in.w().clone();
            float[] b = in.bias() == null || i == 0 ? in.bias() : in.bias().clone();
            prepared[i] = c.prepare(in.problem(), x, w, b, threads);
        }
        if (threads > 1) {
            Contender.Prepared single = c.prepare(in.problem(), in.x(), in.w(), in.bias(), 1);
            try {
                long end = System.nanoTime() + (long) (SINGLE_THREAD_WARMUP_SECONDS * 1e9);
                while (System.nanoTime() < end) {
                    single.run();
                }
            } finally {
                single.close();
            }
        }
    }

    /** How many copies of a case's input, weights and output exceed {@link #COLD_BYTES} together. */
    static int copiesForCold(Inputs in) {
        long bytes = 4L * (in.x().length + in.w().length + in.problem().outputShape().elementCount());
        return (int) Math.max(2, Math.min(MAX_COPIES, (COLD_BYTES + bytes - 1) / bytes));
    }

    /**
     * The output lands in an array the prepared case keeps and {@link Contender.Prepared#output()} can read, so the
     * work is observable and cannot be eliminated; returning the prepared case hands it to JMH's blackhole too.
     */
    @Benchmark
    public Object run() {
        Contender.Prepared p = prepared[next];
        next = next + 1 == prepared.length ? 0 : next + 1;
        p.run();
        return p;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (prepared != null) {
            for (Contender.Prepared p : prepared) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }
}
