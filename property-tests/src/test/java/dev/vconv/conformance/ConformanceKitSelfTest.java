package dev.vconv.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.conformance.FaultyProvider.Fault;
import dev.vconv.spi.ConvProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Example;

/**
 * The kit tested on itself: each deliberately wrong provider must be caught by the kit's checks, run
 * programmatically over the same kind of generated cases the properties use (fixed seeds, so this is
 * deterministic), while a correct provider written the same way (the control) passes them all. Runs on the jqwik
 * engine ({@code @Example}) because the kit's arbitraries generate on a jqwik thread.
 */
class ConformanceKitSelfTest {
    private static final int CASES = 150;

    /** Deterministic cases from a kit arbitrary. */
    static List<ConvCase> sample(Arbitrary<ConvCase> arbitrary, long seed, int count) {
        RandomGenerator<ConvCase> gen = arbitrary.generator(1000);
        Random random = new Random(seed);
        List<ConvCase> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cases.add(gen.next(random).value());
        }
        return cases;
    }

    /** The failures each check reports for {@code provider}, by check name. */
    record Caught(List<String> exact, List<String> reals, List<String> adjoint, List<String> writes,
            GoldenCases.Report golden) {
        int total() {
            return exact.size() + reals.size() + adjoint.size() + writes.size() + golden.failures().size();
        }

        @Override
        public String toString() {
            return "exact " + exact.size() + " of " + CASES + " cases, reals " + reals.size() + " of " + CASES
                    + ", adjoint " + adjoint.size() + " of " + CASES / 3 + ", writes " + writes.size() + " of " + CASES
                    + ", golden " + golden.failures().size() + " failures over " + golden.cases() + " PyTorch cases";
        }
    }

    static Caught runKit(ConvProvider provider) {
        List<ConvCase> cases = sample(ConvCases.any(), 42, CASES);
        List<ConvCase> adjointCases = sample(ConvCases.adjointConvs(), 43, CASES / 3);
        List<String> exact = new ArrayList<>();
        List<String> reals = new ArrayList<>();
        List<String> adjoint = new ArrayList<>();
        List<String> writes = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            ConvCase c = cases.get(i);
            long seed = 1000 + i;
            collect(exact, () -> Conformance.exactOnSmallIntegers(provider, c, seed));
            collect(reals, () -> Conformance.withinBoundOnReals(provider, c, seed));
            collect(writes, () -> Conformance.writesExactlyItsOutput(provider, c, seed));
        }
        for (int i = 0; i < adjointCases.size(); i++) {
            ConvCase c = adjointCases.get(i);
            long seed = 2000 + i;
            collect(adjoint, () -> Conformance.adjoint(provider, c, seed));
        }
        return new Caught(exact, reals, adjoint, writes, GoldenCases.check(provider));
    }

    private static void collect(List<String> failures, Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            failures.add(e.getMessage());
        }
    }

    private static void collect(List<String> failures, java.util.function.BooleanSupplier check) {
        collect(failures, (Runnable) check::getAsBoolean);
    }

    private static void collect(List<String> failures, java.util.function.DoubleSupplier check) {
        collect(failures, (Runnable) check::getAsDouble);
    }

    private static Caught caught(Fault fault, Consumer<Caught> assertions) {
        Caught c = runKit(new FaultyProvider(fault));
        System.out.println("kit self-test: " + fault + " caught by: " + c);
        assertions.accept(c);
        return c;
    }

    @Example
    void theControlPassesEverything() {
        Caught c = runKit(new FaultyProvider(Fault.NONE));
        assertEquals(0, c.total(), () -> "the fault-free control failed: " + c + "\n" + c.exact() + c.reals()
                + c.adjoint() + c.writes() + c.golden());
    }

    @Example
    void catchesAProviderThatIgnoresOutputPadding() {
        caught(Fault.IGNORES_OUTPUT_PADDING, c -> {
            assertFalse(c.exact().isEmpty(), "bit-exact property missed it: " + c);
            assertFalse(c.golden().passed(), "golden cases missed it: " + c);
        });
    }

    @Example
    void catchesAProviderThatUsesDilationMinusOne() {
        caught(Fault.DILATION_MINUS_ONE, c -> {
            assertFalse(c.exact().isEmpty(), "bit-exact property missed it: " + c);
            assertFalse(c.reals().isEmpty(), "error-bound property missed it: " + c);
            assertFalse(c.golden().passed(), "golden cases missed it: " + c);
            // The adjoint property is not expected to: conv and convT with the same wrong dilation are still each
            // other's adjoint (it fails only where the wrong terms outgrow the bound derived from the right ones).
        });
    }

    @Example
    void catchesAProviderThatDropsTheLastGroup() {
        caught(Fault.DROPS_LAST_GROUP, c -> {
            assertFalse(c.exact().isEmpty(), "bit-exact property missed it: " + c);
            assertFalse(c.reals().isEmpty(), "error-bound property missed it: " + c);
            assertFalse(c.golden().passed(), "golden cases missed it: " + c);
        });
    }

    /** One ulp on one element is inside any tolerance; only the bit-exact small-integer property can see it. */
    @Example
    void catchesAProviderThatIsOneUlpOffOnOneElement() {
        caught(Fault.ONE_ULP_OFF, c -> assertEquals(CASES, c.exact().size(),
                "the bit-exact property must catch the one-ulp error on every case: " + c));
    }

    /** The failure message is a ready regression test: the case as Java code, the seed, the element and values. */
    @Example
    void aFailurePrintsThePasteableCaseTheSeedAndBothValues() {
        ConvCase c = ConvCase.of(dev.vconv.ConvDescriptor.convTranspose(1).inChannels(2).outChannels(2)
                .kernelSize(3).stride(2).padding(1).outputPadding(1).dilation(1).groups(1).bias(true).build(), 1, 2, 4);
        AssertionError e = assertThrows(AssertionError.class,
                () -> Conformance.exactOnSmallIntegers(new FaultyProvider(Fault.ONE_ULP_OFF), c, 7L));
        String m = e.getMessage();
        assertTrue(m.contains(c.toString()), m);
        assertTrue(m.contains("seed:     7L"), m);
        assertTrue(m.contains("element:  15 (0, 1, 7)"), m);
        assertTrue(m.contains("got:") && m.contains("expected:"), m);
        // and the printed case rebuilds the same case
        assertEquals("ConvCase.of(ConvDescriptor.convTranspose(1).inChannels(2).outChannels(2).kernelSize(3).stride(2)"
                + ".padding(1).outputPadding(1).dilation(1).groups(1).bias(true).build(), 1, 2, 4)", c.toString());
    }
}
