package dev.vconv.simd;

import static dev.vconv.simd.ConvTester.conv;
import static dev.vconv.simd.ConvTester.convT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import dev.vconv.PlanOptions;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * 2D depthwise 3x3 convolutions with stride 2, computed at full width from a plain padded copy with the even columns
 * kept: which problems it takes, exact results on integer data for awkward shapes (output widths around the vector
 * length, odd and even input sizes, padding 0 to 3 of every mode, asymmetric padding, batches, bias or none), the
 * direct sum's bound on reals, non-finite values as the reference has them, a reused copy that never leaks into the
 * next call, and identical results for any thread count.
 */
class DepthwiseStride2PlanTest {
    static final int L = F32CorrKernels.L;

    @Test
    void appliesToDepthwise3x3Stride2Only() {
        assertApplies(conv(2).channels(8, 8).groups(8).size(12, 12).kernel(3).stride(2).padding(1), true);
        assertApplies(conv(2).channels(8, 8).groups(8).size(5, 40).kernel(3).stride(2), true); // 'valid'
        assertApplies(conv(2).channels(8, 16).groups(8).size(12, 12).kernel(3).stride(2), false); // multiplier 2
        assertApplies(conv(2).channels(8, 8).groups(4).size(12, 12).kernel(3).stride(2), false);
        assertApplies(conv(2).channels(8, 8).groups(8).size(12, 12).kernel(5).stride(2), false);
        assertApplies(conv(2).channels(8, 8).groups(8).size(12, 12).kernel(3).stride(1), false);
        assertApplies(conv(2).channels(8, 8).groups(8).size(12, 12).kernel(3).stride(2, 1), false);
        assertApplies(conv(2).channels(8, 8).groups(8).size(12, 12).kernel(3).stride(2).dilation(2), false);
        assertApplies(conv(1).channels(8, 8).groups(8).size(12).kernel(3).stride(2), false);
        assertApplies(conv(3).channels(8, 8).groups(8).size(5, 12, 12).kernel(3).stride(2), false);
        assertApplies(convT(2).channels(8, 8).groups(8).size(12, 12).kernel(3).stride(2), false);
    }

    private static void assertApplies(ConvTester t, boolean expected) {
        assertEquals(expected, DepthwiseStride2Plan.applies(t.problem()), t.toString());
    }

    @Test
    void providerChoosesIt() {
        String plan = conv(2).channels(96, 96).groups(96).size(112, 112).kernel(3).stride(2).padding(1)
                .planDescription();
        assertTrue(plan.startsWith("simd(conv depthwise 3x3 stride 2"), plan);
    }

    /**
     * Integer data, bit for bit the reference's: output widths below, at and above one and two vectors (the last
     * strip's store masked, its loads past the row), odd and even input sizes, one-row and one-column outputs.
     */
    @Test
    void awkwardSizesExact() {
        for (int ow : new int[] {1, 2, L - 1, L, L + 1, 2 * L - 1, 2 * L + 1}) {
            for (int extra : new int[] {0, 1}) {
                int w = 2 * ow + extra; // padding 1: ow output columns from an even width, ow + 1 from an odd one
                conv(2).channels(3, 3).groups(3).size(7 + extra, w).kernel(3).stride(2).padding(1).testExact();
            }
            conv(2).channels(2, 2).groups(2).size(3, 2 * ow + 1).kernel(3).stride(2).testExact(); // no padding
        }
        // Zero padding 1, even sizes: read in place (but the last channel), the first column through a masked load.
        for (int ow : new int[] {1, L - 1, L, L + 1, 2 * L + 1}) {
            ConvTester t = conv(2).batch(2).channels(3, 3).groups(3).size(2 * ow + 2, 2 * ow).kernel(3).stride(2)
                    .padding(1);
            assertTrue(t.planDescription().contains("read in place"), t.planDescription());
            t.testExact();
            t.threads(2).testExact();
        }
        conv(2).channels(4, 4).groups(4).size(1, 1).kernel(3).stride(2).padding(1).testExact();
        conv(2).channels(4, 4).groups(4).size(2, 2 * L + 2).kernel(3).stride(2).padding(1).bias(false).testExact();
        conv(2).batch(3).channels(5, 5).groups(5).size(9, 3 * L + 4).kernel(3).stride(2).padding(1).testExact();
    }

    /** Padding of 0 to 3 on each axis, asymmetric, and every mode (rows and columns read from their mode's source). */
    @Test
    void everyPaddingExact() {
        for (PaddingMode mode : PaddingMode.values()) {
            for (int p = 0; p <= 3; p++) {
                conv(2).channels(3, 3).groups(3).size(9, 2 * L + 3).kernel(3).stride(2).padding(p).mode(mode)
                        .testExact();
            }
            conv(2).channels(3, 3).groups(3).size(10, L + 6).kernel(3).stride(2).padding(2, 0).mode(mode)
                    .testExact();
            conv(2).channels(3, 3).groups(3).size(8, 11).kernel(3).stride(2).padding(0, 3).mode(mode).testExact();
            // Padding 1 and even sizes: only zeros read the input in place; the other modes copy.
            ConvTester even = conv(2).channels(3, 3).groups(3).size(12, 2 * L + 2).kernel(3).stride(2).padding(1)
                    .mode(mode);
            assertEquals(mode == PaddingMode.ZEROS, even.planDescription().contains("read in place"),
                    even.planDescription());
            even.testExact();
        }
        // Padding at its limits: zeros wider than the input, replicate of a single element, circular of the size.
        conv(2).channels(2, 2).groups(2).size(1, 1).kernel(3).stride(2).padding(3).testExact();
        conv(2).channels(2, 2).groups(2).size(2, 2).kernel(3).stride(2).padding(2).testExact();
        conv(2).channels(2, 2).groups(2).size(1, 1).kernel(3).stride(2).padding(3).mode(PaddingMode.REPLICATE)
                .testExact();
        conv(2).channels(2, 2).groups(2).size(3, 3).kernel(3).stride(2).padding(3).mode(PaddingMode.CIRCULAR)
                .testExact();
    }

    /**
     * Input and output at offsets in larger arrays, with NaN around them: planes read in place up to the array's end
     * (slack of 2L - 1 floats: the last plane copies; 2L: it reads in place) and many small planes, the last few of
     * which copy; nothing outside the output's range is written.
     */
    @Test
    void offsetsIntoLargerArrays() {
        for (int[] shape : new int[][] {{4, 2 * L + 2}, {2, 2}}) {
            ConvProblem p = conv(2).batch(2).channels(16, 16).groups(16).size(shape[0], shape[1]).kernel(3).stride(2)
                    .padding(1).problem();
            SplittableRandom rnd = new SplittableRandom(4);
            float[] w = ConvTester.ints(rnd, p.weightShape().elementCount());
            float[] b = ConvTester.ints(rnd, p.biasLength());
            float[] x = ConvTester.ints(rnd, p.inputShape().elementCount());
            float[] want = ConvTester.reference(p, x, w, b);
            for (int threads : new int[] {1, 2}) {
                ConvPlan plan = ConvTester.PROVIDER.plan(p, w, b, PlanOptions.defaults().withThreads(threads));
                assertTrue(plan instanceof DepthwiseStride2Plan, plan.toString());
                for (int xOff : new int[] {0, 1, 3}) {
                    for (int slack : new int[] {0, 2 * L - 1, 2 * L}) {
                        float[] xs = new float[xOff + x.length + slack];
                        Arrays.fill(xs, Float.NaN);
                        System.arraycopy(x, 0, xs, xOff, x.length);
                        int yOff = xOff + 2;
                        float[] ys = new float[yOff + want.length + 5];
                        Arrays.fill(ys, -7f);
                        plan.execute(xs, xOff, ys, yOff);
                        String at = "xOff " + xOff + ", slack " + slack + ", " + threads + " threads";
                        assertArrayEquals(want, Arrays.copyOfRange(ys, yOff, yOff + want.length), at);
                        for (int i = 0; i < ys.length; i++) {
                            if (i < yOff || i >= yOff + want.length) {
                                assertEquals(-7f, ys[i], "written outside the output at " + i + ", " + at);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The padded copy is reused from call to call and unit to unit: a call on an input of NaNs, then one on integers,
     * must still be exact (every position the outputs read is rewritten), on 1 and 2 threads.
     */
    @Test
    void reusedCopyNeverLeaks() {
        for (ConvTester t : new ConvTester[] {
                conv(2).batch(2).channels(6, 6).groups(6).size(11, 2 * L + 5).kernel(3).stride(2).padding(2),
                conv(2).batch(2).channels(6, 6).groups(6).size(12, 2 * L + 6).kernel(3).stride(2).padding(1)}) {
            reusedScratchNeverLeaks(t);
        }
    }

    private static void reusedScratchNeverLeaks(ConvTester t) {
        ConvProblem p = t.problem();
        SplittableRandom rnd = new SplittableRandom(3);
        float[] w = ConvTester.ints(rnd, p.weightShape().elementCount());
        float[] b = ConvTester.ints(rnd, p.biasLength());
        float[] x = ConvTester.ints(rnd, p.inputShape().elementCount());
        for (int threads : new int[] {1, 2}) {
            ConvPlan plan = t.threads(threads).plan(p, w, b);
            assertTrue(plan instanceof DepthwiseStride2Plan, plan.toString());
            float[] nan = new float[x.length];
            Arrays.fill(nan, Float.NaN);
            plan.apply(nan);
            assertArrayEquals(ConvTester.reference(p, x, w, b), plan.apply(x), threads + " threads");
        }
    }

    /** Reals within the direct sum's bound (9 products per output), also with large values on the edges. */
    @Test
    void realsWithinTheBound() {
        conv(2).batch(2).channels(8, 8).groups(8).size(20, 2 * L + 9).kernel(3).stride(2).padding(1).testReal();
        conv(2).batch(2).channels(8, 8).groups(8).size(20, 2 * L + 10).kernel(3).stride(2).padding(1).edgeHeavy()
                .testReal(); // read in place
        conv(2).channels(6, 6).groups(6).size(15, 3 * L).kernel(3).stride(2).padding(1).mode(PaddingMode.REFLECT)
                .edgeHeavy().testReal();
    }

    @Test
    void identicalForAnyThreadCount() {
        WinogradPlanTest.identicalForAnyThreadCount(
                conv(2).batch(3).channels(16, 16).groups(16).size(21, 2 * L + 7).kernel(3).stride(2).padding(1)
                        .problem(), DepthwiseStride2Plan.class);
        WinogradPlanTest.identicalForAnyThreadCount(
                conv(2).batch(3).channels(16, 16).groups(16).size(22, 2 * L + 8).kernel(3).stride(2).padding(1)
                        .problem(), DepthwiseStride2Plan.class);
    }

    /**
     * A NaN or infinity in the input or weights reaches the outputs that read it as in the reference, and the input
     * is left as it was.
     */
    @Test
    void nonFiniteValuesAsTheReference() {
        nonFiniteValuesAsTheReference(conv(2).batch(2).channels(4, 4).groups(4).size(9, 2 * L + 4).kernel(3).stride(2)
                .padding(1).problem());
        nonFiniteValuesAsTheReference(conv(2).batch(2).channels(4, 4).groups(4).size(10, 2 * L + 4).kernel(3)
                .stride(2).padding(1).problem()); // read in place
    }

    private static void nonFiniteValuesAsTheReference(ConvProblem p) {
        // Weight 13 is a centre tap; 18 a corner tap, which reads the zero padding (infinity times zero).
        ConvTester.nonFiniteValuesAsTheReference(p, DepthwiseStride2Plan.class, new int[] {13, 18});
    }
}
