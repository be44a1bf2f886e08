package dev.vconv.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.spi.ConvProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Results do not depend on threads: bitwise identical for every thread count, and one plan shared by many caller
 * threads gives each caller exactly the serial result. Providers that own threads leave none behind when closed.
 */
class DeterminismAndConcurrencyTest {

    /** Problems large enough that a multithreaded plan really splits them. */
    private static List<ConvProblem> splittable() {
        List<ConvProblem> list = new ArrayList<>(Fixtures.problems());
        list.add(ConvDescriptor.conv(2).inChannels(24).outChannels(40).kernelSize(3).padding(1).build()
                .problem(3, 24, 21, 19));
        list.add(ConvDescriptor.convTranspose(2).inChannels(32).outChannels(24).kernelSize(4).stride(2).padding(1)
                .build().problem(2, 32, 9, 11));
        list.add(ConvDescriptor.conv(2).inChannels(32).outChannels(32).groups(32).kernelSize(3).padding(1).build()
                .problem(2, 32, 17, 15));
        return list;
    }

    @Test
    void bitwiseIdenticalForThreadCounts1234And7() throws Exception {
        Random r = new Random(4);
        ExecutorService pool = Executors.newFixedThreadPool(7);
        try {
            for (ConvProvider provider : Fixtures.providers()) {
                for (ConvProblem p : splittable()) {
                    float[][] wb = Fixtures.weights(p, r);
                    float[] x = Fixtures.random(p.inputShape().elementCount(), r);
                    float[] serial = provider.plan(p, wb[0], wb[1], PlanOptions.singleThreaded()).apply(x);
                    for (int threads : new int[] {2, 3, 4, 7}) {
                        for (ExecutorService executor : new ExecutorService[] {pool, null}) {
                            PlanOptions o = PlanOptions.defaults().withThreads(threads).withExecutor(executor);
                            float[] y = provider.plan(p, wb[0], wb[1], o).apply(x);
                            int at = Fixtures.firstBitDifference(serial, y);
                            assertEquals(-1, at, () -> provider.name() + " " + o + " on " + p + ": differs at " + at
                                    + ": " + serial[at] + " (1 thread) vs " + y[at]);
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onePlanFromEightThreadsAtOnceGivesTheSerialResults() throws Exception {
        Random r = new Random(5);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            for (ConvProvider provider : Fixtures.providers()) {
                for (ConvProblem p : splittable()) {
                    float[][] wb = Fixtures.weights(p, r);
                    ConvPlan plan = provider.plan(p, wb[0], wb[1], PlanOptions.defaults().withThreads(2));
                    float[][] inputs = new float[8][];
                    float[][] expected = new float[8][];
                    for (int t = 0; t < 8; t++) {
                        inputs[t] = Fixtures.random(p.inputShape().elementCount(), r);
                        expected[t] = plan.apply(inputs[t]);
                    }
                    List<Future<float[]>> results = new ArrayList<>();
                    for (int t = 0; t < 8; t++) {
                        int caller = t;
                        results.add(callers.submit(() -> {
                            float[] y = new float[p.outputShape().elementCount()];
                            for (int rep = 0; rep < 5; rep++) {
                                plan.execute(inputs[caller], 0, y, 0);
                            }
                            return y;
                        }));
                    }
                    for (int t = 0; t < 8; t++) {
                        float[] y = results.get(t).get(60, TimeUnit.SECONDS);
                        int at = Fixtures.firstBitDifference(expected[t], y);
                        assertEquals(-1, at, provider.name() + " on " + p + ", caller " + t + ": differs at " + at);
                    }
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void stressManyPlansAndShapesAtOnce() throws Exception {
        Random r = new Random(6);
        List<ConvPlan> plans = new ArrayList<>();
        List<float[]> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (ConvProvider provider : Fixtures.providers()) {
            for (ConvProblem p : splittable()) {
                float[][] wb = Fixtures.weights(p, r);
                float[] x = Fixtures.random(p.inputShape().elementCount(), r);
                plans.add(provider.plan(p, wb[0], wb[1], PlanOptions.defaults().withThreads(1 + r.nextInt(3))));
                inputs.add(x);
                expected.add(Fixtures.reference(p, x, wb[0], wb[1]));
            }
        }
        // First the serial result of each plan, then every caller runs plans in its own random order.
        List<float[]> serial = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            serial.add(plans.get(i).apply(inputs.get(i)));
        }
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                long seed = t;
                done.add(callers.submit(() -> {
                    Random order = new Random(seed);
                    for (int k = 0; k < 3 * plans.size(); k++) {
                        int i = order.nextInt(plans.size());
                        float[] y = plans.get(i).apply(inputs.get(i));
                        int at = Fixtures.firstBitDifference(serial.get(i), y);
                        if (at >= 0) {
                            throw new AssertionError(plans.get(i) + ": concurrent result differs at " + at);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        // And the serial results are right (loosely here; the property suite holds them to the error bound).
        for (int i = 0; i < plans.size(); i++) {
            float[] s = serial.get(i);
            float[] e = expected.get(i);
            for (int j = 0; j < s.length; j++) {
                assertEquals(e[j], s[j], 1e-3 * (1 + Math.abs(e[j])), plans.get(i) + " at " + j);
            }
        }
    }

    @Test
    void providersThatOwnThreadsLeaveNoneRunningWhenClosed() throws Exception {
        Random r = new Random(7);
        for (ConvProvider shared : Fixtures.providers()) {
            if (!(shared instanceof AutoCloseable)) {
                continue;
            }
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            ConvProvider provider = shared.getClass().getDeclaredConstructor().newInstance();
            ConvProblem p = splittable().get(splittable().size() - 3);
            float[][] wb = Fixtures.weights(p, r);
            ConvPlan plan = provider.plan(p, wb[0], wb[1], PlanOptions.defaults().withThreads(4));
            float[] x = Fixtures.random(p.inputShape().elementCount(), r);
            float[] y = plan.apply(x);
            ((AutoCloseable) provider).close();
            // Closing ends the pool; give its threads a moment to finish, then none of them may be alive.
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (!before.contains(t)) {
                    t.join(10_000);
                }
            }
            List<String> alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive()).map(Thread::getName).toList();
            assertTrue(alive.isEmpty(), provider.name() + " left threads running after close(): " + alive);
            // A closed provider's plan still works (on the caller's thread) and still gives the same answer.
            assertEquals(-1, Fixtures.firstBitDifference(y, plan.apply(x)), provider.name() + " after close()");
        }
    }
}
