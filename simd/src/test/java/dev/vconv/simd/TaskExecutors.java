package dev.vconv.simd;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Executors with a twist, for the tests of how plans use their helpers. */
final class TaskExecutors {
    private TaskExecutors() {
    }

    /**
     * An {@link ExecutorService} whose {@code execute} is {@code how} (which may delay, reject or throw); the plans
     * only call {@code execute}, so the lifecycle methods do nothing: shut down the executors {@code how} uses.
     */
    static ExecutorService executing(Executor how) {
        return new AbstractExecutorService() {
            @Override
            public void execute(Runnable task) {
                how.execute(task);
            }

            @Override
            public void shutdown() {
            }

            @Override
            public List<Runnable> shutdownNow() {
                return List.of();
            }

            @Override
            public boolean isShutdown() {
                return false;
            }

            @Override
            public boolean isTerminated() {
                return false;
            }

            @Override
            public boolean awaitTermination(long timeout, TimeUnit unit) {
                return false;
            }
        };
    }
}
