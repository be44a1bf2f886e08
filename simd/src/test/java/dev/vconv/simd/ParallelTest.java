package dev.vconv.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

class ParallelTest {

    /** {@code units} units that count their runs in {@code runs}, record their thread and call {@code body}. */
    private static Parallel.Work<Object> work(int units, AtomicIntegerArray runs, AtomicReferenceArray<Thread> by,
            IntConsumer body) {
        return new Parallel.Work<>() {
            @Override
            public long units() {
                return units;
            }

            @Override
            public Object open() {
                return new Object();
            }

            @Override
            public boolean unit(Object scratch, long u, float[] x, int xOff, float[] y, int yOff) {
                runs.incrementAndGet((int) u);
                by.set((int) u, Thread.currentThread());
                body.accept((int) u);
                return true;
            }

            @Override
            public void close(Object scratch) {
            }
        };
    }

    private static Parallel.Work<Object> work(int units, AtomicIntegerArray runs, IntConsumer body) {
        return work(units, runs, new AtomicReferenceArray<>(units), body);
    }

    @Test
    void everyUnitRunsExactlyOnce() {
        ExecutorService ex = Executors.newFixedThreadPool(2);
        try {
            for (int parts : new int[] {1, 2, 3, 7}) {
                for (int units : new int[] {1, 2, 3, 5, 13, 100}) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(units);
                    assertTrue(Parallel.run(parts, ex, work(units, runs, u -> { }), null, 0, null, 0));
                    for (int i = 0; i < units; i++) {
                        assertEquals(1, runs.get(i), "unit " + i + " of " + units + " in " + parts + " parts");
                    }
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
        AtomicReferenceArray<Thread> by = new AtomicReferenceArray<>(5);
        Parallel.run(3, ex, work(5, runs, by, u -> { }), null, 0, null, 0);
        for (int i = 0; i < 5; i++) {
            assertEquals(1, runs.get(i));
            assertSame(Thread.currentThread(), by.get(i));
        }
    }

    @Test
    void aParticipantDoneEarlyTakesUnitsFromTheBackOfASlowOnesRange() throws InterruptedException {
        // Two ranges, units 0-4 and 5-9. Unit 0 waits until units 2, 3 and 4 are done: only the other participant,
        // done with its own range, can run them (taking them from the back of range 0, all but its owner's next).
        // Unit 5 waits until unit 0 has started, so that range 0's owner has taken unit 0 before anyone steals.
        ExecutorService ex = Executors.newFixedThreadPool(1);
        try {
            CountDownLatch zeroStarted = new CountDownLatch(1);
            CountDownLatch stolen = new CountDownLatch(3);
            AtomicIntegerArray runs = new AtomicIntegerArray(10);
            AtomicReferenceArray<Thread> by = new AtomicReferenceArray<>(10);
            boolean[] waited = new boolean[2];
            Parallel.run(2, ex, work(10, runs, by, u -> {
                try {
                    if (u == 0) {
                        zeroStarted.countDown();
                        waited[0] = stolen.await(30, TimeUnit.SECONDS);
                    } else if (u == 5) {
                        waited[1] = zeroStarted.await(30, TimeUnit.SECONDS);
                    } else if (u >= 2 && u <= 4) {
                        stolen.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }), null, 0, null, 0);
            assertTrue(waited[1], "unit 0 did not start");
            assertTrue(waited[0], "units 2-4 were not taken over while unit 0's thread was busy");
            for (int i = 0; i < 10; i++) {
                assertEquals(1, runs.get(i), "unit " + i);
            }
            for (int u = 2; u <= 4; u++) {
                assertNotSame(by.get(0), by.get(u), "unit " + u);
            }
            assertSame(by.get(0), by.get(1), "a range's last unstarted unit is left to its owner");
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void anExecutorThatThrowsFailsTheCallAfterTheHelpersItStarted() {
        // The first helper starts, the second execute throws: the call fails with that exception, and only after
        // the started helper has finished the unit it may be in (each unit takes 20 ms).
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            int[] submitted = new int[1];
            ExecutorService ex = TaskExecutors.executing(r -> {
                if (submitted[0]++ > 0) {
                    throw new IllegalStateException("no more threads");
                }
                pool.execute(r);
            });
            AtomicIntegerArray runs = new AtomicIntegerArray(6);
            java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> Parallel.run(3, ex, work(6, runs, u -> {
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                        }
                        finished.incrementAndGet();
                    }), null, 0, null, 0));
            int started = 0;
            for (int i = 0; i < 6; i++) {
                assertTrue(runs.get(i) <= 1, "unit " + i + " ran " + runs.get(i) + " times");
                started += runs.get(i);
            }
            assertEquals(started, finished.get(), "the call ended while a helper was still in a unit");
            assertEquals("no more threads", e.getCause().getMessage());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void workerFailureReachesTheCallerWithItsCause() {
        ExecutorService ex = Executors.newFixedThreadPool(3);
        try {
            for (int failAt = 0; failAt < 8; failAt++) {
                int f = failAt;
                RuntimeException e = assertThrows(RuntimeException.class,
                        () -> Parallel.run(4, ex, work(8, new AtomicIntegerArray(8), u -> {
                            if (u == f) {
                                throw new IllegalStateException("unit " + u + " failed on purpose");
                            }
                        }), null, 0, null, 0));
                assertSame(IllegalStateException.class, e.getCause().getClass());
                assertEquals("unit " + f + " failed on purpose", e.getCause().getMessage());
            }
        } finally {
            ex.shutdownNow();
        }
    }
}
