package dev.vconv.simd;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the parts of a fixed work partition on the caller's thread and up to {@code parts - 1} helper tasks.
 *
 * <p>Which thread runs a part varies from call to call; what a part computes does not: the partition is fixed by the
 * plan and each part writes outputs that no other part writes. So results are bitwise identical for any thread count.
 * A helper that starts late (a busy or shut-down executor) finds no part left: the caller claims every part nobody has
 * started, and returns only when every part is done, so no helper touches the output after the call returns.
 *
 * <p>One part, or no executor: the caller runs the parts alone, with no shared state, and a call allocates nothing
 * (the plans keep one {@link Work} each, and hand the call's arrays through {@link Work#part}).
 */
final class Parallel {
    /**
     * How long the caller, done with its parts, spins for the helpers' before it parks. One-JVM A/B at 2 threads
     * against parking at once (session 11): depthwise-3x3 1.18 / 1.29 (the two orders), depthwise-up 1.12 / 1.13,
     * resnext-g32 1.03 / 1.04, pointwise-1x1 1.05, dcgan-up-8 1.00.
     */
    private static final long SPIN_NANOS = 100_000;
    /** Spinning only pays where no helper waits for the caller's core. */
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private Parallel() {
    }

    /** A plan's work: {@code parts} independent parts, run by participants that each hold one scratch. */
    interface Work<S> {
        /** The scratch of one participant, taken when it claims its first part. */
        S open();

        /**
         * Runs part {@code index} of a call on input {@code x} from {@code xOff}, output {@code y} from {@code yOff};
         * false stops the call (parts nobody has started are skipped, {@link #run} returns false).
         */
        boolean part(S scratch, int index, float[] x, int xOff, float[] y, int yOff);

        /** Gives back the scratch of {@link #open()}. */
        void close(S scratch);
    }

    /**
     * Runs every part of {@code work}, on the caller's thread and on up to {@code parts - 1} tasks of {@code executor}
     * (none if it is null); true unless a part returned false. The first failure of any part reaches the caller: an
     * {@link Error} as is, anything else as a {@link RuntimeException} whose cause is the part's exception.
     */
    static <S> boolean run(int parts, ExecutorService executor, Work<S> work, float[] x, int xOff, float[] y,
            int yOff) {
        if (executor == null || parts == 1) {
            S scratch = work.open();
            try {
                for (int i = 0; i < parts; i++) {
                    if (!work.part(scratch, i, x, xOff, y, yOff)) {
                        return false;
                    }
                }
                return true;
            } catch (Error e) {
                throw e;
            } catch (Throwable t) {
                throw failed(t);
            } finally {
                work.close(scratch);
            }
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(parts);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable helper = () -> participate(parts, next, done, failure, stopped, work, x, xOff, y, yOff);
        for (int i = 1; i < parts; i++) {
            try {
                executor.execute(helper);
            } catch (RejectedExecutionException e) {
                break; // the caller claims the parts this helper would have run
            }
        }
        participate(parts, next, done, failure, stopped, work, x, xOff, y, yOff);
        if (parts <= CORES) {
            // The helpers are on other cores: their last part usually ends within microseconds of ours, sooner than
            // a parked caller is woken (tens of microseconds on this VM, a tenth of a 0.25 ms depthwise call).
            for (long t0 = System.nanoTime(); done.getCount() > 0 && System.nanoTime() - t0 < SPIN_NANOS; ) {
                Thread.onSpinWait();
            }
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t != null) {
            if (t instanceof Error err) {
                throw err;
            }
            throw failed(t);
        }
        return !stopped.get();
    }

    private static RuntimeException failed(Throwable t) {
        return new RuntimeException("vconv simd: a part of the convolution failed: " + t, t);
    }

    private static <S> void participate(int parts, AtomicInteger next, CountDownLatch done,
            AtomicReference<Throwable> failure, AtomicBoolean stopped, Work<S> work, float[] x, int xOff, float[] y,
            int yOff) {
        S scratch = null;
        try {
            for (int i = next.getAndIncrement(); i < parts; i = next.getAndIncrement()) {
                try {
                    if (failure.get() == null && !stopped.get()) {
                        if (scratch == null) {
                            scratch = work.open();
                        }
                        if (!work.part(scratch, i, x, xOff, y, yOff)) {
                            stopped.set(true);
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        } finally {
            if (scratch != null) {
                work.close(scratch);
            }
        }
    }
}
