package dev.vconv.simd;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a plan's units of work on the caller's thread and up to {@code parts - 1} helper tasks.
 *
 * <p>The units are cut into {@code parts} contiguous ranges. A participant claims a range nobody has claimed and runs
 * it from the front, then the next unclaimed one (so the caller runs the ranges of helpers that never came). Done with
 * those, it takes unstarted units from the back of other ranges, one at a time, but never a range's last unstarted
 * unit (which its owner, already at work next to it, usually starts sooner than a thief that would first copy that
 * unit's input). So when one thread runs slower (on this VM a vCPU sometimes runs at 0.6-0.8 of the other's speed for
 * seconds) or a helper starts late, the other takes over part of its range instead of waiting for it.
 *
 * <p>Which thread runs a unit varies from call to call; what a unit computes does not: each unit writes outputs that
 * no other unit writes, from the input alone. So results are bitwise identical for any thread count and any schedule.
 * A helper that starts late (a busy or shut-down executor) finds nothing left to do, and the caller returns only when
 * every unit is done, so no helper touches the output after the call returns.
 *
 * <p>One range, or no executor: the caller runs the units alone, in order, with no shared state, and a call allocates
 * nothing (the plans keep one {@link Work} each, and hand the call's arrays through {@link Work#unit}).
 */
final class Parallel {
    /**
     * How long the caller, done with its units, spins for the helpers' before it parks. One-JVM A/B at 2 threads
     * against parking at once (session 11): depthwise-3x3 1.18 / 1.29 (the two orders), depthwise-up 1.12 / 1.13,
     * resnext-g32 1.03 / 1.04, pointwise-1x1 1.05, dcgan-up-8 1.00.
     */
    private static final long SPIN_NANOS = 100_000;
    /** Spinning only pays where no helper waits for the caller's core. */
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private Parallel() {
    }

    /** A plan's work: independent units, run by participants that each hold one scratch. */
    interface Work<S> {
        /** How many units a call has (at most {@link Integer#MAX_VALUE}). */
        long units();

        /** The scratch of one participant, taken when it starts its first unit. */
        S open();

        /**
         * Runs unit {@code u} of a call on input {@code x} from {@code xOff}, output {@code y} from {@code yOff};
         * false stops the call (units nobody has started are skipped, {@link #run} returns false).
         */
        boolean unit(S scratch, long u, float[] x, int xOff, float[] y, int yOff);

        /** Gives back the scratch of {@link #open()}. */
        void close(S scratch);
    }

    /**
     * Runs every unit of {@code work}, on the caller's thread and on up to {@code parts - 1} tasks of {@code executor}
     * (none if it is null); true unless a unit returned false. The first failure of any unit reaches the caller: an
     * {@link Error} as is, anything else as a {@link RuntimeException} whose cause is the unit's exception.
     */
    static <S> boolean run(int parts, ExecutorService executor, Work<S> work, float[] x, int xOff, float[] y,
            int yOff) {
        long units = work.units();
        if (executor == null || parts == 1) {
            S scratch = work.open();
            try {
                for (long u = 0; u < units; u++) {
                    if (!work.unit(scratch, u, x, xOff, y, yOff)) {
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
        Call<S> call = new Call<>(parts, units, work, x, xOff, y, yOff);
        for (int i = 1; i < parts; i++) {
            try {
                executor.execute(call);
            } catch (RejectedExecutionException e) {
                break; // the caller takes the range this helper would have run
            } catch (Throwable t) {
                // e.g. no native thread for a new pool thread: fail the call, but only after the helpers already
                // started are done with the output
                call.failure.compareAndSet(null, t);
                break;
            }
        }
        call.run();
        if (parts <= CORES) {
            // The helpers are on other cores: their last unit usually ends within microseconds of ours, sooner than
            // a parked caller is woken (tens of microseconds on this VM, a tenth of a 0.25 ms depthwise call).
            for (long t0 = System.nanoTime(); call.remaining.get() > 0 && System.nanoTime() - t0 < SPIN_NANOS; ) {
                Thread.onSpinWait();
            }
        }
        boolean interrupted = false;
        while (call.remaining.get() > 0) {
            LockSupport.park(call);
            interrupted |= Thread.interrupted(); // keep waiting: helpers may still write the output
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = call.failure.get();
        if (t != null) {
            if (t instanceof Error err) {
                throw err;
            }
            throw failed(t);
        }
        return !call.stopped;
    }

    private static RuntimeException failed(Throwable t) {
        return new RuntimeException("vconv simd: a unit of the convolution's work failed: " + t, t);
    }

    /** One multi-threaded call: its ranges, what is left of them, and how it ended. Run by every participant. */
    private static final class Call<S> implements Runnable {
        private final int parts;
        private final Work<S> work;
        private final float[] x;
        private final int xOff;
        private final float[] y;
        private final int yOff;
        private final Thread caller = Thread.currentThread();
        /**
         * Per range r, at {@link #slot}(r): its next unstarted unit from the front (high half) and its end (low
         * half, exclusive). One cache line each: the owners update them per unit, on different cores.
         */
        private final AtomicLongArray ranges;
        /** Next range to hand to a participant that arrives. */
        private final AtomicInteger nextRange = new AtomicInteger();
        /** Units not yet counted as finished (or skipped); the participant that takes it to 0 wakes the caller. */
        final AtomicLong remaining;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean stopped;

        Call(int parts, long units, Work<S> work, float[] x, int xOff, float[] y, int yOff) {
            if (units > Integer.MAX_VALUE) {
                throw new IllegalStateException("vconv simd: " + units + " units of work do not fit an int");
            }
            this.parts = parts;
            this.work = work;
            this.x = x;
            this.xOff = xOff;
            this.y = y;
            this.yOff = yOff;
            ranges = new AtomicLongArray(slot(parts + 1));
            for (int i = 0; i < parts; i++) {
                ranges.set(slot(i), pack((int) (units * i / parts), (int) (units * (i + 1) / parts)));
            }
            remaining = new AtomicLong(units);
        }

        /** Index of range r's word: 64 bytes from any other range's and from the array's ends. */
        private static int slot(int r) {
            return (r + 1) * 8;
        }

        private static long pack(int front, int end) {
            return (long) front << 32 | end & 0xFFFF_FFFFL;
        }

        /**
         * A unit of range {@code r}, now started by the caller of this method: its front one, or with {@code back} its
         * back one if two or more are unstarted (see the class doc); -1 if there is none to take.
         */
        private int take(int r, boolean back) {
            while (true) {
                long v = ranges.get(slot(r));
                int front = (int) (v >>> 32);
                int end = (int) v;
                if (end - front < (back ? 2 : 1)) {
                    return -1;
                }
                if (ranges.compareAndSet(slot(r), v, back ? pack(front, end - 1) : pack(front + 1, end))) {
                    return back ? end - 1 : front;
                }
            }
        }

        @Override
        public void run() {
            S scratch = null;
            int ran = 0;
            int own = -1;
            try {
                // Own ranges first (a late helper finds none; the caller takes those of helpers that never came),
                // then other ranges' backs, starting after the last own one (so thieves spread over the ranges).
                for (int r = nextRange.getAndIncrement(); r < parts; r = nextRange.getAndIncrement()) {
                    own = r;
                    for (int u = take(r, false); u >= 0; u = take(r, false)) {
                        scratch = runUnit(scratch, u);
                        ran++;
                    }
                }
                for (int i = 1; i <= parts; i++) {
                    int r = Math.floorMod(own + i, parts);
                    for (int u = take(r, true); u >= 0; u = take(r, true)) {
                        scratch = runUnit(scratch, u);
                        ran++;
                    }
                }
            } finally {
                try {
                    if (scratch != null) {
                        work.close(scratch);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    // Counted once per participant, not per unit: depthwise units take about a microsecond, and a
                    // counter both threads write per unit moves its cache line between cores each time. A helper
                    // that came after the call ended ran nothing and must not wake the caller's thread.
                    if (ran > 0 && remaining.addAndGet(-ran) == 0 && Thread.currentThread() != caller) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        private S runUnit(S scratch, int u) {
            try {
                if (failure.get() == null && !stopped) {
                    if (scratch == null) {
                        scratch = work.open();
                    }
                    if (!work.unit(scratch, u, x, xOff, y, yOff)) {
                        stopped = true;
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
            return scratch;
        }
    }
}
