package dev.vconv.reliability;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.spi.ConvProvider;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;

/**
 * Fuzzing the builder, the problem and the plan with hostile values: negative, zero, huge, Integer.MIN/MAX, per-axis
 * arrays of the wrong length, input shapes of the wrong rank. The only exception allowed is
 * IllegalArgumentException; nothing may hang (each try has a time limit); whatever is accepted must
 * plan and execute.
 */
class BuilderFuzzProperties {

    /** Mostly plausible values, so that later stages are reached, with hostile ones mixed in. */
    private static Arbitrary<Integer> mostly(int min, int max) {
        return Arbitraries.frequencyOf(
                Tuple.of(60, Arbitraries.integers().between(min, max)),
                Tuple.of(1, Arbitraries.integers().between(-3, 0)),
                Tuple.of(1, Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 16, 1 << 20, 1 << 30, 46341)));
    }

    /** One value (broadcast) most of the time; otherwise a list of any length, often the wrong one. */
    private static Arbitrary<List<Integer>> perAxis(int min, int max) {
        return Arbitraries.frequencyOf(
                Tuple.of(15, mostly(min, max).list().ofSize(1)),
                Tuple.of(1, mostly(min, max).list().ofMinSize(0).ofMaxSize(4)));
    }

    @Provide
    Arbitrary<Integer> rank() {
        return Arbitraries.frequencyOf(Tuple.of(10, Arbitraries.integers().between(1, 3)),
                Tuple.of(1, Arbitraries.of(0, 4, -1)));
    }

    @Provide
    Arbitrary<Integer> channels() {
        return mostly(1, 4);
    }

    @Provide
    Arbitrary<List<Integer>> sizes() {
        return perAxis(1, 3);
    }

    @Provide
    Arbitrary<Integer> groups() {
        return Arbitraries.frequencyOf(Tuple.of(10, Arbitraries.just(1)), Tuple.of(3, mostly(1, 4)));
    }

    @Provide
    Arbitrary<List<Integer>> outputPaddings() {
        return Arbitraries.frequencyOf(Tuple.of(10, Arbitraries.just(List.of(0))), Tuple.of(3, perAxis(0, 2)));
    }

    @Provide
    Arbitrary<List<Integer>> paddings() {
        return perAxis(0, 2);
    }

    @Property(tries = 2000)
    void onlyIllegalArgumentExceptionEverEscapes(
            @ForAll("rank") int rank,
            @ForAll boolean transpose,
            @ForAll("channels") int inChannels,
            @ForAll("channels") int outChannels,
            @ForAll("groups") int groups,
            @ForAll("sizes") List<Integer> kernel,
            @ForAll("sizes") List<Integer> stride,
            @ForAll("paddings") List<Integer> padding,
            @ForAll("outputPaddings") List<Integer> outputPadding,
            @ForAll("sizes") List<Integer> dilation,
            @ForAll @IntRange(min = 0, max = 9) int paddingChoice,
            @ForAll @Size(min = 2, max = 6) List<@IntRange(min = -1, max = 9) Integer> inputShape) {
        String reached = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> buildPlanAndRun(rank, transpose,
                inChannels, outChannels, groups, kernel, stride, padding, outputPadding, dilation, paddingChoice,
                inputShape));
        Statistics.label("reached").collect(reached);
        Statistics.label("reached").coverage(c -> {
            c.check("executed").percentage(p -> p >= 5);
            c.check("rejected at problem").percentage(p -> p >= 5);
            c.check("rejected at build").percentage(p -> p >= 20);
        });
    }

    /**
     * A case this property found (session 17): a 1D transposed conv with kernel and stride 46341 took 22 s to plan on
     * the SIMD provider (the lowering visited every tap for every stride residue), past the 20 s limit on a slow
     * run. Same limit, this case alone.
     */
    @Example
    void hugeKernelAndStrideTransposedPlansInTime() {
        String reached = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> buildPlanAndRun(1, true,
                3, 1, 1, List.of(46341), List.of(46341), List.of(2), List.of(0), List.of(1), 7, List.of(5, 3, 1)));
        Assertions.assertEquals("executed", reached);
    }

    /** Returns how far the case got: rejected at which stage, or executed. */
    private static String buildPlanAndRun(int rank, boolean transpose, int inChannels, int outChannels, int groups,
            List<Integer> kernel, List<Integer> stride, List<Integer> padding, List<Integer> outputPadding,
            List<Integer> dilation, int paddingChoice, List<Integer> inputShape) {
        String stage = "build";
        try {
            ConvDescriptor.Builder b = (transpose ? ConvDescriptor.convTranspose(rank) : ConvDescriptor.conv(rank))
                    .inChannels(inChannels).outChannels(outChannels).groups(groups)
                    .kernelSize(ints(kernel)).stride(ints(stride)).outputPadding(ints(outputPadding))
                    .dilation(ints(dilation));
            switch (paddingChoice) {
                case 0 -> b.padding("same");
                case 1 -> b.padding("valid");
                case 2 -> b.paddingMode("reflect").padding(ints(padding));
                case 3 -> b.paddingMode("circular").padding(ints(padding));
                case 4 -> b.paddingMode("replicate").padding(ints(padding));
                default -> b.padding(ints(padding));
            }
            ConvDescriptor d = b.build();
            stage = "problem";
            int[] shape = ints(inputShape);
            if (inputShape.get(0) % 4 != 0) {
                // Three times in four: the right rank and channel count, so that later stages are reached.
                shape = java.util.Arrays.copyOf(shape, d.rank() + 2);
                for (int i = 2; i < shape.length; i++) {
                    shape[i] = i < inputShape.size() ? Math.abs(shape[i]) + 1 : 1 + i;
                }
                shape[0] = Math.max(1, shape[0]);
                shape[1] = d.inChannels();
            }
            ConvProblem p = d.problem(shape);
            if (p.weightShape().elementCount() > 1 << 20 || p.outputShape().elementCount() > 1 << 20
                    || p.inputShape().elementCount() > 1 << 20 || p.flops() > 1L << 26) {
                return "valid, too large to run"; // valid but too large to run here; the size rules themselves are tested elsewhere
            }
            stage = "plan";
            for (ConvProvider provider : Fixtures.providers()) {
                if (provider.declineReason(p) != null) {
                    continue; // a declined problem goes to the next provider; VConv.plan does that
                }
                ConvPlan plan = provider.plan(p, new float[p.weightShape().elementCount()],
                        p.biasLength() == 0 ? null : new float[p.biasLength()], PlanOptions.defaults());
                stage = "execute";
                plan.apply(new float[p.inputShape().elementCount()]);
            }
            return "executed";
        } catch (IllegalArgumentException expected) {
            return "rejected at " + stage;
        }
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
