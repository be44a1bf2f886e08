package dev.vconv.simd;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A plan's scratch between calls: one kept aside, so that a call on one thread takes and gives it back without
 * allocating (the queue allocates a node per {@code offer}), and the rest of what concurrent calls left.
 */
final class ScratchPool<S> {
    private final AtomicReference<S> kept = new AtomicReference<>();
    private final ConcurrentLinkedQueue<S> rest = new ConcurrentLinkedQueue<>();

    /** A scratch a finished call left, or null. */
    S poll() {
        S s = kept.getAndSet(null);
        return s != null ? s : rest.poll();
    }

    void offer(S s) {
        if (!kept.compareAndSet(null, s)) {
            rest.offer(s);
        }
    }
}
