package dev.vconv.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A plan's execute on one thread allocates nothing once C2 has compiled its kernels: the plan keeps its scratch and its
 * work object, and hands the call's arrays through. (Until then the Vector API's interpreted and C1-compiled code
 * allocates a box per vector, so the test runs each plan until a run of calls allocates nothing, or gives up after a
 * time limit and fails.) With helper threads a call hands tasks to the executor, which allocates.
 *
 * <p>Not listed here (simd/README, Known gaps): paths whose stores go through a helper taking vectors
 * ({@code storeRow}: boxed whenever C2 does not inline it). Plans that carry sums across channel blocks were thought
 * to box 64-128 bytes per call until session 10, which found those 64 bytes in {@code planeEnd} (arrays made per
 * unit) and lists a plan carrying sums here. The Winograd plans are listed since session 9 (before, 0.15-0.7 MB per
 * call on the suite's rows: a store mask kept across a loop, null where unmasked, was boxed). Runs in the 512-bit
 * execution only (session 10 measured the suite's rows at 0 bytes per call at 256 bits too, by hand).
 */
class SimdAllocationTest {
    private static final long LIMIT_NANOS = 40_000_000_000L;
    private static final int QUIET_CALLS = 20;

    @Test
    void executeOnOneThreadAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        ConvTester[] cases = {
            ConvTester.conv(2).channels(3, 8).size(12, 40).kernel(3).stride(2).padding(1), // row vectors
            // 1x1 over a tiled q-band, with tails written out through the tile (session 10: 64 bytes per call before)
            ConvTester.conv(2).channels(256, 8).size(40, 41).kernel(1),
            ConvTester.conv(2).channels(16, 8).size(10, 21).kernel(1), // 1x1 read in place
            ConvTester.conv(2).channels(32, 8).size(10, 40).kernel(3).padding(1), // flat, sums carried across blocks
            ConvTester.conv(2).channels(8, 8).groups(8).size(10, 20).kernel(3).padding(1), // depthwise sliding rows
            ConvTester.conv(2).channels(8, 8).groups(8).size(13, 40).kernel(3).stride(2).padding(1), // depthwise s2
            ConvTester.conv(2).channels(8, 8).groups(8).size(12, 40).kernel(3).stride(2).padding(1), // ... in place
            ConvTester.convT(2).channels(40, 16).size(6, 16).kernel(4).stride(2).padding(1), // zipped phase pairs
            ConvTester.convT(3).channels(32, 16).size(3, 4, 16).kernel(4).stride(2).padding(1).direct(), // flat pairs
            ConvTester.convT(3).channels(32, 16).size(5, 4, 16).kernel(4).stride(2).padding(1), // F(2, 2) along depth
            ConvTester.conv(2).channels(16, 16).size(10, 20).kernel(3).padding(1).winograd(), // F(2x2, 3x3)
            ConvTester.conv(3).channels(8, 8).size(4, 6, 20).kernel(3).padding(1).winograd(), // F(2x2x2, 3x3x3)
            ConvTester.conv(2).channels(3, 16).size(20, 32).kernel(7).stride(2).padding(3), // F(4, 4) along width
            ConvTester.conv(2).batch(3).channels(8, 32).size(12, 40).kernel(2).stride(2), // non-overlapping patches
            ConvTester.convT(2).batch(3).channels(16, 16).size(5, 9).kernel(4).stride(2).padding(1).winograd(),
        };
        for (ConvTester t : cases) {
            ConvProblem p = t.problem();
            Random r = new Random(1);
            float[] x = new float[p.inputShape().elementCount()];
            float[] w = new float[p.weightShape().elementCount()];
            float[] b = new float[p.descriptor().outChannels()];
            for (float[] a : new float[][] {x, w, b}) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = r.nextInt(7) - 3;
                }
            }
            ConvPlan plan = t.threads(1).plan(p, w, b);
            float[] y = new float[p.outputShape().elementCount()];
            long end = System.nanoTime() + LIMIT_NANOS;
            int quiet = 0;
            long last = -1;
            while (quiet < QUIET_CALLS && System.nanoTime() < end) {
                long before = mx.getCurrentThreadAllocatedBytes();
                plan.execute(x, 0, y, 0);
                last = mx.getCurrentThreadAllocatedBytes() - before;
                quiet = last == 0 ? quiet + 1 : 0;
            }
            assertTrue(quiet == QUIET_CALLS, "still " + last + " bytes allocated per call after "
                    + LIMIT_NANOS / 1_000_000_000 + " s: " + plan);
        }
    }
}
