package dev.vconv.simd;

import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A convolution or transposed convolution rewritten, at plan time, as stride-1 valid correlations over one flat
 * buffer: the lowering that lets one micro-kernel family serve every problem.
 *
 * <p><b>The input buffer.</b> For one (batch element, group), the input channels of the group are copied into a
 * buffer of {@link #channelStride} floats per channel. Per spatial axis the buffer holds {@link #bufferPhases} planes
 * of {@link #bufferLength} positions; buffer position {@code (r, j)} reads input position {@link #source}
 * {@code [axis][r * bufferLength + j]} (-1: zero). For a conv with stride {@code s} the padded input is split into
 * {@code s} phase planes, {@code buf[r][j] = xpad[j*s + r]}, so tap {@code k} reads plane {@code (k*d) % s} at offset
 * {@code (k*d) / s}: contiguous again. Padding of every mode is resolved while copying, by
 * {@link PaddingMode#sourceIndex}.
 *
 * <p><b>Flat coordinates.</b> A buffer plane is read as a flat array with row stride {@code bufferLength[2]}: an output
 * position {@code (jd, jh, jw)} is {@code q = (jd * bufferLength[1] + jh) * bufferLength[2] + jw}, and every tap is a
 * constant offset from {@code q}. A kernel computes a contiguous range of {@code q} across rows; the few positions with
 * {@code jw >= extent} (or {@code jh >= extent}) are junk, computed and dropped.
 *
 * <p><b>Output phases.</b> A conv has one {@link Phase}, the whole output. A transposed conv with stride {@code s} has
 * one phase per residue {@code r} in {@code [0, s)} per axis: output {@code y[r + s*j]} sums {@code x[j + (r + p -
 * k*d)/s] * w[k]} over the taps {@code k} with {@code (r + p - k*d) mod s == 0}, a dense sub-kernel; negative input
 * offsets are zero padding of the (unsplit) buffer. No inserted zero is ever multiplied. A phase without taps (stride
 * larger than the dilated kernel) is the bias alone.
 */
final class Geometry {
    final boolean transpose;
    final int batch;
    final int groups;
    /** Input channels per group. */
    final int cg;
    /** Output channels per group. */
    final int kg;
    final int inChannels;
    final int outChannels;
    final int[] in3;
    final int[] out3;
    final int[] kernel3;
    final int inSpatial;
    final int outSpatial;

    final int[] bufferPhases = new int[3];
    final int[] bufferLength = new int[3];
    final int[][] source = new int[3][];
    final int planeSize;
    final int channelStride;
    final Phase[] phases;

    /** One stride-1 correlation: which outputs it writes and which buffer offsets (taps) it reads. */
    static final class Phase {
        /** First output index per axis. */
        final int[] first;
        /** Output index step per axis (the stride of a transposed conv, else 1). */
        final int[] step;
        /** Number of outputs per axis. */
        final int[] extent;
        /** Offsets from q into one buffer channel, one per tap. */
        final int[] taps;
        /** The flat kernel index {@code (kd * K1 + kh) * K2 + kw} of each tap. */
        final int[] tapKernel;
        /** One past the last flat output position. */
        final int qLength;

        Phase(int[] first, int[] step, int[] extent, int[] taps, int[] tapKernel, int qLength) {
            this.first = first;
            this.step = step;
            this.extent = extent;
            this.taps = taps;
            this.tapKernel = tapKernel;
            this.qLength = qLength;
        }

        int outputCount() {
            return extent[0] * extent[1] * extent[2];
        }

        @Override
        public String toString() {
            return "r" + Arrays.toString(first) + "x" + taps.length;
        }
    }

    /** The taps of one output phase along one axis. */
    private record AxisPhase(int first, int step, int extent, int[] kernelIndex, int[] plane, int[] offset) {
    }

    Geometry(ConvProblem problem) {
        var d = problem.descriptor();
        transpose = d.isTranspose();
        batch = problem.batch();
        groups = d.groups();
        inChannels = d.inChannels();
        outChannels = d.outChannels();
        cg = inChannels / groups;
        kg = outChannels / groups;
        in3 = problem.inputSize3();
        out3 = problem.outputSize3();
        kernel3 = problem.kernel3();
        int[] s = problem.stride3();
        int[] dil = problem.dilation3();
        int[] padBefore = problem.padBefore3();
        int[] padAfter = problem.padAfter3();
        inSpatial = in3[0] * in3[1] * in3[2];
        outSpatial = out3[0] * out3[1] * out3[2];

        @SuppressWarnings("unchecked")
        List<AxisPhase>[] axes = new List[3];
        for (int a = 0; a < 3; a++) {
            axes[a] = transpose
                    ? transposeAxis(a, in3[a], out3[a], kernel3[a], s[a], dil[a], padBefore[a])
                    : convAxis(a, in3[a], out3[a], kernel3[a], s[a], dil[a], padBefore[a], padAfter[a],
                            d.paddingMode());
        }
        // Exact: a buffer that does not fit an int throws ArithmeticException, and SimdProvider declines the problem.
        planeSize = Math.multiplyExact(Math.multiplyExact(bufferLength[0], bufferLength[1]), bufferLength[2]);
        channelStride = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(bufferPhases[0], bufferPhases[1]),
                bufferPhases[2]), planeSize);

        List<Phase> list = new ArrayList<>();
        for (AxisPhase pd : axes[0]) {
            for (AxisPhase ph : axes[1]) {
                for (AxisPhase pw : axes[2]) {
                    list.add(combine(pd, ph, pw));
                }
            }
        }
        phases = list.toArray(new Phase[0]);
    }

    private List<AxisPhase> convAxis(int a, int in, int out, int k, int s, int d, int padBefore, int padAfter,
            PaddingMode mode) {
        if (out == 1) {
            s = 1; // one output reads positions k*d only: splitting into s phase planes would only waste memory
        }
        int padded = Math.addExact(in, Math.addExact(padBefore, padAfter));
        int length = (int) (((long) padded + s - 1) / s);
        bufferPhases[a] = s;
        bufferLength[a] = length;
        int[] src = new int[Math.multiplyExact(s, length)];
        for (int r = 0; r < s; r++) {
            for (int j = 0; j < length; j++) {
                int i = j * s + r;
                src[r * length + j] = i < padded ? mode.sourceIndex(i - padBefore, in) : -1;
            }
        }
        source[a] = src;
        int[] kernelIndex = new int[k];
        int[] plane = new int[k];
        int[] offset = new int[k];
        for (int kk = 0; kk < k; kk++) {
            kernelIndex[kk] = kk;
            plane[kk] = (kk * d) % s;
            offset[kk] = (kk * d) / s;
        }
        return List.of(new AxisPhase(0, 1, out, kernelIndex, plane, offset));
    }

    private List<AxisPhase> transposeAxis(int a, int in, int out, int k, int s, int d, int p) {
        int[][] kernelIndex = new int[s][];
        int[][] offset = new int[s][];
        int[] extent = new int[s];
        int minOffset = 0;
        int maxOffset = 0;
        int maxExtent = 0;
        // Tap kk lands on residue r = (kk d - p) mod s: one pass over the taps (one per residue and tap was
        // s x k steps, 20 s of planning for a kernel and stride of 46341, found by BuilderFuzzProperties).
        int[] count = new int[s];
        for (int kk = 0; kk < k; kk++) {
            count[(int) Math.floorMod((long) kk * d - p, s)]++;
        }
        for (int r = 0; r < s; r++) {
            kernelIndex[r] = new int[count[r]];
            offset[r] = new int[count[r]];
            count[r] = 0;
        }
        for (int kk = 0; kk < k; kk++) {
            int r = (int) Math.floorMod((long) kk * d - p, s);
            kernelIndex[r][count[r]] = kk;
            offset[r][count[r]] = Math.toIntExact(Math.floorDiv((long) r + p - (long) kk * d, s));
            count[r]++;
        }
        for (int r = 0; r < s; r++) {
            extent[r] = r < out ? (out - r + s - 1) / s : 0;
            if (extent[r] > 0) {
                for (int o : offset[r]) {
                    minOffset = Math.min(minOffset, o);
                    maxOffset = Math.max(maxOffset, o);
                }
            }
            maxExtent = Math.max(maxExtent, extent[r]);
        }
        // Buffer position j holds x[j - before]; outputs j in [0, maxExtent) read j + offset + before.
        int before = -minOffset;
        int length = Math.addExact(before, Math.max(in, Math.addExact(maxExtent, maxOffset)));
        bufferPhases[a] = 1;
        bufferLength[a] = length;
        int[] src = new int[length];
        for (int j = 0; j < length; j++) {
            int i = j - before;
            src[j] = i >= 0 && i < in ? i : -1;
        }
        source[a] = src;
        List<AxisPhase> list = new ArrayList<>();
        for (int r = 0; r < s; r++) {
            if (extent[r] == 0) {
                continue;
            }
            int[] off = offset[r].clone();
            for (int t = 0; t < off.length; t++) {
                off[t] += before;
            }
            list.add(new AxisPhase(r, s, extent[r], kernelIndex[r], new int[off.length], off));
        }
        return list;
    }

    private Phase combine(AxisPhase pd, AxisPhase ph, AxisPhase pw) {
        int n = pd.kernelIndex.length * ph.kernelIndex.length * pw.kernelIndex.length;
        int[] taps = new int[n];
        int[] tapKernel = new int[n];
        int t = 0;
        for (int a = 0; a < pd.kernelIndex.length; a++) {
            for (int b = 0; b < ph.kernelIndex.length; b++) {
                for (int c = 0; c < pw.kernelIndex.length; c++) {
                    int plane = (pd.plane[a] * bufferPhases[1] + ph.plane[b]) * bufferPhases[2] + pw.plane[c];
                    taps[t] = plane * planeSize
                            + (pd.offset[a] * bufferLength[1] + ph.offset[b]) * bufferLength[2] + pw.offset[c];
                    tapKernel[t] = (pd.kernelIndex[a] * kernel3[1] + ph.kernelIndex[b]) * kernel3[2]
                            + pw.kernelIndex[c];
                    t++;
                }
            }
        }
        int[] extent = {pd.extent, ph.extent, pw.extent};
        int qLength = ((extent[0] - 1) * bufferLength[1] + extent[1] - 1) * bufferLength[2] + extent[2];
        return new Phase(new int[] {pd.first, ph.first, pw.first}, new int[] {pd.step, ph.step, pw.step}, extent,
                taps, tapKernel, qLength);
    }

    /** Whether every buffer position reads the input position of the same index (no padding, no phase split). */
    boolean identitySource() {
        for (int a = 0; a < 3; a++) {
            if (bufferPhases[a] != 1 || source[a].length != in3[a]) {
                return false;
            }
            for (int j = 0; j < in3[a]; j++) {
                if (source[a][j] != j) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The largest tap offset of any phase (0 if none). */
    int maxTap() {
        int max = 0;
        for (Phase p : phases) {
            for (int t : p.taps) {
                max = Math.max(max, t);
            }
        }
        return max;
    }
}
