package dev.vconv.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.spi.ConvProvider;
import java.util.List;
import java.util.Random;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Faults around a call, for every provider: an executor that rejects work, one shut down (its workers interrupted)
 * in the middle of a call, and an interrupted caller. Each call still returns the whole, correct result, no thread is
 * left stuck, and the plan works afterwards. (A worker whose part throws is tested in the simd module's ParallelTest,
 * where a failing part can be injected.)
 */
class FaultsTest {
    private final ConvProblem problem = ConvDescriptor.conv(2).inChannels(32).outChannels(48).kernelSize(3)
            .padding(1).build().problem(4, 32, 19, 23);
    private final Random random = new Random(10);
    private final float[][] wb = Fixtures.weights(problem, random);
    private final float[] x = Fixtures.random(problem.inputShape().elementCount(), random);

    private void assertSerialResult(ConvProvider provider, float[] serial, float[] y, String what) {
        int at = Fixtures.firstBitDifference(serial, y);
        assertEquals(-1, at, () -> provider.name() + " " + what + ": differs from the serial result at " + at);
    }

    private float[] serial(ConvProvider provider) {
        return provider.plan(problem, wb[0], wb[1], PlanOptions.singleThreaded()).apply(x);
    }

    @Test
    void anExecutorThatRejectsWorkLeavesTheCallerToDoAllOfIt() {
        for (ConvProvider provider : Fixtures.providers()) {
            ExecutorService dead = Executors.newFixedThreadPool(2);
            dead.shutdown();
            ConvPlan plan = provider.plan(problem, wb[0], wb[1], PlanOptions.defaults().withThreads(4)
                    .withExecutor(dead));
            assertSerialResult(provider, serial(provider), plan.apply(x), "on a shut-down executor");
        }
    }

    @Test
    void anExecutorShutDownInTheMiddleOfACallStillGivesTheWholeResult() throws Exception {
        for (ConvProvider provider : Fixtures.providers()) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            ShutsDownOnSecondTask failing = new ShutsDownOnSecondTask(pool);
            ConvPlan plan = provider.plan(problem, wb[0], wb[1], PlanOptions.defaults().withThreads(4)
                    .withExecutor(failing));
            float[] y = plan.apply(x);
            assertSerialResult(provider, serial(provider), y, "with its executor shut down mid-call");
            pool.shutdown(); // a provider that never used the executor did not trigger the injected shutdown
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), provider.name() + ": a worker is stuck");
            // The plan keeps working afterwards, on a healthy executor.
            ExecutorService healthy = Executors.newFixedThreadPool(3);
            try {
                ConvPlan again = provider.plan(problem, wb[0], wb[1], PlanOptions.defaults().withThreads(4)
                        .withExecutor(healthy));
                assertSerialResult(provider, serial(provider), again.apply(x), "after the fault");
                assertSerialResult(provider, serial(provider), plan.apply(x), "same plan, after the fault");
            } finally {
                healthy.shutdownNow();
            }
        }
    }

    @Test
    void anInterruptedCallerGetsTheWholeResultAndKeepsItsInterruptStatus() {
        for (ConvProvider provider : Fixtures.providers()) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                ConvPlan plan = provider.plan(problem, wb[0], wb[1], PlanOptions.defaults().withThreads(4)
                        .withExecutor(pool));
                Thread.currentThread().interrupt();
                float[] y;
                try {
                    y = plan.apply(x);
                } finally {
                    assertTrue(Thread.interrupted(), provider.name() + " cleared the caller's interrupt status");
                }
                assertSerialResult(provider, serial(provider), y, "called with its interrupt status set");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Runs the first task on {@code pool}; at the second, shuts the pool down (interrupting its running workers) and
     * rejects the task — an executor failing while a call is under way, deterministically, without sleeps.
     */
    private static final class ShutsDownOnSecondTask extends AbstractExecutorService {
        private final ExecutorService pool;
        private final AtomicInteger submitted = new AtomicInteger();

        ShutsDownOnSecondTask(ExecutorService pool) {
            this.pool = pool;
        }

        @Override
        public void execute(Runnable task) {
            if (submitted.incrementAndGet() >= 2) {
                pool.shutdownNow();
                throw new RejectedExecutionException("injected: executor shut down mid-call");
            }
            pool.execute(task);
        }

        @Override
        public void shutdown() {
            pool.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return pool.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return pool.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return pool.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return pool.awaitTermination(timeout, unit);
        }
    }
}
