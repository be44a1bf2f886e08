package dev.vconv.simd;

import static dev.vconv.simd.F32CorrKernels.L;
import static dev.vconv.simd.F32CorrKernels.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The copy of one (batch element, group)'s input channels into a plan's padded, phase-split buffer (the
 * {@link Geometry} layout): padding of every mode resolved, contiguous runs copied as vectors.
 */
final class PaddedInput {
    private final Geometry geo;
    /** Per width phase, the longest run [runLo, runHi) of buffer positions that copy consecutive input elements. */
    private final int[] runLo;
    private final int[] runHi;
    /**
     * Per width phase, the buffer positions outside the run that read an input element (padding modes other than
     * zeros), and the input columns they read: empty for zero padding, whose rows are then one vector copy each.
     */
    private final int[][] edgeAt;
    private final int[][] edgeSrc;
    /**
     * Zero padding with no phase split: the buffer holds the input once, at consecutive buffer indices
     * [{@code rowFirst[a]}, + {@code in3[a]}) along each axis (depth, height, width), and the copy is one vector run
     * per row ({@link #copyRows}). The general loop's table lookups per row cost as much as copying a 28-column row.
     */
    private final boolean rowsOnly;
    private final int[] rowFirst = new int[3];
    /**
     * A stride-2 conv whose two width phases' runs read alternate columns of one stretch of each input row: phase
     * {@code pairEven}'s run the even offsets from its first column, phase {@code pairOdd}'s the odd ones (their
     * lengths differ by at most one). Each row is then read once and unzipped into both ({@link #copyPair}); -1 if not.
     */
    private final int pairEven;
    private final int pairOdd;

    PaddedInput(Geometry geo) {
        this.geo = geo;
        // Per width phase, the longest run of buffer positions that copy consecutive input elements.
        int bp = geo.bufferPhases[2];
        int len = geo.bufferLength[2];
        int step = geo.transpose ? 1 : bp;
        runLo = new int[bp];
        runHi = new int[bp];
        int[] src = geo.source[2];
        for (int r = 0; r < bp; r++) {
            int bestLo = 0;
            int bestHi = 0;
            int j = 0;
            while (j < len) {
                if (src[r * len + j] < 0) {
                    j++;
                    continue;
                }
                int lo = j;
                j++;
                while (j < len && src[r * len + j] == src[r * len + j - 1] + step) {
                    j++;
                }
                if (j - lo > bestHi - bestLo) {
                    bestLo = lo;
                    bestHi = j;
                }
            }
            runLo[r] = bestLo;
            runHi[r] = bestHi;
        }
        edgeAt = new int[bp][];
        edgeSrc = new int[bp][];
        for (int r = 0; r < bp; r++) {
            int[] at = new int[len];
            int[] from = new int[len];
            int count = 0;
            for (int j = 0; j < len; j++) {
                if ((j < runLo[r] || j >= runHi[r]) && src[r * len + j] >= 0) {
                    at[count] = j;
                    from[count] = src[r * len + j];
                    count++;
                }
            }
            edgeAt[r] = Arrays.copyOf(at, count);
            edgeSrc[r] = Arrays.copyOf(from, count);
        }
        boolean rows = geo.bufferPhases[0] == 1 && geo.bufferPhases[1] == 1 && bp == 1;
        for (int a = 0; a < 3 && rows; a++) {
            rowFirst[a] = firstOfRun(geo.source[a], geo.bufferLength[a], geo.in3[a]);
            rows = rowFirst[a] >= 0;
        }
        rowsOnly = rows;
        int even = -1;
        if (!geo.transpose && bp == 2 && runHi[0] > runLo[0] && runHi[1] > runLo[1]
                && Math.abs((runHi[0] - runLo[0]) - (runHi[1] - runLo[1])) <= 1) {
            int first0 = src[runLo[0]];
            int first1 = src[len + runLo[1]];
            even = first1 == first0 + 1 ? 0 : first0 == first1 + 1 ? 1 : -1;
        }
        pairEven = even;
        pairOdd = even < 0 ? -1 : 1 - even;
    }

    /**
     * The buffer index whose source is input index 0, if the sources are exactly 0, 1, ..., n - 1 at consecutive
     * buffer indices and -1 (padding) elsewhere; else -1.
     */
    private static int firstOfRun(int[] src, int len, int n) {
        int first = -1;
        for (int j = 0; j < len; j++) {
            if (src[j] == 0) {
                first = j;
            }
        }
        if (first < 0 || first + n > len) {
            return -1;
        }
        for (int j = 0; j < len; j++) {
            boolean inRun = j >= first && j < first + n;
            if (src[j] != (inRun ? j - first : -1)) {
                return -1;
            }
        }
        return first;
    }

    /**
     * Copies the input channels of group g of batch element n into the padded, phase-split buffer. Only positions that
     * read an input element are written: the others (zero padding, and the unused ends of shorter phase planes) are
     * zero from the buffer's allocation, and a scratch buffer only ever holds this plan's layout.
     */
    void copy(int n, int g, float[] x, int xOff, float[] buf) {
        if (rowsOnly) {
            copyRows(n, g, x, xOff, buf);
            return;
        }
        int[] bp = geo.bufferPhases;
        int[] bl = geo.bufferLength;
        int[] in = geo.in3;
        int[] src0 = geo.source[0];
        int[] src1 = geo.source[1];
        int[] src2 = geo.source[2];
        int l2 = bl[2];
        int stepW = geo.transpose ? 1 : bp[2];
        for (int c = 0; c < geo.cg; c++) {
            int xc = xOff + (n * geo.inChannels + g * geo.cg + c) * geo.inSpatial;
            int dc = c * geo.channelStride;
            for (int rd = 0; rd < bp[0]; rd++) {
                for (int rh = 0; rh < bp[1]; rh++) {
                    for (int rw = 0; rw < bp[2]; rw++) {
                        if (rw == pairOdd) {
                            continue; // written with pairEven's rows
                        }
                        int dp = dc + ((rd * bp[1] + rh) * bp[2] + rw) * geo.planeSize;
                        int lo = runLo[rw];
                        int hi = runHi[rw];
                        int[] at = edgeAt[rw];
                        int[] from = edgeSrc[rw];
                        boolean pair = rw == pairEven;
                        int dpOdd = pair ? dc + ((rd * bp[1] + rh) * bp[2] + pairOdd) * geo.planeSize : 0;
                        for (int jd = 0; jd < bl[0]; jd++) {
                            int sd = src0[rd * bl[0] + jd];
                            if (sd < 0) {
                                continue;
                            }
                            for (int jh = 0; jh < bl[1]; jh++) {
                                int sh = src1[rh * bl[1] + jh];
                                if (sh < 0) {
                                    continue;
                                }
                                int dst = dp + (jd * bl[1] + jh) * l2;
                                int row = xc + (sd * in[1] + sh) * in[2];
                                for (int e = 0; e < at.length; e++) {
                                    buf[dst + at[e]] = x[row + from[e]];
                                }
                                if (pair) {
                                    int dstOdd = dpOdd + (jd * bl[1] + jh) * l2;
                                    int[] atOdd = edgeAt[pairOdd];
                                    int[] fromOdd = edgeSrc[pairOdd];
                                    for (int e = 0; e < atOdd.length; e++) {
                                        buf[dstOdd + atOdd[e]] = x[row + fromOdd[e]];
                                    }
                                    copyPair(x, row + src2[rw * l2 + lo], buf, dst + lo, dstOdd + runLo[pairOdd],
                                            hi - lo, runHi[pairOdd] - runLo[pairOdd]);
                                } else if (hi > lo) {
                                    int first = row + src2[rw * l2 + lo];
                                    if (stepW == 1) {
                                        copyRun(x, first, buf, dst + lo, hi - lo);
                                    } else if (stepW == 2) {
                                        copyEveryOther(x, first, buf, dst + lo, hi - lo);
                                    } else {
                                        for (int j = lo, i = first; j < hi; j++, i += stepW) {
                                            buf[dst + j] = x[i];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@link #copy} where {@link #rowsOnly}: each input row to its buffer row, from column {@code rowFirst[2]}. */
    private void copyRows(int n, int g, float[] x, int xOff, float[] buf) {
        int[] in = geo.in3;
        int[] bl = geo.bufferLength;
        int lo = rowFirst[2];
        for (int c = 0; c < geo.cg; c++) {
            int xc = xOff + (n * geo.inChannels + g * geo.cg + c) * geo.inSpatial;
            for (int d = 0; d < in[0]; d++) {
                int dst = c * geo.channelStride + ((rowFirst[0] + d) * bl[1] + rowFirst[1]) * bl[2] + lo;
                int src = xc + d * in[1] * in[2];
                for (int h = 0; h < in[1]; h++, dst += bl[2], src += in[2]) {
                    copyRun(x, src, buf, dst, in[2]);
                }
            }
        }
    }

    /**
     * {@code dst[to + j] = src[from + 2 j]} for j below count (a stride-2 conv's width phase): two vectors in, their
     * even lanes out, the last pair ending at count (overlapping the one before it unless count is a multiple of L);
     * one by one where count is below L or the last pair would pass the end of src (session 17: the scalar loop was
     * 24% of a stride-2 2x2 conv's time, 3.5% of the stem's; session 18: a 28-column row's 12 scalar steps after one
     * vector were most of a 2x2 stride-2 conv's gather).
     */
    static void copyEveryOther(float[] src, int from, float[] dst, int to, int count) {
        if (count >= L && from + 2 * count <= src.length) {
            for (int j = 0; j < count; j += L) {
                int i = Math.min(j, count - L);
                FloatVector a = FloatVector.fromArray(S, src, from + 2 * i);
                FloatVector b = FloatVector.fromArray(S, src, from + 2 * i + L);
                a.rearrange(SimdConvPlan.UNZIP_EVEN, b).intoArray(dst, to + i);
            }
            return;
        }
        for (int j = 0; j < count; j++) {
            dst[to + j] = src[from + 2 * j];
        }
    }

    /**
     * {@code dst[toEven + j] = src[from + 2 j]} for j below countEven and {@code dst[toOdd + j] = src[from + 2 j + 1]}
     * for j below countOdd (a stride-2 conv's two width phases from one input row): two vectors in, both their even
     * and their odd lanes out, the last pair ending at the shorter count (overlapping the one before it); the rest one
     * by one.
     */
    static void copyPair(float[] src, int from, float[] dst, int toEven, int toOdd, int countEven, int countOdd) {
        int n = Math.min(countEven, countOdd);
        int j = 0;
        if (n >= L && from + 2 * n <= src.length) {
            for (; j < n; j += L) {
                int i = Math.min(j, n - L);
                FloatVector a = FloatVector.fromArray(S, src, from + 2 * i);
                FloatVector b = FloatVector.fromArray(S, src, from + 2 * i + L);
                a.rearrange(SimdConvPlan.UNZIP_EVEN, b).intoArray(dst, toEven + i);
                a.rearrange(SimdConvPlan.UNZIP_ODD, b).intoArray(dst, toOdd + i);
            }
            j = n;
        }
        for (int k = j; k < countEven; k++) {
            dst[toEven + k] = src[from + 2 * k];
        }
        for (int k = j; k < countOdd; k++) {
            dst[toOdd + k] = src[from + 2 * k + 1];
        }
    }

    /**
     * {@code dst[to + t * plane + j] = src[at + 4 j + t]} for t below 4 and j below L: four vectors of a row of
     * 4-column groups dealt to one vector per column residue, by two rounds of unzips (the first splits the even and
     * odd columns, the second each of those by the next bit).
     */
    static void dealFour(float[] src, int at, float[] dst, int to, int plane) {
        FloatVector v0 = FloatVector.fromArray(S, src, at);
        FloatVector v1 = FloatVector.fromArray(S, src, at + L);
        FloatVector v2 = FloatVector.fromArray(S, src, at + 2 * L);
        FloatVector v3 = FloatVector.fromArray(S, src, at + 3 * L);
        FloatVector e0 = v0.rearrange(SimdConvPlan.UNZIP_EVEN, v1);
        FloatVector e1 = v2.rearrange(SimdConvPlan.UNZIP_EVEN, v3);
        FloatVector o0 = v0.rearrange(SimdConvPlan.UNZIP_ODD, v1);
        FloatVector o1 = v2.rearrange(SimdConvPlan.UNZIP_ODD, v3);
        e0.rearrange(SimdConvPlan.UNZIP_EVEN, e1).intoArray(dst, to);
        o0.rearrange(SimdConvPlan.UNZIP_EVEN, o1).intoArray(dst, to + plane);
        e0.rearrange(SimdConvPlan.UNZIP_ODD, e1).intoArray(dst, to + 2 * plane);
        o0.rearrange(SimdConvPlan.UNZIP_ODD, o1).intoArray(dst, to + 3 * plane);
    }

    /** A short contiguous copy; rows here are often tens of elements, where arraycopy's setup dominates. */
    static void copyRun(float[] src, int from, float[] dst, int to, int count) {
        if (count < L) {
            if (count > 0) {
                VectorMask<Float> m = VectorMask.fromLong(S, (1L << count) - 1);
                FloatVector.fromArray(S, src, from, m).intoArray(dst, to, m);
            }
            return;
        }
        // Whole vectors, the last one ending at count (overlapping the one before it unless count is a multiple of
        // L). Up to two vectors without a loop: C2's pre/main/post loop costs more than the copy for one trip.
        int last = count - L;
        if (last > L) {
            for (int i = 0; i < last; i += L) {
                FloatVector.fromArray(S, src, from + i).intoArray(dst, to + i);
            }
        } else {
            FloatVector.fromArray(S, src, from).intoArray(dst, to);
        }
        FloatVector.fromArray(S, src, from + last).intoArray(dst, to + last);
    }

}
