package dev.vconv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class PaddingModeTest {
    /** Positions -2..5 of the 1-d input [a, b, c, d] (indices 0..3) read which index, -1 for zero. */
    private static int[] padded(PaddingMode mode) {
        int[] out = new int[8];
        for (int i = -2; i < 6; i++) {
            out[i + 2] = mode.sourceIndex(i, 4);
        }
        return out;
    }

    @Test
    void eachModeAsPyTorchDefinesIt() {
        // torch.nn.functional.pad(torch.arange(4.).view(1,1,4), (2,2), mode) gives these indices.
        assertArrayEquals(new int[] {-1, -1, 0, 1, 2, 3, -1, -1}, padded(PaddingMode.ZEROS));
        assertArrayEquals(new int[] {2, 1, 0, 1, 2, 3, 2, 1}, padded(PaddingMode.REFLECT));
        assertArrayEquals(new int[] {0, 0, 0, 1, 2, 3, 3, 3}, padded(PaddingMode.REPLICATE));
        assertArrayEquals(new int[] {2, 3, 0, 1, 2, 3, 0, 1}, padded(PaddingMode.CIRCULAR));
    }
}
