package dev.vconv.bench;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.simd.SimdProvider;

/**
 * Runs one case's SIMD plan in a plain loop, called from each of several extra stack depths in turn, and prints
 * GFLOP/s per depth and round. A kernel whose hot loop spills vectors to the stack runs at a speed that depends on
 * where the caller's stack happens to put the slot (split over two pages: 0.6x, session 20). Build and run: README.md.
 *
 * <p>Arguments: CASE (a suite row, or NAME=op,dims,... as for {@code bench --shape}), THREADS, SECONDS per depth,
 * MAX_DEPTH.
 */
public final class StackDepth {
    private static ConvPlan plan;
    private static float[] x;
    private static float[] y;
    private static long sink;

    private StackDepth() {
    }

    /** Calls the plan {@code depth} frames further down the stack. */
    private static void call(int depth, long pad) {
        if (depth == 0) {
            plan.execute(x, 0, y, 0);
            return;
        }
        call(depth - 1, pad + 1);
        sink += pad;
    }

    public static void main(String[] args) {
        SuiteCase c = Suite.getOrParse(args[0]);
        int threads = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        int maxDepth = Integer.parseInt(args[3]);
        ConvProblem p = c.problem();
        Inputs in = Inputs.random(p, 1);
        plan = new SimdProvider().plan(p, in.w(), in.bias(), PlanOptions.defaults().withThreads(threads));
        x = in.x();
        y = new float[p.outputShape().elementCount()];
        System.out.println(plan);
        for (long end = System.nanoTime() + 3_000_000_000L; System.nanoTime() < end; ) {
            call(0, 0); // warm-up: compiled code before the first depth is timed
        }
        for (int round = 0; round < 3; round++) {
            StringBuilder line = new StringBuilder("round " + round + " (depth:GFLOP/s)");
            for (int depth = 0; depth <= maxDepth; depth++) {
                long t0 = System.nanoTime();
                long end = t0 + (long) (seconds * 1e9);
                long n = 0;
                while (System.nanoTime() < end) {
                    call(depth, 0);
                    n++;
                }
                line.append(String.format(" %d:%.0f", depth, (double) p.flops() * n / (System.nanoTime() - t0)));
            }
            System.out.println(line);
        }
        System.out.println(sink == 42 ? "" : "done");
    }
}
