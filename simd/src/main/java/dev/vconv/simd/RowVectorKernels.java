package dev.vconv.simd;

import static dev.vconv.simd.F32CorrKernels.L;
import static dev.vconv.simd.F32CorrKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Tiles of row vectors (see {@code SimdConvPlan}'s {@code vecX}): vector {@code i} is {@code L} consecutive columns of
 * one output row, starting at buffer position {@code vx[i]} and output position {@code vy[i]}, a row's last vector
 * holding its remaining {@code vn < L} columns. {@code F32CorrKernels.corrFlat4x6v} runs on six such vectors (one
 * load base each) into a small scratch, {@code [m][v]}; for few-channel convs {@link #store} then adds the bias and
 * stores each as one vector of the output:
 *
 * <pre>
 *   y[yBase + m * os + vy[i + v] + l] = sum over j of w[wOff + j * 4 + m] * x[xBase + vx[i + v] + offsets[j] + l]
 *                                       + bias[oc0 + m]
 * </pre>
 *
 * for output channel {@code m < 4}, vector {@code v} and lane {@code l < vn[i + v]}: the flat tile path's sums, in
 * the same order, from zero.
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
