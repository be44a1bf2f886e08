package dev.vconv.simd;

import static dev.vconv.simd.ConvTester.conv;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Forward convolution through the SIMD provider against {@link dev.vconv.reference.GatherConv}. */
class SimdConvTest {
    /**
     * Lanes per vector. Tiles: 8 output channels x 2 vectors, 4 x 6 for one-tap problems, 4 x 2 below 512 bits or for
     * at most 4 output channels per group.
     */
    static final int L = F32CorrKernels.L;

    /** Channels and widths equal to, one below and one above the vector length, the tile rows and the tile width. */
    static Stream<Arguments> awkwardSizes() {
        List<Arguments> list = new ArrayList<>();
        int[] channels = {1, 3, 7, 8, 9, 16, 17};
        int[] widths = {1, 5, L - 1, L, L + 1, 2 * L - 1, 2 * L + 1};
        for (int c : channels) {
            for (int w : widths) {
                list.add(Arguments.of(c, w));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "channels {0}, width {1}")
    @MethodSource("awkwardSizes")
    void awkwardChannelsAndWidthsExact(int channels, int width) {
        conv(2).channels(channels, channels).size(3, width).kernel(3).padding(1).testExact();
        conv(2).channels(channels + 2, channels).size(2, width).kernel(1).bias(false).testExact();
    }

    @Test
    void outputChannelsAroundTheTileRows() {
        for (int k : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 24, 25}) {
            conv(2).channels(5, k).size(6, 5).kernel(3).padding(1).testExact();
        }
    }

    @Test
    void oddSpatialSizesAndPrimeStrides() {
        conv(2).channels(4, 9).size(6, 5).kernel(3).stride(2).padding(1).testExact();
        conv(2).channels(3, 8).size(11, 13).kernel(3).stride(3).testExact();
        conv(2).channels(3, 8).size(17, 19).kernel(5, 3).stride(5, 3).padding(2, 1).testExact();
        conv(2).channels(3, 10).size(23, 29).kernel(7).stride(2).padding(3).testExact();
        conv(2).channels(2, 9).size(13, 14).kernel(3, 2).stride(2, 7).padding(1, 0).testExact();
    }

    @Test
    void strideLargerThanKernel() {
        conv(2).channels(3, 8).size(11, 12).kernel(2).stride(3).testExact();
        conv(2).channels(3, 9).size(9, 10).kernel(1).stride(4).padding(0).testExact();
        conv(1).channels(2, 3).size(20).kernel(2).stride(5).padding(1).testExact();
    }

    @Test
    void kernelLargerThanInput() {
        conv(2).channels(2, 8).size(3, 3).kernel(5).padding(2).testExact();
        conv(2).channels(2, 9).size(2, 3).kernel(7, 5).padding(3, 2).stride(2).testExact();
        conv(1).channels(3, 4).size(4).kernel(9).padding(4).dilation(1).testExact();
    }

    @Test
    void dilationWithStride() {
        conv(2).channels(3, 8).size(15, 14).kernel(3).dilation(2).stride(3).padding(2).testExact();
        conv(2).channels(3, 9).size(12, 17).kernel(3, 2).dilation(3, 2).stride(2).padding(1).testExact();
        conv(1).channels(4, 5).size(40).kernel(4).dilation(5).stride(7).padding(3).testExact();
    }

    @Test
    void groups() {
        conv(2).channels(6, 9).groups(3).size(7, 6).kernel(3).padding(1).testExact();
        conv(2).channels(8, 8).groups(8).size(9, 17).kernel(3).padding(1).testExact(); // depthwise
        conv(2).channels(5, 10).groups(5).size(6, 5).kernel(3).stride(2).padding(1).testExact(); // multiplier 2
        conv(2).channels(4, 36).groups(2).size(5, 7).kernel(2).testExact();
        conv(2).channels(32, 32).groups(32).size(6, 33).kernel(5).padding(2).dilation(1).bias(false).testExact();
        conv(2).channels(16, 16).groups(16).size(7, 7).kernel(3).stride(2).padding(1).testExact();
        // The direct plan's depthwise stride 2 (phase planes), which the provider leaves to DepthwiseStride2Plan.
        conv(2).channels(16, 16).groups(16).size(7, 2 * L + 3).kernel(3).stride(2).padding(1).direct().testExact();
    }

    @ParameterizedTest
    @EnumSource(PaddingMode.class)
    void everyPaddingMode(PaddingMode mode) {
        conv(2).channels(3, 9).size(6, 5).kernel(3).padding(2).mode(mode).testExact();
        conv(2).channels(2, 8).size(7, 9).kernel(3, 5).padding(1, 2).stride(2).mode(mode).testExact();
        // Width stride 2 over rows of several vectors: both width phases unzipped from one pass over each input row
        // (PaddedInput.copyPair), odd and even widths, edges of both phases from the padding mode.
        for (int w : new int[] {4 * L + 1, 4 * L + 2, 2 * L + 5}) {
            conv(2).channels(2, 3).size(5, w).kernel(3).padding(1).stride(2).mode(mode).testExact();
            conv(2).channels(4, 4).groups(4).size(6, w).kernel(4, 5).padding(1, 2).stride(2).mode(mode).testExact();
        }
        conv(1).channels(2, 3).size(6).kernel(3).padding(5).dilation(2).mode(mode == PaddingMode.REFLECT
                || mode == PaddingMode.CIRCULAR ? PaddingMode.ZEROS : mode).testExact();
        conv(3).channels(2, 5).size(4, 5, 3).kernel(3).padding(1).mode(mode).testExact();
        conv(2).channels(2, 8).size(6, 5).kernel(3).padding(4, 5).mode(mode == PaddingMode.REFLECT
                ? PaddingMode.REPLICATE : mode).testExact();
    }

    @Test
    void sameAndValid() {
        conv(2).channels(3, 9).size(6, 5).kernel(4, 3).padding("same").testExact(); // asymmetric padding
        conv(2).channels(3, 9).size(6, 5).kernel(4).dilation(3).padding("same").mode(PaddingMode.REPLICATE)
                .testExact();
        conv(1).channels(3, 9).size(17).kernel(6).padding("same").mode(PaddingMode.CIRCULAR).testExact();
        conv(2).channels(3, 9).size(6, 5).kernel(2, 3).padding("valid").testExact();
    }

    @Test
    void rank1And3() {
        conv(1).channels(5, 9).size(37).kernel(3).padding(1).testExact();
        conv(1).channels(16, 17).size(L * 2 + 3).kernel(7).stride(2).padding(3).testExact();
        conv(3).channels(3, 8).size(5, 6, 7).kernel(3).padding(1).testExact();
        conv(3).channels(4, 9).size(7, 6, 5).kernel(3, 2, 3).stride(2, 1, 3).dilation(1, 2, 1).padding(1)
                .testExact();
        conv(3).channels(4, 4).groups(4).size(5, 6, 7).kernel(3).padding(1).testExact();
    }

    @Test
    void batchAndBias() {
        conv(2).batch(3).channels(5, 9).size(6, 5).kernel(3).padding(1).bias(true).testExact();
        conv(2).batch(3).channels(5, 9).size(6, 5).kernel(3).padding(1).bias(false).testExact();
        conv(2).batch(2).channels(4, 8).groups(2).size(9, 9).kernel(3).padding(1).threads(3).testExact();
    }

    @Test
    void largeReductionAndLongRowsExact() {
        conv(2).channels(64, 24).size(9, 70).kernel(3).padding(1).testExact();
        conv(2).channels(3, 16).size(40, 40).kernel(7).stride(2).padding(3).testExact();
    }

    /**
     * Several output-channel blocks share each full tile, so its input is packed once for all of them: by row (each
     * input row once per channel, taps read it at their column offset; from two blocks) when taps share rows and no
     * column offset exceeds one vector, else per tap (from four blocks). Phase planes, ranks 2 and 3, and convT phases.
     */
    @Test
    void packedTilesExact() {
        int oc = 4 * 8 + 3; // 5 blocks of 8 rows (9 of 4 at 256 bits): one partial
        // 3x3 stride-1 2D problems with 16+ channels go to Winograd unless asked for the direct kernels.
        ConvTester rows = conv(2).channels(40, oc).size(9, 3 * L + 5).kernel(3).padding(1).direct();
        assertTrue(rows.planDescription().contains("packed by row"), rows.planDescription());
        rows.testExact();
        conv(2).channels(34, oc).size(7, 2 * L + 3).kernel(3).dilation(2).padding(2).direct().testExact();
        conv(2).channels(35, oc).size(5, 3 * L).kernel(1, L + 1).padding(0, L / 2).testExact(); // column offset L
        ConvTester perTap = conv(2).channels(35, oc).size(5, 3 * L).kernel(2, L + 2).padding(0, L / 2);
        assertTrue(perTap.planDescription().contains("packed per tap"), perTap.planDescription());
        perTap.testExact(); // column offset L + 1: beyond a packed row
        conv(2).channels(36, oc).size(11, 2 * L + 1).kernel(3).stride(2).padding(1).testExact(); // phase planes
        conv(3).channels(34, oc).size(4, 5, 2 * L).kernel(3).padding(1).testExact();
        ConvTester.convT(2).channels(40, oc).size(6, L + 3).kernel(4).stride(2).padding(1).testExact();
        ConvTester.convT(3).channels(34, 16).size(4, 5, L + 1).kernel(4).stride(2).padding(1).testExact(); // 2 blocks
        conv(2).channels(33, oc).size(8, 2 * L).kernel(3).padding(1).direct().testReal();
    }

    /**
     * One-tap problems (1x1 conv, convT with kernel == stride) run 4 x 6 tiles on 512-bit machines: position counts
     * around the tile leave remainders computed in 2-vector and 1-vector steps, or as one whole tile over junk columns
     * when more than 4 of its vectors are in range; in a tiled q-band those steps start inside a tile.
     */
    @Test
    void wideTileTails() {
        for (int rem : new int[] {1, L - 1, L + 1, 2 * L, 2 * L + 3, 3 * L + 1, 4 * L, 4 * L + 1, 5 * L + 2, 6 * L}) {
            ConvTester wide = conv(1).channels(7, 9).size(6 * L + rem).kernel(1);
            if (L == 16) {
                assertTrue(wide.planDescription().contains("tile=4x96"), wide.planDescription());
            }
            wide.testExact();
            conv(2).channels(20, 17).size(2, 6 * L + rem).kernel(1).testExact(); // 5 blocks: packed per tap
            ConvTester.convT(1).channels(5, 8).size(3 * L + rem).kernel(2).stride(2).testExact();
            ConvTester band = conv(1).channels(256, 6).size(960 + 6 * L + rem).kernel(1);
            assertTrue(band.planDescription().contains("q-band in tiles"), band.planDescription());
            band.testExact();
        }
    }

    /**
     * Depthwise 3x3 kernels whose taps lie on three consecutive buffer rows slide down the input
     * ({@link SlidingRows}): widths around one and two vectors and several strips, one to five rows, width dilation,
     * every padding mode, 3D with a flat depth kernel, bias and threads. Height dilation keeps the generic rows.
     */
    @Test
    void depthwiseSlidesDownRows() {
        for (int width : new int[] {1, L - 1, L, L + 1, 2 * L - 1, 2 * L, 2 * L + 1, 3 * L + 5, 4 * L + 2}) {
            for (int height : new int[] {1, 2, 5}) {
                ConvTester t = conv(2).batch(2).channels(3, 3).groups(3).size(height, width).kernel(3).padding(1);
                assertTrue(t.planDescription().contains("sliding"), t.planDescription());
                t.testExact();
            }
            conv(2).channels(4, 4).groups(4).size(3, width).kernel(3).padding(0, 2).dilation(1, 2).testExact();
            conv(2).channels(2, 2).groups(2).size(4, width).kernel(3).padding(1).bias(false).testExact();
        }
        for (PaddingMode mode : PaddingMode.values()) {
            conv(2).channels(5, 5).groups(5).size(6, L + 3).kernel(3).padding(1).mode(mode).testExact();
        }
        conv(2).channels(6, 6).groups(6).size(7, 2 * L + 3).kernel(3).padding("valid").testExact();
        conv(3).channels(4, 4).groups(4).size(3, 5, L + 2).kernel(1, 3, 3).padding(0, 1, 1).testExact();
        conv(2).batch(3).channels(5, 5).groups(5).size(9, 3 * L).kernel(3).padding(1).threads(3).testExact();
        conv(2).channels(5, 5).groups(5).size(9, 2 * L + 1).kernel(3).padding(1).testReal();
        ConvTester heightDilated = conv(2).channels(3, 3).groups(3).size(7, L + 1).kernel(3).padding(2).dilation(2, 1);
        assertFalse(heightDilated.planDescription().contains("sliding"), heightDilated.planDescription());
        heightDilated.testExact();
    }

    /**
     * With zero padding 1 the rows slide down the input itself ({@link SlidingRows#rows3x3InPlace}): the padding's
     * rows are zero vectors, its columns masked-off lanes (the first strip's first, the lane of the last column's third
     * tap, in the first vector of a strip or the second). Widths around one and two vectors, one to three rows, input
     * and output at offsets in larger arrays with NaN around them and slack at the in-place bound (planes near the
     * array's ends are copied), threads; an infinite corner weight reads the padding as the reference does.
     */
    @Test
    void depthwiseSlidesInPlace() {
        for (int width : new int[] {1, 2, L - 1, L, L + 1, 2 * L - 1, 2 * L, 2 * L + 1, 3 * L + 5}) {
            for (int height : new int[] {1, 3}) {
                ConvTester t = conv(2).batch(2).channels(4, 4).groups(4).size(height, width).kernel(3).padding(1);
                assertTrue(t.planDescription().contains("sliding down the input (in place)"), t.planDescription());
                ConvProblem p = t.problem();
                SplittableRandom rnd = new SplittableRandom(width * 10 + height);
                float[] w = ConvTester.ints(rnd, p.weightShape().elementCount());
                w[9] = Float.POSITIVE_INFINITY; // channel 1's corner tap: reads padding at the image's corner
                float[] b = ConvTester.ints(rnd, p.biasLength());
                float[] x = ConvTester.ints(rnd, p.inputShape().elementCount());
                float[] want = ConvTester.reference(p, x, w, b);
                for (int threads : new int[] {1, 2}) {
                    ConvPlan plan = t.threads(threads).plan(p, w, b);
                    for (int xOff : new int[] {0, 1, 3}) {
                        for (int slack : new int[] {0, 2 * L + 1, 2 * L + 2, 2 * L + 3}) {
                            float[] xs = new float[xOff + x.length + slack];
                            Arrays.fill(xs, Float.NaN);
                            System.arraycopy(x, 0, xs, xOff, x.length);
                            int yOff = 2;
                            float[] ys = new float[yOff + want.length + 3];
                            Arrays.fill(ys, -7f);
                            plan.execute(xs, xOff, ys, yOff);
                            String at = t + ", xOff " + xOff + ", slack " + slack + ", " + threads + " threads";
                            assertArrayEquals(want, Arrays.copyOfRange(ys, yOff, yOff + want.length), at);
                            assertEquals(-7f, ys[0], at);
                            assertEquals(-7f, ys[1], at);
                            assertEquals(-7f, ys[ys.length - 1], at);
                        }
                    }
                }
            }
        }
    }

    /**
     * Few-channel convs on 512-bit machines store vectors of output rows straight from the registers
     * ({@link RowVectorKernels}): rows one lane short of, at and past one and two vectors (the last vector's lanes past
     * its row are stored whole onto the next row, or masked at the end of a unit's rows: a whole store there would
     * overwrite the next channel's first outputs), one-row and one-column planes, strides that split the input into
     * phase planes, dilation, every padding mode, groups, 3D, bias, and threads whose chunks split the plane's rows.
     */
    @Test
    void fewChannelConvStoresOutputRowsStraight() {
        for (int width : new int[] {1, L - 1, L, L + 1, 2 * L - 4, 2 * L + 3, 6 * L + 1, 7 * L}) {
            for (int height : new int[] {1, 2, 7}) {
                ConvTester t = conv(2).batch(2).channels(3, 8).size(height, width).kernel(3).padding(1);
                if (L == 16) {
                    assertTrue(t.planDescription().contains("tiles of output-row vectors"), t.planDescription());
                }
                t.testExact();
            }
            conv(2).channels(3, 4).size(9, 2 * width + 5).kernel(7).stride(2).padding(3).testExact();
            conv(2).channels(16, 16).groups(4).size(5, width).kernel(3).padding(2).dilation(2, 1).bias(false)
                    .testExact();
            conv(2).channels(3, 12).size(6, width).kernel(3).padding(1).threads(3).testExact();
        }
        for (PaddingMode mode : PaddingMode.values()) {
            conv(2).channels(2, 4).size(5, L + 3).kernel(3).padding(1).mode(mode).testExact();
        }
        conv(2).channels(3, 4).size(6, L + 3).kernel(3).padding("same").testExact();
        conv(3).channels(3, 8).size(3, 4, L + 2).kernel(3).padding(1).threads(2).testExact();
        conv(1).channels(5, 8).size(9 * L + 3).kernel(5).stride(3).padding(2).testExact();
        conv(2).batch(2).channels(3, 64).size(40, 2 * L + 7).kernel(7).stride(2).padding(3).threads(3).testExact();
        conv(2).channels(3, 8).size(23, 3 * L + 5).kernel(7).stride(2).padding(3).testReal();
    }

    /**
     * Few input channels (the flat (channel, tap) kernels) with more than 4 output channels, and one-tap transposed
     * convs' tiles of phase-row vectors, also run 4 x 6 tiles on 512-bit machines, over many taps, strides and
     * paddings: the same remainder steps around each row's end.
     */
    @Test
    void wideTilesBeyondOneTap() {
        for (int rem : new int[] {1, L + 1, 2 * L + 3, 4 * L + 1, 5 * L + 2, 6 * L}) {
            ConvTester stem = conv(2).channels(3, 9).size(5, 6 * L + rem).kernel(3).padding(1);
            if (L == 16) {
                assertTrue(stem.planDescription().contains("kernel=corrFlat4x6v"), stem.planDescription());
            }
            stem.testExact();
            conv(2).channels(3, 10).size(7, 2 * (6 * L + rem)).kernel(7).stride(2).padding(3).testExact();
            conv(2).channels(16, 10).groups(2).size(4, 6 * L + rem).kernel(3).dilation(2).padding(2).testExact();
            ConvTester.convT(2).channels(6, 9).size(3, 3 * L + rem).kernel(3).stride(2).padding(1).outputPadding(1)
                    .testExact();
            ConvTester.convT(2).channels(36, 9).size(3, 3 * L + rem).kernel(3).stride(2).padding(1).outputPadding(1)
                    .testExact(); // phases of 1, 2, 2, 4 taps: 8 x 2 since session 9
            ConvTester.convT(2).channels(36, 17).size(3, 3 * L + rem).kernel(3).stride(2).padding(1)
                    .testExact(); // 5 blocks: packed per tap
            ConvTester.convT(1).channels(17, 12).size(6 * L + rem).kernel(5).stride(3).padding(2).testExact();
            ConvTester.convT(2).channels(32, 8).groups(2).size(2, 3 * L + rem).kernel(3).stride(2).dilation(2)
                    .padding(1).testExact();
        }
        ConvTester.convT(3).channels(18, 10).size(3, 4, L + 5).kernel(3).stride(2).padding(1).outputPadding(1)
                .testExact();
        conv(2).channels(3, 40).size(9, 2 * L + 5).kernel(7).stride(2).padding(3).testExact(); // 2 block groups
        // Tiles of 6 phase-row vectors on the packed 4 x 6 kernel: a one-tap convT read in place (16-31 channels);
        // 2, 10 and 15 vectors per phase, so the last tile repeats its last vector.
        for (int[] hw : new int[][] {{1, 2 * L}, {5, 2 * L}, {5, 3 * L}}) {
            ConvTester rows = ConvTester.convT(2).channels(24, 9).size(hw[0], hw[1]).kernel(2).stride(2);
            if (L == 16) {
                assertTrue(rows.planDescription().contains("phase-row vectors, kernel=corr4x6v"),
                        rows.planDescription());
            }
            rows.testExact();
        }
        conv(2).channels(3, 17).size(31, 37).kernel(7).stride(2).padding(3).threads(2).testReal();
    }

    /**
     * 16 to 32 input channels per group run the flat kernels where some phase has several taps (one (channel, tap)
     * list of up to 32 x taps entries; forward convs with 32 channels split it into L1-sized channel blocks carried
     * in the tile), and the channel kernels for one-tap problems.
     */
    @Test
    void flatKernelsUpTo32ChannelsWithTaps() {
        ConvTester c32 = conv(3).channels(32, 9).size(4, 5, L + 3).kernel(3).padding(1);
        assertTrue(c32.planDescription().contains("kernel=corrFlat"), c32.planDescription());
        assertFalse(c32.planDescription().contains("c blocks=1,"), c32.planDescription()); // sums carried across
        c32.testExact();
        conv(2).channels(16, 24).size(6, 2 * L + 1).kernel(3).padding(1).threads(2).direct().testExact();
        conv(2).channels(64, 40).groups(2).size(5, 6 * L + 7).kernel(5).stride(2).padding(2).testExact();
        ConvTester.convT(3).channels(32, 16).size(3, 4, L - 1).kernel(4).stride(2).padding(1).testExact();
        ConvTester.convT(2).channels(24, 3).size(5, L + 2).kernel(3).stride(2).padding(1).outputPadding(1)
                .testExact();
        ConvTester pointwise = conv(2).channels(32, 20).size(7, 2 * L + 3).kernel(1);
        assertFalse(pointwise.planDescription().contains("kernel=corrFlat"), pointwise.planDescription());
        pointwise.testExact();
        conv(2).channels(33, 9).size(6, L + 5).kernel(3).padding(1).testExact(); // just past: channel kernels (9 < 16)
        conv(3).channels(32, 12).size(5, 6, 7).kernel(3).padding(1).testReal();
    }

    /** No padding and stride 1: the kernels read the input array in place, except near its end. */
    @Test
    void inputReadInPlace() {
        conv(2).batch(3).channels(7, 9).size(6, 5).kernel(1).testExact();
        conv(2).batch(2).channels(16, 17).size(L + 1, 2 * L - 1).kernel(1).bias(false).testExact();
        conv(2).batch(2).channels(6, 8).groups(2).size(9, 7).kernel(3).padding(0).threads(3).testExact();
        conv(1).channels(5, 9).size(3 * L + 2).kernel(4).dilation(2).testExact();
        conv(3).batch(2).channels(3, 8).size(4, 5, 6).kernel(2).testExact();
    }

    /** Unpadded with many input channels: copied band by band of q (chunks from threads and from the L2 budget). */
    @Test
    void inputCopiedByQBands() {
        conv(2).channels(40, 24).size(20, 23).kernel(1).threads(3).testExact();
        conv(2).batch(2).channels(34, 9).size(9, 31).kernel(2, 3).dilation(2, 1).threads(4).testExact();
        conv(2).channels(32, 17).size(100, 100).kernel(1).testExact();
        conv(2).channels(48, 16).size(11, 13).kernel(1).threads(2).testReal();
        // One tap: the band is copied tile by tile in the packed kernels' layout, and read as is.
        ConvTester tiled = conv(2).channels(256, 40).size(40, 41).kernel(1).threads(2);
        assertTrue(tiled.planDescription().contains("q-band in tiles"), tiled.planDescription());
        tiled.testExact();
        ConvTester.convT(2).channels(256, 33).size(33, 35).kernel(2).stride(2).testExact();
        conv(2).channels(256, 19).size(40, 41).kernel(1).bias(false).testReal();
        // Several output-channel groups per chunk: the later ones read the band the first one filled (or copied).
        ConvTester groups = conv(2).batch(2).channels(256, 136).size(40, 41).kernel(1);
        assertTrue(groups.planDescription().contains("q-band in tiles"), groups.planDescription());
        groups.testExact();
        conv(2).channels(96, 200).size(40, 41).kernel(1).threads(3).testExact();
    }

    @Test
    void realsWithinDerivedBound() {
        conv(2).channels(37, 19).size(13, 21).kernel(3).padding(1).testReal();
        conv(2).channels(3, 16).size(30, 31).kernel(7).stride(2).padding(3).testReal();
        conv(2).channels(12, 12).groups(12).size(17, 18).kernel(3).padding(1).testReal();
        conv(3).channels(5, 9).size(6, 7, 8).kernel(3).padding(1).dilation(2).testReal();
        conv(1).channels(40, 9).size(50).kernel(5).stride(3).testReal();
    }
}
