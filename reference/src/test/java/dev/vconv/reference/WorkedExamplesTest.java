package dev.vconv.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Small examples whose every value was worked out by hand. */
class WorkedExamplesTest {

    private static float[] ones(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 1f);
        return a;
    }

    private static float[] flat(float[][] rows) {
        return Arrays.stream(rows).reduce(new float[0], (a, b) -> {
            float[] c = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        });
    }

    /** Runs all three transposed definitions and checks each gives {@code expected}. */
    private static void assertConvTranspose(ConvProblem p, float[] x, float[] w, float[] expected) {
        int n = p.outputShape().elementCount();
        float[] scatter = new float[n];
        float[] zeros = new float[n];
        float[] matrix = new float[n];
        ScatterConvTranspose.convTranspose(p, x, 0, w, null, scatter, 0);
        ZeroInsertionConvTranspose.convTranspose(p, x, 0, w, null, zeros, 0);
        MatrixConvTranspose.convTranspose(p, x, 0, w, null, matrix, 0);
        assertArrayEquals(expected, scatter, "scatter");
        assertArrayEquals(expected, zeros, "zero insertion");
        assertArrayEquals(expected, matrix, "matrix");
    }

    @Test
    void convOf3x3WithA2x2KernelOfOnes() {
        ConvProblem p = ConvDescriptor.conv(2).inChannels(1).outChannels(1).kernelSize(2).bias(false).build()
                .problem(1, 1, 3, 3);
        float[] y = new float[4];
        GatherConv.conv(p, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, ones(4), null, y, 0);
        assertArrayEquals(new float[] {12, 16, 24, 28}, y);
    }

    @Test
    void convTransposeOf2x2WithA3x3KernelOfOnes() {
        ConvProblem p = ConvDescriptor.convTranspose(2).inChannels(1).outChannels(1).kernelSize(3).bias(false)
                .build().problem(1, 1, 2, 2);
        assertArrayEquals(new int[] {1, 1, 4, 4}, p.outputShape().dims());
        assertConvTranspose(p, new float[] {12, 16, 24, 28}, ones(9), flat(new float[][] {
                {12, 28, 28, 16},
                {36, 80, 80, 44},
                {36, 80, 80, 44},
                {24, 52, 52, 28}}));
    }

    @Test
    void convTransposeAtStride2Gives5x5() {
        ConvProblem p = ConvDescriptor.convTranspose(2).inChannels(1).outChannels(1).kernelSize(3).stride(2)
                .bias(false).build().problem(1, 1, 2, 2);
        assertArrayEquals(new int[] {1, 1, 5, 5}, p.outputShape().dims());
        // Kernel of ones: each input value lands on a 3x3 window at (2i, 2j); windows overlap on row and column 2.
        assertConvTranspose(p, new float[] {1, 2, 3, 4}, ones(9), flat(new float[][] {
                {1, 1, 3, 2, 2},
                {1, 1, 3, 2, 2},
                {4, 4, 10, 6, 6},
                {3, 3, 7, 4, 4},
                {3, 3, 7, 4, 4}}));
        // A kernel 1..9 shows the orientation: x[0,0] = 1 stamps w as is at the top left, x[1,1] = 2 stamps 2w at
        // the bottom right; they meet at (2, 2): 1*w[2,2] + 2*w[0,0] = 9 + 2.
        assertConvTranspose(p, new float[] {1, 0, 0, 2}, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, flat(new float[][] {
                {1, 2, 3, 0, 0},
                {4, 5, 6, 0, 0},
                {7, 8, 11, 4, 6},
                {0, 0, 8, 10, 12},
                {0, 0, 14, 16, 18}}));
    }

    @Test
    void theMatrixOfA3x3ConvOn4x4Is4x16() {
        // The conv 4x4 -> 2x2 with a 3x3 kernel; its transpose maps 2x2 -> 4x4.
        ConvProblem p = ConvDescriptor.convTranspose(2).inChannels(1).outChannels(1).kernelSize(3).bias(false)
                .build().problem(1, 1, 2, 2);
        float[] w = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[][] c = MatrixConvTranspose.convMatrix(p, w);
        assertEquals(4, c.length);
        assertEquals(16, c[0].length);
        // Row 1 is the conv's output (0, 1): the kernel laid over input columns 1..3 of rows 0..2.
        assertArrayEquals(new double[] {0, 1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 0, 0, 0}, c[1]);
        // C^T maps 4 values to 16: e_0 gives the kernel in the top-left corner.
        float[] y = new float[16];
        MatrixConvTranspose.convTranspose(p, new float[] {1, 0, 0, 0}, 0, w, null, y, 0);
        assertArrayEquals(new float[] {1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 0, 0, 0, 0}, y);
        // And C itself is the convolution: conv of the 4x4 input 0..15 equals C times it.
        ConvProblem conv = ConvDescriptor.conv(2).inChannels(1).outChannels(1).kernelSize(3).bias(false).build()
                .problem(1, 1, 4, 4);
        float[] x = new float[16];
        for (int i = 0; i < 16; i++) {
            x[i] = i;
        }
        float[] viaGather = new float[4];
        GatherConv.conv(conv, x, 0, w, null, viaGather, 0);
        for (int r = 0; r < 4; r++) {
            double dot = 0;
            for (int col = 0; col < 16; col++) {
                dot += c[r][col] * x[col];
            }
            assertEquals(viaGather[r], dot, 0.0, "row " + r);
        }
    }

    @Test
    void paddingModesIn1d() {
        // Identity kernel of size 1 with padding 2 shows the padded input itself.
        float[] x = {1, 2, 3};
        String[][] cases = {
                {"zeros", "0 0 1 2 3 0 0"},
                {"reflect", "3 2 1 2 3 2 1"},
                {"replicate", "1 1 1 2 3 3 3"},
                {"circular", "2 3 1 2 3 1 2"}};
        for (String[] c : cases) {
            ConvProblem p = ConvDescriptor.conv(1).inChannels(1).outChannels(1).kernelSize(1).padding(2)
                    .paddingMode(c[0]).bias(false).build().problem(1, 1, 3);
            float[] y = new float[7];
            GatherConv.conv(p, x, 0, new float[] {1}, null, y, 0);
            StringBuilder s = new StringBuilder();
            for (float v : y) {
                s.append(s.isEmpty() ? "" : " ").append((int) v);
            }
            assertEquals(c[1], s.toString(), c[0]);
        }
    }

    @Test
    void biasAndGroups() {
        // Two groups of one channel each (depthwise), kernel [1, 1], bias [10, 20].
        ConvProblem p = ConvDescriptor.conv(1).inChannels(2).outChannels(2).groups(2).kernelSize(2).build()
                .problem(1, 2, 3);
        float[] y = new float[4];
        GatherConv.conv(p, new float[] {1, 2, 3, 4, 5, 6}, 0, new float[] {1, 1, 1, -1}, new float[] {10, 20}, y, 0);
        assertArrayEquals(new float[] {13, 15, 19, 19}, y);
    }

    /**
     * Non-finite weights, against what PyTorch 1.13 printed for the same inputs:
     * {@code F.conv2d(ones(1,1,3,3), w, padding=1)} and {@code F.conv_transpose2d(ones(1,1,3,3), w, padding=1)} with
     * {@code w = ones(1,1,3,3); w[0,0,0,0] = inf}. Conv multiplies its zero padding (0 * Inf = NaN at the borders);
     * transposed conv has no term for a position outside the input, so no NaN appears.
     */
    @Test
    void nonFiniteWeightsAsPyTorch() {
        float inf = Float.POSITIVE_INFINITY;
        float nan = Float.NaN;
        float[] w = {inf, 1, 1, 1, 1, 1, 1, 1, 1};
        ConvProblem conv = ConvDescriptor.conv(2).inChannels(1).outChannels(1).kernelSize(3).padding(1).bias(false)
                .build().problem(1, 1, 3, 3);
        float[] y = new float[9];
        GatherConv.conv(conv, ones(9), 0, w, null, y, 0);
        assertArrayEquals(new float[] {nan, nan, nan, nan, inf, inf, nan, inf, inf}, y);

        ConvProblem up = ConvDescriptor.convTranspose(2).inChannels(1).outChannels(1).kernelSize(3).padding(1)
                .bias(false).build().problem(1, 1, 3, 3);
        float[] expected = {inf, inf, 4, inf, inf, 6, 4, 6, 4};
        float[] scatter = new float[9];
        ScatterConvTranspose.convTranspose(up, ones(9), 0, w, null, scatter, 0);
        assertArrayEquals(expected, scatter, "scatter");
        float[] matrix = new float[9];
        MatrixConvTranspose.convTranspose(up, ones(9), 0, w, null, matrix, 0);
        assertArrayEquals(expected, matrix, "matrix");
    }
}
