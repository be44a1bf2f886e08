package dev.vconv.simd;

import static dev.vconv.simd.ConvTester.conv;
import static dev.vconv.simd.ConvTester.convT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Winograd F(4, 4), nested from F(2, 2), along the width of a strided 2D conv's width stride phases: which problems it
 * serves and which the provider gives it, exact results on integer data for awkward shapes (tile rows of L - 1, L and
 * L + 1 tiles and fewer than a vector, strides 2 to 4, 3 and 4 taps per phase, dilated and strided heights, every
 * padding mode, groups, batches, threads), the derived bound on reals, and the direct plan for inputs the transforms
 * must not take.
 */
class WinogradWidthPlanTest {
    static final int L = F32CorrKernels.L;

    @Test
    void servesStridedWidthsOfThreeOrFourTapsPerPhase() {
        assertServes(conv(2).channels(3, 64).size(224, 224).kernel(7).stride(2).padding(3), true); // stem-7x7-s2
        assertServes(conv(2).channels(1, 1).size(1, 11).kernel(1, 5).stride(1, 2), true); // 3 and 2 taps: serves
        assertServes(conv(2).channels(2, 4).size(6, 24).kernel(3, 9).stride(3).padding(1, 4).dilation(2, 1), true);
        assertServes(conv(2).channels(2, 4).size(6, 24).kernel(3, 9).stride(3).padding(1, 4)
                .mode(PaddingMode.REFLECT), true);
        assertServes(conv(2).channels(3, 8).size(16, 14).kernel(7).stride(2).padding(3), false); // output width 7
        assertServes(conv(2).channels(3, 8).size(9, 10).kernel(4).stride(2), false); // 2 taps per phase
        assertServes(conv(2).channels(3, 8).size(9, 37).kernel(9).stride(2), false); // 5 taps in one phase
        assertServes(conv(2).channels(3, 8).size(16, 22).kernel(7).stride(2).padding(3).dilation(1, 2), false);
        assertServes(conv(2).channels(3, 8).size(16, 16).kernel(7).stride(1).padding(3), false);
        assertServes(convT(2).channels(3, 8).size(4, 4).kernel(7).stride(2), false);
        assertServes(conv(1).channels(3, 8).size(16).kernel(7).stride(2).padding(3), false);
        assertServes(conv(3).channels(3, 8).size(4, 16, 16).kernel(1, 7, 7).stride(1, 2, 2).padding(0, 3, 3), false);
        ConvProblem p = conv(2).channels(3, 4).size(16, 16).kernel(7).stride(2).padding(3).problem();
        Geometry geo = new Geometry(p);
        float[] w = new float[p.weightShape().elementCount()];
        w[3] = Float.NaN;
        assertFalse(WinogradWidthPlan.serves(geo, p, w, null));
        w[3] = Float.MAX_VALUE / 3; // U sums up to 4 weights
        assertFalse(WinogradWidthPlan.serves(geo, p, w, null));
        assertFalse(WinogradWidthPlan.serves(geo, p, new float[w.length], new float[] {0, 0, Float.NaN, 0}));
    }

    private static void assertServes(ConvTester t, boolean expected) {
        ConvProblem p = t.problem();
        float[] w = new float[p.weightShape().elementCount()];
        assertEquals(expected, WinogradWidthPlan.serves(new Geometry(p), p, w, null), t.toString());
    }

    /** Where the provider chooses it: at most 16 input and 16+ output channels per group, 1.3x fewer products. */
    @Test
    void providerChoosesItWherePays() {
        assertChosen(conv(2).channels(3, 64).size(224, 224).kernel(7).stride(2).padding(3), true); // stem-7x7-s2
        assertChosen(conv(2).batch(2).channels(32, 32).groups(2).size(20, 32).kernel(5, 8).stride(2).padding(2, 3),
                true); // 16 in, 16 out per group; 4 + 4 taps
        assertChosen(conv(2).channels(3, 64).size(40, 40).kernel(6).stride(2).padding(2), true); // 3 + 3 taps: 1.33
        assertChosen(conv(2).channels(3, 64).size(40, 39).kernel(5).stride(2).padding(2), false); // 3 + 2 taps: 1.11
        assertChosen(conv(2).channels(17, 64).size(40, 40).kernel(7).stride(2).padding(3), false); // 17 in
        assertChosen(conv(2).channels(3, 15).size(40, 40).kernel(7).stride(2).padding(3), false); // 15 out
    }

    private static void assertChosen(ConvTester t, boolean expected) {
        String plan = t.planDescription();
        assertEquals(expected, plan.startsWith("simd(conv by Winograd F(4,4) nested from F(2,2) along the width"),
                t + "\n  plan " + plan);
    }

    /**
     * Integer data, bit for bit the reference's: output widths 4, 8, 4 (L - 1), 4 L, 4 (L + 1) (tile rows below, at
     * and across one vector of tiles), heights that end a chunk's last block part way, strides 2, 3 and 4, kernel
     * widths from 2s + 1 to 4s, strided and dilated heights.
     */
    @Test
    void awkwardSizesExact() {
        int[] tileRows = {1, 2, L - 1, L, L + 1};
        for (int tilesPerRow : tileRows) {
            int ow = 4 * tilesPerRow;
            for (int s = 2; s <= 4; s++) {
                for (int kw : new int[] {2 * s + 1, 3 * s, 4 * s}) {
                    int pad = kw / 2;
                    int w = (ow - 1) * s + kw - 2 * pad;
                    conv(2).channels(3, 5).size(5, w).kernel(3, kw).stride(2, s).padding(1, pad).winograd()
                            .testExact();
                }
            }
        }
        conv(2).channels(2, 7).size(13, 8 * (2 * L + 1)).kernel(7).stride(2).padding(3).winograd().testExact();
        conv(2).channels(1, 4).size(9, 25).kernel(4, 8).stride(3, 2).dilation(2, 1).padding(2, 3).winograd()
                .testExact();
        conv(2).channels(2, 3).size(3, 11).kernel(1, 5).stride(1, 2).winograd().testExact();
        conv(2).channels(3, 9).size(40, 48).kernel(7).stride(2).padding(3).bias(false).winograd().testExact();
    }

    @Test
    void everyPaddingModeExact() {
        for (PaddingMode mode : PaddingMode.values()) {
            conv(2).channels(3, 6).size(11, 32).kernel(7).stride(2).padding(3).mode(mode).winograd().testExact();
            conv(2).channels(2, 5).size(7, 24).kernel(3, 9).stride(3).padding(1, 4).mode(mode).winograd().testExact();
            conv(2).channels(2, 4).size(6, 17).kernel(5, 12).stride(2, 3).padding(2, 3).mode(mode).winograd()
                    .testExact();
        }
        conv(2).channels(3, 8).size(15, 30).kernel(7).stride(2).padding("valid")
                .winograd().testExact();
    }

    @Test
    void groupsBatchAndThreadsExact() {
        for (int threads : new int[] {1, 2, 3}) {
            conv(2).batch(2).channels(6, 12).groups(3).size(17, 32).kernel(7).stride(2).padding(3).threads(threads)
                    .winograd().testExact();
            conv(2).channels(3, 64).size(50, 64).kernel(7).stride(2).padding(3).threads(threads).winograd()
                    .testExact();
        }
        conv(2).batch(3).channels(4, 4).groups(4).size(9, 27).kernel(2, 8).stride(2).padding(0, 2).threads(2)
                .winograd().testExact();
    }

    /** The plan the provider picks, at the stem's size, on integer data. */
    @Test
    void chosenPlanExact() {
        ConvTester stem = conv(2).channels(3, 64).size(224, 224).kernel(7).stride(2).padding(3).threads(2);
        assertChosen(stem, true);
        stem.testExact();
    }

    /** Results are bitwise identical for any thread count (each unit writes its own positions). */
    @Test
    void identicalForAnyThreadCount() {
        WinogradPlanTest.identicalForAnyThreadCount(
                conv(2).batch(2).channels(3, 32).size(61, 64).kernel(7).stride(2).padding(3).problem(),
                WinogradWidthPlan.class);
    }

    /** Reals within the bound gamma_(C/g k_h s + 6) (Z + |b|) that WinogradMagnitude derives. */
    @Test
    void realsWithinTheWinogradBound() {
        conv(2).channels(3, 16).size(33, 8 * (2 * L + 1)).kernel(7).stride(2).padding(3).winograd().testReal();
        conv(2).batch(2).channels(4, 6).groups(2).size(9, 27).kernel(2, 8).stride(2).padding(0, 2)
                .mode(PaddingMode.REFLECT).winograd().testReal();
        conv(2).channels(2, 5).size(7, 24).kernel(3, 9).stride(3).padding(1, 4).dilation(2, 1).bias(false)
                .winograd().testReal();
        conv(2).channels(3, 8).size(21, 32).kernel(7).stride(2).padding(3).edgeHeavy().winograd().testReal();
        conv(2).channels(3, 64).size(64, 64).kernel(7).stride(2).padding(3).testReal(); // as the provider plans it
    }

    /**
     * An infinite input would give NaN where the direct sum gives an infinity, and a huge one could overflow inside
     * the transforms: such calls run the direct plan, and the result equals it bit for bit. Just below the limit the
     * transforms run and nothing overflows.
     */
    @Test
    void nonFiniteAndHugeInputsRunTheDirectPlan() {
        ConvProblem p = conv(2).batch(2).channels(3, 16).size(13, 8 * L + 8).kernel(7).stride(2).padding(3)
                .problem();
        SplittableRandom rnd = new SplittableRandom(7);
        float[] w = ConvTester.reals(rnd, p.weightShape().elementCount());
        float[] b = ConvTester.reals(rnd, p.biasLength());
        float[] x = ConvTester.reals(rnd, p.inputShape().elementCount());
        ConvPlan direct = SimdConvPlan.create(p, w, b, 1, null);
        WinogradWidthPlan winograd = new WinogradWidthPlan(p, w, b, 2, ConvTester.HELPERS, direct);
        assertFalse(Arrays.equals(winograd.apply(x), direct.apply(x)), "reals: the transforms round differently");
        int plane = 13 * (8 * L + 8);
        WinogradPlanTest.directResultsFor(direct, winograd, x, new int[] {x.length / 2 + 3, x.length - plane - 1,
            x.length - 1}, new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e38f, -1e38f});
    }

    /**
     * The bias is added after the output transform, as the direct plan adds it: added to m4 (which every output sums
     * once), a bias near MAX overflowed there where the outputs are finite (review of session 17: one input tap of
     * weight 1, an input below the plan's limit, a bias of 3.398e38).
     */
    @Test
    void aLargeBiasIsAddedLast() {
        ConvProblem p = conv(2).channels(1, 16).size(1, 12).kernel(1, 6).stride(1, 2).problem();
        float[] w = new float[p.weightShape().elementCount()];
        for (int k = 0; k < 16; k++) {
            w[k * 6] = 1f;
        }
        float[] b = new float[16];
        Arrays.fill(b, 3.398e38f);
        float[] x = new float[12];
        x[6] = 6.65e35f;
        ConvPlan direct = SimdConvPlan.create(p, w, b, 1, null);
        WinogradWidthPlan winograd = new WinogradWidthPlan(p, w, b, 1, null, direct);
        assertTrue(x[6] < winograd.inputLimit(), "the transforms take this input");
        float[] want = direct.apply(x);
        assertArrayEquals(want, winograd.apply(x));
        assertTrue(Float.isFinite(want[0]) && Float.isFinite(want[2]), Arrays.toString(want));
    }

    /** withFastAlgorithms(false), non-finite weights or bias: the direct plan, where this one would be chosen. */
    @Test
    void directPlanOnRequestAndForNonFiniteWeights() {
        WinogradPlanTest.directPlanOnRequestAndForNonFiniteWeights(
                conv(2).channels(3, 16).size(20, 24).kernel(7).stride(2).padding(3).problem(), WinogradWidthPlan.class);
    }

    @Test
    void smallWeightsDoNotLiftTheInputLimit() {
        WinogradPlanTest.smallWeightsAndHugeInputs(
                conv(2).channels(3, 16).size(13, 8 * L + 8).kernel(7).stride(2).padding(3).problem(),
                (p, w, b, direct) -> new WinogradWidthPlan(p, w, b, 2, ConvTester.HELPERS, direct),
                plan -> ((WinogradWidthPlan) plan).inputLimit());
    }
}
