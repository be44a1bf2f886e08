package dev.vconv.simd;

import static dev.vconv.simd.F32CorrKernels.L;
import static dev.vconv.simd.F32CorrKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * One-channel kernels that slide down the input rows (depthwise conv and convT): each buffer row is loaded once, at
 * its taps' column offsets, and feeds every output row that reads it, whose accumulators stay in registers with the
 * weights. {@link #rows3x3}: a 3x3 kernel, three output rows in flight. {@link #pairRows2x2}: the two width phases of
 * a kernel-4 stride-2 transposed conv, 2x2 taps each, two output rows in flight, zipped into the output.
 *
 * <p>Why: computed output row by output row, every input row is loaded once per tap row that reads it, at each tap
 * column (nine loads per output vector for 3x3), and at 512 bits nearly every load straddles two cache lines (a row
 * is rarely 64-byte aligned), so those kernels were load-bound at about half the FMA rate. Sliding needs three loads
 * per output vector. Measured in isolation on a 28x28 channel in L1: 0.25 against 0.63 us (session 6). XNNPACK's
 * {@code f32-dwconv2d-chw} 3x3 kernels slide the same way, with shifts where we load.
 *
 * <p>{@link #rows3x3} sums each output element in the same order (rows, then columns, from zero) as
 * {@code corrFlat1x*v} over the flat tap list, then adds the bias: bitwise the generic row path's results.
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
     * and {@code b} the starts of the rows, {@code b = a +- rowLength} ({@link #pairRows2x2}).
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

    /** {@code ALL_BUT[l]}: every lane but lane l; {@code ALL_BUT[L]}: every lane. */
    @SuppressWarnings("unchecked")
    private static final VectorMask<Float>[] ALL_BUT = new VectorMask[L + 1];

    static {
        long all = -1L >>> (64 - L);
        for (int l = 0; l <= L; l++) {
            ALL_BUT[l] = VectorMask.fromLong(S, l < L ? all & ~(1L << l) : all);
        }
    }

    /**
     * {@link #rows3x3} on the input itself, for a stride-1 3x3 conv with zero padding of 1 on both axes: the padded
     * buffer would be the input shifted by one row and column, so row {@code r} of {@code height} input rows of
     * {@code width} columns at {@code plane} is the buffer's row {@code r + 1}; the buffer's first and last rows
     * (padding) are zero vectors, its first column the masked-off lane 0 of each strip's first load, its last column
     * the masked-off lane that the last output column's third tap reads. The same products in the same order as
     * {@link #rows3x3} on the copy: bitwise its results. Loads reach {@code 2L} past the plane's last element (junk
     * lanes of the last strip, never stored); the caller keeps them inside the array.
     */
    static void rows3x3InPlace(float[] x, int plane, int height, int width, float[] w, float b, float[] y, int y0) {
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
        for (int i = 0; i < width; i += 2 * L) {
            VectorMask<Float> m0 = VectorMask.fromLong(S, (1L << Math.min(L, width - i)) - 1);
            VectorMask<Float> m1 = VectorMask.fromLong(S, (1L << Math.max(0, Math.min(L, width - i - L))) - 1);
            // Buffer column i + l - 1 + t feeds output column i + l through tap column t: column 0 (the padding
            // before the input) only in the first strip's lane 0 of tap 0; the padding after it (buffer column
            // width + 1) in lane width - 1 - i of tap 2, in the first vector or the second.
            VectorMask<Float> first = ALL_BUT[i == 0 ? 0 : L];
            int lastLane = width - 1 - i;
            VectorMask<Float> thirdA = ALL_BUT[lastLane < L ? lastLane : L];
            VectorMask<Float> thirdB = ALL_BUT[lastLane >= L && lastLane < 2 * L ? lastLane - L : L];
            int o = plane + i - 1; // buffer row 1 (input row 0), column i
            // Buffer row 0 is padding: output row 0's first kernel row, and output row -1's first two, from zeros.
            FloatVector q0 = w2.fma(z, w1.fma(z, w0.fma(z, z)));
            FloatVector q1 = q0;
            FloatVector a0 = FloatVector.fromArray(S, x, o, first);
            FloatVector a1 = FloatVector.fromArray(S, x, o + 1);
            FloatVector a2 = FloatVector.fromArray(S, x, o + 2, thirdA);
            FloatVector b0 = FloatVector.fromArray(S, x, o + L);
            FloatVector b1 = FloatVector.fromArray(S, x, o + L + 1);
            FloatVector b2 = FloatVector.fromArray(S, x, o + L + 2, thirdB);
            FloatVector p0 = w5.fma(a2, w4.fma(a1, w3.fma(a0, q0)));
            FloatVector p1 = w5.fma(b2, w4.fma(b1, w3.fma(b0, q1)));
            q0 = w2.fma(a2, w1.fma(a1, w0.fma(a0, z)));
            q1 = w2.fma(b2, w1.fma(b1, w0.fma(b0, z)));
            for (int r = 0, at = y0 + i; r < height; r++, at += width) {
                if (r + 1 < height) {
                    o += width;
                    a0 = FloatVector.fromArray(S, x, o, first);
                    a1 = FloatVector.fromArray(S, x, o + 1);
                    a2 = FloatVector.fromArray(S, x, o + 2, thirdA);
                    b0 = FloatVector.fromArray(S, x, o + L);
                    b1 = FloatVector.fromArray(S, x, o + L + 1);
                    b2 = FloatVector.fromArray(S, x, o + L + 2, thirdB);
                } else {
                    // Buffer row height + 1: the padding after the input.
                    a0 = z;
                    a1 = z;
                    a2 = z;
                    b0 = z;
                    b1 = z;
                    b2 = z;
                }
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

    /**
     * {@code SimdConvPlan.singleChannelPairRows} where both width phases have 2x2 taps on the same two consecutive
     * buffer rows (kernel 4, stride 2: depthwise upsampling): each buffer row is loaded once, at the four taps'
     * columns, and completes one output row (its lower tap row) while starting the next, instead of being loaded once
     * per output row that reads it. Per output element, in a fixed order: the upper row's taps (weights {@code up} and
     * {@code up + 1}, at columns {@code c?0}, {@code c?1}), the lower row's (the other two), then the bias. (Sliding up instead, to
     * keep the kernel's tap order where it lists the lower row first, ran at 0.8x: rows written backwards.) Output row
     * r starts at {@code y[y0 + r * yRow]} with {@code o2} columns, phase 0 at the even ones; its upper input row at
     * {@code buf[x0 + r * xRow]}.
     */
    static void pairRows2x2(float[] w0, float[] w1, int up, float[] buf, int x0, int xRow, int c00, int c01,
            int c10, int c11, float b, int rows, int width, float[] y, int y0, int yRow, int o2) {
        int lo = 2 - up;
        FloatVector a0 = FloatVector.broadcast(S, w0[up]);
        FloatVector a1 = FloatVector.broadcast(S, w0[up + 1]);
        FloatVector a2 = FloatVector.broadcast(S, w0[lo]);
        FloatVector a3 = FloatVector.broadcast(S, w0[lo + 1]);
        FloatVector b0 = FloatVector.broadcast(S, w1[up]);
        FloatVector b1 = FloatVector.broadcast(S, w1[up + 1]);
        FloatVector b2 = FloatVector.broadcast(S, w1[lo]);
        FloatVector b3 = FloatVector.broadcast(S, w1[lo + 1]);
        FloatVector vb = FloatVector.broadcast(S, b);
        FloatVector z = FloatVector.zero(S);
        for (int i = 0; i < width; i += L) {
            // Output columns [2i, 2i + 2L) of each row, as two zipped vectors, masked to the row's o2 columns.
            VectorMask<Float> m0 = VectorMask.fromLong(S, (1L << Math.min(L, o2 - 2 * i)) - 1);
            VectorMask<Float> m1 = VectorMask.fromLong(S, (1L << Math.max(0, Math.min(L, o2 - 2 * i - L))) - 1);
            int o = x0 + i;
            FloatVector p = a1.fma(FloatVector.fromArray(S, buf, o + c01),
                    a0.fma(FloatVector.fromArray(S, buf, o + c00), z));
            FloatVector q = b1.fma(FloatVector.fromArray(S, buf, o + c11),
                    b0.fma(FloatVector.fromArray(S, buf, o + c10), z));
            for (int r = 0, at = y0 + 2 * i; r < rows; r++, at += yRow) {
                o += xRow;
                FloatVector x00 = FloatVector.fromArray(S, buf, o + c00);
                FloatVector x01 = FloatVector.fromArray(S, buf, o + c01);
                FloatVector x10 = FloatVector.fromArray(S, buf, o + c10);
                FloatVector x11 = FloatVector.fromArray(S, buf, o + c11);
                // Output row r of this unit's single channel: written by this unit only.
                FloatVector even = a3.fma(x01, a2.fma(x00, p)).add(vb);
                FloatVector odd = b3.fma(x11, b2.fma(x10, q)).add(vb);
                even.rearrange(SimdConvPlan.ZIP_LO, odd).intoArray(y, at, m0);
                even.rearrange(SimdConvPlan.ZIP_HI, odd).intoArray(y, at + L, m1);
                // The next output row starts with this input row (after the last row: unused).
                p = a1.fma(x01, a0.fma(x00, z));
                q = b1.fma(x11, b0.fma(x10, z));
            }
        }
    }
}
