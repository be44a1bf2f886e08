package dev.vconv.conformance;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.Shape;
import dev.vconv.reference.GatherConv;
import dev.vconv.reference.ScatterConvTranspose;
import dev.vconv.reference.WinogradMagnitude;
import dev.vconv.spi.ConvProvider;
import java.util.Arrays;

/**
 * The kit's checks, one static method each, usable without jqwik: each runs one case against one provider and throws
 * an {@link AssertionError} that prints the whole case (as pasteable Java), the seed, the provider's plan, the
 * element's index and both values. {@link ConvProviderConformance} runs them as jqwik properties.
 *
 * <p>A provider may decline a problem ({@link ConvProvider#declineReason}); every check then passes without running
 * and returns {@code false} ("not run"). Each plan is made twice, single-threaded and with {@link #THREADS} threads, and
 * both must pass.
 */
public final class Conformance {
    /** The thread count of the second plan each check makes. */
    public static final int THREADS = 3;

    private Conformance() {
    }

    // ---- 1. bit-exact on small integers ----

    /**
     * On {@linkplain TestData#smallIntegers small-integer data} every partial sum is exact, so the provider must equal
     * the reference exactly (only the sign of a zero may differ). Returns false if the provider declined.
     */
    public static boolean exactOnSmallIntegers(ConvProvider provider, ConvCase c, long seed) {
        ConvProblem p = c.problem();
        if (declined(provider, p)) {
            return false;
        }
        TestData data = TestData.smallIntegers(p, seed);
        float[] expected = reference(p, data);
        for (PlanOptions options : options()) {
            float[] got = run(provider, p, data, options);
            for (int i = 0; i < expected.length; i++) {
                if (!(got[i] == expected[i])) {
                    throw failure("not bit-exact on small-integer data", provider, c, seed, options, p, i, got[i],
                            expected[i], "every partial sum is an exact float here, so any summation order gives "
                                    + "the reference's value");
                }
            }
        }
        return true;
    }

    // ---- 2. within the error bound on random reals ----

    /**
     * On random reals in {@code [-1, 1)}, every element within {@link ErrorBound} of the reference. Returns the worst
     * error in units of the bound (at most 1), or {@code NaN} if the provider declined.
     */
    public static double withinBoundOnReals(ConvProvider provider, ConvCase c, long seed) {
        ConvProblem p = c.problem();
        if (declined(provider, p)) {
            return Double.NaN;
        }
        TestData data = TestData.reals(p, seed);
        float[] expected = reference(p, data);
        ErrorBound bound = ErrorBound.of(p, data.input(), data.weight(), data.bias());
        double worst = 0;
        for (PlanOptions options : options()) {
            float[] got = run(provider, p, data, options);
            for (int i = 0; i < expected.length; i++) {
                double err = Math.abs((double) got[i] - expected[i]);
                double units = err / bound.at(i);
                if (!(units <= 1)) {
                    throw failure("outside the error bound on random reals", provider, c, seed, options, p, i,
                            got[i], expected[i], "error " + err + " = " + units + " x bound " + bound.at(i)
                                    + " (n = " + bound.terms() + " terms)");
                }
                worst = Math.max(worst, units);
            }
        }
        return worst;
    }

    // ---- 3. adjoint ----

    /**
     * {@code <conv(x), y> = <x, convT(y)>} for a convolution {@code conv} (zeros padding, no bias, explicit or 'valid'
     * padding) and the transposed convolution with the same weight, stride, padding, dilation and groups, channels
     * swapped, and the output padding that makes its output the shape of {@code x} (PyTorch's {@code output_size}
     * rule). Both sides computed by the provider on random reals; the bound is
     * {@code (n_conv + n_convT) * ulp(1f) * T} where {@code T} is the sum of the absolute values of all the terms of the
     * trilinear form {@code sum y * w * x}; on 3x3 (3x3x3) stride-1 problems, at least each side's per-element bound
     * ({@link ErrorBound}, which there allows Winograd's error) propagated through the dot products. Returns false if
     * the provider declined either problem.
     */
    public static boolean adjoint(ConvProvider provider, ConvCase c, long seed) {
        ConvProblem conv = c.problem();
        ConvDescriptor d = conv.descriptor();
        if (d.isTranspose() || d.bias() || d.paddingMode() != dev.vconv.PaddingMode.ZEROS
                || d.paddingRule() == ConvDescriptor.PaddingRule.SAME) {
            throw new IllegalArgumentException("adjoint: needs a conv with zeros padding, no bias, symmetric "
                    + "padding; got " + c);
        }
        ConvDescriptor tBase = ConvDescriptor.convTranspose(d.rank()).inChannels(d.outChannels())
                .outChannels(d.inChannels()).kernelSize(d.kernelSize()).stride(d.stride()).padding(d.padBefore())
                .dilation(d.dilation()).groups(d.groups()).bias(false).build();
        int[] op = tBase.outputPaddingFor(conv.outputShape(), conv.inputShape().dims());
        ConvProblem t = tBase.withOutputPadding(op).problem(conv.outputShape());
        if (!t.outputShape().equals(conv.inputShape())) {
            throw new AssertionError("adjoint: the output_size rule gave output_padding " + Arrays.toString(op)
                    + " but " + t + " does not produce the conv's input shape " + conv.inputShape() + "; case " + c);
        }
        if (declined(provider, conv) || declined(provider, t)) {
            return false;
        }
        float[] x = TestData.reals(conv.inputShape().elementCount(), seed);
        float[] y = TestData.reals(conv.outputShape().elementCount(), seed + 1);
        float[] w = TestData.reals(conv.weightShape().elementCount(), seed + 2);
        // T = <|conv|(|x|), |y|>, computed exactly enough by the reference in double.
        float[] absConv = new float[conv.outputShape().elementCount()];
        GatherConv.conv(conv, abs(x), 0, abs(w), null, absConv, 0);
        double total = dot(absConv, abs(y));
        int n = ErrorBound.accumulationLength(conv) + ErrorBound.accumulationLength(t);
        double bound = n * (double) Math.ulp(1.0f) * total * (1 + 1e-6) + n * (double) Float.MIN_NORMAL;
        if (WinogradMagnitude.applies(conv) || WinogradMagnitude.applies(t)) {
            // Each side's per-element bounds (ErrorBound: for these problems the larger of the direct and the
            // Winograd one), propagated through the dot products: sum_o e_o |y_o| + sum_i e'_i |x_i|. With the direct
            // bounds alone this is the formula above.
            bound = Math.max(bound, weighted(ErrorBound.of(conv, x, w, null), y)
                    + weighted(ErrorBound.of(t, y, w, null), x)) * (1 + 1e-6);
        }
        for (PlanOptions options : options()) {
            float[] cx = provider.plan(conv, w, null, options).apply(x);
            float[] ty = provider.plan(t, w, null, options).apply(y);
            double left = dot(cx, y);
            double right = dot(x, ty);
            if (!(Math.abs(left - right) <= bound)) {
                throw new AssertionError("adjoint fails for provider '" + provider.name() + "' (" + options + "): "
                        + "<conv(x), y> = " + left + ", <x, convT(y)> = " + right + ", difference "
                        + Math.abs(left - right) + " > bound " + bound + " (n = " + n + ", sum of |terms| = " + total
                        + ")\n  conv:  " + c + "\n  convT: " + ConvCase.of(t.descriptor(), t.inputShape().dims())
                        + "\n  seed:  " + seed);
            }
        }
        return true;
    }

    // ---- 4. writes exactly its output, reads its input ----

    /**
     * The output shape, weight shape and {@code flops()} equal PyTorch's formulas (written out again here, independently
     * of core), {@code toBuilder()} round-trips, the result at non-zero offsets is the reference's, and the plan writes
     * every element of the output and nothing else: run at non-zero offsets into arrays filled with a sentinel, the
     * output region holds no sentinel afterwards, the rest still does, and the input is unchanged. Returns false if
     * the provider declined.
     */
    public static boolean writesExactlyItsOutput(ConvProvider provider, ConvCase c, long seed) {
        ConvProblem p = c.problem();
        int[] expectedShape = torchOutputShape(c);
        if (!Arrays.equals(p.outputShape().dims(), expectedShape)) {
            throw new AssertionError("output shape " + p.outputShape() + " differs from PyTorch's formula "
                    + Arrays.toString(expectedShape) + " for " + c);
        }
        int[] expectedWeight = torchWeightShape(c.descriptor());
        if (!Arrays.equals(p.weightShape().dims(), expectedWeight)) {
            throw new AssertionError("weight shape " + p.weightShape() + " differs from PyTorch's "
                    + Arrays.toString(expectedWeight) + " for " + c);
        }
        long expectedFlops = denseFlops(c.descriptor(), c.inputShape(), expectedShape);
        if (p.flops() != expectedFlops) {
            throw new AssertionError("flops() = " + p.flops() + ", the dense definition has " + expectedFlops
                    + " (2 x MACs) for " + c);
        }
        if (!c.descriptor().toBuilder().build().equals(c.descriptor())) {
            throw new AssertionError("toBuilder().build() differs from the descriptor " + c);
        }
        if (declined(provider, p)) {
            return false;
        }
        TestData data = TestData.smallIntegers(p, seed);
        int inCount = p.inputShape().elementCount();
        int outCount = p.outputShape().elementCount();
        float sentinel = Float.intBitsToFloat(0x7fc0_dead);
        float[] expected = reference(p, data);
        for (PlanOptions options : options()) {
            ConvPlan plan = provider.plan(p, data.weight(), data.bias(), options);
            if (!p.equals(plan.problem())) {
                throw new AssertionError("plan.problem() = " + plan.problem() + " is not the problem planned, " + p);
            }
            float[] in = new float[inCount + 5];
            Arrays.fill(in, sentinel);
            System.arraycopy(data.input(), 0, in, 3, inCount);
            float[] inCopy = in.clone();
            float[] out = new float[outCount + 7];
            Arrays.fill(out, sentinel);
            plan.execute(in, 3, out, 4);
            if (!Arrays.equals(in, inCopy)) {
                throw new AssertionError("provider '" + provider.name() + "' changed its input: " + c + " " + plan);
            }
            for (int i = 0; i < out.length; i++) {
                boolean inside = i >= 4 && i < 4 + outCount;
                boolean untouched = Float.floatToRawIntBits(out[i]) == Float.floatToRawIntBits(sentinel);
                if (inside == untouched) {
                    throw new AssertionError("provider '" + provider.name() + "' (" + options + ") "
                            + (inside ? "did not write output element " + (i - 4) + " " + coordinates(p.outputShape(), i - 4)
                                    : "wrote outside its output, at array index " + i + " (output at offset 4, "
                                            + outCount + " elements)")
                            + "\n  case: " + c + "\n  plan: " + plan);
                }
                // At offsets, with NaN around the input: a kernel that ignores an offset or reads outside the input
                // region shows here.
                if (inside && !(out[i] == expected[i - 4])) {
                    throw failure("is wrong at input offset 3 / output offset 4 (NaN around the input)", provider, c,
                            seed, options, p, i - 4, out[i], expected[i - 4], "at offset 0 it may be right: check "
                                    + "that every index adds the offset and no read leaves the input region");
                }
            }
        }
        return true;
    }

    /** PyTorch's weight shape: conv {@code (C_out, C_in/g, k...)}, transposed {@code (C_in, C_out/g, k...)}. */
    public static int[] torchWeightShape(ConvDescriptor d) {
        int[] w = new int[d.rank() + 2];
        w[0] = d.isTranspose() ? d.inChannels() : d.outChannels();
        w[1] = (d.isTranspose() ? d.outChannels() : d.inChannels()) / d.groups();
        System.arraycopy(d.kernelSize(), 0, w, 2, d.rank());
        return w;
    }

    /** 2 x the multiply-accumulates of the dense definition (every tap, padding included). */
    static long denseFlops(ConvDescriptor d, int[] in, int[] out) {
        long taps = 1;
        for (int k : d.kernelSize()) {
            taps *= k;
        }
        int[] perPosition = d.isTranspose() ? in : out; // transposed: every input element scatters every tap
        long positions = 1;
        for (int a = 2; a < perPosition.length; a++) {
            positions *= perPosition[a];
        }
        long channels = d.isTranspose() ? (long) d.inChannels() * (d.outChannels() / d.groups())
                : (long) d.outChannels() * (d.inChannels() / d.groups());
        return 2 * in[0] * channels * positions * taps;
    }

    // ---- 4b. one plan, several threads at once ----

    /**
     * Plans are immutable and thread-safe: one plan executing on {@code threads} threads at once, each on its own
     * input and output, gives each the same result as the reference, bit for bit (small-integer data). Returns false
     * if the provider declined.
     */
    public static boolean sharedPlanAcrossThreads(ConvProvider provider, ConvCase c, long seed, int threads) {
        ConvProblem p = c.problem();
        if (declined(provider, p)) {
            return false;
        }
        TestData data = TestData.smallIntegers(p, seed);
        ConvPlan plan = provider.plan(p, data.weight(), data.bias(), PlanOptions.singleThreaded());
        float[][] inputs = new float[threads][];
        float[][] expected = new float[threads][];
        for (int t = 0; t < threads; t++) {
            TestData other = TestData.smallIntegers(p, seed + 31 * (t + 1));
            inputs[t] = other.input();
            expected[t] = reference(p, new TestData(other.input(), data.weight(), data.bias()));
        }
        float[][] outputs = new float[threads][p.outputShape().elementCount()];
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        Thread[] workers = new Thread[threads];
        Throwable[] errors = new Throwable[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                    for (int r = 0; r < 3; r++) {
                        plan.execute(inputs[id], 0, outputs[id], 0);
                    }
                } catch (Throwable e) {
                    errors[id] = e;
                }
            }, "vconv-kit-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        for (int t = 0; t < threads; t++) {
            if (errors[t] != null) {
                AssertionError e = new AssertionError("provider '" + provider.name() + "': execute on thread " + t
                        + " of " + threads + " sharing one plan threw " + errors[t] + "\n  case: " + c);
                e.initCause(errors[t]);
                throw e;
            }
            for (int i = 0; i < expected[t].length; i++) {
                if (!(outputs[t][i] == expected[t][i])) {
                    throw failure("gives a wrong result when one plan executes on " + threads + " threads at once "
                            + "(thread " + t + ")", provider, c, seed, PlanOptions.singleThreaded(), p, i,
                            outputs[t][i], expected[t][i], "plans must be immutable and thread-safe");
                }
            }
        }
        return true;
    }

    /** PyTorch's output shape, written from its documentation, independent of {@link ConvDescriptor}. */
    public static int[] torchOutputShape(ConvCase c) {
        ConvDescriptor d = c.descriptor();
        int[] in = c.inputShape();
        int[] out = in.clone();
        out[1] = d.outChannels();
        for (int a = 0; a < d.rank(); a++) {
            int l = in[a + 2];
            int k = d.kernelSize()[a];
            int s = d.stride()[a];
            int dil = d.dilation()[a];
            if (d.isTranspose()) {
                int p = d.padBefore()[a];
                out[a + 2] = (l - 1) * s - 2 * p + dil * (k - 1) + d.outputPadding()[a] + 1;
            } else {
                out[a + 2] = switch (d.paddingRule()) {
                    case SAME -> l;
                    case VALID -> Math.floorDiv(l - dil * (k - 1) - 1, s) + 1;
                    case EXPLICIT -> Math.floorDiv(l + 2 * d.padBefore()[a] - dil * (k - 1) - 1, s) + 1;
                };
            }
        }
        return out;
    }

    // ---- 5. argument checks ----

    /**
     * Wrong weights or bias make {@code plan} throw {@link IllegalArgumentException}; wrong arrays or offsets, and an
     * output overlapping the input, make {@code execute} throw it, with the output untouched. No other exception type
     * is accepted. Returns false if the provider declined.
     */
    public static boolean rejectsBadArguments(ConvProvider provider, ConvCase c) {
        ConvProblem p = c.problem();
        if (declined(provider, p)) {
            return false;
        }
        TestData data = TestData.smallIntegers(p, 1);
        float[] w = data.weight();
        float[] b = data.bias();
        PlanOptions one = PlanOptions.singleThreaded();
        expectIae(provider, c, "plan with weight one too short",
                () -> provider.plan(p, Arrays.copyOf(w, w.length - 1), b, one));
        expectIae(provider, c, "plan with weight one too long",
                () -> provider.plan(p, Arrays.copyOf(w, w.length + 1), b, one));
        expectIae(provider, c, "plan with weight null", () -> provider.plan(p, null, b, one));
        if (b == null) {
            expectIae(provider, c, "plan with a bias for bias=False",
                    () -> provider.plan(p, w, new float[p.descriptor().outChannels()], one));
        } else {
            expectIae(provider, c, "plan without the bias for bias=True", () -> provider.plan(p, w, null, one));
            expectIae(provider, c, "plan with the bias one too long",
                    () -> provider.plan(p, w, Arrays.copyOf(b, b.length + 1), one));
        }
        ConvPlan plan = provider.plan(p, w, b, one);
        int inCount = p.inputShape().elementCount();
        int outCount = p.outputShape().elementCount();
        float[] x = data.input();
        float[] out = new float[outCount];
        float[] pristine = out.clone();
        Arrays.fill(pristine, 42f);
        Arrays.fill(out, 42f);
        expectUntouched(provider, c, plan, "input null", () -> plan.execute(null, 0, out, 0), out, pristine);
        expectUntouched(provider, c, plan, "input one too short",
                () -> plan.execute(Arrays.copyOf(x, inCount - 1), 0, out, 0), out, pristine);
        expectUntouched(provider, c, plan, "input offset 1 on an exact-size input",
                () -> plan.execute(x, 1, out, 0), out, pristine);
        expectUntouched(provider, c, plan, "negative input offset", () -> plan.execute(x, -1, out, 0), out, pristine);
        expectUntouched(provider, c, plan, "output one too short",
                () -> plan.execute(x, 0, Arrays.copyOf(out, outCount - 1), 0), out, pristine);
        expectUntouched(provider, c, plan, "output offset 1 on an exact-size output",
                () -> plan.execute(x, 0, out, 1), out, pristine);
        expectUntouched(provider, c, plan, "negative output offset", () -> plan.execute(x, 0, out, -1), out, pristine);
        expectUntouched(provider, c, plan, "output null", () -> plan.execute(x, 0, null, 0), out, pristine);
        float[] shared = new float[inCount + outCount];
        System.arraycopy(x, 0, shared, 0, inCount);
        float[] sharedCopy = shared.clone();
        expectUntouched(provider, c, plan, "output overlapping the input",
                () -> plan.execute(shared, 0, shared, inCount - 1), shared, sharedCopy);
        return true;
    }

    private static void expectUntouched(ConvProvider provider, ConvCase c, ConvPlan plan, String what,
            Runnable call, float[] out, float[] pristine) {
        expectIae(provider, c, "execute with " + what + " (" + plan + ")", () -> {
            call.run();
            return null;
        });
        if (!Arrays.equals(out, pristine)) {
            throw new AssertionError("provider '" + provider.name() + "': execute with " + what
                    + " threw IllegalArgumentException but wrote to the output first\n  case: " + c);
        }
    }

    /** Runs {@code call}; passes only if it throws {@link IllegalArgumentException}. */
    public static void expectIae(ConvProvider provider, Object c, String what, java.util.concurrent.Callable<?> call) {
        Object result;
        try {
            result = call.call();
        } catch (IllegalArgumentException expected) {
            return;
        } catch (Throwable t) {
            AssertionError e = new AssertionError("provider '" + (provider == null ? "-" : provider.name()) + "': "
                    + what + " threw " + t + ", expected IllegalArgumentException\n  case: " + c);
            e.initCause(t);
            throw e;
        }
        throw new AssertionError("provider '" + (provider == null ? "-" : provider.name()) + "': " + what
                + " returned " + result + ", expected IllegalArgumentException\n  case: " + c);
    }

    // ---- helpers ----

    static PlanOptions[] options() {
        return new PlanOptions[] {PlanOptions.singleThreaded(), PlanOptions.defaults().withThreads(THREADS)};
    }

    /** True if the provider declines the problem (then the checks skip it). */
    static boolean declined(ConvProvider provider, ConvProblem p) {
        return provider.declineReason(p) != null;
    }

    /** The reference's output: gather for convolution, scatter for transposed convolution. */
    public static float[] reference(ConvProblem p, TestData data) {
        float[] y = new float[p.outputShape().elementCount()];
        if (p.descriptor().isTranspose()) {
            ScatterConvTranspose.convTranspose(p, data.input(), 0, data.weight(), data.bias(), y, 0);
        } else {
            GatherConv.conv(p, data.input(), 0, data.weight(), data.bias(), y, 0);
        }
        return y;
    }

    static float[] run(ConvProvider provider, ConvProblem p, TestData data, PlanOptions options) {
        ConvPlan plan = provider.plan(p, data.weight(), data.bias(), options);
        float[] out = new float[p.outputShape().elementCount()];
        Arrays.fill(out, Float.NaN);
        plan.execute(data.input(), 0, out, 0);
        return out;
    }

    static AssertionError failure(String what, ConvProvider provider, ConvCase c, long seed, PlanOptions options,
            ConvProblem p, int index, float got, double expected, String detail) {
        String plan;
        try {
            plan = provider.plan(p, TestData.smallIntegers(p, seed).weight(),
                    p.biasLength() == 0 ? null : new float[p.biasLength()], options).toString();
        } catch (RuntimeException e) {
            plan = "(toString failed: " + e + ")";
        }
        return new AssertionError("provider '" + provider.name() + "' " + what + "\n  case:     " + c
                + "\n  seed:     " + seed + "L\n  problem:  " + p + "\n  plan:     " + plan + " (" + options + ")"
                + "\n  element:  " + index + " " + coordinates(p.outputShape(), index)
                + "\n  got:      " + got + " (0x" + Integer.toHexString(Float.floatToRawIntBits(got)) + ")"
                + "\n  expected: " + expected + "\n  " + detail);
    }

    /** {@code (n, c, d, h, w)} of flat index {@code i} in {@code shape}. */
    static String coordinates(Shape shape, int i) {
        int[] dims = shape.dims();
        int[] at = new int[dims.length];
        for (int a = dims.length - 1; a >= 0; a--) {
            at[a] = i % dims[a];
            i /= dims[a];
        }
        return Arrays.toString(at).replace('[', '(').replace(']', ')');
    }

    /** {@code sum_i e_i |v_i|}: a per-element error bound propagated through a dot product with v. */
    private static double weighted(ErrorBound e, float[] v) {
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += e.at(i) * Math.abs(v[i]);
        }
        return sum;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    static float[] abs(float[] a) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.abs(a[i]);
        }
        return r;
    }
}
