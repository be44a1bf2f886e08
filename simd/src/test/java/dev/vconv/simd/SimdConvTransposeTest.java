package dev.vconv.simd;

import static dev.vconv.simd.ConvTester.convT;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Transposed convolution through the SIMD provider (stride-phase decomposition) against the scatter, zero-insertion
 * and matrix references.
 */
class SimdConvTransposeTest {
    static final int L = F32CorrKernels.L;

    @Test
    void dcganShapes() {
        convT(2).channels(9, 8).size(4, 5).kernel(4).stride(2).padding(1).testExact();
        convT(2).channels(16, 17).size(3, 3).kernel(4).stride(2).padding(1).testExact();
        convT(2).batch(2).channels(7, 9).size(6, 5).kernel(4).stride(2).padding(1).bias(false).testExact();
    }

    @Test
    void awkwardChannelsAndWidths() {
        for (int c : new int[] {1, 7, 8, 9, 17}) {
            for (int w : new int[] {1, L / 2 - 1, L / 2, L / 2 + 1, L + 1}) {
                convT(2).channels(c, c).size(3, w).kernel(3).stride(2).padding(1).outputPadding(1).testExact();
            }
        }
    }

    @Test
    void primeStridesAndStrideLargerThanKernel() {
        convT(2).channels(3, 8).size(5, 4).kernel(2).stride(3).testExact(); // phases with no tap: bias only
        convT(2).channels(3, 9).size(4, 6).kernel(3, 2).stride(5, 3).padding(1, 0).testExact();
        convT(1).channels(2, 3).size(9).kernel(1).stride(7).testExact();
        convT(2).channels(2, 9).size(5, 5).kernel(1).stride(4).bias(false).testExact();
        convT(1).channels(4, 8).size(11).kernel(3).stride(5).padding(2).outputPadding(4).testExact();
    }

    @Test
    void outputPaddingAtItsMaximum() {
        convT(2).channels(3, 8).size(6, 5).kernel(3).stride(3).padding(1).outputPadding(2).testExact();
        convT(2).channels(3, 8).size(6, 5).kernel(3).stride(1).dilation(3).outputPadding(2).testExact();
        convT(2).channels(4, 9).size(5, 7).kernel(3, 4).stride(2, 3).outputPadding(1, 2).padding(1, 2).testExact();
        convT(3).channels(2, 3).size(3, 4, 2).kernel(2).stride(2, 3, 2).outputPadding(1, 2, 1).testExact();
    }

    @Test
    void dilationWithStride() {
        convT(2).channels(3, 8).size(6, 5).kernel(3).stride(2).dilation(2).padding(2).testExact();
        convT(2).channels(3, 9).size(5, 7).kernel(3, 2).stride(3).dilation(2, 3).padding(1).outputPadding(1)
                .testExact();
        convT(2).channels(4, 8).size(8, 9).kernel(3).stride(1).dilation(2).padding(2).testExact();
        convT(1).channels(3, 4).size(13).kernel(4).stride(4).dilation(6).padding(5).outputPadding(5).testExact();
    }

    @Test
    void croppingByPaddingAndKernelLargerThanInput() {
        convT(2).channels(3, 8).size(2, 3).kernel(7).stride(2).padding(3).testExact();
        convT(2).channels(3, 9).size(1, 1).kernel(5).stride(3).padding(1).testExact();
        convT(2).channels(2, 8).size(3, 3).kernel(5).stride(1).padding(3).testExact();
        convT(1).channels(2, 8).size(4).kernel(9).stride(2).padding(7).outputPadding(1).testExact();
    }

    @Test
    void groupsAndDepthwise() {
        convT(2).channels(6, 9).groups(3).size(5, 6).kernel(3).stride(2).padding(1).outputPadding(1).testExact();
        convT(2).channels(8, 8).groups(8).size(7, 9).kernel(4).stride(2).padding(1).testExact(); // depthwise
        convT(2).channels(5, 10).groups(5).size(6, 5).kernel(3).stride(2).testExact(); // one input channel per group
        convT(2).channels(10, 5).groups(5).size(6, 5).kernel(2).stride(2).testExact(); // one output channel per group
        convT(2).channels(16, 64).groups(4).size(5, 4).kernel(3).stride(2).padding(1).outputPadding(1).testExact();
    }

    /** One channel per group, width stride 2: both width phases of a row computed together and zipped. */
    @Test
    void depthwiseWidthPhasePairs() {
        ConvTester pairs = convT(2).channels(6, 6).groups(6).size(5, 2 * L + 1).kernel(4).stride(2).padding(1);
        assertTrue(pairs.planDescription().contains("width phase pairs"), pairs.planDescription());
        pairs.testExact();
        convT(2).channels(3, 3).groups(3).size(4, L).kernel(3).stride(2).padding(1).outputPadding(1).testExact();
        convT(2).channels(3, 3).groups(3).size(4, L - 1).kernel(3).stride(2).padding(1).testExact(); // odd width
        convT(2).channels(2, 2).groups(2).size(3, 7).kernel(1).stride(2).outputPadding(1).testExact(); // no-tap phase
        convT(2).channels(2, 2).groups(2).size(5, 9).kernel(3).stride(2).dilation(2).padding(2).testExact();
        convT(3).batch(2).channels(3, 3).groups(3).size(3, 4, L + 3).kernel(4).stride(2).padding(1).threads(3)
                .testExact();
        convT(2).channels(4, 4).groups(4).size(6, 3 * L).kernel(4).stride(2).padding(1).testReal();
    }

    /**
     * Width-phase pairs whose rows are (nearly) whole vectors run tiles of phase-row vectors, zipped into the output:
     * rows of one vector short of, at and a lane short of whole vectors, tiles that hold the end of one row and the
     * start of the next (packed per tap, not by row), a chunk's last tile with fewer vectors than the tile (the last
     * one repeated), output padding that makes the second phase a column narrower, more output channels than a
     * block group, groups, 3D, bias or none, threads whose chunks split the rows. (Over 32 input channels per group:
     * fewer run the flat kernels.)
     */
    @Test
    void phasePairsRunTilesOfRowVectors() {
        for (int width : new int[] {L - 1, L, 2 * L - 1, 2 * L, 3 * L, 4 * L}) {
            for (int height : new int[] {1, 3, 5}) {
                ConvTester fcn = convT(2).channels(36, 8).size(height, width).kernel(3).stride(2).padding(1)
                        .outputPadding(1);
                assertTrue(fcn.planDescription().contains("phase-row vectors"), fcn.planDescription());
                fcn.testExact();
                ConvTester dcgan = convT(2).channels(40, 16).size(height, width).kernel(4).stride(2).padding(1);
                assertTrue(dcgan.planDescription().contains("phase-row vectors"), dcgan.planDescription());
                dcgan.testExact();
            }
            convT(2).channels(36, 8).size(4, width).kernel(3).stride(2).padding(1).testExact(); // odd output width
            convT(2).channels(32, 72).size(3, width).kernel(4).stride(2).padding(1).bias(false).testExact();
            convT(2).batch(2).channels(72, 16).groups(2).size(3, width).kernel(3).stride(2).padding(1)
                    .outputPadding(1).testExact();
            convT(2).channels(36, 12).size(9, width).kernel(4).stride(2).padding(1).threads(3).testExact();
        }
        convT(3).channels(36, 8).size(3, 2, 2 * L).kernel(4).stride(2).padding(1).testExact();
        convT(3).channels(40, 8).size(2, 3, L).kernel(3).stride(2).padding(1).outputPadding(1).threads(2)
                .testExact();
        convT(2).channels(36, 20).size(7, 2 * L).kernel(3).stride(2).padding(1).outputPadding(1).testReal();
        // Few channels (the flat kernels, 4 x 6 on 512-bit machines), vnet-up-3d's shape scaled down: rows of whole
        // vectors, so no junk column or row is computed.
        for (int width : new int[] {L - 1, L, 2 * L}) {
            ConvTester vnet = convT(3).channels(32, 16).size(3, 4, width).kernel(4).stride(2).padding(1);
            if (L == 16) {
                assertTrue(vnet.planDescription().contains("phase-row vectors"), vnet.planDescription());
            }
            vnet.testExact();
            convT(3).channels(20, 12).size(2, 3, width).kernel(4).stride(2).padding(1).threads(3).testExact();
            convT(2).channels(8, 4).size(5, width).kernel(4).stride(2).padding(1).bias(false).testExact();
        }
        convT(3).channels(32, 8).size(3, 3, 2 * L).kernel(4).stride(2).padding(1).testReal();
    }

    /**
     * Depthwise kernel-4 stride-2 convT: both width phases' 2x2 taps on two consecutive buffer rows, so the rows
     * slide down the input (SlidingRows.pairRows2x2). Widths around a vector (each input column makes two
     * output columns), one to four rows, paddings that list the lower or the upper tap row first, output padding,
     * bias, 3D with a flat depth kernel, threads. Kernel 3 (1 and 2 taps per phase) keeps the generic pair rows.
     */
    @Test
    void depthwiseUpsamplingSlidesDownRows() {
        for (int width : new int[] {1, L / 2 - 1, L / 2, L / 2 + 1, L - 1, L, L + 1, 2 * L + 3}) {
            for (int height : new int[] {1, 2, 4}) {
                ConvTester t = convT(2).batch(2).channels(3, 3).groups(3).size(height, width).kernel(4).stride(2)
                        .padding(1);
                assertTrue(t.planDescription().contains("pairs sliding"), t.planDescription());
                t.testExact();
            }
            for (int padding : new int[] {0, 2, 3}) {
                convT(2).channels(2, 2).groups(2).size(4, width + 3).kernel(4).stride(2).padding(padding).testExact();
            }
            convT(2).channels(2, 2).groups(2).size(3, width).kernel(4).stride(2).padding(1).outputPadding(1)
                    .bias(false).testExact();
        }
        convT(3).channels(4, 4).groups(4).size(3, 5, L + 2).kernel(1, 4, 4).stride(1, 2, 2).padding(0, 1, 1)
                .testExact();
        convT(2).batch(3).channels(5, 5).groups(5).size(9, 2 * L).kernel(4).stride(2).padding(1).threads(3)
                .testExact();
        convT(2).channels(5, 5).groups(5).size(7, L + 5).kernel(4).stride(2).padding(1).testReal();
        ConvTester k3 = convT(2).channels(3, 3).groups(3).size(4, L).kernel(3).stride(2).padding(1).outputPadding(1);
        assertTrue(!k3.planDescription().contains("sliding"), k3.planDescription());
        k3.testExact();
    }

    @Test
    void rank1And3() {
        convT(1).channels(9, 8).size(19).kernel(16).stride(8).padding(4).testExact(); // vocoder-like
        convT(1).channels(3, 17).size(L + 1).kernel(3).stride(1).padding(1).testExact();
        convT(3).channels(5, 9).size(3, 4, 5).kernel(4).stride(2).padding(1).testExact(); // vnet-like
        convT(3).channels(3, 8).size(3, 3, 2).kernel(3, 2, 3).stride(1, 2, 3).dilation(2, 1, 1).padding(1, 0, 2)
                .testExact();
    }

    @Test
    void noStride() {
        convT(2).channels(5, 9).size(6, 5).kernel(3).padding(1).testExact();
        convT(2).channels(5, 9).size(6, 5).kernel(3).padding(0).bias(false).testExact();
        convT(2).batch(2).channels(17, 8).size(7, 17).kernel(2).stride(2).threads(3).testExact();
    }

    /** Width phases written interleaved: whole-vector pairs for stride 2, in output order for other strides. */
    @Test
    void interleavedWidthPhases() {
        convT(2).channels(9, 17).size(3, 2 * L + 3).kernel(4).stride(2).padding(1).testExact();
        convT(2).channels(4, 4).groups(4).size(4, 3 * L - 1).kernel(4).stride(2).padding(1).testExact();
        convT(2).channels(3, 8).size(3, 2 * L + 1).kernel(3).stride(2).padding(1).outputPadding(1).testExact();
        convT(2).channels(3, 8).size(3, L).kernel(2).stride(2, 3).padding(0, 1).outputPadding(1, 2).testExact();
        convT(1).channels(5, 9).size(2 * L + 5).kernel(5).stride(3).padding(2).outputPadding(2).testExact();
        convT(2).channels(3, 9).size(3, 2 * L).kernel(1).stride(2).padding(0).outputPadding(1).testExact();
        convT(2).channels(3, 9).size(2, L + 2).kernel(3).stride(2).dilation(2).padding(3).testReal();
    }

    /** Kernel equal to the stride, no padding (unet-like): every phase reads the input in place. */
    @Test
    void inputReadInPlace() {
        convT(2).batch(3).channels(7, 9).size(6, 5).kernel(2).stride(2).testExact();
        convT(2).channels(17, 16).size(L + 1, 3).kernel(3).stride(3).bias(false).testExact();
        convT(3).batch(2).channels(4, 8).size(3, 4, 5).kernel(2).stride(2).testExact();
        convT(2).channels(40, 24).size(13, 2 * L + 1).kernel(2).stride(2).threads(3).testExact(); // q-bands
        convT(2).batch(2).channels(33, 8).size(7, 9).kernel(3).stride(3).threads(2).testExact();
    }

    @Test
    void realsWithinDerivedBound() {
        convT(2).channels(37, 19).size(7, 9).kernel(4).stride(2).padding(1).testReal();
        convT(2).channels(16, 16).groups(4).size(8, 8).kernel(3).stride(2).padding(1).outputPadding(1).testReal();
        convT(1).channels(40, 9).size(20).kernel(16).stride(8).padding(4).testReal();
        convT(3).channels(6, 5).size(4, 5, 3).kernel(4).stride(2).padding(1).testReal();
    }
}
