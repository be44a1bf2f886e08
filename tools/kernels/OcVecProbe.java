import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Feasibility probe for a micro-kernel with vectors along output channels (oneDNN's layout of the work) on an NCHW
 * input: ResNet-50's 3x3 stride-2 conv at 128 channels (56 -> 28), the input read in place from a zero-padded copy at
 * stride 2 (no phase split, no packing), each input element broadcast, the weights packed {@code [k-block][c][kh][kw]
 * [32]}. The kernel computes 2 vectors of output channels (32) x 7 output positions of one row: per (c, kh, kw) step
 * 2 weight loads and 7 broadcasts (C2 makes them memory-operand broadcasts) for 14 FMAs, 14 sums in registers.
 * Only the sums are timed: the write-out, a transpose of 16 x 16 blocks into NCHW, is not here.
 *
 * <p>Session 20 on the project's machine (FMA peak 117 GFLOP/s at 1 thread): 101-111 GFLOP/s (2 x 14 positions
 * 102-112 with two spilled sums; 1 x 14 79-83, load-bound), against 85-89 for the whole current plan of the same
 * layer (phase-split copy, row packing, 8 x 2 kernels over positions) and about 125 for oneDNN. Run:
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

    /** One layer: every 32-channel block, output row and 7-position block; sums to t (overwritten, not NCHW). */
    static void layer(float[] x, float[] w, float[] t) {
        for (int kb = 0; kb < K / 32; kb++) {
            for (int oh = 0; oh < OUT; oh++) {
                for (int ow = 0; ow < OUT; ow += 7) {
                    k2x7(x, 2 * oh * PADDED + 2 * ow, w, kb * C * 9 * 32, t, ((oh * OUT + ow) * 32) % (t.length - 224));
                }
            }
        }
    }

    public static void main(String[] args) {
        float[] x = new float[C * PADDED * PADDED];
        float[] w = new float[K / 32 * C * 9 * 32];
        float[] t = new float[OUT * OUT * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 7 - 3;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = i % 5 - 2;
        }
        // Output channel 5 at output (3, 9) against the definition: small integers, exact.
        k2x7(x, 2 * 3 * PADDED + 2 * 7, w, 0, t, 0);
        double ref = 0;
        for (int c = 0; c < C; c++) {
            for (int kh = 0; kh < 3; kh++) {
                for (int kw = 0; kw < 3; kw++) {
                    ref += w[((c * 3 + kh) * 3 + kw) * 32 + 5] * x[(c * PADDED + 2 * 3 + kh) * PADDED + 2 * 9 + kw];
                }
            }
        }
        if (ref != t[2 * 32 + 5]) {
            throw new AssertionError("k2x7 " + t[2 * 32 + 5] + " != " + ref);
        }
        double flops = 2.0 * K * OUT * OUT * C * 9;
        for (int round = 0; round < 8; round++) {
            long t0 = System.nanoTime();
            int layers = 0;
            while (System.nanoTime() - t0 < 500_000_000L) {
                layer(x, w, t);
                layers++;
            }
            System.out.printf("2 x 7: %.1f GFLOP/s%n", flops * layers / (System.nanoTime() - t0));
        }
    }
}
