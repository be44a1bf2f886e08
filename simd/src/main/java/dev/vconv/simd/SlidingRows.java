package dev.vconv.simd;

import static dev.vconv.simd.F32CorrKernels.L;
import static dev.vconv.simd.F32CorrKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * A one-channel 3x3 correlation (depthwise conv) that slides down the input rows: each buffer row is loaded once, at
 * its three column offsets, and feeds the three output rows that read it, whose accumulators stay in registers, with
 * the nine weights.
 *
 * <p>Why: computed output row by output row, every input row is loaded three times at three column offsets, nine
 * loads per output vector, and at 512 bits nearly every one of them straddles two cache lines (a row is rarely
 * 64-byte aligned), so that kernel was load-bound at about half the FMA rate. Sliding needs three loads per output
 * vector. Measured in isolation on a 28x28 channel in L1: 0.25 against 0.63 us (session 6). XNNPACK's
 * {@code f32-dwconv2d-chw} 3x3 kernels slide the same way, with shifts where we load.
 *
 * <p>Each output element's sum is the same fused chain, in the same order (rows, then columns, from zero), as
 * {@code corrFlat1x*v} over the flat tap list, then the bias: the results are bitwise those of the generic row path.
 */
final class SlidingRows {
    private SlidingRows() {
    }

    /**
     * Whether the nine flat offsets are a 3x3 kernel on three consecutive buffer rows of length {@code rowLength}:
     * {@code offsets[3 r + c] = r * rowLength + offsets[c]}.
     */
    static boolean fits(int[] offsets, int rowLength) {
        if (offsets.length != 9) {
            return false;
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                if (offsets[3 * r + c] != r * rowLength + offsets[c]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether two width phases' flat offsets are each 2x2 taps listed row by row, on the same two consecutive buffer
     * rows of length {@code rowLength}, in the same row order: {@code {a + c0, a + c1, b + c0, b + c1}}, {@code a}
     * and {@code b} the starts of the rows, {@code b = a +- rowLength} (SimdConvPlan.slidingPairRows).
     */
    static boolean fitsPair(int[] even, int[] odd, int rowLength) {
        return twoByTwo(even, rowLength) && twoByTwo(odd, rowLength)
                && even[0] / rowLength == odd[0] / rowLength && even[2] / rowLength == odd[2] / rowLength;
    }

    private static boolean twoByTwo(int[] t, int rowLength) {
        if (t.length != 4 || t[0] < 0 || t[1] < 0 || t[0] / rowLength != t[1] / rowLength) {
            return false;
        }
        int d = t[2] - t[0];
        return (d == rowLength || d == -rowLength) && t[3] - t[1] == d;
    }

    /**
     * Output rows {@code [0, rows)}, columns {@code [0, width)} of one channel: {@code y[y0 + j * yRow + i] =
     * b + sum_t w[t] * buf[x0 + j * xRow + offsets[t] + i]}, offsets as {@link #fits}. Reads whole vectors past a
     * row's last column (junk columns or the buffer's slack, up to {@code 2L - 1} past it), which are never stored.
     */
    static void rows3x3(float[] buf, int x0, int xRow, int[] offsets, float[] w, float b, int rows, int width,
            float[] y, int y0, int yRow) {
        FloatVector w0 = FloatVector.broadcast(S, w[0]);
        FloatVector w1 = FloatVector.broadcast(S, w[1]);
        FloatVector w2 = FloatVector.broadcast(S, w[2]);
        FloatVector w3 = FloatVector.broadcast(S, w[3]);
        FloatVector w4 = FloatVector.broadcast(S, w[4]);
        FloatVector w5 = FloatVector.broadcast(S, w[5]);
        FloatVector w6 = FloatVector.broadcast(S, w[6]);
        FloatVector w7 = FloatVector.broadcast(S, w[7]);
        FloatVector w8 = FloatVector.broadcast(S, w[8]);
        FloatVector vb = FloatVector.broadcast(S, b);
        FloatVector z = FloatVector.zero(S);
        int c0 = offsets[0];
        int c1 = offsets[1];
        int c2 = offsets[2];
        // Strips of two vectors of columns; each strip slides down all rows.
        for (int i = 0; i < width; i += 2 * L) {
            // Store masks: all lanes of whole vectors (stored unmasked by intoArray), none past the row's end.
            VectorMask<Float> m0 = VectorMask.fromLong(S, (1L << Math.min(L, width - i)) - 1);
            VectorMask<Float> m1 = VectorMask.fromLong(S, (1L << Math.max(0, Math.min(L, width - i - L))) - 1);
            int o = x0 + i;
            // Input rows 0 and 1 start output rows 0 and 1: p holds output row r - 1 (rows 0-1 of the kernel
            // done), q output row r (kernel row 0 done).
            FloatVector a0 = FloatVector.fromArray(S, buf, o + c0);
            FloatVector a1 = FloatVector.fromArray(S, buf, o + c1);
            FloatVector a2 = FloatVector.fromArray(S, buf, o + c2);
            FloatVector b0 = FloatVector.fromArray(S, buf, o + c0 + L);
            FloatVector b1 = FloatVector.fromArray(S, buf, o + c1 + L);
            FloatVector b2 = FloatVector.fromArray(S, buf, o + c2 + L);
            FloatVector q0 = w2.fma(a2, w1.fma(a1, w0.fma(a0, z)));
            FloatVector q1 = w2.fma(b2, w1.fma(b1, w0.fma(b0, z)));
            o += xRow;
            a0 = FloatVector.fromArray(S, buf, o + c0);
            a1 = FloatVector.fromArray(S, buf, o + c1);
            a2 = FloatVector.fromArray(S, buf, o + c2);
            b0 = FloatVector.fromArray(S, buf, o + c0 + L);
            b1 = FloatVector.fromArray(S, buf, o + c1 + L);
            b2 = FloatVector.fromArray(S, buf, o + c2 + L);
            FloatVector p0 = w5.fma(a2, w4.fma(a1, w3.fma(a0, q0)));
            FloatVector p1 = w5.fma(b2, w4.fma(b1, w3.fma(b0, q1)));
            q0 = w2.fma(a2, w1.fma(a1, w0.fma(a0, z)));
            q1 = w2.fma(b2, w1.fma(b1, w0.fma(b0, z)));
            // Input row r + 2 completes output row r, continues row r + 1 and starts row r + 2.
            for (int r = 0, at = y0 + i; r < rows; r++, at += yRow) {
                o += xRow;
                a0 = FloatVector.fromArray(S, buf, o + c0);
                a1 = FloatVector.fromArray(S, buf, o + c1);
                a2 = FloatVector.fromArray(S, buf, o + c2);
                b0 = FloatVector.fromArray(S, buf, o + c0 + L);
                b1 = FloatVector.fromArray(S, buf, o + c1 + L);
                b2 = FloatVector.fromArray(S, buf, o + c2 + L);
                // Output row r of this unit's single channel: written by this unit only.
                w8.fma(a2, w7.fma(a1, w6.fma(a0, p0))).add(vb).intoArray(y, at, m0);
                w8.fma(b2, w7.fma(b1, w6.fma(b0, p1))).add(vb).intoArray(y, at + L, m1);
                p0 = w5.fma(a2, w4.fma(a1, w3.fma(a0, q0)));
                p1 = w5.fma(b2, w4.fma(b1, w3.fma(b0, q1)));
                q0 = w2.fma(a2, w1.fma(a1, w0.fma(a0, z)));
                q1 = w2.fma(b2, w1.fma(b1, w0.fma(b0, z)));
            }
        }
    }
}
