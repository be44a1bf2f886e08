package dev.vconv.simd;

import static dev.vconv.simd.ConvTester.conv;
import static dev.vconv.simd.ConvTester.convT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Winograd F(2x2, 2x2) and F(3x3, 2x2) on the four stride phases of a 2D kernel-4 stride-2 transposed convolution:
 * which problems get it and which tiling, exact results on integer data for awkward shapes (odd phase extents that cut
 * tiles, phase rows around L and 2L so that vectors of tiles straddle bands, tiny images with several bands per
 * vector, every padding that keeps the phases' extents equal, groups, batches, threads, chunks) in each of the four
 * tilings (tiles of 2x2 or 3x3 outputs, blocks of 2L or 6L tiles), the derived bound on reals, and the direct plan
 * for inputs the transforms must not take.
 */
class WinogradPhasePlanTest {
    static final int L = F32CorrKernels.L;

    /** Each tiling: tiles of m x m outputs, blocks of 6L tiles (wide) or 2L. */
    private static final int[] TILE_OUTPUTS = {2, 2, 3, 3};
    private static final boolean[] WIDE = {false, true, false, true};

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
        boolean phases = plan.startsWith("simd(convT by Winograd F(") && plan.contains(",2x2) on 4 stride phases");
        assertEquals(expected, phases, t + "\n  plan " + plan);
    }

    /**
     * The tiling with the fewest products: dcgan-up-32's 32x32 phases take 11 x 12 tiles of 9 outputs (16 products
     * each) or 16 x 17 of 4 (9 each), and at 512 bits blocks of 6L tiles (the 4x6 products kernel) compute no more
     * than of 2L (in stacks of 8 images, 11 blocks); dcgan-up-8's 8x8 phases take 3 x 4 tiles of 9 or 4 x 5 of 4, in stacks of 16 images that fill
     * blocks of 2L exactly.
     */
    @Test
    void tilingWithFewestProducts() {
        String up32 = convT(2).batch(16).channels(128, 64).size(32, 32).kernel(4).stride(2).padding(1)
                .planDescription();
        assertTrue(up32.startsWith("simd(convT by Winograd F(3x3,2x2)"), up32);
        if (L == 16) {
            // 8 images of 132 tiles fill 11 blocks of 96 (stacks of 2 computed 288 tiles per 264)
            assertTrue(up32.contains("in stacks of 8 images, blocks of 96 tiles, 64 products by corrPacked4x6v"),
                    up32);
        }
        String up8 = convT(2).batch(16).channels(512, 256).size(8, 8).kernel(4).stride(2).padding(1)
                .planDescription();
        assertTrue(up8.startsWith("simd(convT by Winograd F(2x2,2x2)"), up8);
        assertTrue(up8.contains("blocks of " + 2 * L + " tiles"), up8);
    }

    /** Phase extents 1-7 rows (a band of 3 cut at every place) by widths around L, 2L and 3L (tiles of 2 or 3). */
    @Test
    void awkwardSizesExact() {
        int[] widths = {1, 2, 3, 5, L - 2, L - 1, L, L + 1, 2 * L - 1, 2 * L + 1, 3 * L - 1, 3 * L + 2};
        for (int t = 0; t < 4; t++) {
            int m = TILE_OUTPUTS[t];
            boolean wide = WIDE[t];
            for (int h : new int[] {1, 2, 3, 4, 6, 7}) {
                for (int w : widths) {
                    convT(2).channels(16, 17).size(h, w).kernel(4).stride(2).padding(1).phaseTiling(m, wide)
                            .testExact();
                }
            }
            convT(2).batch(2).channels(24, 33).size(9, 3 * L + 3).kernel(4).stride(2).padding(0).phaseTiling(m, wide)
                    .testExact();
            convT(2).channels(17, 40).size(2 * L + 1, 5).kernel(4).stride(2).padding(2).bias(false)
                    .phaseTiling(m, wide).testExact();
            convT(2).channels(16, 9).size(7, L + 3).kernel(4).stride(2).padding(3).phaseTiling(m, wide).testExact();
            convT(2).channels(16, 9).size(6, L - 3).kernel(4).stride(2).padding(3, 0).phaseTiling(m, wide)
                    .testExact();
        }
    }

    @Test
    void groupsBatchAndThreadsExact() {
        for (int t = 0; t < 4; t++) {
            int m = TILE_OUTPUTS[t];
            boolean wide = WIDE[t];
            for (int threads : new int[] {1, 2, 3}) {
                convT(2).batch(3).channels(64, 48).groups(2).size(10, 2 * L + 3).kernel(4).stride(2).padding(1)
                        .threads(threads).phaseTiling(m, wide).testExact();
                convT(2).channels(16, 16).size(40, 3 * L).kernel(4).stride(2).padding(1).threads(threads)
                        .phaseTiling(m, wide).testExact(); // chunks
            }
            convT(2).channels(256, 24).size(20, 21).kernel(4).stride(2).padding(1).phaseTiling(m, wide)
                    .testExact(); // several chunks per image
            convT(2).channels(8, 8).groups(8).size(5, L + 1).kernel(4).stride(2).padding(1).phaseTiling(m, wide)
                    .testExact();
            // 72 output channels: groups of output-channel blocks with a partial last one
            convT(2).channels(16, 72).size(6, 2 * L).kernel(4).stride(2).padding(1).phaseTiling(m, wide).testExact();
        }
    }

    /**
     * Small images go in stacks: blocks and chunks straddle images, the last block of a stack is part junk. Exact for
     * stacks of 3 to 16 images, with groups, bias or none, threads; a non-finite value in the last image of a stack
     * sends the whole call to the direct plan.
     */
    @Test
    void stackedImagesExact() {
        for (int i = 0; i < 4; i++) {
            int m = TILE_OUTPUTS[i];
            boolean wide = WIDE[i];
            for (int threads : new int[] {1, 2, 3}) {
                ConvTester t = convT(2).batch(6).channels(16, 17).size(3, 5).kernel(4).stride(2).padding(1)
                        .threads(threads).phaseTiling(m, wide);
                assertTrue(t.planDescription().contains(" in stacks of 6 images"), t.planDescription());
                t.testExact();
                convT(2).batch(4).channels(32, 24).groups(2).size(L + 1, 3).kernel(4).stride(2).padding(0)
                        .threads(threads).phaseTiling(m, wide).testExact();
            }
            convT(2).batch(5).channels(16, 9).size(2, 2).kernel(4).stride(2).padding(1).phaseTiling(m, wide)
                    .testExact();
            convT(2).batch(16).channels(16, 8).size(8, 8).kernel(4).stride(2).padding(1).bias(false)
                    .phaseTiling(m, wide).testExact();
            convT(2).batch(3).channels(16, 8).size(7, 1).kernel(4).stride(2).padding(3, 0).threads(2)
                    .phaseTiling(m, wide).testExact();
        }

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

    /** Reals within the bound gamma_(C/g + 8) (Z + |b|) that WinogradMagnitude derives, not the direct sum's. */
    @Test
    void realsWithinTheWinogradBound() {
        for (int t = 0; t < 4; t++) {
            int m = TILE_OUTPUTS[t];
            boolean wide = WIDE[t];
            convT(2).channels(64, 32).size(9, 2 * L + 3).kernel(4).stride(2).padding(1).phaseTiling(m, wide)
                    .testReal();
            convT(2).batch(2).channels(32, 32).groups(2).size(12, L + 1).kernel(4).stride(2).padding(2)
                    .phaseTiling(m, wide).testReal();
            convT(2).channels(48, 16).size(7, L + 5).kernel(4).stride(2).padding(0).bias(false).phaseTiling(m, wide)
                    .testReal();
        }
        convT(2).channels(64, 64).size(24, 24).kernel(4).stride(2).padding(1).testReal(); // as the provider plans it
    }

    /**
     * F(3, 2)'s first output sums terms with its window's third input that cancel only in exact arithmetic: where a
     * tile's first output is its only real one (phase extents of 3k + 1), that input must read as the bound assumes
     * (the input there, or zero), not as the next buffer row's or channel's first elements, which paddings 2 and 3
     * (cropping) put there. With large first rows and columns and small values elsewhere, a plan that read them
     * missed the bound by ~800x (session 15's review); and it read a position no unit writes, so results changed with
     * the thread count.
     */
    @Test
    void edgesReadAsTheBoundAssumes() {
        for (int t = 0; t < 4; t++) {
            int m = TILE_OUTPUTS[t];
            boolean wide = WIDE[t];
            convT(2).channels(8, 4).size(5, 8).kernel(4).stride(2).padding(2).phaseTiling(m, wide).edgeHeavy()
                    .testReal();
            convT(2).channels(8, 4).size(6, 9).kernel(4).stride(2).padding(3).phaseTiling(m, wide).edgeHeavy()
                    .testReal();
            convT(2).batch(2).channels(8, 4).size(7, 3 * L + 1).kernel(4).stride(2).padding(2, 3)
                    .phaseTiling(m, wide).edgeHeavy().testReal();
        }
        ConvTester chosen = convT(2).channels(64, 64).size(20, 23).kernel(4).stride(2).padding(2).edgeHeavy();
        assertTrue(chosen.planDescription().startsWith("simd(convT by Winograd F(3x3,2x2)"), chosen.planDescription());
        chosen.testReal();
    }

    /** Bit for bit the same results for 1, 2 and 3 threads and on repeated calls, at every padding, in each tiling. */
    @Test
    void deterministicAtEveryPadding() {
        for (int t = 0; t < 4; t++) {
            for (int pad = 0; pad <= 3; pad++) {
                ConvTester base = convT(2).channels(8, 4).size(14, 3 * L).kernel(4).stride(2).padding(pad)
                        .phaseTiling(TILE_OUTPUTS[t], WIDE[t]);
                ConvProblem p = base.problem();
                SplittableRandom rnd = new SplittableRandom(pad);
                float[] x = ConvTester.reals(rnd, p.inputShape().elementCount());
                float[] w = ConvTester.reals(rnd, p.weightShape().elementCount());
                float[] b = ConvTester.reals(rnd, p.biasLength());
                float[] first = base.plan(p, w, b).apply(x);
                // Whether a helper takes part in a call depends on timing (an idle caller takes its units), so
                // several plans and calls per thread count.
                for (int threads : new int[] {2, 3, 1, 2, 3}) {
                    ConvPlan plan = base.threads(threads).plan(p, w, b);
                    for (int call = 0; call < 3; call++) {
                        assertArrayEquals(first, plan.apply(x), base + ", call " + call);
                    }
                }
            }
        }
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
        for (int m : new int[] {2, 3}) {
            WinogradPhasePlan.Tiling tiling = new WinogradPhasePlan.Tiling(m, 2 * L);
            WinogradPlanTest.smallWeightsAndHugeInputs(
                    convT(2).channels(16, 16).size(6, L + 3).kernel(4).stride(2).padding(1).problem(),
                    (p, w, b, direct) -> new WinogradPhasePlan(p, w, b, 2, ConvTester.HELPERS, direct, tiling),
                    plan -> ((WinogradPhasePlan) plan).inputLimit());
        }
    }
}
