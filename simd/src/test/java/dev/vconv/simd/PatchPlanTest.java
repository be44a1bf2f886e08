package dev.vconv.simd;

import static dev.vconv.simd.ConvTester.conv;
import static dev.vconv.simd.ConvTester.convT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Convolutions of non-overlapping patches (dilated kernel at most the stride on every axis) as a 1x1 conv of the
 * gathered patches: which problems it applies to and which the provider gives it, exact results on integer data for
 * awkward shapes (every rank, kernels below and equal to the stride, dilated taps, padding of every mode, sizes the
 * stride does not divide, groups, batches split into chunks with a shorter last one, threads), the bound on reals,
 * non-finite values as the reference has them, and identical results for any thread count.
 */
class PatchPlanTest {
    static final int L = F32CorrKernels.L;

    @Test
    void appliesWherePatchesDoNotOverlap() {
        assertApplies(conv(2).channels(3, 8).size(32, 32).kernel(16).stride(16), true); // ViT's patch embedding
        assertApplies(conv(2).channels(8, 8).size(9, 9).kernel(1).stride(2), true); // ResNet's 1x1 shortcut
        assertApplies(conv(2).channels(8, 8).size(9, 9).kernel(2, 3).stride(2, 3), true);
        assertApplies(conv(1).channels(8, 8).size(20).kernel(2).stride(4).dilation(3), true); // span 4
        assertApplies(conv(3).channels(8, 8).size(4, 6, 6).kernel(1, 2, 2).stride(1, 2, 2), true);
        assertApplies(conv(1).channels(8, 8).size(20).kernel(2).stride(4).dilation(4), false); // span 5
        assertApplies(conv(2).channels(8, 8).size(9, 9).kernel(3).stride(2), false); // overlapping
        assertApplies(conv(2).channels(8, 8).size(9, 9).kernel(1).stride(1), false); // the 1x1 conv itself
        assertApplies(convT(2).channels(8, 8).size(9, 9).kernel(2).stride(2), false);
    }

    private static void assertApplies(ConvTester t, boolean expected) {
        assertEquals(expected, PatchPlan.applies(t.problem()), t.toString());
    }

    /** Chosen from {@link PatchPlan#PAYS_OUT_CHANNELS} output channels per group, whatever the rest. */
    @Test
    void providerChoosesItWherePays() {
        assertChosen(conv(2).channels(3, 768).size(224, 224).kernel(16).stride(16), true);
        assertChosen(conv(2).channels(64, 128).size(128, 128).kernel(2).stride(2), true); // unet-up-2x2.adjoint
        assertChosen(conv(2).channels(64, 32).size(16, 16).kernel(1).stride(2), true);
        assertChosen(conv(2).channels(64, 64).groups(2).size(16, 16).kernel(2).stride(2), true);
        assertChosen(conv(2).channels(64, 16).size(16, 16).kernel(2).stride(2), false); // 0.83-0.88, A/B
        assertChosen(conv(2).channels(64, 64).groups(8).size(16, 16).kernel(2).stride(2), false);
        assertChosen(conv(2).channels(64, 64).size(16, 16).kernel(3).stride(2), false);
    }

    private static void assertChosen(ConvTester t, boolean expected) {
        String plan = t.planDescription();
        assertEquals(expected, plan.startsWith("simd(conv of non-overlapping patches"), t + "\n  plan " + plan);
    }

    /**
     * Integer data, bit for bit the reference's: output widths below, at and above a vector (the gather's strided
     * copies end with an overlapping vector or go one by one), strides that do not divide the input, kernels below
     * the stride, dilated taps, every rank.
     */
    @Test
    void awkwardSizesExact() {
        for (int ow : new int[] {1, L - 1, L, L + 1, 2 * L + 3}) {
            for (int s = 2; s <= 4; s++) {
                int w = ow * s + s - 1; // s - 1 columns no patch reads
                conv(2).channels(3, 5).size(5, w).kernel(2, s).stride(2, s).patches(PatchPlan.CHUNK_FLOATS)
                        .testExact();
                conv(2).channels(3, 5).size(4, w).kernel(1).stride(2, s).patches(PatchPlan.CHUNK_FLOATS).testExact();
                // Every column read: the last row's strided copy ends at the input's last element.
                conv(2).channels(2, 3).size(4, ow * s).kernel(2, s).stride(2, s).patches(PatchPlan.CHUNK_FLOATS)
                        .testExact();
            }
        }
        conv(1).channels(4, 6).size(41).kernel(2).stride(4).dilation(3).patches(PatchPlan.CHUNK_FLOATS).testExact();
        conv(3).channels(3, 4).size(5, 6, 7).kernel(2, 1, 3).stride(2, 3, 3).patches(PatchPlan.CHUNK_FLOATS)
                .testExact();
        conv(2).channels(3, 40).size(64, 64).kernel(16).stride(16).bias(false).patches(PatchPlan.CHUNK_FLOATS)
                .testExact();
    }

    /** Padding of every mode: zero rows are skipped, the other modes' rows and columns read mirrored sources. */
    @Test
    void everyPaddingModeExact() {
        for (PaddingMode mode : PaddingMode.values()) {
            conv(2).channels(3, 6).size(11, 2 * L + 2).kernel(2).stride(2).padding(1).mode(mode)
                    .patches(PatchPlan.CHUNK_FLOATS).testExact();
            conv(2).channels(2, 5).size(7, 13).kernel(1, 3).stride(3).padding(1, 2).mode(mode)
                    .patches(PatchPlan.CHUNK_FLOATS).testExact();
            conv(3).channels(2, 3).size(3, 5, 9).kernel(2).stride(2, 3, 3).padding(1).mode(mode)
                    .patches(PatchPlan.CHUNK_FLOATS).testExact();
        }
    }

    /** Groups, and batches in chunks of 1, 2 and 4 images (a shorter last chunk at 2 and 4), on 1 to 3 threads. */
    @Test
    void groupsChunksAndThreadsExact() {
        ConvTester t = conv(2).batch(5).channels(6, 12).groups(3).size(9, 20).kernel(2).stride(2);
        int perImage = 6 * 4 * 4 * 10;
        for (int images : new int[] {1, 2, 4, 8}) {
            for (int threads : new int[] {1, 2, 3}) {
                t.threads(threads).patches(images * perImage).testExact();
            }
        }
        conv(2).batch(3).channels(4, 4).groups(4).size(8, 40).kernel(1, 2).stride(2).patches(1).threads(2)
                .testExact();
    }

    /**
     * The patch input's positions that read zero padding are zero from its allocation and never written: a call on an
     * input of NaNs leaves NaN everywhere else in the reused scratch, and the next call, on integers, must still be
     * exact (chunks of one image, so every chunk reuses it too).
     */
    @Test
    void zeroPaddingStaysZeroAcrossCallsAndChunks() {
        ConvTester t = conv(2).batch(3).channels(3, 6).size(11, 20).kernel(2).stride(2).padding(1).patches(1);
        ConvProblem p = t.problem();
        SplittableRandom rnd = new SplittableRandom(2);
        float[] w = ConvTester.ints(rnd, p.weightShape().elementCount());
        float[] b = ConvTester.ints(rnd, p.biasLength());
        float[] x = ConvTester.ints(rnd, p.inputShape().elementCount());
        for (int threads : new int[] {1, 2}) {
            ConvPlan plan = t.threads(threads).plan(p, w, b);
            float[] nan = new float[x.length];
            Arrays.fill(nan, Float.NaN);
            plan.apply(nan);
            assertArrayEquals(ConvTester.reference(p, x, w, b), plan.apply(x), threads + " threads");
        }
    }

    /** The plan the provider picks, at ViT's and U-Net's sizes, on integer data. */
    @Test
    void chosenPlanExact() {
        ConvTester vit = conv(2).channels(3, 96).size(224, 224).kernel(16).stride(16).threads(2);
        assertChosen(vit, true);
        vit.testExact();
        ConvTester unet = conv(2).batch(2).channels(32, 64).size(64, 64).kernel(2).stride(2).threads(2);
        assertChosen(unet, true);
        unet.testExact();
    }

    /** Reals within the direct sum's bound (the plan sums C/g x taps products per output, nothing transformed). */
    @Test
    void realsWithinTheBound() {
        conv(2).batch(3).channels(8, 40).size(20, 36).kernel(2).stride(2).padding(1).mode(PaddingMode.REFLECT)
                .patches(600).testReal();
        conv(2).channels(3, 64).size(64, 64).kernel(8).stride(8).testReal(); // as the provider plans it
        conv(3).channels(4, 32).size(6, 8, 10).kernel(2).stride(2).edgeHeavy().testReal();
    }

    /** Results are bitwise identical for any thread count. */
    @Test
    void identicalForAnyThreadCount() {
        WinogradPlanTest.identicalForAnyThreadCount(
                conv(2).batch(3).channels(16, 32).size(40, 52).kernel(2).stride(2).problem(), PatchPlan.class);
    }

    /**
     * A NaN or infinity in the input or weights reaches the outputs that read it as in the reference (nothing is
     * transformed, so no fallback plan), and the input is left as it was.
     */
    @Test
    void nonFiniteValuesAsTheReference() {
        ConvProblem p = conv(2).batch(2).channels(4, 32).size(12, 2 * L + 4).kernel(2).stride(2).problem();
        ConvTester.nonFiniteValuesAsTheReference(p, PatchPlan.class, new int[] {5});
    }
}
