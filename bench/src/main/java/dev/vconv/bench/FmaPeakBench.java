package dev.vconv.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's FP32 FMA peak as the JVM reaches it: independent {@code FloatVector.fma} chains on
 * {@code SPECIES_PREFERRED}, the same vectors the kernels use. Twelve chains cover the FMA latency (4 cycles) times
 * the FMA ports (2) with room to spare, and stay in registers. Run with JMH's thread count at 1 for the per-core
 * figure and at all cores for the machine's; throughput mode sums the threads.
 *
 * <p>The only class of this module that touches {@code jdk.incubator.vector}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FmaPeakBench {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int CHAINS = 12;
    // Short enough that the method is called (and compiled by C2) many times rather than once through OSR; long
    // enough that the final reduction is about 1% of a call.
    static final int STEPS = 512;

    /** Flops in one call of {@link #fma()}: 2 per lane per FMA. */
    public static long flopsPerCall() {
        return 2L * SPECIES.length() * CHAINS * STEPS;
    }

    /** The vector width in bits, for the report. */
    public static int vectorBits() {
        return SPECIES.vectorBitSize();
    }

    // Read from fields so the JIT cannot fold the chains; a*b + c with b < 1 converges, so nothing overflows.
    public float b = 0.9999f;
    public float c = 1e-4f;
    public float start = 0.5f;

    @Benchmark
    public float fma() {
        FloatVector vb = FloatVector.broadcast(SPECIES, b);
        FloatVector vc = FloatVector.broadcast(SPECIES, c);
        FloatVector acc0 = FloatVector.broadcast(SPECIES, start);
        FloatVector acc1 = acc0.add(vc);
        FloatVector acc2 = acc1.add(vc);
        FloatVector acc3 = acc2.add(vc);
        FloatVector acc4 = acc3.add(vc);
        FloatVector acc5 = acc4.add(vc);
        FloatVector acc6 = acc5.add(vc);
        FloatVector acc7 = acc6.add(vc);
        FloatVector acc8 = acc7.add(vc);
        FloatVector acc9 = acc8.add(vc);
        FloatVector acc10 = acc9.add(vc);
        FloatVector acc11 = acc10.add(vc);
        for (int i = 0; i < STEPS; i++) {
            acc0 = acc0.fma(vb, vc);
            acc1 = acc1.fma(vb, vc);
            acc2 = acc2.fma(vb, vc);
            acc3 = acc3.fma(vb, vc);
            acc4 = acc4.fma(vb, vc);
            acc5 = acc5.fma(vb, vc);
            acc6 = acc6.fma(vb, vc);
            acc7 = acc7.fma(vb, vc);
            acc8 = acc8.fma(vb, vc);
            acc9 = acc9.fma(vb, vc);
            acc10 = acc10.fma(vb, vc);
            acc11 = acc11.fma(vb, vc);
        }
        FloatVector sum = acc0.add(acc1).add(acc2).add(acc3).add(acc4).add(acc5)
                .add(acc6).add(acc7).add(acc8).add(acc9).add(acc10).add(acc11);
        return sum.reduceLanes(VectorOperators.ADD); // returned: JMH's blackhole keeps the chains alive
    }
}
