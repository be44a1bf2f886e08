package dev.vconv.simd;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the parts of a fixed work partition on the caller's thread and up to {@code parts - 1} helper tasks.
 *
 * <p>Which thread runs a part varies from call to call; what a part computes does not: the partition is fixed by the
 * plan and each part writes outputs that no other part writes. So results are bitwise identical for any thread count.
 * A helper that starts late (a busy or shut-down executor) finds no part left: the caller claims every part nobody has
 * started, and returns only when every part is done, so no helper touches the output after the call returns.
 */
final class Parallel {
    private Parallel() {
    }

    /** One call's work: {@code parts} independent parts, run by participants that each hold one scratch. */
    interface Work<S> {
        /** The scratch of one participant, taken when it claims its first part. */
        S open();

        void part(S scratch, int index);

        /** Gives back the scratch of {@link #open()}. */
        void close(S scratch);
    }

    /**
     * Runs every part of {@code work}, on the caller's thread and on up to {@code parts - 1} tasks of {@code executor}
     * (none if it is null). The first failure of any part reaches the caller: as is if the caller's own part failed
     * with an unchecked exception, else as a {@link RuntimeException} whose cause is the worker's exception.
     */
    static <S> void run(int parts, ExecutorService executor, Work<S> work) {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(parts);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        if (executor != null && parts > 1) {
            Runnable helper = () -> participate(parts, next, done, failure, work);
            for (int i = 1; i < parts; i++) {
                try {
                    executor.execute(helper);
                } catch (RejectedExecutionException e) {
                    break; // the caller claims the parts this helper would have run
                }
            }
        }
        participate(parts, next, done, failure, work);
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
            throw new RuntimeException("vconv simd: a part of the convolution failed: " + t, t);
        }
    }

    private static <S> void participate(int parts, AtomicInteger next, CountDownLatch done,
            AtomicReference<Throwable> failure, Work<S> work) {
        S scratch = null;
        try {
            for (int i = next.getAndIncrement(); i < parts; i = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        if (scratch == null) {
                            scratch = work.open();
                        }
                        work.part(scratch, i);
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
