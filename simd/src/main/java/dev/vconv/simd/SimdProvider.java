package dev.vconv.simd;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.spi.ConvProvider;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Vector API provider: every convolution and transposed convolution, planned onto one family of register-blocked
 * micro-kernels ({@link F32CorrKernels}): directly ({@link SimdConvPlan}); convs of non-overlapping patches (kernel at
 * most the stride) as a 1x1 conv of the gathered patches ({@link PatchPlan}, direct summation too); or, where they
 * pay and unless {@link PlanOptions#fastAlgorithms()} is false, by Winograd's transforms around the same kernels
 * ({@link WinogradPlan} and its siblings: see simd/README.md).
 *
 * <p>This class must load in a JVM without {@code jdk.incubator.vector}: it never names a Vector API type. Everything
 * that does is reached only from {@link #plan}, which is only called when {@link #unavailableReason()} is null.
 *
 * <p>Helper threads come from the {@linkplain PlanOptions#executor() caller's executor} or, when there is none, from a
 * pool of daemon threads owned by this provider, created on first use; idle threads end after a few seconds and
 * {@link #close()} ends them at once. A plan keeps working after {@code close()}: the caller's thread then does every
 * part of the (fixed) work partition itself, so results do not change.
 */
public final class SimdProvider implements ConvProvider, AutoCloseable {
    public static final String NAME = "simd";
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final String UNAVAILABLE = ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent() ? null
            : "the Vector API module is not in this JVM: run with --add-modules " + VECTOR_MODULE;

    private final Object poolLock = new Object();
    private ThreadPoolExecutor pool;
    private boolean closed;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String unavailableReason() {
        return UNAVAILABLE;
    }

    /**
     * Accepts every valid problem (all ranks, strides, dilations, paddings, padding modes, groups, transposed) except
     * those whose padded input buffer would not fit an int or would dwarf the input: padding and dilation so large that
     * almost every tap reads padding. Those go to the next provider (the reference).
     */
    @Override
    public String declineReason(ConvProblem problem) {
        if (UNAVAILABLE != null) {
            return UNAVAILABLE;
        }
        long inputPerGroup = (long) problem.inputShape().elementCount() / problem.batch() / problem.descriptor().groups();
        long buffer;
        try {
            Geometry g = new Geometry(problem);
            buffer = (long) g.cg * g.channelStride;
        } catch (ArithmeticException overflow) {
            return "its padded input buffer would hold more than " + Integer.MAX_VALUE + " floats";
        }
        if (buffer > MAX_BUFFER_GROWTH * inputPerGroup + (1 << 24)) {
            return "its padded input buffer (" + buffer + " floats) would be more than " + MAX_BUFFER_GROWTH
                    + " times the input (" + inputPerGroup + " floats per group and image)";
        }
        return null;
    }

    /** How much larger than the input the padded buffer may be (plus 64 MB) before the problem is declined. */
    static final int MAX_BUFFER_GROWTH = 16;

    @Override
    public ConvPlan plan(ConvProblem problem, float[] weight, float[] bias, PlanOptions options) {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException("vconv provider '" + NAME + "' is unavailable: " + UNAVAILABLE);
        }
        if (options == null) {
            throw new IllegalArgumentException("options: null; use PlanOptions.defaults()");
        }
        String declined = declineReason(problem);
        if (declined != null) {
            throw new IllegalArgumentException("problem: " + problem + ": provider '" + NAME + "' declines it: "
                    + declined + "; plan it with VConv.plan, which falls back to the next provider");
        }
        if (problem.descriptor().isTranspose() && !allFinite(weight)) {
            return new NonFiniteConvTransposePlan(problem, weight, bias);
        }
        ExecutorService executor = options.executor();
        if (executor == null && options.threads() > 1) {
            executor = ownPool();
        }
        // Direct summation in another layout, not a fast algorithm: chosen whatever fastAlgorithms() says.
        if (PatchPlan.pays(problem)) {
            return new PatchPlan(problem, weight, bias, options.threads(), executor);
        }
        if (DepthwiseStride2Plan.applies(problem)) {
            return new DepthwiseStride2Plan(problem, weight, bias, options.threads(), executor);
        }
        ConvPlan direct = SimdConvPlan.create(problem, weight, bias, options.threads(), executor);
        Geometry geo = new Geometry(problem);
        if (options.fastAlgorithms() && WinogradPlan.serves(geo, weight, bias) && WinogradPlan.pays(geo)) {
            return new WinogradPlan(problem, weight, bias, options.threads(), executor, direct);
        }
        if (options.fastAlgorithms() && WinogradPhasePlan.serves(geo, weight, bias) && WinogradPhasePlan.pays(geo)) {
            return new WinogradPhasePlan(problem, weight, bias, options.threads(), executor, direct);
        }
        if (options.fastAlgorithms() && WinogradWidthPlan.serves(geo, problem, weight, bias)
                && WinogradWidthPlan.pays(geo)) {
            return new WinogradWidthPlan(problem, weight, bias, options.threads(), executor, direct);
        }
        if (options.fastAlgorithms() && WinogradDepthPlan.serves(problem, weight, bias)
                && WinogradDepthPlan.pays(problem)) {
            return new WinogradDepthPlan(problem, weight, bias, options.threads(), executor, direct);
        }
        return direct;
    }

    private static boolean allFinite(float[] a) {
        if (a == null) {
            return true; // AbstractConvPlan reports the missing weight
        }
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private ExecutorService ownPool() {
        synchronized (poolLock) {
            if (pool == null && !closed) {
                AtomicInteger count = new AtomicInteger();
                ThreadFactory factory = r -> {
                    Thread t = new Thread(r, "vconv-simd-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                };
                // No queue: a helper that cannot start at once is dropped (DiscardPolicy), and the caller's thread
                // does its part of the partition instead (see Parallel).
                pool = new ThreadPoolExecutor(0, 256, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), factory,
                        new ThreadPoolExecutor.DiscardPolicy());
            }
            return pool;
        }
    }

    /**
     * Ends this provider's helper threads (waiting up to a few seconds for running work). Plans made by this provider
     * still execute afterwards, on the caller's thread alone. Idempotent.
     */
    @Override
    public void close() {
        ThreadPoolExecutor p;
        synchronized (poolLock) {
            closed = true;
            p = pool;
        }
        if (p != null) {
            p.shutdown();
            try {
                p.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Threads of this provider's own pool that are alive now (0 before first use and after {@link #close()}). */
    int liveHelperThreads() {
        synchronized (poolLock) {
            return pool == null ? 0 : pool.getPoolSize();
        }
    }
}
