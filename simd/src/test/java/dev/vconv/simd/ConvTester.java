package dev.vconv.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PaddingMode;
import dev.vconv.PlanOptions;
import dev.vconv.reference.GatherConv;
import dev.vconv.reference.MatrixConvTranspose;
import dev.vconv.reference.ReferenceProvider;
import dev.vconv.reference.ScatterConvTranspose;
import dev.vconv.reference.WinogradMagnitude;
import dev.vconv.reference.ZeroInsertionConvTranspose;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Builds one problem fluently, runs it through the SIMD provider and compares with the reference definitions.
 *
 * <p>{@link #testExact()}: inputs, weights and bias are integers in [-3, 3], so every partial sum is an exact float and
 * the SIMD result must equal the reference bit for bit, whatever the blocking. {@link #testReal()}: uniform reals in
 * [-1, 1], compared within the error bound of a float sum of n terms in any order (one rounding per FMA, plus the
 * bias add): {@code |simd - ref| <= (n + 1) * 2^-24 * (sum |x*w| + |b|)} per element, doubled for slack; the sum of
 * magnitudes is computed by the reference itself on |x|, |w|, |b|. Failures print the problem as a line that can be
 * pasted back into a test, the index and both values.
 */
final class ConvTester {
    static final SimdProvider PROVIDER = new SimdProvider();

    /**
     * The helpers of plans the tests build themselves ({@link #direct()}, {@link #winograd()}): without an executor a
     * plan splits its work for {@code threads} but runs every unit on the caller, and nothing would run concurrently.
     */
    static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "conv-tester-helper");
        t.setDaemon(true);
        return t;
    });

    private final boolean transpose;
    private final int rank;
    private int batch = 1;
    private int inChannels = 1;
    private int outChannels = 1;
    private int[] size;
    private int[] kernel = {1};
    private int[] stride = {1};
    private int[] padding = {0};
    private String paddingRule;
    private int[] dilation = {1};
    private int[] outputPadding = {0};
    private int groups = 1;
    private boolean bias = true;
    private PaddingMode mode = PaddingMode.ZEROS;
    private int threads = 1;
    private long seed = 1;
    private boolean direct;
    private boolean winograd;
    /** {@link #testReal}'s input: large on each channel's first row and column, small elsewhere. */
    private boolean edgeHeavy;
    /** With {@link #winograd}: tiles per block of {@link WinogradPlan}, 0 for the plan's choice. */
    private int winogradBlocks;
    /** With {@link #winograd}: the tiling of {@link WinogradPhasePlan}, null for the one it chooses. */
    private WinogradPhasePlan.Tiling phaseTiling;
    /** With {@link #patches}: the most floats of patch input per chunk of images, 0 for the provider's plan. */
    private int patchChunk;

    private ConvTester(boolean transpose, int rank) {
        this.transpose = transpose;
        this.rank = rank;
    }

    static ConvTester conv(int rank) {
        return new ConvTester(false, rank);
    }

    static ConvTester convT(int rank) {
        return new ConvTester(true, rank);
    }

    ConvTester batch(int v) {
        batch = v;
        return this;
    }

    ConvTester channels(int in, int out) {
        inChannels = in;
        outChannels = out;
        return this;
    }

    ConvTester size(int... v) {
        size = v;
        return this;
    }

    ConvTester kernel(int... v) {
        kernel = v;
        return this;
    }

    ConvTester stride(int... v) {
        stride = v;
        return this;
    }

    ConvTester padding(int... v) {
        padding = v;
        return this;
    }

    /** "same" or "valid". */
    ConvTester padding(String rule) {
        paddingRule = rule;
        return this;
    }

    ConvTester dilation(int... v) {
        dilation = v;
        return this;
    }

    ConvTester outputPadding(int... v) {
        outputPadding = v;
        return this;
    }

    ConvTester groups(int v) {
        groups = v;
        return this;
    }

    ConvTester bias(boolean v) {
        bias = v;
        return this;
    }

    ConvTester mode(PaddingMode v) {
        mode = v;
        return this;
    }

    ConvTester threads(int v) {
        threads = v;
        return this;
    }

    /** Plan with the direct kernels ({@link SimdConvPlan}) even where the provider would choose Winograd. */
    ConvTester direct() {
        direct = true;
        return this;
    }

    /**
     * Plan with Winograd ({@link WinogradPlan}) wherever it can compute the problem, also where the provider would not
     * choose it (few channels, small images): its edge cases are the small shapes.
     */
    ConvTester winograd() {
        winograd = true;
        return this;
    }

    /**
     * {@link #winograd()} with {@link WinogradPlan}'s blocks of 6L tiles (the 4x6 products kernel) if {@code wide},
     * else of 2L, also at vector sizes and image sizes where the plan would not choose them.
     */
    ConvTester winograd(boolean wide) {
        winograd = true;
        winogradBlocks = (wide ? 6 : 2) * F32CorrKernels.L;
        return this;
    }

    /**
     * Plan with {@link WinogradPhasePlan}'s tiles of m x m outputs (F(2x2, 2x2) or F(3x3, 2x2)), in blocks of 2L tiles
     * for the 8x2 / 4x2 products kernel or of 6L for the 4x6 one ({@code wide}), also at vector sizes where the plan
     * would not choose them.
     */
    ConvTester phaseTiling(int m, boolean wide) {
        winograd = true;
        phaseTiling = new WinogradPhasePlan.Tiling(m, (wide ? 6 : 2) * F32CorrKernels.L);
        return this;
    }

    /**
     * Plan with {@link PatchPlan} wherever it applies, also where the provider would not choose it (few output
     * channels), in chunks of at most {@code chunkFloats} floats of patch input (small values: several chunks and a
     * shorter last one).
     */
    ConvTester patches(int chunkFloats) {
        patchChunk = chunkFloats;
        return this;
    }

    /**
     * {@link #testReal} on inputs of magnitude up to 1000 on each channel's first row and column and up to 1e-3
     * elsewhere: an error bound that leaves out a term reading the wrong neighbour (another row's or channel's first
     * elements) fails by orders of magnitude, where uniform data would hide it.
     */
    ConvTester edgeHeavy() {
        edgeHeavy = true;
        return this;
    }

    ConvTester seed(long v) {
        seed = v;
        return this;
    }

    ConvProblem problem() {
        ConvDescriptor.Builder b = transpose ? ConvDescriptor.convTranspose(rank) : ConvDescriptor.conv(rank);
        b.inChannels(inChannels).outChannels(outChannels).kernelSize(kernel).stride(stride).dilation(dilation)
                .groups(groups).bias(bias).paddingMode(mode);
        if (paddingRule != null) {
            b.padding(paddingRule);
        } else {
            b.padding(padding);
        }
        if (transpose) {
            b.outputPadding(outputPadding);
        }
        int[] shape = new int[rank + 2];
        shape[0] = batch;
        shape[1] = inChannels;
        for (int a = 0; a < rank; a++) {
            shape[a + 2] = size.length == 1 ? size[0] : size[a];
        }
        return b.build().problem(shape);
    }

    /** A line that rebuilds this case. */
    @Override
    public String toString() {
        return (transpose ? "convT(" : "conv(") + rank + ").batch(" + batch + ").channels(" + inChannels + ", "
                + outChannels + ").size(" + ints(size) + ").kernel(" + ints(kernel) + ").stride(" + ints(stride)
                + ")" + (paddingRule != null ? ".padding(\"" + paddingRule + "\")" : ".padding(" + ints(padding) + ")")
                + ".dilation(" + ints(dilation) + ")" + (transpose ? ".outputPadding(" + ints(outputPadding) + ")" : "")
                + ".groups(" + groups + ").bias(" + bias + ").mode(PaddingMode." + mode + ").threads(" + threads
                + ").seed(" + seed + "L)" + (direct ? ".direct()" : "")
 + (edgeHeavy ? ".edgeHeavy()" : "")
                + (patchChunk != 0 ? ".patches(" + patchChunk + ")" : "")
                + (phaseTiling != null ? ".phaseTiling(" + phaseTiling.m() + ", "
                        + (phaseTiling.tb() > 2 * F32CorrKernels.L) + ")"
                        : winogradBlocks != 0 ? ".winograd(" + (winogradBlocks > 2 * F32CorrKernels.L) + ")"
                        : winograd ? ".winograd()" : "");
    }

    private static String ints(int[] v) {
        return Arrays.toString(v).replace("[", "").replace("]", "");
    }

    /** Integer data: must match the reference exactly (and, for convT, all three reference definitions). */
    void testExact() {
        ConvProblem p = problem();
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = ints(rnd, p.inputShape().elementCount());
        float[] w = ints(rnd, p.weightShape().elementCount());
        float[] b = bias ? ints(rnd, p.biasLength()) : null;
        float[] got = simd(p, x, w, b);
        float[] want = reference(p, x, w, b);
        for (int i = 0; i < want.length; i++) {
            if (got[i] != want[i]) {
                fail("simd != reference at output index " + i + ": simd " + got[i] + ", reference " + want[i]
                        + "\n  case " + this + "\n  problem " + p + "\n  plan " + plan(p, w, b));
            }
        }
        if (p.descriptor().isTranspose()) {
            float[] zi = new float[want.length];
            ZeroInsertionConvTranspose.convTranspose(p, x, 0, w, b, zi, 0);
            assertSame("zero-insertion reference", p, got, zi);
            if (MatrixConvTranspose.MAX_ENTRIES >= (long) p.inputShape().elementCount() / p.batch()
                    * (p.outputShape().elementCount() / p.batch())) {
                float[] mx = new float[want.length];
                MatrixConvTranspose.convTranspose(p, x, 0, w, b, mx, 0);
                assertSame("matrix reference", p, got, mx);
            }
        }
    }

    private void assertSame(String what, ConvProblem p, float[] got, float[] want) {
        for (int i = 0; i < want.length; i++) {
            if (got[i] != want[i]) {
                fail("simd != " + what + " at output index " + i + ": simd " + got[i] + ", " + what + " " + want[i]
                        + "\n  case " + this + "\n  problem " + p);
            }
        }
    }

    /** Real data: within the derived bound of the reference (which sums in double). */
    void testReal() {
        ConvProblem p = problem();
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = reals(rnd, p.inputShape().elementCount());
        if (edgeHeavy) {
            int[] in = p.inputSize3();
            for (int i = 0; i < x.length; i++) {
                int plane = i % (in[1] * in[2]);
                x[i] *= plane / in[2] == 0 || plane % in[2] == 0 ? 1000f : 1e-3f;
            }
        }
        float[] w = reals(rnd, p.weightShape().elementCount());
        float[] b = bias ? reals(rnd, p.biasLength()) : null;
        float[] got = simd(p, x, w, b);
        float[] want = reference(p, x, w, b);
        float[] magnitude = reference(p, abs(x), abs(w), b == null ? null : abs(b));
        // A Winograd plan's error is bounded by gamma_n (Z + |b|), n = WinogradMagnitude.gammaTerms: C/g + 8 for
        // F(2x2, 3x3), + 11 in 3D, + 8 for F(2x2, 2x2) or F(3x3, 2x2) on stride phases, t C/g + 4 for F(2, 2) along
        // depth with t height x width taps per phase, C/g k_h s + 6 for F(4, 4) along the width; doubled here too.
        ConvPlan chosen = plan(p, w, b);
        boolean winograd = chosen instanceof WinogradPlan || chosen instanceof WinogradPhasePlan
                || chosen instanceof WinogradDepthPlan || chosen instanceof WinogradWidthPlan;
        double[] z = winograd ? WinogradMagnitude.of(p, x, w) : null;
        ConvDescriptor d = p.descriptor();
        int kvol = 1;
        for (int k : d.kernelSize()) {
            kvol *= k;
        }
        // Terms per output element: at most (channels per group of the reduced side) x kernel volume.
        int n = (d.isTranspose() ? d.inChannels() / d.groups() : d.inChannels() / d.groups()) * kvol + 1;
        double u = Math.ulp(1f) / 2;
        int spatial = want.length / (p.batch() * d.outChannels());
        for (int i = 0; i < want.length; i++) {
            double bound = winograd
                    ? 2 * WinogradMagnitude.gammaTerms(p) * u
                            * (z[i] + (b == null ? 0 : Math.abs(b[i / spatial % d.outChannels()])))
                    : 2 * (n + 1) * u * magnitude[i];
            double err = Math.abs((double) got[i] - want[i]);
            if (!(err <= bound)) {
                fail("simd differs from reference by " + err + " > bound " + bound + " (n = " + n
                        + (winograd ? ", Winograd bound" : "")
                        + ") at output index " + i + ": simd " + got[i] + ", reference " + want[i]
                        + "\n  case " + this + "\n  problem " + p);
            }
        }
    }

    float[] simd(ConvProblem p, float[] x, float[] w, float[] b) {
        ConvPlan plan = plan(p, w, b);
        float[] y = new float[p.outputShape().elementCount()];
        Arrays.fill(y, Float.NaN); // every element must be written
        plan.execute(x, 0, y, 0);
        return y;
    }

    /** What the SIMD plan of this problem chose (its {@code toString()}), to check a test reaches the path it names. */
    String planDescription() {
        ConvProblem p = problem();
        return plan(p, new float[p.weightShape().elementCount()], bias ? new float[p.biasLength()] : null).toString();
    }

    ConvPlan plan(ConvProblem p, float[] w, float[] b) {
        ExecutorService helpers = threads > 1 ? HELPERS : null;
        if (direct) {
            return SimdConvPlan.create(p, w, b, threads, helpers);
        }
        if (patchChunk != 0) {
            if (!PatchPlan.applies(p)) {
                fail("PatchPlan does not apply to " + p + "\n  case " + this);
            }
            return new PatchPlan(p, w, b, threads, helpers, patchChunk);
        }
        if (winograd) {
            Geometry geo = new Geometry(p);
            ConvPlan direct = SimdConvPlan.create(p, w, b, threads, helpers);
            if (WinogradPlan.serves(geo, w, b)) {
                return new WinogradPlan(p, w, b, threads, helpers, direct, winogradBlocks);
            }
            if (WinogradPhasePlan.serves(geo, w, b)) {
                return new WinogradPhasePlan(p, w, b, threads, helpers, direct, phaseTiling);
            }
            if (WinogradDepthPlan.serves(p, w, b)) {
                return new WinogradDepthPlan(p, w, b, threads, helpers, direct);
            }
            if (WinogradWidthPlan.serves(geo, p, w, b)) {
                return new WinogradWidthPlan(p, w, b, threads, helpers, direct);
            }
            fail("Winograd cannot compute " + p + "\n  case " + this);
        }
        return PROVIDER.plan(p, w, b, PlanOptions.defaults().withThreads(threads));
    }

    static float[] reference(ConvProblem p, float[] x, float[] w, float[] b) {
        float[] y = new float[p.outputShape().elementCount()];
        if (p.descriptor().isTranspose()) {
            ScatterConvTranspose.convTranspose(p, x, 0, w, b, y, 0);
        } else {
            GatherConv.conv(p, x, 0, w, b, y, 0);
        }
        return y;
    }

    /**
     * A plan of {@code expected}'s class, on 2 threads, with integer data and weights {@code infinite} set to plus and
     * minus infinity in turn: a NaN, minus infinity or zero at two input positions (one the last) gives the reference's
     * results bit for bit (non-finite values reach the outputs that read them, through padding too), and the input is
     * left as it was.
     */
    static void nonFiniteValuesAsTheReference(ConvProblem p, Class<? extends ConvPlan> expected, int[] infinite) {
        SplittableRandom rnd = new SplittableRandom(11);
        float[] w = ints(rnd, p.weightShape().elementCount());
        float[] b = ints(rnd, p.biasLength());
        float[] x = ints(rnd, p.inputShape().elementCount());
        for (int i = 0; i < infinite.length; i++) {
            w[infinite[i]] = i % 2 == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        }
        ConvPlan plan = PROVIDER.plan(p, w, b, PlanOptions.defaults().withThreads(2));
        assertTrue(expected.isInstance(plan), plan.toString());
        ConvPlan reference = new ReferenceProvider().plan(p, w, b, PlanOptions.singleThreaded());
        for (float v : new float[] {Float.NaN, Float.NEGATIVE_INFINITY, 0f}) {
            float[] xv = x.clone();
            xv[7] = v;
            xv[xv.length - 1] = v;
            float[] before = xv.clone();
            assertArrayEquals(reference.apply(xv), plan.apply(xv), "input value " + v);
            assertArrayEquals(before, xv, "the input must not change");
        }
    }

    static float[] ints(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextInt(7) - 3;
        }
        return a;
    }

    static float[] reals(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }

    private static float[] abs(float[] a) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.abs(a[i]);
        }
        return r;
    }
}
