package dev.vconv.bench;

import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.reference.ReferenceProvider;
import dev.vconv.reference.WinogradMagnitude;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Checks a contender against the reference on a reduced-size version of a suite row: the same layer (channels,
 * kernel, stride, padding, dilation, groups), a smaller batch and spatial size, so the slow reference answers in
 * well under a second. A provider may plan a small problem differently from a large one (Winograd only where enough
 * tiles are real, row-vector tiles only on wide rows, ...), so for contenders that name their method
 * ({@link Contender#algorithm}) {@link #reducedProblem(SuiteCase, Contender, List)} looks for a reduced size on
 * which the method is the one the full row is timed with.
 *
 * <p>Tolerance per output element: {@code |y - ref| <= (n + 2) * u * sum|x*w|} with {@code u = 2^-24} (unit
 * round-off) and {@code n} the number of products summed into one output ({@code C_in/groups * prod(kernel)}). That
 * is the worst-case bound of a float dot product of length {@code n} in any order, with or without FMA, plus one
 * rounding for the bias and one for the reference itself (double accumulation, rounded once). A correct kernel can
 * never exceed it whatever its blocking; a wrong index moves an element by a whole product, which is above it for
 * every suite row. {@code sum|x*w|} is computed exactly as the reference run on {@code |x|, |w|, |bias|}. On 3x3
 * (3x3x3) stride-1 rows and 2D transposed kernel-4 stride-2 dilation-1 rows, where the SIMD provider may use Winograd,
 * the bound is the larger of that and Winograd's {@code (C/g + m + 1) * u * (Z + |b|)}
 * ({@code dev.vconv.reference.WinogradMagnitude}: m = 8 for F(2x2, 3x3), 11 for F(2x2x2, 3x3x3), 8 for F(2x2, 2x2)
 * or F(3x3, 2x2) on stride phases).
 */
public final class Verifier {
    static final double UNIT_ROUNDOFF = 0x1p-24;

    private Verifier() {
    }

    /** The outcome of one check. {@code worstRatio} is the largest {@code |y - ref| / bound} (0 when exact). */
    public record Result(boolean ok, double worstRatio, double maxAbsError, String detail) {
    }

    /** Reference flops a reduced problem may cost: the reference runs it twice (values and |values|). */
    static final long REDUCED_FLOPS_BUDGET = 40_000_000L;

    /**
     * The reduced problem for {@code c}: batch at most 2 and a small spatial size, shrunk until the reference's work
     * fits {@link #REDUCED_FLOPS_BUDGET} (the reference runs at some tens of MFLOP/s), keeping at least two outputs
     * along each axis of a forward conv (3D rows start at 6). It is what every contender is checked on unless it runs
     * another algorithm there than on the full row: {@link #reducedProblem(SuiteCase, Contender, List)}.
     */
    public static ConvProblem reducedProblem(SuiteCase c) {
        int size = Math.min(c.size(), switch (c.dims()) {
            case 1 -> 48;
            case 2 -> 10;
            default -> 6;
        });
        int span = c.dilation() * (c.kernel() - 1) + 1;
        int minSize = Math.min(c.size(), Math.max(2, span - 2 * c.padding() + c.stride()));
        int batch = Math.min(c.batch(), 2);
        ConvProblem p = c.problemAt(batch, Math.max(size, minSize));
        while (p.flops() > REDUCED_FLOPS_BUDGET && (size > minSize || batch > 1)) {
            if (batch > 1) {
                batch = 1;
            } else {
                size--;
            }
            p = c.problemAt(batch, Math.max(size, minSize));
        }
        return p;
    }

    /** Reference flops a reduced problem may cost when no smaller one is computed the way the full row is. */
    static final long MATCH_FLOPS_BUDGET = 8 * REDUCED_FLOPS_BUDGET;

    /**
     * A reduced problem for one contender. {@code algorithm} is how the contender computes it and {@code timed} how
     * it computes the full row (per thread count where they differ); both null for contenders that cannot tell.
     */
    public record Reduced(ConvProblem problem, String algorithm, String timed) {
        /** Whether a check on {@link #problem} checks the code the benchmark times. */
        public boolean sameAlgorithm() {
            return Objects.equals(algorithm, timed);
        }
    }

    /**
     * The reduced problem on which {@code k} runs what it runs on the full row, at every thread count in
     * {@code threads}: {@link #reducedProblem(SuiteCase)} if that one does, else the cheapest larger one (spatial size
     * up to the row's, batch up to 2) within {@link #MATCH_FLOPS_BUDGET} that does. When none does (or {@code k}
     * cannot tell), the default reduced problem, with both algorithms named so the report can say so.
     */
    public static Reduced reducedProblem(SuiteCase c, Contender k, List<Integer> threads) {
        ConvProblem first = reducedProblem(c);
        String timed = algorithm(k, c.problem(), threads);
        String firstAlgorithm = timed == null ? null : algorithm(k, first, threads);
        if (timed == null || timed.equals(firstAlgorithm)) {
            return new Reduced(first, firstAlgorithm, timed);
        }
        for (ConvProblem p : largerCandidates(c, first)) {
            if (timed.equals(algorithm(k, p, threads))) {
                return new Reduced(p, timed, timed);
            }
        }
        return new Reduced(first, firstAlgorithm, timed);
    }

    /** {@code k}'s algorithm for {@code p}: one name, or one per thread count where they differ; null if unknown. */
    static String algorithm(Contender k, ConvProblem p, List<Integer> threads) {
        List<String> names = new ArrayList<>();
        for (int t : threads) {
            String a = k.algorithm(p, t);
            if (a == null) {
                return null;
            }
            names.add(a);
        }
        if (names.stream().distinct().count() == 1) {
            return names.get(0);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : "; ").append("threads=").append(threads.get(i)).append(": ").append(names.get(i));
        }
        return sb.toString();
    }

    /** The row at batch 1 to 2 and spatial sizes from the first reduced one's up, cheapest first, within budget. */
    static List<ConvProblem> largerCandidates(SuiteCase c, ConvProblem first) {
        int[] in = first.inputShape().dims();
        int firstSize = in[in.length - 1];
        List<ConvProblem> candidates = new ArrayList<>();
        for (int batch = 1; batch <= Math.min(2, c.batch()); batch++) {
            for (int size = firstSize; size <= c.size(); size++) {
                ConvProblem p = c.problemAt(batch, size);
                if (p.flops() > MATCH_FLOPS_BUDGET) {
                    break;
                }
                if (!p.equals(first)) {
                    candidates.add(p);
                }
            }
        }
        candidates.sort(Comparator.comparingLong(ConvProblem::flops));
        return candidates;
    }

    /** The reference answer and its error bound for {@code in}. */
    public record Expected(float[] y, double[] bound) {
    }

    public static Expected expected(Inputs in) {
        ReferenceProvider ref = new ReferenceProvider();
        ConvProblem p = in.problem();
        float[] y = ref.plan(p, in.w(), in.bias(), PlanOptions.singleThreaded()).apply(in.x());
        Inputs a = in.abs();
        float[] s = ref.plan(p, a.w(), a.bias(), PlanOptions.singleThreaded()).apply(a.x());
        int[] k = p.descriptor().kernelSize();
        long n = p.descriptor().inChannels() / p.descriptor().groups();
        for (int kk : k) {
            n *= kk;
        }
        double[] bound = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            // s[i] is itself a float rounding of the exact sum: widen by one more u.
            bound[i] = (n + 2) * UNIT_ROUNDOFF * s[i] * (1 + UNIT_ROUNDOFF);
        }
        if (WinogradMagnitude.applies(p)) {
            // A kernel may use Winograd here: its bound gamma_n (Z + |b|) (n = gammaTerms), plus the reference's
            // rounding.
            double[] z = WinogradMagnitude.of(p, in.x(), in.w());
            int terms = WinogradMagnitude.gammaTerms(p) + 1;
            int outC = p.descriptor().outChannels();
            int spatial = s.length / (p.batch() * outC);
            for (int i = 0; i < s.length; i++) {
                double b = in.bias() == null ? 0 : Math.abs(in.bias()[i / spatial % outC]);
                bound[i] = Math.max(bound[i], terms * UNIT_ROUNDOFF * (z[i] + b) * (1 + UNIT_ROUNDOFF));
            }
        }
        return new Expected(y, bound);
    }

    /** Compares {@code y} with {@code e} element by element; the detail names the first failing element. */
    public static Result compare(ConvProblem p, float[] y, Expected e) {
        if (y.length != e.y().length) {
            return new Result(false, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, "output length " + y.length
                    + ", expected " + e.y().length + " for output shape " + p.outputShape());
        }
        double worst = 0;
        double maxAbs = 0;
        int firstBad = -1;
        for (int i = 0; i < y.length; i++) {
            double err = Math.abs((double) y[i] - e.y()[i]);
            if (Double.isNaN(err)) {
                err = Double.POSITIVE_INFINITY;
            }
            maxAbs = Math.max(maxAbs, err);
            double ratio = err == 0 ? 0 : err / e.bound()[i];
            worst = Math.max(worst, ratio);
            if (ratio > 1 && firstBad < 0) {
                firstBad = i;
            }
        }
        if (firstBad >= 0) {
            return new Result(false, worst, maxAbs, "output element " + firstBad + " (index "
                    + Arrays.toString(unravel(firstBad, p.outputShape().dims())) + " of " + p.outputShape()
                    + ") = " + y[firstBad] + ", reference " + e.y()[firstBad] + ", bound " + e.bound()[firstBad]
                    + "; problem " + p);
        }
        return new Result(true, worst, maxAbs, "max |error| " + maxAbs + " = " + String.format("%.3g", worst)
                + " of the bound");
    }

    /** Prepares {@code contender} on {@code in}, runs it twice (a plan must be re-runnable) and compares. */
    public static Result check(Contender contender, Inputs in, Expected e, int threads) {
        try (Contender.Prepared prep = contender.prepare(in.problem(), in.x(), in.w(), in.bias(), threads)) {
            prep.run();
            prep.run();
            return compare(in.problem(), prep.output(), e);
        } catch (Exception | LinkageError ex) {
            return new Result(false, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                    "threw " + ex + "; problem " + in.problem());
        }
    }

    static int[] unravel(int index, int[] dims) {
        int[] idx = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = index % dims[d];
            index /= dims[d];
        }
        return idx;
    }
}
