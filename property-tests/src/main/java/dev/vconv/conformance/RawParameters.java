package dev.vconv.conformance;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.spi.ConvProvider;
import java.util.Arrays;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Raw, unchecked constructor arguments for a descriptor and an input shape, mostly invalid: negative and zero
 * values, arrays of the wrong length, unknown padding strings, string padding on transposed convolution, 'same' with
 * a stride, output padding too large or on a conv, non-zeros padding modes on transposed convolution, padding
 * beyond what reflect or circular allow, inputs smaller than the kernel, wrong channel counts.
 *
 * <p>{@link #expectedValid()} is PyTorch's rules written out again, independently of core; {@link #check} asserts
 * that core and the provider agree with it: an invalid case throws {@link IllegalArgumentException} (and nothing
 * else) before any output is produced, a valid one plans and runs.
 *
 * @param padding explicit sizes, or null when {@code paddingString} is used
 * @param paddingString {@code "same"}, {@code "valid"} or any other string (invalid); null for explicit padding
 * @param paddingMode PyTorch's name, possibly unknown or null
 */
public record RawParameters(boolean transposed, int rank, int inChannels, int outChannels, int groups,
        int[] kernelSize, int[] stride, int[] padding, String paddingString, int[] outputPadding, int[] dilation,
        boolean bias, String paddingMode, int[] inputShape) {

    /** Mostly invalid raw parameters; small values, so that the valid ones are cheap to run. */
    public static Arbitrary<RawParameters> arbitrary() {
        Arbitrary<Integer> rank = Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(10, 1), Tuple.of(10, 2),
                Tuple.of(10, 3), Tuple.of(1, 4));
        return rank.flatMap(r -> {
            Arbitrary<Integer> channels = Arbitraries.frequencyOf(
                    Tuple.of(12, Arbitraries.integers().between(1, 6)),
                    Tuple.of(1, Arbitraries.integers().between(-1, 0)));
            Arbitrary<Integer> groups = Arbitraries.frequencyOf(
                    Tuple.of(8, Arbitraries.just(1)),
                    Tuple.of(4, Arbitraries.integers().between(2, 4)),
                    Tuple.of(1, Arbitraries.integers().between(-1, 0)));
            Arbitrary<String> paddingString = Arbitraries.frequencyOf(
                    Tuple.of(12, Arbitraries.just(null)),
                    Tuple.of(4, Arbitraries.of("same", "valid")),
                    Tuple.of(1, Arbitraries.of("full", "SAME", "", "zeros")));
            Arbitrary<String> mode = Arbitraries.frequencyOf(
                    Tuple.of(10, Arbitraries.of("zeros")),
                    Tuple.of(6, Arbitraries.of("reflect", "replicate", "circular")),
                    Tuple.of(1, Arbitraries.of("Zeros", "wrap", "constant")),
                    Tuple.of(1, Arbitraries.just(null)));
            Arbitrary<int[]> shape = Arbitraries.integers().between(-1, 7).array(int[].class).ofMinSize(0)
                    .ofMaxSize(6);
            Arbitrary<Object[]> parts = combine(Arbitraries.of(true, false), channels, channels, groups,
                    perAxis(r, 1, 5), perAxis(r, 1, 4), perAxis(r, 0, 3), paddingString, perAxis(r, 0, 2),
                    perAxis(r, 1, 3), mode, shape, Arbitraries.of(true, false),
                    Arbitraries.integers().between(0, 99), Arbitraries.of(true, false));
            return parts.map(l -> {
                RawParameters raw = new RawParameters((Boolean) l[0], r, (Integer) l[1], (Integer) l[2],
                        (Integer) l[3], (int[]) l[4], (int[]) l[5], l[7] == null ? (int[]) l[6] : null,
                        (String) l[7], (int[]) l[8], (int[]) l[9], (Boolean) l[12], (String) l[10], (int[]) l[11]);
                // Output padding on a conv is always invalid; keep it mostly on transposed convolutions.
                if (!raw.transposed && (Integer) l[13] < 85) {
                    raw = raw.withOutputPadding(new int[] {0});
                }
                // Half the time, channels made multiples of groups.
                if ((Boolean) l[14] && raw.groups > 0 && raw.inChannels > 0 && raw.outChannels > 0) {
                    raw = raw.withChannels(raw.groups * ceilDiv(raw.inChannels, raw.groups),
                            raw.groups * ceilDiv(raw.outChannels, raw.groups));
                }
                // Most shapes made plausible: rank + 2 dims, the right channel count.
                return ((int[]) l[11]).length % 3 == 0 ? raw : raw.withPlausibleShape();
            });
        }).withoutEdgeCases(); // the edge cases of 15 combined arbitraries multiply out to far too many
    }

    private static Arbitrary<Object[]> combine(Arbitrary<?>... parts) {
        Arbitrary<Object[]> acc = Arbitraries.just(new Object[0]);
        for (Arbitrary<?> part : parts) {
            acc = Combinators.combine(acc, part).as((a, v) -> {
                Object[] next = Arrays.copyOf(a, a.length + 1);
                next[a.length] = v;
                return next;
            });
        }
        return acc;
    }

    /** Mostly one value or one per axis in {@code [min, max]}; sometimes null, empty, the wrong length or below min. */
    private static Arbitrary<int[]> perAxis(int rank, int min, int max) {
        Arbitrary<Integer> value = Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.integers().between(min, max)),
                Tuple.of(1, Arbitraries.integers().between(min - 2, min - 1)));
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(1, Arbitraries.just(new int[0])),
                Tuple.of(30, value.array(int[].class).ofSize(1)),
                Tuple.of(20, value.array(int[].class).ofSize(Math.max(1, rank))),
                Tuple.of(1, value.array(int[].class).ofSize(rank + 1)));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private RawParameters withChannels(int in, int out) {
        return new RawParameters(transposed, rank, in, out, groups, kernelSize, stride, padding,
                paddingString, outputPadding, dilation, bias, paddingMode, inputShape);
    }

    private RawParameters withOutputPadding(int[] op) {
        return new RawParameters(transposed, rank, inChannels, outChannels, groups, kernelSize, stride, padding,
                paddingString, op, dilation, bias, paddingMode, inputShape);
    }

    private RawParameters withPlausibleShape() {
        int r = Math.max(rank, 1);
        int[] s = new int[r + 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = i < inputShape.length ? Math.max(1, Math.abs(inputShape[i])) : 1 + i % 5;
        }
        s[1] = Math.max(1, inChannels);
        return new RawParameters(transposed, rank, inChannels, outChannels, groups, kernelSize, stride, padding,
                paddingString, outputPadding, dilation, bias, paddingMode, s);
    }

    // ---- PyTorch's rules, independently ----

    /** Null if PyTorch accepts these parameters on this input, else the first rule broken. */
    public String expectedViolation() {
        if (rank < 1 || rank > 3) {
            return "rank";
        }
        if (inChannels < 1 || outChannels < 1 || groups < 1) {
            return "channels and groups >= 1";
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            return "channels divisible by groups";
        }
        for (int[] v : new int[][] {kernelSize, stride, dilation, outputPadding}) {
            if (v == null || (v.length != 1 && v.length != rank)) {
                return "one value or one per axis";
            }
        }
        if (paddingString == null && (padding == null || (padding.length != 1 && padding.length != rank))) {
            return "one padding or one per axis";
        }
        if (min(kernelSize) < 1 || min(stride) < 1 || min(dilation) < 1) {
            return "kernel, stride, dilation >= 1";
        }
        if (min(outputPadding) < 0 || (paddingString == null && min(padding) < 0)) {
            return "padding, output_padding >= 0";
        }
        if (paddingString != null && !paddingString.equals("same") && !paddingString.equals("valid")) {
            return "padding string";
        }
        if (paddingString != null && transposed) {
            return "string padding on transposed";
        }
        if ("same".equals(paddingString) && max(stride) != 1) {
            return "'same' with stride";
        }
        if (paddingMode == null || !java.util.List.of("zeros", "reflect", "replicate", "circular")
                .contains(paddingMode)) {
            return "padding mode";
        }
        if (transposed && !paddingMode.equals("zeros")) {
            return "transposed needs zeros";
        }
        for (int a = 0; a < rank; a++) {
            int s = at(stride, a);
            int d = at(dilation, a);
            int op = at(outputPadding, a);
            if (!transposed && op != 0) {
                return "output_padding on conv";
            }
            if (op >= Math.max(s, d)) {
                return "output_padding < max(stride, dilation)";
            }
        }
        if (inputShape.length != rank + 2 || min(inputShape) < 1) {
            return "input shape";
        }
        if (inputShape[1] != inChannels) {
            return "input channels";
        }
        for (int a = 0; a < rank; a++) {
            int l = inputShape[a + 2];
            int k = at(kernelSize, a);
            int s = at(stride, a);
            int d = at(dilation, a);
            int before;
            int after;
            if ("same".equals(paddingString)) {
                before = d * (k - 1) / 2;
                after = d * (k - 1) - before;
            } else if ("valid".equals(paddingString)) {
                before = after = 0;
            } else {
                before = after = at(padding, a);
            }
            if (paddingMode.equals("reflect") && Math.max(before, after) >= l) {
                return "reflect padding < size";
            }
            if (paddingMode.equals("circular") && Math.max(before, after) > l) {
                return "circular padding <= size";
            }
            long out = transposed
                    ? (long) (l - 1) * s - 2L * before + (long) d * (k - 1) + at(outputPadding, a) + 1
                    : Math.floorDiv((long) l + before + after - (long) d * (k - 1) - 1, s) + 1;
            if (out < 1) {
                return "output size >= 1";
            }
        }
        return null;
    }

    /**
     * Builds, makes the problem, plans with {@code provider} and runs; asserts the outcome matches
     * {@link #expectedViolation()}: IllegalArgumentException (and no plan, no output) exactly when a rule is broken.
     * Returns the violated rule, or null for a valid case.
     */
    public String check(ConvProvider provider) {
        String violation = expectedViolation();
        if (violation != null) {
            Conformance.expectIae(provider, this, "invalid parameters (" + violation + ")",
                    () -> planAndRun(provider));
        } else {
            try {
                planAndRun(provider);
            } catch (RuntimeException | Error e) {
                AssertionError a = new AssertionError("valid parameters (by PyTorch's rules) failed with " + e
                        + "\n  case: " + this);
                a.initCause(e);
                throw a;
            }
        }
        return violation;
    }

    /** Every step a user takes; returns the output, or null if the provider declines the problem. */
    private float[] planAndRun(ConvProvider provider) {
        ConvDescriptor.Builder b = transposed ? ConvDescriptor.convTranspose(rank) : ConvDescriptor.conv(rank);
        b.inChannels(inChannels).outChannels(outChannels).groups(groups).bias(bias);
        if (kernelSize != null) {
            b.kernelSize(kernelSize);
        }
        b.stride(stride).dilation(dilation).outputPadding(outputPadding).paddingMode(paddingMode);
        if (paddingString != null) {
            b.padding(paddingString);
        } else {
            b.padding(padding);
        }
        ConvDescriptor d = b.build();
        ConvProblem p = d.problem(inputShape);
        if (provider.declineReason(p) != null) {
            return null;
        }
        TestData data = TestData.smallIntegers(p, 7);
        ConvPlan plan = provider.plan(p, data.weight(), data.bias(), PlanOptions.singleThreaded());
        return plan.apply(data.input());
    }

    private static int at(int[] v, int a) {
        return v.length == 1 ? v[0] : v[a];
    }

    private static int min(int[] v) {
        return Arrays.stream(v).min().orElse(Integer.MAX_VALUE);
    }

    private static int max(int[] v) {
        return Arrays.stream(v).max().orElse(Integer.MIN_VALUE);
    }

    /** As Java-ish code, every argument in order. */
    @Override
    public String toString() {
        return "new RawParameters(" + transposed + ", " + rank + ", " + inChannels + ", " + outChannels + ", "
                + groups + ", " + arr(kernelSize) + ", " + arr(stride) + ", " + arr(padding) + ", "
                + str(paddingString) + ", " + arr(outputPadding) + ", " + arr(dilation) + ", " + bias + ", "
                + str(paddingMode) + ", " + arr(inputShape) + ")";
    }

    private static String arr(int[] v) {
        return v == null ? "null" : "new int[] {" + Arrays.stream(v).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ")) + "}";
    }

    private static String str(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
