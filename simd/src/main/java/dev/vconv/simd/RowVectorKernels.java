package dev.vconv.simd;

import static dev.vconv.simd.F32CorrKernels.L;
import static dev.vconv.simd.F32CorrKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Flat (channel, tap) correlation kernels over vectors of output rows, for few-channel convs: the same sums as
 * {@code F32CorrKernels.corrFlat4x*v} (same order, from zero), but each vector is {@code L} consecutive columns of one
 * output row rather than of the flat buffer positions. The kernel leaves its 4 x (6 or 1) accumulators in a small
 * scratch, {@code [m][v]}, and {@link #store} adds the bias and stores each as one vector of the output:
 *
 * <pre>
 *   y[yBase + m * os + vy[i + v] + l] = sum over j of w[wOff + j * 4 + m] * x[xBase + vx[i + v] + offsets[j] + l]
 *                                       + bias[oc0 + m]
 * </pre>
 *
 * for output channel {@code m < 4}, vector {@code v} and lane {@code l < vn[i + v]}. Vector {@code i} of a phase
 * starts at buffer position {@code vx[i]} and output plane position {@code vy[i]}; a row's last vector holds its
 * remaining {@code vn < L} columns.
 *
 * <p>Why: a tile of flat positions spans rows with junk columns between them, so it had to be written out row segment
 * by row segment from a tile; with few channels the reduction is short (72 steps for resnext-g32's 8 channels x 9
 * taps) and that write-out took about a quarter of the time. Vectors of output rows compute a row rounded up to whole
 * vectors (28-wide rows: 32 columns instead of the buffer's 30) and write each accumulator once, at the vector it is.
 */
final class RowVectorKernels {
    private RowVectorKernels() {
    }

    /**
     * 4 output channels x 6 vectors of rows, {@code vx[i ..]}; fewer than 6 ({@code count}) repeat the last one. Leaves
     * the sums in {@code tile} as {@code [m][v]} (row stride {@code ts}), added to what is there if {@code accumulate}.
     */
    static void corrFlat4x6v(float[] x, int xBase, int[] vx, int i, int count, int[] offsets, float[] w, int wOff,
            float[] tile, int tOff, int ts, boolean accumulate) {
        int x0 = xBase + vx[i];
        int x1 = xBase + vx[i + Math.min(1, count - 1)];
        int x2 = xBase + vx[i + Math.min(2, count - 1)];
        int x3 = xBase + vx[i + Math.min(3, count - 1)];
        int x4 = xBase + vx[i + Math.min(4, count - 1)];
        int x5 = xBase + vx[i + Math.min(5, count - 1)];
        FloatVector acc0x0 = accumulate ? FloatVector.fromArray(S, tile, tOff) : FloatVector.zero(S);
        FloatVector acc0x1 = accumulate ? FloatVector.fromArray(S, tile, tOff + L) : FloatVector.zero(S);
        FloatVector acc0x2 = accumulate ? FloatVector.fromArray(S, tile, tOff + 2 * L) : FloatVector.zero(S);
        FloatVector acc0x3 = accumulate ? FloatVector.fromArray(S, tile, tOff + 3 * L) : FloatVector.zero(S);
        FloatVector acc0x4 = accumulate ? FloatVector.fromArray(S, tile, tOff + 4 * L) : FloatVector.zero(S);
        FloatVector acc0x5 = accumulate ? FloatVector.fromArray(S, tile, tOff + 5 * L) : FloatVector.zero(S);
        FloatVector acc1x0 = accumulate ? FloatVector.fromArray(S, tile, tOff + ts) : FloatVector.zero(S);
        FloatVector acc1x1 = accumulate ? FloatVector.fromArray(S, tile, tOff + ts + L) : FloatVector.zero(S);
        FloatVector acc1x2 = accumulate ? FloatVector.fromArray(S, tile, tOff + ts + 2 * L) : FloatVector.zero(S);
        FloatVector acc1x3 = accumulate ? FloatVector.fromArray(S, tile, tOff + ts + 3 * L) : FloatVector.zero(S);
        FloatVector acc1x4 = accumulate ? FloatVector.fromArray(S, tile, tOff + ts + 4 * L) : FloatVector.zero(S);
        FloatVector acc1x5 = accumulate ? FloatVector.fromArray(S, tile, tOff + ts + 5 * L) : FloatVector.zero(S);
        FloatVector acc2x0 = accumulate ? FloatVector.fromArray(S, tile, tOff + 2 * ts) : FloatVector.zero(S);
        FloatVector acc2x1 = accumulate ? FloatVector.fromArray(S, tile, tOff + 2 * ts + L) : FloatVector.zero(S);
        FloatVector acc2x2 = accumulate ? FloatVector.fromArray(S, tile, tOff + 2 * ts + 2 * L) : FloatVector.zero(S);
        FloatVector acc2x3 = accumulate ? FloatVector.fromArray(S, tile, tOff + 2 * ts + 3 * L) : FloatVector.zero(S);
        FloatVector acc2x4 = accumulate ? FloatVector.fromArray(S, tile, tOff + 2 * ts + 4 * L) : FloatVector.zero(S);
        FloatVector acc2x5 = accumulate ? FloatVector.fromArray(S, tile, tOff + 2 * ts + 5 * L) : FloatVector.zero(S);
        FloatVector acc3x0 = accumulate ? FloatVector.fromArray(S, tile, tOff + 3 * ts) : FloatVector.zero(S);
        FloatVector acc3x1 = accumulate ? FloatVector.fromArray(S, tile, tOff + 3 * ts + L) : FloatVector.zero(S);
        FloatVector acc3x2 = accumulate ? FloatVector.fromArray(S, tile, tOff + 3 * ts + 2 * L) : FloatVector.zero(S);
        FloatVector acc3x3 = accumulate ? FloatVector.fromArray(S, tile, tOff + 3 * ts + 3 * L) : FloatVector.zero(S);
        FloatVector acc3x4 = accumulate ? FloatVector.fromArray(S, tile, tOff + 3 * ts + 4 * L) : FloatVector.zero(S);
        FloatVector acc3x5 = accumulate ? FloatVector.fromArray(S, tile, tOff + 3 * ts + 5 * L) : FloatVector.zero(S);
        for (int j = 0, wi = wOff; j < offsets.length; j++, wi += 4) {
            int o = offsets[j];
            FloatVector va0 = FloatVector.fromArray(S, x, x0 + o);
            FloatVector va1 = FloatVector.fromArray(S, x, x1 + o);
            FloatVector va2 = FloatVector.fromArray(S, x, x2 + o);
            FloatVector va3 = FloatVector.fromArray(S, x, x3 + o);
            FloatVector va4 = FloatVector.fromArray(S, x, x4 + o);
            FloatVector va5 = FloatVector.fromArray(S, x, x5 + o);
            FloatVector vb0 = FloatVector.broadcast(S, w[wi]);
            acc0x0 = vb0.fma(va0, acc0x0);
            acc0x1 = vb0.fma(va1, acc0x1);
            acc0x2 = vb0.fma(va2, acc0x2);
            acc0x3 = vb0.fma(va3, acc0x3);
            acc0x4 = vb0.fma(va4, acc0x4);
            acc0x5 = vb0.fma(va5, acc0x5);
            FloatVector vb1 = FloatVector.broadcast(S, w[wi + 1]);
            acc1x0 = vb1.fma(va0, acc1x0);
            acc1x1 = vb1.fma(va1, acc1x1);
            acc1x2 = vb1.fma(va2, acc1x2);
            acc1x3 = vb1.fma(va3, acc1x3);
            acc1x4 = vb1.fma(va4, acc1x4);
            acc1x5 = vb1.fma(va5, acc1x5);
            FloatVector vb2 = FloatVector.broadcast(S, w[wi + 2]);
            acc2x0 = vb2.fma(va0, acc2x0);
            acc2x1 = vb2.fma(va1, acc2x1);
            acc2x2 = vb2.fma(va2, acc2x2);
            acc2x3 = vb2.fma(va3, acc2x3);
            acc2x4 = vb2.fma(va4, acc2x4);
            acc2x5 = vb2.fma(va5, acc2x5);
            FloatVector vb3 = FloatVector.broadcast(S, w[wi + 3]);
            acc3x0 = vb3.fma(va0, acc3x0);
            acc3x1 = vb3.fma(va1, acc3x1);
            acc3x2 = vb3.fma(va2, acc3x2);
            acc3x3 = vb3.fma(va3, acc3x3);
            acc3x4 = vb3.fma(va4, acc3x4);
            acc3x5 = vb3.fma(va5, acc3x5);
        }
        acc0x0.intoArray(tile, tOff);
        acc0x1.intoArray(tile, tOff + L);
        acc0x2.intoArray(tile, tOff + 2 * L);
        acc0x3.intoArray(tile, tOff + 3 * L);
        acc0x4.intoArray(tile, tOff + 4 * L);
        acc0x5.intoArray(tile, tOff + 5 * L);
        acc1x0.intoArray(tile, tOff + ts);
        acc1x1.intoArray(tile, tOff + ts + L);
        acc1x2.intoArray(tile, tOff + ts + 2 * L);
        acc1x3.intoArray(tile, tOff + ts + 3 * L);
        acc1x4.intoArray(tile, tOff + ts + 4 * L);
        acc1x5.intoArray(tile, tOff + ts + 5 * L);
        acc2x0.intoArray(tile, tOff + 2 * ts);
        acc2x1.intoArray(tile, tOff + 2 * ts + L);
        acc2x2.intoArray(tile, tOff + 2 * ts + 2 * L);
        acc2x3.intoArray(tile, tOff + 2 * ts + 3 * L);
        acc2x4.intoArray(tile, tOff + 2 * ts + 4 * L);
        acc2x5.intoArray(tile, tOff + 2 * ts + 5 * L);
        acc3x0.intoArray(tile, tOff + 3 * ts);
        acc3x1.intoArray(tile, tOff + 3 * ts + L);
        acc3x2.intoArray(tile, tOff + 3 * ts + 2 * L);
        acc3x3.intoArray(tile, tOff + 3 * ts + 3 * L);
        acc3x4.intoArray(tile, tOff + 3 * ts + 4 * L);
        acc3x5.intoArray(tile, tOff + 3 * ts + 5 * L);
    }

    /**
     * Adds the bias to the 4 x {@code count} vectors the kernel left in {@code tile} ({@code [m][v]}, row stride
     * {@code ts}) and stores them:
     * vector {@code v} at plane position {@code vy[i + v]} of output row {@code m}, whole when its lanes past the row
     * land below {@code yEnd} (a plain store costs about half a masked one), else its {@code vn[i + v]} valid lanes.
     * The plan calls it after the kernel, not the kernel itself: inlined into the 4x6 kernel (a hot call that C2 would
     * inline), it made the kernel's loop run at about half speed.
     *
     * <p>A vector's lanes past its row land on the next row's first positions; the caller's unit writes every output
     * position of its channels in {@code [vy[first vector], yEnd)}, in increasing order, so later vectors rewrite them.
     * Past {@code yEnd} they could land on another unit's outputs (or the next channel's, written earlier).
     */
    static void store(float[] tile, int ts, int count, int[] vy, int[] vn, int i, float[] y, int yBase, int os,
            int yEnd, float[] bias, int oc0) {
        // Rows of this unit's output channels: no other unit writes these elements.
        for (int m = 0; m < 4; m++) {
            FloatVector vb = FloatVector.broadcast(S, bias == null ? 0f : bias[oc0 + m]);
            int yr = yBase + m * os;
            for (int v = i, t = m * ts; v < i + count; v++, t += L) {
                FloatVector a = FloatVector.fromArray(S, tile, t).add(vb);
                int at = vy[v];
                if (at + L <= yEnd) {
                    a.intoArray(y, yr + at);
                } else {
                    a.intoArray(y, yr + at, VectorMask.fromLong(S, (1L << vn[v]) - 1));
                }
            }
        }
    }
}
