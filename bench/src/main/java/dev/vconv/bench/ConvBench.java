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

    private Contender.Prepared prepared;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Contender c = Contenders.get(contender);
        String why = c.unavailableReason();
        if (why != null) {
            throw new IllegalStateException("contender '" + contender + "' is unavailable: " + why);
        }
        Inputs in = Inputs.random(Suite.get(caseName).problem(), SEED);
        // Inputs filled, plan built and output allocated once; the timed method only computes.
        prepared = c.prepare(in.problem(), in.x(), in.w(), in.bias(), threads);
    }

    /**
     * The output lands in an array the prepared case keeps and {@link Contender.Prepared#output()} can read, so the
     * work is observable and cannot be eliminated; returning the state object hands it to JMH's blackhole too.
     */
    @Benchmark
    public Object run() {
        prepared.run();
        return prepared;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (prepared != null) {
            prepared.close();
        }
    }
}
