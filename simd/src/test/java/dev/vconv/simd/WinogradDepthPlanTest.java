package dev.vconv.simd;

import static dev.vconv.simd.ConvTester.conv;
import static dev.vconv.simd.ConvTester.convT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Winograd F(2, 2) along the depth of each depth stride phase of a 3D transposed convolution (depth kernel twice the
 * depth stride), composed over the direct plan: which problems get it, exact results on integer data for awkward
 * shapes (odd phase output counts that cut the last depth tile, strides 1 to 3 along depth, every padding and output
 * padding, strided, dilated and odd-sized heights and widths around the vector length, groups, batches, threads), the
 * derived bound on reals, and the direct plan for inputs the transforms must not take.
 */
class WinogradDepthPlanTest {
    static final int L = F32CorrKernels.L;

    @Test
    void servesDepthKernelTwiceTheStride() {
        assertServes(convT(3).channels(1, 1).size(1, 1, 1).kernel(4).stride(2).padding(1), true);
        assertServes(convT(3).channels(4, 6).groups(2).size(3, 5, 7).kernel(6, 3, 1).stride(3, 2, 1), true);
        assertServes(convT(3).channels(4, 6).size(3, 5, 7).kernel(2, 3, 3).stride(1).dilation(1, 2, 2), true);
        assertServes(convT(3).channels(4, 6).size(3, 5, 7).kernel(4).stride(2).dilation(2, 1, 1), false);
        assertServes(convT(3).channels(4, 6).size(3, 5, 7).kernel(3, 4, 4).stride(2), false);
        assertServes(convT(3).channels(4, 6).size(3, 5, 7).kernel(2).stride(2), false); // one tap per phase
        assertServes(convT(2).channels(4, 6).size(5, 7).kernel(4).stride(2), false);
        assertServes(conv(3).channels(4, 6).size(5, 5, 7).kernel(4).stride(2), false);
        ConvProblem p = convT(3).channels(2, 2).size(3, 3, 3).kernel(4).stride(2).problem();
        float[] w = new float[p.weightShape().elementCount()];
        w[3] = Float.NaN;
        assertFalse(WinogradDepthPlan.serves(p, w, null));
        w[3] = Float.MAX_VALUE; // G g could overflow
        assertFalse(WinogradDepthPlan.serves(p, w, null));
        assertFalse(WinogradDepthPlan.serves(p, new float[w.length], new float[] {0, Float.POSITIVE_INFINITY}));
    }

    private static void assertServes(ConvTester t, boolean expected) {
        ConvProblem p = t.problem();
        float[] w = new float[p.weightShape().elementCount()];
        assertEquals(expected, WinogradDepthPlan.serves(p, w, null), t.toString());
    }

    /** Where the provider chooses it: depth stride 2, 16+ channels per group each way, an even input plane. */
    @Test
    void providerChoosesItWherePays() {
        assertChosen(convT(3).channels(32, 16).size(16, 16, 16).kernel(4).stride(2).padding(1), true); // vnet-up-3d
        assertChosen(convT(3).batch(2).channels(64, 64).groups(2).size(5, 8, 6).kernel(4).stride(2), true);
        assertChosen(convT(3).channels(16, 8).size(16, 16, 16).kernel(4).stride(2).padding(1), false);
        assertChosen(convT(3).channels(8, 16).size(16, 16, 16).kernel(4).stride(2).padding(1), false);
        assertChosen(convT(3).channels(32, 16).size(15, 15, 15).kernel(4).stride(2).padding(1), false);
        assertChosen(convT(3).channels(32, 16).size(12, 12, 12).kernel(6).stride(3).padding(1), false);
    }

    private static void assertChosen(ConvTester t, boolean expected) {
        String plan = t.planDescription();
        assertEquals(expected, plan.startsWith("simd(convT by Winograd F(2,2) along depth"), t + "\n  plan " + plan);
    }

    @Test
    void awkwardSizesExact() {
        int[] widths = {1, 2, 3, L - 1, L, L + 1, 2 * L + 1};
        for (int depth : new int[] {1, 2, 3, 4, 7}) {
            for (int w : widths) {
                convT(3).channels(3, 5).size(depth, 3, w).kernel(4).stride(2).padding(1).winograd().testExact();
            }
        }
        for (int pad = 0; pad <= 3; pad++) {
            for (int op = 0; op <= 1; op++) {
                convT(3).channels(4, 3).size(5, 4, 6).kernel(4).stride(2).padding(pad).outputPadding(op).winograd()
                        .testExact();
            }
        }
        // Depth stride 1 and 3; height and width strided, dilated, kernels of 1 to 5, stride above the kernel.
        convT(3).channels(3, 4).size(5, 6, L + 2).kernel(2, 3, 3).stride(1).dilation(1, 2, 1).padding(0, 1, 2)
                .winograd().testExact();
        convT(3).channels(2, 3).size(4, 5, 9).kernel(6, 5, 1).stride(3, 2, 3).padding(2, 1, 0)
                .outputPadding(2, 1, 2).winograd().testExact();
        convT(3).channels(5, 2).size(3, 7, 2 * L - 1).kernel(4, 1, 2).stride(2, 1, 3).padding(1, 0, 0).bias(false)
                .winograd().testExact();
        convT(3).channels(2, 2).size(6, 2, 3).kernel(4, 2, 4).stride(2, 3, 2).dilation(1, 3, 2).padding(3, 2, 1)
                .outputPadding(1, 2, 1).winograd().testExact();
    }

    @Test
    void groupsBatchAndThreadsExact() {
        for (int threads : new int[] {1, 2, 3}) {
            convT(3).batch(3).channels(12, 8).groups(4).size(5, 6, L + 3).kernel(4).stride(2).padding(1)
                    .threads(threads).winograd().testExact();
            convT(3).channels(32, 16).size(9, 8, 8).kernel(4).stride(2).padding(1).threads(threads).winograd()
                    .testExact();
        }
        convT(3).batch(2).channels(6, 6).groups(6).size(4, 5, 5).kernel(4).stride(2).padding(2).winograd()
                .testExact(); // one channel per group
    }

    /**
     * Random problems it serves (depth stride 1 to 3 with kernel twice it; random height and width kernels, strides,
     * dilations, paddings and output paddings; groups, batches, threads), exact against the reference. A failure
     * prints a pasteable case.
     */
    @Test
    void randomProblemsExact() {
        SplittableRandom rnd = new SplittableRandom(20261207);
        int done = 0;
        while (done < 60) {
            int groups = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(3) : 1;
            int[] size = new int[3];
            int[] k = new int[3];
            int[] s = new int[3];
            int[] d = new int[3];
            int[] p = new int[3];
            int[] op = new int[3];
            for (int a = 0; a < 3; a++) {
                size[a] = 1 + rnd.nextInt(a == 2 ? 2 * L + 2 : 7);
                s[a] = 1 + rnd.nextInt(3);
                k[a] = a == 0 ? 2 * s[a] : 1 + rnd.nextInt(4);
                d[a] = a == 0 ? 1 : 1 + rnd.nextInt(rnd.nextInt(3) == 0 ? 3 : 1);
                p[a] = rnd.nextInt(d[a] * (k[a] - 1) + 1);
                op[a] = rnd.nextInt(Math.max(s[a], d[a]));
            }
            ConvTester t = convT(3).batch(1 + rnd.nextInt(2)).channels(groups * (1 + rnd.nextInt(6)),
                    groups * (1 + rnd.nextInt(6))).groups(groups).size(size).kernel(k).stride(s).dilation(d)
                    .padding(p).outputPadding(op).bias(rnd.nextBoolean()).threads(1 + rnd.nextInt(3))
                    .seed(rnd.nextLong()).winograd();
            boolean empty = false;
            for (int a = 0; a < 3; a++) {
                empty |= (size[a] - 1) * s[a] - 2 * p[a] + d[a] * (k[a] - 1) + op[a] + 1 <= 0;
            }
            if (empty) {
                continue; // the descriptor rejects an empty output
            }
            t.testExact();
            done++;
        }
    }

    /** The plan the provider picks, at its sizes, on integer data. */
    @Test
    void chosenPlanExact() {
        for (ConvTester t : new ConvTester[] {
                convT(3).channels(32, 16).size(8, 8, 8).kernel(4).stride(2).padding(1),
                convT(3).batch(2).channels(32, 48).groups(2).size(5, 6, 10).kernel(4).stride(2).padding(2)
                        .outputPadding(1).threads(2)}) {
            assertChosen(t, true);
            t.testExact();
        }
    }

    /** Results are bitwise identical for any thread count (each unit writes its own output planes). */
    @Test
    void identicalForAnyThreadCount() {
        WinogradPlanTest.identicalForAnyThreadCount(
                convT(3).batch(2).channels(32, 16).size(7, 8, 8).kernel(4).stride(2).padding(1).problem(),
                WinogradDepthPlan.class);
    }

    /** Reals within the bound gamma_(t C/g + 4) (Z + |b|) that WinogradMagnitude derives, not the direct sum's. */
    @Test
    void realsWithinTheWinogradBound() {
        convT(3).channels(32, 16).size(5, 6, L + 3).kernel(4).stride(2).padding(1).winograd().testReal();
        convT(3).batch(2).channels(16, 24).groups(2).size(4, 5, 7).kernel(6, 3, 3).stride(3, 2, 1).dilation(1, 1, 2)
                .padding(2, 1, 2).outputPadding(1, 1, 0).winograd().testReal();
        convT(3).channels(24, 8).size(3, 4, 4).kernel(4).stride(2).padding(0).bias(false).winograd().testReal();
        convT(3).channels(32, 16).size(8, 8, 8).kernel(4).stride(2).padding(1).testReal(); // as the provider plans it
    }

    /**
     * An infinite input would give NaN where the direct sum gives an infinity, and a huge one could overflow inside
     * the transforms: such calls run the direct plan, and the result equals it bit for bit. Just below the limit the
     * transforms run and nothing overflows.
     */
    @Test
    void nonFiniteAndHugeInputsRunTheDirectPlan() {
        ConvProblem p = convT(3).batch(2).channels(16, 16).size(5, 6, L + 3).kernel(4).stride(2).padding(1)
                .problem();
        SplittableRandom rnd = new SplittableRandom(7);
        float[] w = ConvTester.reals(rnd, p.weightShape().elementCount());
        float[] b = ConvTester.reals(rnd, p.biasLength());
        float[] x = ConvTester.reals(rnd, p.inputShape().elementCount());
        ConvPlan direct = SimdConvPlan.create(p, w, b, 1, null);
        WinogradDepthPlan winograd = new WinogradDepthPlan(p, w, b, 2, ConvTester.HELPERS, direct);
        assertFalse(Arrays.equals(winograd.apply(x), direct.apply(x)), "reals: the transforms round differently");
        int plane = 6 * (L + 3);
        // Positions in the last image: a vector lane, the plane's scalar tail, the last element.
        WinogradPlanTest.directResultsFor(direct, winograd, x, new int[] {x.length / 2 + 3, x.length - plane - 1,
            x.length - 1}, new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e36f, -1e36f});
        float[] xs = x.clone();
        xs[0] = Math.nextDown(winograd.inputLimit());
        for (float v : winograd.apply(xs)) {
            if (!Float.isFinite(v)) {
                fail("overflow below the input limit: " + v);
            }
        }
    }

    /** withFastAlgorithms(false) and non-finite weights or bias: the direct plan, where this one would have been chosen. */
    @Test
    void directPlanOnRequestAndForNonFiniteWeights() {
        WinogradPlanTest.directPlanOnRequestAndForNonFiniteWeights(
                convT(3).channels(32, 16).size(8, 8, 8).kernel(4).stride(2).padding(1).problem(), WinogradDepthPlan.class);
    }

    @Test
    void smallWeightsDoNotLiftTheInputLimit() {
        WinogradPlanTest.smallWeightsAndHugeInputs(
                convT(3).channels(16, 16).size(5, 6, L + 4).kernel(4).stride(2).padding(1).problem(),
                (p, w, b, direct) -> new WinogradDepthPlan(p, w, b, 2, ConvTester.HELPERS, direct),
                plan -> ((WinogradDepthPlan) plan).inputLimit());
    }

    /** Problems whose transformed planes would not fit an int index are left to the direct plan, not refused. */
    @Test
    void planesTooLargeForAnIntIndexAreNotServed() {
        ConvProblem big = convT(3).channels(32, 16).size(1, 4096, 8192).kernel(4, 1, 1).stride(2, 1, 1)
                .padding(1, 0, 0).problem();
        ConvProblem small = convT(3).channels(32, 16).size(1, 64, 64).kernel(4, 1, 1).stride(2, 1, 1)
                .padding(1, 0, 0).problem();
        float[] w = new float[big.weightShape().elementCount()];
        assertTrue(WinogradDepthPlan.serves(small, w, null));
        assertFalse(WinogradDepthPlan.serves(big, w, null));
        assertTrue(WinogradDepthPlan.pays(big), "the provider would have chosen it");
    }

    /** A single image with two or more depth tiles is split into two units or more, so two threads share it. */
    @Test
    void oneImageGetsTwoUnits() {
        ConvProblem p = convT(3).channels(32, 16).size(4, 8, 8).kernel(4).stride(2).padding(1).problem();
        float[] w = new float[p.weightShape().elementCount()];
        float[] b = new float[p.biasLength()];
        WinogradDepthPlan plan = new WinogradDepthPlan(p, w, b, 2, null, SimdConvPlan.create(p, w, b, 1, null));
        assertTrue(plan.toString().contains("units=2, parts=2"), plan.toString());
    }
}
