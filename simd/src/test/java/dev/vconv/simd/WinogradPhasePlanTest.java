package dev.vconv.simd;

import static dev.vconv.simd.ConvTester.conv;
import static dev.vconv.simd.ConvTester.convT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvProblem;
import org.junit.jupiter.api.Test;

/**
 * Winograd F(2x2, 2x2) on the four stride phases of a 2D kernel-4 stride-2 transposed convolution: which problems get
 * it, exact results on integer data for awkward shapes (odd phase extents that cut tiles, phase rows around L and 2L
 * so that vectors of tiles straddle bands, tiny images with several bands per vector, every padding that keeps the
 * phases' extents equal, groups, batches, threads, chunks), the derived bound on reals, and the direct plan for
 * inputs the transforms must not take.
 */
class WinogradPhasePlanTest {
    static final int L = F32CorrKernels.L;

    /** 2D transposed, stride 2, 2x2 taps per phase (kernel 4, dilation 1), an even output (equal phase extents). */
    @Test
    void servesKernel4Stride2() {
        assertServes(convT(2).channels(1, 1).size(1, 1).kernel(4).stride(2).padding(1), true);
        assertServes(convT(2).channels(16, 8).groups(2).size(5, 9).kernel(4).stride(2).padding(0), true);
        assertServes(convT(2).channels(16, 8).size(5, 9).kernel(4).stride(2).padding(3), true);
        assertServes(convT(2).channels(16, 8).size(5, 9).kernel(4).stride(2).padding(1, 2), true);
        assertServes(convT(2).channels(16, 8).size(5, 9).kernel(4).stride(2).padding(1).outputPadding(1),
                false); // odd output: the phases' extents differ
        assertServes(convT(2).channels(16, 8).size(5, 9).kernel(4).stride(2).dilation(2).padding(1), false);
        assertServes(convT(2).channels(16, 8).size(5, 9).kernel(2).stride(2), false); // one tap per phase
        assertServes(convT(2).channels(16, 8).size(5, 9).kernel(3).stride(2).padding(1).outputPadding(1), false);
        assertServes(convT(2).channels(16, 8).size(5, 9).kernel(4, 3).stride(2).padding(1), false);
        assertServes(convT(2).channels(16, 8).size(5, 9).kernel(4).stride(2, 1).padding(1), false);
        assertServes(convT(1).channels(16, 8).size(9).kernel(4).stride(2).padding(1), false);
        assertServes(convT(3).channels(16, 8).size(3, 5, 9).kernel(4).stride(2).padding(1), false);
        assertServes(conv(2).channels(16, 8).size(9, 9).kernel(4).stride(2).padding(1), false);
    }

    private static void assertServes(ConvTester t, boolean expected) {
        ConvProblem p = t.problem();
        float[] w = new float[p.weightShape().elementCount()];
        assertEquals(expected, WinogradPhasePlan.serves(new Geometry(p), w, null), t.toString());
    }

    /** Where the provider chooses it: 64+ channels each way and images not much smaller than a block of tiles. */
    @Test
    void providerChoosesItWherePays() {
        assertChosen(convT(2).batch(16).channels(128, 64).size(32, 32).kernel(4).stride(2).padding(1), true);
        assertChosen(convT(2).channels(64, 64).size(24, 24).kernel(4).stride(2).padding(1), true);
        assertChosen(convT(2).channels(128, 128).groups(2).size(20, 20).kernel(4).stride(2).padding(1), true);
        // dcgan-up-8: 8x8 phases fill half of a block of tiles at 512 bits
        assertChosen(convT(2).batch(16).channels(512, 256).size(8, 8).kernel(4).stride(2).padding(1), true);
        assertChosen(convT(2).channels(48, 64).size(32, 32).kernel(4).stride(2).padding(1), false);
        assertChosen(convT(2).channels(64, 32).size(32, 32).kernel(4).stride(2).padding(1), false);
        // One 2x2 image: 4 real outputs per phase in a block of 2L tiles (128 outputs at 512 bits, 32 at 128); a batch
        // of them would fill the block with its stack (at 128 bits 4 images do)
        assertChosen(convT(2).channels(64, 64).size(2, 2).kernel(4).stride(2).padding(1), false);
    }

    private static void assertChosen(ConvTester t, boolean expected) {
        String plan = t.planDescription();
        assertEquals(expected, plan.startsWith("simd(convT by Winograd F(2x2,2x2)"), t + "\n  plan " + plan);
    }

    @Test
    void awkwardSizesExact() {
        int[] widths = {1, 2, 3, 5, L - 2, L - 1, L, L + 1, 2 * L - 1, 2 * L + 1};
        for (int h : new int[] {1, 2, 3, 6}) {
            for (int w : widths) {
                convT(2).channels(16, 17).size(h, w).kernel(4).stride(2).padding(1).winograd().testExact();
            }
        }
        convT(2).batch(2).channels(24, 33).size(9, 3 * L + 3).kernel(4).stride(2).padding(0).winograd().testExact();
        convT(2).channels(17, 40).size(2 * L + 1, 5).kernel(4).stride(2).padding(2).bias(false).winograd()
                .testExact();
        convT(2).channels(16, 9).size(7, L + 3).kernel(4).stride(2).padding(3).winograd().testExact();
        convT(2).channels(16, 9).size(6, L - 3).kernel(4).stride(2).padding(3, 0).winograd().testExact();
    }

    @Test
    void groupsBatchAndThreadsExact() {
        for (int threads : new int[] {1, 2, 3}) {
            convT(2).batch(3).channels(64, 48).groups(2).size(10, 2 * L + 3).kernel(4).stride(2).padding(1)
                    .threads(threads).winograd().testExact();
            convT(2).channels(16, 16).size(40, 3 * L).kernel(4).stride(2).padding(1).threads(threads)
                    .winograd().testExact(); // chunks
        }
        convT(2).channels(256, 24).size(20, 21).kernel(4).stride(2).padding(1).winograd()
                .testExact(); // several chunks per image
        convT(2).channels(8, 8).groups(8).size(5, L + 1).kernel(4).stride(2).padding(1).winograd().testExact();
    }

    /**
     * Small images go in stacks: blocks and chunks straddle images, the last block of a stack is part junk. Exact for
     * stacks of 3 to 16 images, with groups, bias or none, threads; a non-finite value in the last image of a stack
     * sends the whole call to the direct plan.
     */
    @Test
    void stackedImagesExact() {
        for (int threads : new int[] {1, 2, 3}) {
            ConvTester t = convT(2).batch(6).channels(16, 17).size(3, 5).kernel(4).stride(2).padding(1)
                    .threads(threads).winograd();
            assertTrue(t.planDescription().contains(" in stacks of 6 images"), t.planDescription());
            t.testExact();
            convT(2).batch(4).channels(32, 24).groups(2).size(L + 1, 3).kernel(4).stride(2).padding(0)
                    .threads(threads).winograd().testExact();
        }
        convT(2).batch(5).channels(16, 9).size(2, 2).kernel(4).stride(2).padding(1).winograd().testExact();
        convT(2).batch(16).channels(16, 8).size(8, 8).kernel(4).stride(2).padding(1).bias(false).winograd()
                .testExact();
        convT(2).batch(3).channels(16, 8).size(7, 1).kernel(4).stride(2).padding(3, 0).threads(2).winograd()
                .testExact();

        WinogradPlanTest.stackOfThreeFallsBack(convT(2).batch(3).channels(16, 16).size(3, 5).kernel(4).stride(2)
                .padding(1).bias(false).problem(), Float.POSITIVE_INFINITY);
    }

    /** The plan the provider picks, at its sizes, on integer data. */
    @Test
    void chosenPlanExact() {
        for (ConvTester t : new ConvTester[] {
                convT(2).batch(2).channels(64, 64).size(24, 24).kernel(4).stride(2).padding(1),
                convT(2).channels(64, 72).size(27, 30).kernel(4).stride(2).padding(1).threads(2)}) {
            assertChosen(t, true);
            t.testExact();
        }
    }

    /** Reals within the bound gamma_(C/g + 6) (Z + |b|) that WinogradMagnitude derives, not the direct sum's. */
    @Test
    void realsWithinTheWinogradBound() {
        convT(2).channels(64, 32).size(9, 2 * L + 3).kernel(4).stride(2).padding(1).winograd().testReal();
        convT(2).batch(2).channels(32, 32).groups(2).size(12, L + 1).kernel(4).stride(2).padding(2).winograd()
                .testReal();
        convT(2).channels(48, 16).size(7, L + 5).kernel(4).stride(2).padding(0).bias(false).winograd().testReal();
        convT(2).channels(64, 64).size(24, 24).kernel(4).stride(2).padding(1).testReal(); // as the provider plans it
    }

    /**
     * An infinite input would give NaN where the direct sum gives an infinity, and a huge one could overflow inside
     * the transforms: such calls run the direct plan, and the result equals it bit for bit.
     */
    @Test
    void nonFiniteAndHugeInputsRunTheDirectPlan() {
        WinogradPlanTest.nonFiniteAndHugeInputs(
                convT(2).channels(16, 16).size(6, L + 3).kernel(4).stride(2).padding(1).problem());
    }

    /** withFastAlgorithms(false) and non-finite weights or bias: the direct plan, where this one would have been chosen. */
    @Test
    void directPlanOnRequestAndForNonFiniteWeights() {
        WinogradPlanTest.directPlanOnRequestAndForNonFiniteWeights(
                convT(2).channels(64, 64).size(24, 24).kernel(4).stride(2).padding(1).problem(), WinogradPhasePlan.class);
    }

    @Test
    void smallWeightsDoNotLiftTheInputLimit() {
        WinogradPlanTest.smallWeightsAndHugeInputs(
                convT(2).channels(16, 16).size(6, L + 3).kernel(4).stride(2).padding(1).problem(),
                (p, w, b, direct) -> new WinogradPhasePlan(p, w, b, 2, ConvTester.HELPERS, direct),
                plan -> ((WinogradPhasePlan) plan).inputLimit());
    }
}
