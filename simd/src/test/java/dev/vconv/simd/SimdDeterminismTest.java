package dev.vconv.simd;

import static org.junit.jupiter.api.Assertions.fail;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Bitwise identical results on real data for 1, 2, 3, 4 and 7 threads, on the provider's pool and a caller's. */
class SimdDeterminismTest {

    static List<ConvProblem> problems() {
        return List.of(
                ConvDescriptor.conv(2).inChannels(24).outChannels(40).kernelSize(3).padding(1).build()
                        .problem(2, 24, 23, 19),
                ConvDescriptor.conv(2).inChannels(12).outChannels(12).groups(12).kernelSize(3).padding(1).build()
                        .problem(3, 12, 15, 14),
                ConvDescriptor.conv(3).inChannels(5).outChannels(9).kernelSize(3).stride(2).padding(1).build()
                        .problem(1, 5, 9, 10, 11),
                ConvDescriptor.convTranspose(2).inChannels(20).outChannels(18).kernelSize(4).stride(2).padding(1)
                        .build().problem(2, 20, 9, 11),
                ConvDescriptor.convTranspose(1).inChannels(16).outChannels(8).kernelSize(16).stride(8).padding(4)
                        .build().problem(1, 16, 33),
                // Single images: the q-chunk count follows the thread count (a multiple of it), the chunk bounds
                // move, and no element's reduction order may change with them.
                ConvDescriptor.conv(2).inChannels(64).outChannels(40).kernelSize(1).build().problem(1, 64, 40, 41),
                ConvDescriptor.conv(2).inChannels(40).outChannels(24).kernelSize(3).padding(1).build()
                        .problem(1, 40, 37, 45),
                // Winograd (2D, 3D, and F(m x m, 2x2) on convT phases): chunks of tile blocks follow the thread count
                // likewise.
                ConvDescriptor.conv(2).inChannels(64).outChannels(64).kernelSize(3).padding(1).build()
                        .problem(1, 64, 30, 33),
                ConvDescriptor.conv(3).inChannels(24).outChannels(24).kernelSize(3).padding(1).build()
                        .problem(1, 24, 9, 8, 10),
                ConvDescriptor.convTranspose(2).inChannels(64).outChannels(72).kernelSize(4).stride(2).padding(1)
                        .build().problem(1, 64, 27, 30),
                // Non-overlapping patches (PatchPlan): one scratch of gathered patches per concurrent call.
                ConvDescriptor.conv(2).inChannels(16).outChannels(48).kernelSize(2).stride(2).build()
                        .problem(3, 16, 30, 34));
    }

    /** One plan executed from several threads at once (each with helpers of its own) on different outputs. */
    @Test
    void concurrentExecutesOfOnePlan() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (SimdProvider provider = new SimdProvider()) {
            for (ConvProblem p : problems()) {
                SplittableRandom rnd = new SplittableRandom(p.hashCode() + 1);
                float[] w = ConvTester.reals(rnd, p.weightShape().elementCount());
                float[] b = p.descriptor().bias() ? ConvTester.reals(rnd, p.outputShape().dim(1)) : null;
                ConvPlan plan = provider.plan(p, w, b, PlanOptions.defaults().withThreads(2));
                List<float[]> inputs = new java.util.ArrayList<>();
                List<float[]> expected = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    float[] x = ConvTester.reals(rnd, p.inputShape().elementCount());
                    inputs.add(x);
                    expected.add(provider.plan(p, w, b, PlanOptions.singleThreaded()).apply(x));
                }
                List<java.util.concurrent.Future<float[]>> futures = new java.util.ArrayList<>();
                for (int rep = 0; rep < 3; rep++) {
                    for (int i = 0; i < 4; i++) {
                        float[] x = inputs.get(i);
                        futures.add(callers.submit(() -> plan.apply(x)));
                    }
                }
                for (int f = 0; f < futures.size(); f++) {
                    float[] y = futures.get(f).get();
                    if (!java.util.Arrays.equals(y, expected.get(f % 4))) {
                        fail("concurrent execute " + f + " differs from a single-threaded run for " + p + "\n  plan "
                                + plan);
                    }
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /**
     * Helpers that start 0-3 ms late: the caller runs ranges of helpers that have not come, and late helpers take
     * units from the backs of ranges in progress (see {@link Parallel}), so units run in other orders and on other
     * threads than in an even split; the results may not change.
     */
    @Test
    void identicalWhenHelpersStartLate() {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        SplittableRandom delays = new SplittableRandom(7);
        ExecutorService late = TaskExecutors.executing(task -> {
            long nanos;
            synchronized (delays) {
                nanos = delays.nextLong(3_000_000);
            }
            pool.execute(() -> {
                java.util.concurrent.locks.LockSupport.parkNanos(nanos);
                task.run();
            });
        });
        try (SimdProvider provider = new SimdProvider()) {
            for (ConvProblem p : problems()) {
                SplittableRandom rnd = new SplittableRandom(p.hashCode() + 2);
                float[] w = ConvTester.reals(rnd, p.weightShape().elementCount());
                float[] b = p.descriptor().bias() ? ConvTester.reals(rnd, p.outputShape().dim(1)) : null;
                float[] x = ConvTester.reals(rnd, p.inputShape().elementCount());
                float[] first = provider.plan(p, w, b, PlanOptions.singleThreaded()).apply(x);
                for (int threads : new int[] {2, 4, 7}) {
                    ConvPlan plan = provider.plan(p, w, b, PlanOptions.defaults().withThreads(threads)
                            .withExecutor(late));
                    for (int repeat = 0; repeat < 4; repeat++) {
                        float[] y = plan.apply(x);
                        for (int i = 0; i < y.length; i++) {
                            if (Float.floatToRawIntBits(y[i]) != Float.floatToRawIntBits(first[i])) {
                                fail("threads " + threads + " with late helpers differs from 1 thread at index " + i
                                        + ": " + y[i] + " vs " + first[i] + " for " + p + "\n  plan " + plan);
                            }
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void identicalForAnyThreadCount() {
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try (SimdProvider provider = new SimdProvider()) {
            for (ConvProblem p : problems()) {
                SplittableRandom rnd = new SplittableRandom(p.hashCode());
                float[] w = ConvTester.reals(rnd, p.weightShape().elementCount());
                float[] b = ConvTester.reals(rnd, p.outputShape().dim(1));
                if (!p.descriptor().bias()) {
                    b = null;
                }
                float[] x = ConvTester.reals(rnd, p.inputShape().elementCount());
                float[] first = provider.plan(p, w, b, PlanOptions.singleThreaded()).apply(x);
                for (int threads : new int[] {2, 3, 4, 7}) {
                    for (ExecutorService ex : new ExecutorService[] {null, callers}) {
                        ConvPlan plan = provider.plan(p, w, b, PlanOptions.defaults().withThreads(threads)
                                .withExecutor(ex));
                        for (int repeat = 0; repeat < 3; repeat++) {
                            float[] y = plan.apply(x);
                            for (int i = 0; i < y.length; i++) {
                                if (Float.floatToRawIntBits(y[i]) != Float.floatToRawIntBits(first[i])) {
                                    fail("threads " + threads + " differs from 1 thread at index " + i + ": " + y[i]
                                            + " vs " + first[i] + " for " + p + "\n  plan " + plan);
                                }
                            }
                        }
                    }
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
