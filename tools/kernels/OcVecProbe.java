import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Feasibility probe for a micro-kernel with vectors along output channels (oneDNN's layout of the work) on an NCHW
 * input: ResNet-50's 3x3 stride-2 conv at 128 channels (56 -> 28), the input read in place from a zero-padded copy at
 * stride 2 (no phase split, no packing), each input element broadcast, the weights packed {@code [k-block][c][kh][kw]
 * [32]}. The kernel computes 2 vectors of output channels (32) x 7 output positions of one row: per (c, kh, kw) step
 * 2 weight loads and 7 broadcasts (C2 makes them memory-operand broadcasts) for 14 FMAs, 14 sums in registers. Each
 * output row's sums then go to NCHW through 16 x 16 transposes in registers ({@link #writeRow}); the output of the
 * whole layer is checked against the definition (exact: small integers). The padded copy is not timed.
 *
 * <p>Session 20 on the project's machine (FMA peak 117 GFLOP/s at 1 thread): the sums alone 101-114 GFLOP/s, the
 * layer with its NCHW write-out 100-110 (the transposes cost 1-3%; through a {@code FloatVector[]} they cost 17%).
 * 2 x 14 positions: 102-112 with two spilled sums; 1 x 14: 79-83, load-bound. The current plan runs the same layer
 * at 85-89 for the whole call (phase-split copy, row packing, 8 x 2 kernels over positions). Run:
 *
 * <pre>
 * J=/usr/lib/jvm/temurin-25-jdk-amd64
 * $J/bin/javac --add-modules jdk.incubator.vector -d /tmp/probe tools/kernels/OcVecProbe.java
 * $J/bin/java --add-modules jdk.incubator.vector -cp /tmp/probe OcVecProbe
 * </pre>
 *
 * The driver loop is its own method: called from main's loop, which C2 compiles on stack replacement, the kernel ran
 * at 0.7 GFLOP/s (boxed vectors).
 */
public final class OcVecProbe {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int C = 128;
    private static final int K = 128;
    private static final int PADDED = 58;
    private static final int OUT = 28;
    /** Input offset of step j = (c, kh, kw) from an output position's top-left input element. */
    private static final int[] OFF = new int[C * 9];

    static {
        for (int c = 0, j = 0; c < C; c++) {
            for (int kh = 0; kh < 3; kh++) {
                for (int kw = 0; kw < 3; kw++) {
                    OFF[j++] = (c * PADDED + kh) * PADDED + kw;
                }
            }
        }
    }

    /** Per stage b = 8, 4, 2, 1 of a 16 x 16 transpose: the shuffles making rows i and i | b from rows i and i | b. */
    private static final VectorShuffle<Float>[] LOW = newShuffles(false);
    private static final VectorShuffle<Float>[] HIGH = newShuffles(true);
    private static final VectorMask<Float> TAIL = VectorMask.fromLong(S, (1L << (OUT % 16)) - 1);

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] newShuffles(boolean high) {
        VectorShuffle<Float>[] out = new VectorShuffle[4];
        for (int s = 0; s < 4; s++) {
            int b = 8 >> s;
            int[] idx = new int[16];
            for (int l = 0; l < 16; l++) {
                // row i keeps its lanes without bit b and takes row j's from b below; row j the reverse
                idx[l] = !high ? ((l & b) == 0 ? l : 16 + l - b) : ((l & b) == 0 ? l + b : 16 + l);
            }
            out[s] = VectorShuffle.fromArray(S, idx, 0);
        }
        return out;
    }

    private OcVecProbe() {
    }

    /** 32 output channels x 7 positions (stride 2) from x[base]: sums to t[tOff + p * 32 + k]. */
    static void k2x7(float[] x, int base, float[] w, int wOff, float[] t, int tOff) {
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = a00, a02 = a00, a03 = a00, a04 = a00, a05 = a00, a06 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00, a14 = a00, a15 = a00, a16 = a00;
        for (int j = 0; j < OFF.length; j++) {
            int xi = base + OFF[j];
            FloatVector w0 = FloatVector.fromArray(S, w, wOff + j * 32);
            FloatVector w1 = FloatVector.fromArray(S, w, wOff + j * 32 + 16);
            FloatVector b = FloatVector.broadcast(S, x[xi]);
            a00 = w0.fma(b, a00);
            a10 = w1.fma(b, a10);
            b = FloatVector.broadcast(S, x[xi + 2]);
            a01 = w0.fma(b, a01);
            a11 = w1.fma(b, a11);
            b = FloatVector.broadcast(S, x[xi + 4]);
            a02 = w0.fma(b, a02);
            a12 = w1.fma(b, a12);
            b = FloatVector.broadcast(S, x[xi + 6]);
            a03 = w0.fma(b, a03);
            a13 = w1.fma(b, a13);
            b = FloatVector.broadcast(S, x[xi + 8]);
            a04 = w0.fma(b, a04);
            a14 = w1.fma(b, a14);
            b = FloatVector.broadcast(S, x[xi + 10]);
            a05 = w0.fma(b, a05);
            a15 = w1.fma(b, a15);
            b = FloatVector.broadcast(S, x[xi + 12]);
            a06 = w0.fma(b, a06);
            a16 = w1.fma(b, a16);
        }
        // Stored one by one: put in an array, the sums escape and C2 boxes them in the loop too (6 GFLOP/s).
        a00.intoArray(t, tOff);
        a10.intoArray(t, tOff + 16);
        a01.intoArray(t, tOff + 32);
        a11.intoArray(t, tOff + 48);
        a02.intoArray(t, tOff + 64);
        a12.intoArray(t, tOff + 80);
        a03.intoArray(t, tOff + 96);
        a13.intoArray(t, tOff + 112);
        a04.intoArray(t, tOff + 128);
        a14.intoArray(t, tOff + 144);
        a05.intoArray(t, tOff + 160);
        a15.intoArray(t, tOff + 176);
        a06.intoArray(t, tOff + 192);
        a16.intoArray(t, tOff + 208);
    }


    /**
     * Writes one output row's sums (t[p * 32 + k], 28 positions x 32 channels of block kb) to NCHW y: per 16 channels
     * and 16 positions a 16 x 16 transpose in registers (4 stages of 16 two-vector shuffles), the last 12 positions
     * masked.
     */
    static void writeRow(float[] t, float[] y, int kb, int oh) {
        for (int half = 0; half < 2; half++) {
            for (int p0 = 0; p0 < OUT; p0 += 16) {
                // Unrolled into locals: in a FloatVector[] the rows escape and C2 boxes them (the write-out then
                // took 17% of the layer).
                FloatVector r0 = FloatVector.fromArray(S, t, (p0 + 0) * 32 + half * 16);
                FloatVector r1 = FloatVector.fromArray(S, t, (p0 + 1) * 32 + half * 16);
                FloatVector r2 = FloatVector.fromArray(S, t, (p0 + 2) * 32 + half * 16);
                FloatVector r3 = FloatVector.fromArray(S, t, (p0 + 3) * 32 + half * 16);
                FloatVector r4 = FloatVector.fromArray(S, t, (p0 + 4) * 32 + half * 16);
                FloatVector r5 = FloatVector.fromArray(S, t, (p0 + 5) * 32 + half * 16);
                FloatVector r6 = FloatVector.fromArray(S, t, (p0 + 6) * 32 + half * 16);
                FloatVector r7 = FloatVector.fromArray(S, t, (p0 + 7) * 32 + half * 16);
                FloatVector r8 = FloatVector.fromArray(S, t, (p0 + 8) * 32 + half * 16);
                FloatVector r9 = FloatVector.fromArray(S, t, (p0 + 9) * 32 + half * 16);
                FloatVector r10 = FloatVector.fromArray(S, t, (p0 + 10) * 32 + half * 16);
                FloatVector r11 = FloatVector.fromArray(S, t, (p0 + 11) * 32 + half * 16);
                FloatVector r12 = FloatVector.fromArray(S, t, (p0 + 12) * 32 + half * 16);
                FloatVector r13 = FloatVector.fromArray(S, t, (p0 + 13) * 32 + half * 16);
                FloatVector r14 = FloatVector.fromArray(S, t, (p0 + 14) * 32 + half * 16);
                FloatVector r15 = FloatVector.fromArray(S, t, (p0 + 15) * 32 + half * 16);
                FloatVector lo;
                lo = r0.rearrange(LOW[0], r8);
                r8 = r0.rearrange(HIGH[0], r8);
                r0 = lo;
                lo = r1.rearrange(LOW[0], r9);
                r9 = r1.rearrange(HIGH[0], r9);
                r1 = lo;
                lo = r2.rearrange(LOW[0], r10);
                r10 = r2.rearrange(HIGH[0], r10);
                r2 = lo;
                lo = r3.rearrange(LOW[0], r11);
                r11 = r3.rearrange(HIGH[0], r11);
                r3 = lo;
                lo = r4.rearrange(LOW[0], r12);
                r12 = r4.rearrange(HIGH[0], r12);
                r4 = lo;
                lo = r5.rearrange(LOW[0], r13);
                r13 = r5.rearrange(HIGH[0], r13);
                r5 = lo;
                lo = r6.rearrange(LOW[0], r14);
                r14 = r6.rearrange(HIGH[0], r14);
                r6 = lo;
                lo = r7.rearrange(LOW[0], r15);
                r15 = r7.rearrange(HIGH[0], r15);
                r7 = lo;
                lo = r0.rearrange(LOW[1], r4);
                r4 = r0.rearrange(HIGH[1], r4);
                r0 = lo;
                lo = r1.rearrange(LOW[1], r5);
                r5 = r1.rearrange(HIGH[1], r5);
                r1 = lo;
                lo = r2.rearrange(LOW[1], r6);
                r6 = r2.rearrange(HIGH[1], r6);
                r2 = lo;
                lo = r3.rearrange(LOW[1], r7);
                r7 = r3.rearrange(HIGH[1], r7);
                r3 = lo;
                lo = r8.rearrange(LOW[1], r12);
                r12 = r8.rearrange(HIGH[1], r12);
                r8 = lo;
                lo = r9.rearrange(LOW[1], r13);
                r13 = r9.rearrange(HIGH[1], r13);
                r9 = lo;
                lo = r10.rearrange(LOW[1], r14);
                r14 = r10.rearrange(HIGH[1], r14);
                r10 = lo;
                lo = r11.rearrange(LOW[1], r15);
                r15 = r11.rearrange(HIGH[1], r15);
                r11 = lo;
                lo = r0.rearrange(LOW[2], r2);
                r2 = r0.rearrange(HIGH[2], r2);
                r0 = lo;
                lo = r1.rearrange(LOW[2], r3);
                r3 = r1.rearrange(HIGH[2], r3);
                r1 = lo;
                lo = r4.rearrange(LOW[2], r6);
                r6 = r4.rearrange(HIGH[2], r6);
                r4 = lo;
                lo = r5.rearrange(LOW[2], r7);
                r7 = r5.rearrange(HIGH[2], r7);
                r5 = lo;
                lo = r8.rearrange(LOW[2], r10);
                r10 = r8.rearrange(HIGH[2], r10);
                r8 = lo;
                lo = r9.rearrange(LOW[2], r11);
                r11 = r9.rearrange(HIGH[2], r11);
                r9 = lo;
                lo = r12.rearrange(LOW[2], r14);
                r14 = r12.rearrange(HIGH[2], r14);
                r12 = lo;
                lo = r13.rearrange(LOW[2], r15);
                r15 = r13.rearrange(HIGH[2], r15);
                r13 = lo;
                lo = r0.rearrange(LOW[3], r1);
                r1 = r0.rearrange(HIGH[3], r1);
                r0 = lo;
                lo = r2.rearrange(LOW[3], r3);
                r3 = r2.rearrange(HIGH[3], r3);
                r2 = lo;
                lo = r4.rearrange(LOW[3], r5);
                r5 = r4.rearrange(HIGH[3], r5);
                r4 = lo;
                lo = r6.rearrange(LOW[3], r7);
                r7 = r6.rearrange(HIGH[3], r7);
                r6 = lo;
                lo = r8.rearrange(LOW[3], r9);
                r9 = r8.rearrange(HIGH[3], r9);
                r8 = lo;
                lo = r10.rearrange(LOW[3], r11);
                r11 = r10.rearrange(HIGH[3], r11);
                r10 = lo;
                lo = r12.rearrange(LOW[3], r13);
                r13 = r12.rearrange(HIGH[3], r13);
                r12 = lo;
                lo = r14.rearrange(LOW[3], r15);
                r15 = r14.rearrange(HIGH[3], r15);
                r14 = lo;
                int at = ((kb * 32 + half * 16) * OUT + oh) * OUT + p0;
                if (p0 + 16 <= OUT) {
                    r0.intoArray(y, at + 0 * OUT * OUT);
                    r1.intoArray(y, at + 1 * OUT * OUT);
                    r2.intoArray(y, at + 2 * OUT * OUT);
                    r3.intoArray(y, at + 3 * OUT * OUT);
                    r4.intoArray(y, at + 4 * OUT * OUT);
                    r5.intoArray(y, at + 5 * OUT * OUT);
                    r6.intoArray(y, at + 6 * OUT * OUT);
                    r7.intoArray(y, at + 7 * OUT * OUT);
                    r8.intoArray(y, at + 8 * OUT * OUT);
                    r9.intoArray(y, at + 9 * OUT * OUT);
                    r10.intoArray(y, at + 10 * OUT * OUT);
                    r11.intoArray(y, at + 11 * OUT * OUT);
                    r12.intoArray(y, at + 12 * OUT * OUT);
                    r13.intoArray(y, at + 13 * OUT * OUT);
                    r14.intoArray(y, at + 14 * OUT * OUT);
                    r15.intoArray(y, at + 15 * OUT * OUT);
                } else {
                    r0.intoArray(y, at + 0 * OUT * OUT, TAIL);
                    r1.intoArray(y, at + 1 * OUT * OUT, TAIL);
                    r2.intoArray(y, at + 2 * OUT * OUT, TAIL);
                    r3.intoArray(y, at + 3 * OUT * OUT, TAIL);
                    r4.intoArray(y, at + 4 * OUT * OUT, TAIL);
                    r5.intoArray(y, at + 5 * OUT * OUT, TAIL);
                    r6.intoArray(y, at + 6 * OUT * OUT, TAIL);
                    r7.intoArray(y, at + 7 * OUT * OUT, TAIL);
                    r8.intoArray(y, at + 8 * OUT * OUT, TAIL);
                    r9.intoArray(y, at + 9 * OUT * OUT, TAIL);
                    r10.intoArray(y, at + 10 * OUT * OUT, TAIL);
                    r11.intoArray(y, at + 11 * OUT * OUT, TAIL);
                    r12.intoArray(y, at + 12 * OUT * OUT, TAIL);
                    r13.intoArray(y, at + 13 * OUT * OUT, TAIL);
                    r14.intoArray(y, at + 14 * OUT * OUT, TAIL);
                    r15.intoArray(y, at + 15 * OUT * OUT, TAIL);
                }
            }
        }
    }

    /** One layer: per 32-channel block and output row, the row's sums, then its write-out to NCHW y (null: none). */
    static void layer(float[] x, float[] w, float[] t, float[] y) {
        for (int kb = 0; kb < K / 32; kb++) {
            for (int oh = 0; oh < OUT; oh++) {
                for (int ow = 0; ow < OUT; ow += 7) {
                    k2x7(x, 2 * oh * PADDED + 2 * ow, w, kb * C * 9 * 32, t, ow * 32);
                }
                if (y != null) {
                    writeRow(t, y, kb, oh);
                }
            }
        }
    }

    public static void main(String[] args) {
        float[] x = new float[C * PADDED * PADDED];
        float[] w = new float[K / 32 * C * 9 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 7 - 3;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = i % 5 - 2;
        }
        float[] y = new float[K * OUT * OUT];
        float[] row = new float[OUT * 32 + 16 * 32];
        layer(x, w, row, y);
        for (int k = 0; k < K; k++) {
            for (int oh = 0; oh < OUT; oh++) {
                for (int ow = 0; ow < OUT; ow++) {
                    double e = 0;
                    for (int c = 0; c < C; c++) {
                        for (int kh = 0; kh < 3; kh++) {
                            for (int kw = 0; kw < 3; kw++) {
                                e += w[(((k / 32) * C + c) * 9 + kh * 3 + kw) * 32 + k % 32]
                                        * x[(c * PADDED + 2 * oh + kh) * PADDED + 2 * ow + kw];
                            }
                        }
                    }
                    if (e != y[(k * OUT + oh) * OUT + ow]) {
                        float got = y[(k * OUT + oh) * OUT + ow];
                        throw new AssertionError("y[" + k + "][" + oh + "][" + ow + "] " + got + " != " + e);
                    }
                }
            }
        }
        System.out.println("layer matches the definition at every output (small integers: exact)");
        double flops = 2.0 * K * OUT * OUT * C * 9;
        for (int round = 0; round < 8; round++) {
            long t0 = System.nanoTime();
            int layers = 0;
            while (System.nanoTime() - t0 < 500_000_000L) {
                layer(x, w, row, null);
                layers++;
            }
            double sums = flops * layers / (System.nanoTime() - t0);
            t0 = System.nanoTime();
            layers = 0;
            while (System.nanoTime() - t0 < 500_000_000L) {
                layer(x, w, row, y);
                layers++;
            }
            System.out.printf("2 x 7 sums only: %.1f GFLOP/s; with the NCHW write-out: %.1f GFLOP/s%n", sums,
                    flops * layers / (System.nanoTime() - t0));
        }
    }
}
