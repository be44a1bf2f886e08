package dev.vconv.conformance;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import dev.vconv.Shape;
import dev.vconv.spi.ConvProvider;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * The conformance kit: subclass it, name your provider, and every property and the PyTorch golden cases run against
 * it under JUnit 5 (jqwik engine):
 *
 * <pre>{@code
 * class MyProviderConformanceTest extends ConvProviderConformance {
 *     MyProviderConformanceTest() {
 *         super(new MyProvider());
 *     }
 * }
 * }</pre>
 *
 * <p>What runs, each on every provider given, against vconv's reference ({@code vconv-reference}):
 * <ol>
 *   <li>{@link #exactOnSmallIntegers}: bit-exact on small-integer data (every partial sum exact);</li>
 *   <li>{@link #withinBoundOnReals}: within {@link ErrorBound} on random reals;</li>
 *   <li>{@link #threeByThreeStrideOne}: both on 3x3 (3x3x3) stride-1 problems with 16+ channels per group,
 *       {@link #kernelFourStrideTwoTransposed} on 2D kernel-4 stride-2 transposed convs with 64+, and
 *       {@link #depthKernelTwiceStrideTransposed} on 3D transposed convs with depth kernel 2 x stride and 16+, and
 *       {@link #stridedWideKernelFewChannels} on 2D convs with few input channels and 3-4 taps per width stride
 *       phase, {@link #nonOverlappingPatches} on convs whose dilated kernel is at most the stride with 32+ output
 *       channels per group, and {@link #depthwiseStrideTwo} on 2D depthwise convs with stride 2;</li>
 *   <li>{@link #adjoint}: {@code <conv(x), y> = <x, convT(y)>} within a derived bound;</li>
 *   <li>{@link #writesExactlyItsOutput}: output shape, weight shape and flops are PyTorch's, every output element
 *       and nothing else is written, the input is not;</li>
 *   <li>{@link #sharedPlanAcrossThreads}: one plan executing on three threads at once stays bit-exact;</li>
 *   <li>{@link #rejectsBadArguments} and {@link #invalidParametersThrowIllegalArgumentException}: invalid weights,
 *       arrays, offsets and (mostly invalid) random parameters give {@link IllegalArgumentException} and nothing
 *       else;</li>
 *   <li>{@link #outputSizeRuleRoundTrips}: PyTorch's {@code output_size} rule;</li>
 *   <li>{@link #goldenPyTorchCases}: the PyTorch cases of {@link GoldenCases}.</li>
 * </ol>
 * Each property prints a failing case as one line of Java ({@link ConvCase#toString()}) plus its data seed, ready to
 * paste into a regression test that calls the same {@link Conformance} method. Tries scale with
 * {@code -Dvconv.tries=10x} ({@link TriesMultiplier}). A provider may decline problems
 * ({@link ConvProvider#declineReason}); declined cases are skipped, and the share is reported in the statistics.
 */
public abstract class ConvProviderConformance {
    private final List<ConvProvider> providers;

    /** Runs the kit against {@code providers} (at least one). */
    protected ConvProviderConformance(ConvProvider... providers) {
        this(List.of(providers));
    }

    /** Runs the kit against {@code providers} (at least one). */
    protected ConvProviderConformance(List<ConvProvider> providers) {
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("providers: none given; the kit needs at least one ConvProvider");
        }
        this.providers = List.copyOf(providers);
    }

    /** The providers under test. */
    protected final List<ConvProvider> providers() {
        return providers;
    }

    /** Convolutions and transposed convolutions. */
    public static final class AnyCases implements ArbitrarySupplier<ConvCase> {
        @Override
        public Arbitrary<ConvCase> get() {
            return ConvCases.any();
        }
    }

    /** Transposed convolutions. */
    public static final class TransposedCases implements ArbitrarySupplier<ConvCase> {
        @Override
        public Arbitrary<ConvCase> get() {
            return ConvCases.transposed();
        }
    }

    /** Convolutions that have an adjoint. */
    public static final class AdjointCases implements ArbitrarySupplier<ConvCase> {
        @Override
        public Arbitrary<ConvCase> get() {
            return ConvCases.adjointConvs();
        }
    }

    /** 3x3 (3x3x3) stride-1 problems with 16 to 80 (40) channels per group (where kernels may use Winograd). */
    public static final class ThreeByThreeCases implements ArbitrarySupplier<ConvCase> {
        @Override
        public Arbitrary<ConvCase> get() {
            return ConvCases.threeByThreeStrideOne();
        }
    }

    /** 2D kernel-4 stride-2 transposed convs with 64 to 80 channels per group (where kernels may use F(2x2, 2x2)). */
    public static final class KernelFourCases implements ArbitrarySupplier<ConvCase> {
        @Override
        public Arbitrary<ConvCase> get() {
            return ConvCases.kernelFourStrideTwoTransposed();
        }
    }

    /** 3D transposed convs with depth kernel 2 x depth stride, 16 to 24 channels per group (F(2, 2) along depth). */
    public static final class DepthKernelCases implements ArbitrarySupplier<ConvCase> {
        @Override
        public Arbitrary<ConvCase> get() {
            return ConvCases.depthKernelTwiceStrideTransposed();
        }
    }

    /** 2D convs with few input channels, width stride 2 or 3 and 3-4 taps per width phase (F(4, 4) along width). */
    public static final class StridedWideCases implements ArbitrarySupplier<ConvCase> {
        @Override
        public Arbitrary<ConvCase> get() {
            return ConvCases.stridedWideKernelFewChannels();
        }
    }

    /** Convs whose dilated kernel is at most the stride on every axis, 32 to 40 output channels per group. */
    public static final class PatchCases implements ArbitrarySupplier<ConvCase> {
        @Override
        public Arbitrary<ConvCase> get() {
            return ConvCases.nonOverlappingPatches();
        }
    }

    /** 2D depthwise convs with stride 2, a third of them MobileNet's 3x3 with zero padding 1 on even sizes. */
    public static final class DepthwiseStrideTwoCases implements ArbitrarySupplier<ConvCase> {
        @Override
        public Arbitrary<ConvCase> get() {
            return ConvCases.depthwiseStrideTwo();
        }
    }

    /** Mostly invalid raw parameters. */
    public static final class RawCases implements ArbitrarySupplier<RawParameters> {
        @Override
        public Arbitrary<RawParameters> get() {
            return RawParameters.arbitrary();
        }
    }

    @Example
    public void providersAreAvailable() {
        for (ConvProvider p : providers) {
            if (p.unavailableReason() != null) {
                throw new AssertionError("provider '" + p.name() + "' is unavailable: " + p.unavailableReason());
            }
            if (p.name() == null || p.name().isBlank()) {
                throw new AssertionError("provider " + p.getClass().getName() + " has no name");
            }
        }
    }

    @Property(tries = 4000)
    @AddLifecycleHook(TriesMultiplier.class)
    public void exactOnSmallIntegers(@ForAll(supplier = AnyCases.class) ConvCase c, @ForAll long seed) {
        ConvCases.collectCoverage(c);
        for (ConvProvider p : providers) {
            // Run the check before naming the label: a label created and never collected breaks jqwik's report.
            boolean ran = Conformance.exactOnSmallIntegers(p, c, seed);
            Statistics.label("declined by " + p.name()).collect(!ran);
            // A provider that declines everything would pass vacuously.
            Statistics.label("declined by " + p.name()).coverage(cov -> cov.check(false).count(n -> n > 0));
        }
        ConvCases.checkCoverage(true, true);
    }

    @Property(tries = 2000)
    @AddLifecycleHook(TriesMultiplier.class)
    public void withinBoundOnReals(@ForAll(supplier = AnyCases.class) ConvCase c, @ForAll long seed) {
        ConvCases.collectCoverage(c);
        for (ConvProvider p : providers) {
            double worst = Conformance.withinBoundOnReals(p, c, seed);
            if (!Double.isNaN(worst)) {
                Statistics.label("worst error of " + p.name() + ", in units of the bound x 100")
                        .collect((int) Math.ceil(worst * 100) / 10 * 10);
            }
        }
        ConvCases.checkCoverage(true, true);
    }

    /**
     * Properties 1 and 2 on the shapes where a kernel may use a fast algorithm (3x3 or 3x3x3 stride 1, 16+ channels
     * per group), which the general cases rarely reach: exact on small integers (Winograd's F(2, 3) transforms are
     * exact on them) and within {@link ErrorBound} on reals.
     */
    @Property(tries = 60)
    @AddLifecycleHook(TriesMultiplier.class)
    public void threeByThreeStrideOne(@ForAll(supplier = ThreeByThreeCases.class) ConvCase c, @ForAll long seed) {
        for (ConvProvider p : providers) {
            Conformance.exactOnSmallIntegers(p, c, seed);
            double worst = Conformance.withinBoundOnReals(p, c, seed);
            if (!Double.isNaN(worst)) {
                Statistics.label("worst error of " + p.name() + ", in units of the bound x 100")
                        .collect((int) Math.ceil(worst * 100) / 10 * 10);
            }
        }
    }

    /**
     * Properties 1 and 2 on 2D kernel-4 stride-2 transposed convs with 64+ channels per group (where a kernel may use
     * Winograd's F(2x2, 2x2) or F(3x3, 2x2) on each stride phase; their transforms are exact on small integers too).
     */
    @Property(tries = 30)
    @AddLifecycleHook(TriesMultiplier.class)
    public void kernelFourStrideTwoTransposed(@ForAll(supplier = KernelFourCases.class) ConvCase c,
            @ForAll long seed) {
        exactAndWithinBound(c, seed);
    }

    /**
     * Properties 1 and 2 on 3D transposed convs whose depth kernel is twice the depth stride, with 16+ channels per
     * group (where a kernel may use Winograd's F(2, 2) along depth; exact on small integers as well).
     */
    @Property(tries = 30)
    @AddLifecycleHook(TriesMultiplier.class)
    public void depthKernelTwiceStrideTransposed(@ForAll(supplier = DepthKernelCases.class) ConvCase c,
            @ForAll long seed) {
        exactAndWithinBound(c, seed);
    }

    /**
     * Properties 1 and 2 on 2D convs with few input channels and a strided kernel of 3-4 taps per width phase (the RGB
     * stem's shape, where a kernel may use Winograd's F(4, 4) along the width; exact on small integers as well).
     */
    @Property(tries = 30)
    @AddLifecycleHook(TriesMultiplier.class)
    public void stridedWideKernelFewChannels(@ForAll(supplier = StridedWideCases.class) ConvCase c,
            @ForAll long seed) {
        exactAndWithinBound(c, seed);
    }

    /**
     * Properties 1 and 2 on convs of non-overlapping patches (dilated kernel at most the stride along every axis, 32+
     * output channels per group: where a kernel may gather the patches and run a 1x1 conv on them).
     */
    @Property(tries = 30)
    @AddLifecycleHook(TriesMultiplier.class)
    public void nonOverlappingPatches(@ForAll(supplier = PatchCases.class) ConvCase c, @ForAll long seed) {
        exactAndWithinBound(c, seed);
    }

    /**
     * Properties 1 and 2 on 2D depthwise convs with stride 2 (where a kernel may sum rows at full width and keep every
     * other column, or read the input in place where the padding is MobileNet's).
     */
    @Property(tries = 30)
    @AddLifecycleHook(TriesMultiplier.class)
    public void depthwiseStrideTwo(@ForAll(supplier = DepthwiseStrideTwoCases.class) ConvCase c, @ForAll long seed) {
        exactAndWithinBound(c, seed);
    }

    /** Properties 1 and 2 for every provider, on one case of a fast-algorithm shape. */
    private void exactAndWithinBound(ConvCase c, long seed) {
        for (ConvProvider p : providers) {
            Conformance.exactOnSmallIntegers(p, c, seed);
            Conformance.withinBoundOnReals(p, c, seed);
        }
    }

    @Property(tries = 1500)
    @AddLifecycleHook(TriesMultiplier.class)
    public void adjoint(@ForAll(supplier = AdjointCases.class) ConvCase c, @ForAll long seed) {
        ConvCases.collectCoverage(c);
        for (ConvProvider p : providers) {
            Conformance.adjoint(p, c, seed);
        }
        Statistics.label("strided").coverage(cov -> cov.check(true).percentage(pc -> pc > 25));
        Statistics.label("dilated").coverage(cov -> cov.check(true).percentage(pc -> pc > 15));
        Statistics.label("grouped").coverage(cov -> cov.check(true).percentage(pc -> pc > 25));
    }

    @Property(tries = 1000)
    @AddLifecycleHook(TriesMultiplier.class)
    public void writesExactlyItsOutput(@ForAll(supplier = AnyCases.class) ConvCase c, @ForAll long seed) {
        ConvCases.collectCoverage(c);
        for (ConvProvider p : providers) {
            Conformance.writesExactlyItsOutput(p, c, seed);
        }
        ConvCases.checkCoverage(true, true);
    }

    @Property(tries = 150)
    @AddLifecycleHook(TriesMultiplier.class)
    public void sharedPlanAcrossThreads(@ForAll(supplier = AnyCases.class) ConvCase c, @ForAll long seed) {
        for (ConvProvider p : providers) {
            Conformance.sharedPlanAcrossThreads(p, c, seed, 3);
        }
    }

    @Property(tries = 500)
    @AddLifecycleHook(TriesMultiplier.class)
    public void rejectsBadArguments(@ForAll(supplier = AnyCases.class) ConvCase c) {
        for (ConvProvider p : providers) {
            Conformance.rejectsBadArguments(p, c);
        }
    }

    @Property(tries = 3000)
    @AddLifecycleHook(TriesMultiplier.class)
    public void invalidParametersThrowIllegalArgumentException(@ForAll(supplier = RawCases.class) RawParameters raw) {
        String violation = null;
        for (ConvProvider p : providers) {
            violation = raw.check(p);
        }
        Statistics.label("rule broken").collect(violation == null ? "none (valid)" : violation);
        Statistics.label("valid").collect(violation == null);
        Statistics.label("valid").coverage(cov -> {
            cov.check(true).percentage(pc -> pc >= 3);
            cov.check(false).percentage(pc -> pc >= 50);
        });
    }

    /**
     * PyTorch's {@code output_size} rule: for every output padding in {@code [0, max(stride, dilation))} the output
     * size it gives maps back to it, and sizes one outside the feasible range are rejected.
     */
    @Property(tries = 1000)
    @AddLifecycleHook(TriesMultiplier.class)
    public void outputSizeRuleRoundTrips(@ForAll(supplier = TransposedCases.class) ConvCase c) {
        ConvDescriptor d = c.descriptor();
        Shape in = c.problem().inputShape();
        int rank = d.rank();
        int[] limit = new int[rank];
        int[] min = new int[rank];
        for (int a = 0; a < rank; a++) {
            limit[a] = Math.max(d.stride()[a], d.dilation()[a]);
            // PyTorch's formula at output_padding 0, written out here; it may be below 1.
            min[a] = (in.dim(a + 2) - 1) * d.stride()[a] - 2 * d.padBefore()[a]
                    + d.dilation()[a] * (d.kernelSize()[a] - 1) + 1;
        }
        int[] op = new int[rank];
        // every output padding on the first axis, the others at their limit - 1 or 0
        for (int first = 0; first < limit[0]; first++) {
            op[0] = first;
            for (int a = 1; a < rank; a++) {
                op[a] = (first % 2 == 0) ? limit[a] - 1 : 0;
            }
            int[] size = new int[rank];
            boolean feasible = true;
            for (int a = 0; a < rank; a++) {
                size[a] = min[a] + op[a];
                feasible &= size[a] >= 1;
            }
            if (!feasible) {
                Conformance.expectIae(null, c, "output_size " + Arrays.toString(size) + " (below 1)",
                        () -> d.outputPaddingFor(in, size));
                continue;
            }
            ConvProblem p = d.withOutputPadding(op).problem(in);
            if (!Arrays.equals(p.outputShape().dimsFrom(2), size)) {
                throw new AssertionError("output_padding " + Arrays.toString(op) + " gives output "
                        + p.outputShape() + ", PyTorch's formula " + Arrays.toString(size) + " for " + c);
            }
            int[] back = d.outputPaddingFor(in, size);
            if (!Arrays.equals(back, op)) {
                throw new AssertionError("output_size " + Arrays.toString(size) + " maps back to output_padding "
                        + Arrays.toString(back) + ", expected " + Arrays.toString(op) + " for " + c);
            }
            int[] full = p.outputShape().dims();
            if (!Arrays.equals(d.outputPaddingFor(in, full), op)) {
                throw new AssertionError("output_size as full shape " + Arrays.toString(full) + " differs for " + c);
            }
        }
        for (int a = 0; a < rank; a++) {
            int[] tooSmall = new int[rank];
            int[] tooLarge = new int[rank];
            for (int b = 0; b < rank; b++) {
                tooSmall[b] = tooLarge[b] = Math.max(1, min[b] + limit[b] - 1); // feasible on every other axis
            }
            tooSmall[a] = Math.max(1, min[a]) - 1;
            tooLarge[a] = min[a] + limit[a];
            Conformance.expectIae(null, c, "output_size " + Arrays.toString(tooSmall) + " (below the minimum)",
                    () -> d.outputPaddingFor(in, tooSmall));
            Conformance.expectIae(null, c, "output_size " + Arrays.toString(tooLarge) + " (above the maximum)",
                    () -> d.outputPaddingFor(in, tooLarge));
        }
    }

    @Example
    public void goldenPyTorchCases() {
        StringBuilder failed = new StringBuilder();
        for (ConvProvider p : providers) {
            GoldenCases.Report r = GoldenCases.check(p);
            if (r.passed()) {
                System.out.println(r); // the worst error, in units of the bound
            } else {
                failed.append(r).append('\n');
            }
        }
        if (!failed.isEmpty()) {
            throw new AssertionError(failed.toString());
        }
    }
}
