package dev.vconv.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

    private static Parallel.Work<Object> work(AtomicIntegerArray runs, int failAt) {
        return new Parallel.Work<>() {
            @Override
            public Object open() {
                return new Object();
            }

            @Override
            public boolean part(Object scratch, int index, float[] x, int xOff, float[] y, int yOff) {
                runs.incrementAndGet(index);
                if (index == failAt) {
                    throw new IllegalStateException("part " + index + " failed on purpose");
                }
                return true;
            }

            @Override
            public void close(Object scratch) {
            }
        };
    }

    @Test
    void everyPartRunsExactlyOnce() {
        ExecutorService ex = Executors.newFixedThreadPool(2);
        try {
            for (int parts : new int[] {1, 2, 3, 7, 50}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(parts);
                Parallel.run(parts, ex, work(runs, -1), null, 0, null, 0);
                for (int i = 0; i < parts; i++) {
                    assertEquals(1, runs.get(i), "part " + i + " of " + parts);
                }
            }
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void shutDownExecutorMeansTheCallerDoesEverything() {
        ExecutorService ex = Executors.newFixedThreadPool(2);
        ex.shutdown();
        AtomicIntegerArray runs = new AtomicIntegerArray(5);
        Parallel.run(5, ex, work(runs, -1), null, 0, null, 0);
        for (int i = 0; i < 5; i++) {
            assertEquals(1, runs.get(i));
        }
    }

    @Test
    void workerFailureReachesTheCallerWithItsCause() {
        ExecutorService ex = Executors.newFixedThreadPool(3);
        try {
            for (int failAt = 0; failAt < 4; failAt++) {
                int f = failAt;
                RuntimeException e = assertThrows(RuntimeException.class,
                        () -> Parallel.run(4, ex, work(new AtomicIntegerArray(4), f), null, 0, null, 0));
                assertSame(IllegalStateException.class, e.getCause().getClass());
                assertEquals("part " + f + " failed on purpose", e.getCause().getMessage());
            }
        } finally {
            ex.shutdownNow();
        }
    }
}
