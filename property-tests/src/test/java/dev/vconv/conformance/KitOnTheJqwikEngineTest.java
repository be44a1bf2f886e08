package dev.vconv.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.conformance.FaultyProvider.Fault;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The kit as a third party uses it: a subclass of {@link ConvProviderConformance} naming a provider, run by the
 * JUnit Platform on the jqwik engine. For each deliberately wrong provider, the bit-exact property of that class must
 * fail (and, for the faults a tolerance can see, the golden cases too).
 */
class KitOnTheJqwikEngineTest {

    // Not discovered on their own: surefire skips nested classes, jqwik only descends into @Group classes.
    static final class IgnoresOutputPadding extends ConvProviderConformance {
        IgnoresOutputPadding() {
            super(new FaultyProvider(Fault.IGNORES_OUTPUT_PADDING));
        }
    }

    static final class DilationMinusOne extends ConvProviderConformance {
        DilationMinusOne() {
            super(new FaultyProvider(Fault.DILATION_MINUS_ONE));
        }
    }

    static final class DropsLastGroup extends ConvProviderConformance {
        DropsLastGroup() {
            super(new FaultyProvider(Fault.DROPS_LAST_GROUP));
        }
    }

    static final class OneUlpOff extends ConvProviderConformance {
        OneUlpOff() {
            super(new FaultyProvider(Fault.ONE_ULP_OFF));
        }
    }

    private static TestExecutionSummary run(Class<?> kit, String method, String parameterTypes) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectMethod(kit, method, parameterTypes))
                .configurationParameter("jqwik.database", "target/jqwik-database-self-test")
                .configurationParameter("jqwik.reporting.onlyfailures", "true")
                .configurationParameter("jqwik.shrinking.default", "OFF") // the first falsified try is enough here
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    private static void assertCaught(Class<?> kit, String method, String parameterTypes) {
        TestExecutionSummary s = run(kit, method, parameterTypes);
        assertEquals(1, s.getTestsFoundCount(), kit.getSimpleName() + "." + method + ": not discovered");
        assertEquals(1, s.getTestsFailedCount(), kit.getSimpleName() + "." + method + " passed; the kit missed "
                + "the fault");
        Throwable failure = s.getFailures().get(0).getException();
        String message = String.valueOf(failure.getMessage());
        assertTrue(message.contains("provider 'faulty-"), () -> kit.getSimpleName() + "." + method
                + " failed, but not with the kit's message: " + failure);
        System.out.println("kit on the jqwik engine: " + kit.getSimpleName() + "." + method + " failed as it must: "
                + message.lines().findFirst().orElse(""));
    }

    private static final String CASE_AND_SEED = ConvCase.class.getName() + ", long";

    @Test
    void bitExactPropertyCatchesEveryFault() {
        for (Class<?> kit : new Class<?>[] {IgnoresOutputPadding.class, DilationMinusOne.class, DropsLastGroup.class,
                OneUlpOff.class}) {
            assertCaught(kit, "exactOnSmallIntegers", CASE_AND_SEED);
        }
    }

    @Test
    void goldenCasesCatchTheStructuralFaults() {
        for (Class<?> kit : new Class<?>[] {IgnoresOutputPadding.class, DilationMinusOne.class,
                DropsLastGroup.class}) {
            assertCaught(kit, "goldenPyTorchCases", "");
        }
    }
}
