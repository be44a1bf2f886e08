package dev.vconv.simd;

import static dev.vconv.simd.ConvTester.conv;
import static dev.vconv.simd.ConvTester.convT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import dev.vconv.PlanOptions;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Winograd F(2x2, 3x3) and F(2x2x2, 3x3x3) plans: which problems get one, exact results on integer data for awkward
 * shapes (tiles cut by the image's edges, bands and tile vectors that straddle rows, every padding mode, dilation,
 * groups, transposed convolution), the derived bound on reals ({@link ConvTester#testReal}), and the direct plan for inputs the
 * transforms must not take.
 */
class WinogradPlanTest {
    static final int L = F32CorrKernels.L;

    /** What a Winograd plan can compute: 2D and 3D, 3x3 (3x3x3) stride 1, dilation dividing L along the width. */
    @Test
    void servesStride1ThreeByThree() {
        assertServes(conv(2).channels(1, 1).size(3, 3).kernel(3).padding(1), true);
        assertServes(conv(2).channels(64, 32).groups(2).size(8, 9).kernel(3).dilation(2).padding(2), true);
        assertServes(convT(2).channels(16, 24).size(5, 7).kernel(3).stride(1).padding(1), true);
        assertServes(conv(3).channels(16, 16).size(4, 5, 6).kernel(3).padding(1), true);
        assertServes(conv(2).channels(16, 16).size(9, 9).kernel(3).stride(2).padding(1), false);
        assertServes(conv(2).channels(16, 16).size(9, 9).kernel(3, 2).padding(1), false);
        assertServes(conv(1).channels(16, 16).size(40).kernel(3).padding(1), false);
        assertServes(conv(3).channels(16, 16).size(4, 5, 6).kernel(1, 3, 3).padding(0, 1, 1), false);
        assertServes(conv(3).channels(16, 16).size(5, 5, 6).kernel(3).stride(2).padding(1), false);
        assertServes(conv(2).channels(16, 16).size(12, 12).kernel(3).dilation(1, 3).padding(3), false); // 3 !| L
        assertServes(convT(2).channels(16, 16).size(5, 5).kernel(3).stride(2).padding(1), false);
    }

    private static void assertServes(ConvTester t, boolean expected) {
        ConvProblem p = t.problem();
        float[] w = new float[p.weightShape().elementCount()];
        assertEquals(expected, WinogradPlan.serves(new Geometry(p), w, null), t.toString());
    }

    /** Where the provider chooses it: enough channels (64 in 2D, 24 in 3D) and images not much smaller than a tile. */
    @Test
    void providerChoosesWinogradWhereItPays() {
        assertChosen(conv(2).channels(64, 64).size(20, 20).kernel(3).padding(1), true);
        assertChosen(conv(2).batch(4).channels(64, 64).size(14, 14).kernel(3).padding(1), true);
        assertChosen(convT(2).channels(64, 128).size(16, 16).kernel(3).stride(1).dilation(2).padding(2), true);
        assertChosen(conv(3).channels(24, 32).size(8, 8, 8).kernel(3).padding(1), true);
        // SimdDeterminismTest's Winograd problems
        assertChosen(conv(2).channels(64, 64).size(30, 33).kernel(3).padding(1), true);
        assertChosen(conv(3).channels(24, 24).size(9, 8, 10).kernel(3).padding(1), true);
        assertChosen(conv(2).channels(48, 64).size(20, 20).kernel(3).padding(1), false); // few input channels
        assertChosen(conv(2).channels(64, 48).size(20, 20).kernel(3).padding(1), false); // few output channels
        // 7x7 in stacks of 8 images: 61% real tile outputs (392 of 640 at 512 and 256 bits); one image: 38%
        assertChosen(conv(2).batch(8).channels(128, 128).size(7, 7).kernel(3).padding(1), true);
        if (L >= 8) {
            assertChosen(conv(2).channels(128, 128).size(7, 7).kernel(3).padding(1), false); // 51% at L = 4
        }
        assertChosen(conv(2).batch(2).channels(128, 128).size(2, 2).kernel(3).padding(1), false); // 8 of 2L x 4
        assertChosen(conv(3).channels(32, 16).size(8, 8, 8).kernel(3).padding(1), false);
        assertChosen(conv(2).channels(128, 128).size(9, 9).kernel(3).stride(2).padding(1), false); // cannot
    }

    private static void assertChosen(ConvTester t, boolean expected) {
        String plan = t.planDescription();
        assertEquals(expected, plan.startsWith("simd(conv by Winograd") || plan.startsWith("simd(convT by Winograd"),
                t + "\n  plan " + plan);
    }

    /**
     * Tile starts every other row and column (every d-th pair with dilation d): odd sizes leave half tiles at the
     * bottom and right; row widths around L and 2L make the vectors of tiles straddle bands; tiny images put several
     * bands in one vector.
     */
    @Test
    void awkwardSizesExact() {
        for (boolean wide : new boolean[] {false, true}) {
            int[] sizes = {1, 2, 3, 5, L - 1, L, L + 1, 2 * L - 3, 2 * L + 1};
            for (int h : new int[] {1, 2, 3, 6, 7}) {
                for (int w : sizes) {
                    conv(2).channels(16, 17).size(h, w).kernel(3).padding(1).winograd(wide).testExact();
                }
            }
            conv(2).batch(2).channels(24, 33).size(9, 3 * L + 3).kernel(3).padding(0).winograd(wide).testExact();
            conv(2).channels(17, 40).size(4 * L + 1, 5).kernel(3).padding(2).bias(false).winograd(wide).testExact();
        }
    }

    @Test
    void dilationAndTransposedExact() {
        for (boolean wide : new boolean[] {false, true}) {
            for (int d : new int[] {2, 4}) {
                conv(2).channels(16, 16).size(4 * d + 1, 3 * L + 1).kernel(3).dilation(d).padding(d)
                        .winograd(wide).testExact();
                conv(2).channels(16, 16).size(2 * d + 3, L + 1).kernel(3).dilation(d, 1).padding(0)
                        .winograd(wide).testExact();
                conv(2).channels(16, 16).size(7, 2 * L - 1).kernel(3).dilation(1, d).padding(1, d)
                        .winograd(wide).testExact();
                // stride 1, output padding up to d - 1, padding that crops
                convT(2).channels(16, 16).size(5, L + 3).kernel(3).stride(1).dilation(d).padding(d + 1)
                        .outputPadding(d - 1).winograd(wide).testExact();
            }
            convT(2).channels(32, 48).groups(2).size(6, 2 * L + 1).kernel(3).stride(1).padding(0)
                    .winograd(wide).testExact();
            convT(2).batch(3).channels(16, 16).size(1, 1).kernel(3).stride(1).padding(0)
                    .winograd(wide).testExact(); // kernel > input
        }
    }

    /**
     * F(2x2x2, 3x3x3): tile slabs cut by the depth's edge (odd depths), bands of several slabs and rows in one vector,
     * dilation per axis, transposed, groups, threads.
     */
    @Test
    void threeDimensionsExact() {
        for (boolean wide : new boolean[] {false, true}) {
            for (int depth : new int[] {1, 2, 3, 5}) {
                conv(3).channels(16, 17).size(depth, 3, L + 1).kernel(3).padding(1).winograd(wide).testExact();
            }
            conv(3).batch(2).channels(16, 24).size(6, 7, 5).kernel(3).padding(1).threads(2).winograd(wide).testExact();
            conv(3).channels(16, 16).size(9, 6, 2 * L + 1).kernel(3).dilation(2, 1, 4).padding(2, 1, 4)
                    .winograd(wide).testExact();
            conv(3).channels(32, 32).groups(2).size(4, 5, 6).kernel(3).padding(1).mode(PaddingMode.REFLECT)
                    .winograd(wide).testExact();
            conv(3).channels(16, 16).size(5, 4, 9).kernel(3).padding(1).mode(PaddingMode.CIRCULAR).threads(3)
                    .winograd(wide).testExact();
            convT(3).channels(16, 20).size(3, 4, L - 1).kernel(3).stride(1).dilation(2).padding(3).outputPadding(1)
                    .winograd(wide).testExact();
            convT(3).channels(24, 16).size(2, 3, 5).kernel(3).stride(1).padding(0).bias(false)
                    .winograd(wide).testExact();
        }
    }

    @ParameterizedTest
    @EnumSource(PaddingMode.class)
    void everyPaddingModeExact(PaddingMode mode) {
        for (boolean wide : new boolean[] {false, true}) {
            conv(2).channels(16, 16).size(7, L + 2).kernel(3).padding(1).mode(mode).winograd(wide).testExact();
            conv(2).channels(16, 16).size(9, L + 5).kernel(3).dilation(2).padding(2).mode(mode)
                    .winograd(wide).testExact();
            conv(2).channels(16, 16).size(6, 11).kernel(3).padding("same").mode(mode).winograd(wide).testExact();
        }
    }

    @Test
    void groupsBatchAndThreadsExact() {
        for (boolean wide : new boolean[] {false, true}) {
            for (int threads : new int[] {1, 2, 3}) {
                conv(2).batch(3).channels(64, 48).groups(2).size(10, 2 * L + 3).kernel(3).padding(1).threads(threads)
                        .winograd(wide).testExact();
                conv(2).channels(16, 16).size(40, 3 * L).kernel(3).padding(1).threads(threads)
                        .winograd(wide).testExact(); // chunks
            }
            conv(2).channels(256, 24).size(40, 41).kernel(3).padding(1)
                    .winograd(wide).testExact(); // several chunks per image
        }
    }

    /**
     * Blocks of 6L tiles (the 4x6 products kernel) at 512 bits where they compute at most 5% more tiles per image
     * than blocks of 2L: resnet-3x3's 812 tiles (864 against 832), not resnet-3x3-b8's stacks of 8 images of 56 (480
     * against 448 per stack). Each block size in its own stacks (at most 16 blocks): images of 100 tiles in a batch
     * of 8 compute 104 tiles per image in 2L blocks (stacks of 4), 108 in 6L (stacks of 8; in stacks of 4, 120).
     */
    @Test
    void wideBlocksWhereTheyComputeFewJunkTiles() {
        int wide = L >= 16 ? 6 * L : 2 * L;
        assertEquals(wide, WinogradPlan.blockTiles(1, 812));
        assertEquals(wide, WinogradPlan.blockTiles(1, 30 * 6 * L));
        assertEquals(2 * L, WinogradPlan.blockTiles(8, 56));
        assertEquals(2 * L, WinogradPlan.blockTiles(1, 2 * L));
        assertEquals(wide, WinogradPlan.blockTiles(8, 100));
        if (L == 16) {
            assertEquals(104.0, WinogradPlan.computedPerImage(8, 100, 2 * L));
            assertEquals(108.0, WinogradPlan.computedPerImage(8, 100, 6 * L));
        }
        String plan = conv(2).channels(64, 64).size(56, 56).kernel(3).padding(1).planDescription();
        assertTrue(plan.contains(L >= 16 ? "blocks of 96 tiles, 16 products by corrPacked4x6v"
                : "corrPacked4x2v"), plan);
    }

    /**
     * Images per stack: the largest divisor of the batch whose tiles fit STACK_BLOCKS blocks; one where one image is
     * more.
     */
    @Test
    void stackSize() {
        for (int tb : new int[] {2 * L, 6 * L}) {
            int most = WinogradPlan.STACK_BLOCKS * tb;
            assertEquals(7, WinogradPlan.stackSize(7, most / 7, tb));
            assertEquals(1, WinogradPlan.stackSize(7, most / 7 + 1, tb)); // 7 is prime
            assertEquals(4, WinogradPlan.stackSize(12, most / 5, tb));
            assertEquals(1, WinogradPlan.stackSize(12, most + 1, tb));
            assertEquals(1, WinogradPlan.stackSize(1, 1, tb));
        }
        // dcgan-up-32's 132 F(3x3, 2x2) tiles per phase at L = 16: blocks of 32 and of 96 tiles
        assertEquals(2, WinogradPlan.stackSize(16, 132, 32));
        assertEquals(8, WinogradPlan.stackSize(16, 132, 96));
    }

    /**
     * Small images go in stacks: blocks and chunks straddle images, the last block of a stack is part junk. Exact in
     * 2D and 3D, with dilation, groups, a padding mode, convT, threads; a non-finite value in the last image of a
     * stack sends the whole call to the direct plan.
     */
    @Test
    void stackedImagesExact() {
        for (boolean wide : new boolean[] {false, true}) {
            for (int threads : new int[] {1, 2, 3}) {
                ConvTester t = conv(2).batch(6).channels(16, 17).size(5, 7).kernel(3).padding(1).threads(threads)
                        .winograd(wide);
                assertTrue(t.planDescription().contains(" in stacks of 6 images"), t.planDescription());
                t.testExact();
                conv(3).batch(4).channels(16, 8).size(3, 4, 5).kernel(3).padding(1).threads(threads).winograd(wide)
                        .testExact();
            }
            conv(2).batch(5).channels(32, 16).groups(2).size(6, L + 1).kernel(3).dilation(2).padding(2)
                    .mode(PaddingMode.REFLECT).winograd(wide).testExact();
            convT(2).batch(4).channels(16, 16).size(3, 5).kernel(3).stride(1).padding(1).bias(false).winograd(wide)
                    .testExact();

            stackOfThreeFallsBack(conv(2).batch(3).channels(16, 16).size(5, 7).kernel(3).padding(1)
                    .bias(false).problem(),
                    Float.NaN);
        }
    }

    /**
     * Also WinogradPhasePlanTest's: p (no bias) is computed in one stack of 3 images, and a non-finite value in the
     * last image's input sends the whole call to the direct plan.
     */
    static void stackOfThreeFallsBack(ConvProblem p, float bad) {
        SplittableRandom rnd = new SplittableRandom(11);
        float[] w = ConvTester.reals(rnd, p.weightShape().elementCount());
        float[] x = ConvTester.reals(rnd, p.inputShape().elementCount());
        ConvPlan direct = SimdConvPlan.create(p, w, null, 1, null);
        ConvPlan winograd = winogradPlan(p, w, null, direct);
        assertTrue(winograd.toString().contains(" in stacks of 3 images"), winograd.toString());
        x[x.length - 1] = bad;
        assertArrayEquals(direct.apply(x), winograd.apply(x));
    }

    /** The Winograd plan that serves p: F(2x2, 3x3) (or 3D) where it can, else F(m x m, 2x2) on stride phases. */
    private static ConvPlan winogradPlan(ConvProblem p, float[] w, float[] b, ConvPlan direct) {
        return WinogradPlan.serves(new Geometry(p), w, b) ? new WinogradPlan(p, w, b, 1, null, direct)
                : new WinogradPhasePlan(p, w, b, 1, null, direct);
    }

    /** Reals within the bound gamma_(C/g + 8) (Z + |b|) that WinogradMagnitude derives, not the direct sum's. */
    @Test
    void realsWithinTheWinogradBound() {
        for (boolean wide : new boolean[] {false, true}) {
            conv(2).channels(64, 32).size(9, 2 * L + 3).kernel(3).padding(1).winograd(wide).testReal();
            conv(2).batch(2).channels(32, 32).groups(2).size(12, L + 1).kernel(3).dilation(2).padding(2)
                    .mode(PaddingMode.REFLECT).winograd(wide).testReal();
            convT(2).channels(48, 16).size(7, L + 5).kernel(3).stride(1).dilation(2).padding(1).outputPadding(1)
                    .winograd(wide).testReal();
            conv(3).channels(32, 16).size(5, 6, L + 3).kernel(3).padding(1).winograd(wide).testReal();
            convT(3).channels(16, 24).size(4, 3, 7).kernel(3).stride(1).padding(1).mode(PaddingMode.ZEROS)
                    .winograd(wide).testReal();
        }
    }

    /**
     * An infinite input would give NaN where the direct sum gives an infinity, and a huge one could overflow inside
     * the transforms: such calls run the direct plan, and the result equals it bit for bit. Finite inputs below the
     * limit run the transforms (the results then differ from the direct plan's rounding).
     */
    @Test
    void nonFiniteAndHugeInputsRunTheDirectPlan() {
        nonFiniteAndHugeInputs(conv(2).channels(16, 16).size(6, L + 3).kernel(3).padding(1).problem());
        nonFiniteAndHugeInputs(conv(3).channels(16, 16).size(3, 4, L + 3).kernel(3).padding(1).problem());
    }

    /** Also WinogradPhasePlanTest's: p is a problem for either Winograd plan. */
    static void nonFiniteAndHugeInputs(ConvProblem p) {
        SplittableRandom rnd = new SplittableRandom(7);
        float[] w = ConvTester.reals(rnd, p.weightShape().elementCount());
        float[] b = ConvTester.reals(rnd, p.biasLength());
        float[] x = ConvTester.reals(rnd, p.inputShape().elementCount());
        ConvPlan direct = SimdConvPlan.create(p, w, b, 1, null);
        ConvPlan winograd = winogradPlan(p, w, b, direct);
        boolean phases = winograd instanceof WinogradPhasePlan;
        assertFalse(Arrays.equals(winograd.apply(x), direct.apply(x)), "reals: the transforms round differently");
        float huge = 1e36f;
        for (float v : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, huge, -huge}) {
            float[] xv = x.clone();
            xv[xv.length / 2 + 3] = v;
            float[] before = xv.clone();
            float[] got = winograd.apply(xv);
            assertArrayEquals(direct.apply(xv), got, "input value " + v);
            assertArrayEquals(before, xv, "the input must not change");
        }
        // Just below the limit the transforms run and nothing overflows.
        float[] xs = x.clone();
        xs[0] = Math.nextDown(phases ? ((WinogradPhasePlan) winograd).inputLimit()
                : ((WinogradPlan) winograd).inputLimit());
        for (float v : winograd.apply(xs)) {
            if (!Float.isFinite(v)) {
                fail("overflow below the input limit: " + v);
            }
        }
    }

    /** Makes a fast plan with the given fallback. */
    interface FastPlan {
        ConvPlan make(ConvProblem p, float[] w, float[] b, ConvPlan direct);
    }

    @Test
    void smallWeightsDoNotLiftTheInputLimit() {
        FastPlan f = (p, w, b, direct) -> new WinogradPlan(p, w, b, 2, ConvTester.HELPERS, direct);
        smallWeightsAndHugeInputs(conv(2).channels(16, 16).size(6, L + 3).kernel(3).padding(1).problem(), f,
                plan -> ((WinogradPlan) plan).inputLimit());
        smallWeightsAndHugeInputs(conv(3).channels(16, 16).size(3, 4, L + 3).kernel(3).padding(1).problem(), f,
                plan -> ((WinogradPlan) plan).inputLimit());
    }

    /**
     * Small or zero weights do not lift the input limit past what the input transform itself can take: opposite huge
     * values at neighbours along every axis (B^T takes their differences) run the direct plan, bit for bit; and just
     * below the limit, with the input's signs alternating along every axis, every output is finite.
     */
    static void smallWeightsAndHugeInputs(ConvProblem p, FastPlan fast,
            java.util.function.ToDoubleFunction<ConvPlan> limit) {
        SplittableRandom rnd = new SplittableRandom(11);
        float[] b = ConvTester.reals(rnd, p.biasLength());
        float[] x = ConvTester.reals(rnd, p.inputShape().elementCount());
        int[] dims = p.inputShape().dims();
        int w = dims[dims.length - 1];
        int plane = w * dims[dims.length - 2];
        for (float scale : new float[] {1e-4f, 0f}) {
            float[] wt = ConvTester.reals(rnd, p.weightShape().elementCount());
            for (int i = 0; i < wt.length; i++) {
                wt[i] *= scale;
            }
            ConvPlan direct = SimdConvPlan.create(p, wt, b, 1, null);
            ConvPlan plan = fast.make(p, wt, b, direct);
            float[] xv = x.clone();
            int at = x.length - 2 * plane - w - 2; // the last channel, not at an edge of its rows
            xv[at] = 2e38f;
            for (int step : new int[] {1, w, plane}) {
                xv[at + step] = -2e38f;
            }
            assertArrayEquals(direct.apply(xv), plan.apply(xv), "weights x " + scale + ", opposite huge inputs");
            float below = Math.nextDown((float) limit.applyAsDouble(plan));
            float[] xs = new float[x.length];
            for (int i = 0; i < xs.length; i++) {
                int parity = 0;
                for (int a = dims.length - 1, rest = i; a >= 2; rest /= dims[a], a--) {
                    parity += rest % dims[a];
                }
                xs[i] = parity % 2 == 0 ? below : -below;
            }
            for (float v : plan.apply(xs)) {
                if (!Float.isFinite(v)) {
                    fail("weights x " + scale + ": overflow below the input limit " + below + ": " + v);
                }
            }
        }
    }

    /**
     * withFastAlgorithms(false), non-finite weights and a non-finite bias: the direct plan (its IEEE semantics are the
     * reference's), chosen at plan time, where this one would have been chosen; bit for bit the direct result.
     */
    @Test
    void directPlanOnRequestAndForNonFiniteWeights() {
        directPlanOnRequestAndForNonFiniteWeights(
                conv(2).channels(64, 64).size(12, 12).kernel(3).padding(1).problem(), WinogradPlan.class);
    }

    /**
     * The provider's plan of {@code p} is a {@code fast} one and gives bitwise identical results for 1, 2, 3 and 5
     * threads (each unit writes its own outputs, in a fixed order), on random reals.
     */
    static void identicalForAnyThreadCount(ConvProblem p, Class<? extends ConvPlan> fast) {
        SplittableRandom rnd = new SplittableRandom(5);
        float[] w = ConvTester.reals(rnd, p.weightShape().elementCount());
        float[] b = ConvTester.reals(rnd, p.biasLength());
        float[] x = ConvTester.reals(rnd, p.inputShape().elementCount());
        float[] one = null;
        for (int threads : new int[] {1, 2, 3, 5}) {
            ConvPlan plan = ConvTester.PROVIDER.plan(p, w, b, PlanOptions.defaults().withThreads(threads));
            assertTrue(fast.isInstance(plan), plan.toString());
            float[] y = plan.apply(x);
            if (one == null) {
                one = y;
            } else {
                assertArrayEquals(one, y, threads + " threads");
            }
        }
    }

    /**
     * Each of {@code values} at each of {@code positions} of {@code x}: the fast plan's result equals the direct plan's
     * bit for bit, and the input is left as it was.
     */
    static void directResultsFor(ConvPlan direct, ConvPlan fast, float[] x, int[] positions, float[] values) {
        for (int at : positions) {
            for (float v : values) {
                float[] xv = x.clone();
                xv[at] = v;
                float[] before = xv.clone();
                assertArrayEquals(direct.apply(xv), fast.apply(xv), "input value " + v + " at " + at);
                assertArrayEquals(before, xv, "the input must not change");
            }
        }
    }

    /** The check of {@link #directPlanOnRequestAndForNonFiniteWeights()} for any fast plan class the provider has. */
    static void directPlanOnRequestAndForNonFiniteWeights(ConvProblem p, Class<? extends ConvPlan> fast) {
        SplittableRandom rnd = new SplittableRandom(3);
        float[] w = ConvTester.reals(rnd, p.weightShape().elementCount());
        float[] b = ConvTester.reals(rnd, p.biasLength());
        float[] x = ConvTester.reals(rnd, p.inputShape().elementCount());
        ConvPlan chosen = ConvTester.PROVIDER.plan(p, w, b, PlanOptions.singleThreaded());
        assertTrue(fast.isInstance(chosen), chosen.toString());
        ConvPlan plan = ConvTester.PROVIDER.plan(p, w, b, PlanOptions.singleThreaded().withFastAlgorithms(false));
        assertFalse(fast.isInstance(plan), plan.toString());
        assertArrayEquals(SimdConvPlan.create(p, w, b, 1, null).apply(x), plan.apply(x));
        // NaN, and a finite weight so large that G g would overflow (every G here has |G g| <= 4 |w|).
        for (float bad : new float[] {Float.NaN, Float.MAX_VALUE * 0.6f}) {
            float[] badWeight = w.clone();
            badWeight[5] = bad;
            plan = ConvTester.PROVIDER.plan(p, badWeight, b, PlanOptions.singleThreaded());
            assertFalse(fast.isInstance(plan), "weight " + bad + ": " + plan);
        }
        float[] badBias = b.clone();
        badBias[2] = Float.POSITIVE_INFINITY;
        plan = ConvTester.PROVIDER.plan(p, w, badBias, PlanOptions.singleThreaded());
        assertFalse(fast.isInstance(plan), plan.toString());
    }
}
