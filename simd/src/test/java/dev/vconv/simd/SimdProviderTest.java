package dev.vconv.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.VConv;
import dev.vconv.spi.ConvProvider;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fails when the SIMD provider is not actually available and selected in this JVM, so a build cannot silently fall
 * back to the reference (e.g. when {@code --add-modules jdk.incubator.vector} is lost from the test JVM arguments).
 */
class SimdProviderTest {

    @Test
    void vectorModuleIsPresentAndProviderAvailable() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the test JVM runs without jdk.incubator.vector: the SIMD provider would be skipped");
        assertNull(new SimdProvider().unavailableReason());
    }

    @Test
    void serviceLoaderFindsSimdFirstAndVConvSelectsIt() {
        ConvProvider first = VConv.candidates().get(0);
        assertEquals(SimdProvider.NAME, first.name(), "highest-priority available provider");
        assertEquals(100, first.priority());
        ConvProblem p = ConvDescriptor.conv(2).inChannels(3).outChannels(8).kernelSize(3).padding(1).build()
                .problem(1, 3, 9, 9);
        ConvPlan plan = VConv.plan(p, new float[8 * 3 * 9], new float[8]);
        assertEquals(SimdProvider.NAME, plan.providerName(), "VConv planned with " + plan);
        assertTrue(plan.toString().startsWith("simd("), plan.toString());
        ConvProblem t = ConvDescriptor.convTranspose(2).inChannels(3).outChannels(8).kernelSize(4).stride(2)
                .padding(1).build().problem(1, 3, 9, 9);
        assertEquals(SimdProvider.NAME, VConv.plan(t, new float[3 * 8 * 16], new float[8]).providerName());
    }

    @Test
    void closeEndsHelperThreadsAndPlansStillWork() {
        SimdProvider provider = new SimdProvider();
        ConvProblem p = ConvDescriptor.conv(2).inChannels(16).outChannels(64).kernelSize(3).padding(1).build()
                .problem(2, 16, 20, 20);
        SplittableRandom rnd = new SplittableRandom(5);
        float[] w = ConvTester.ints(rnd, p.weightShape().elementCount());
        float[] b = ConvTester.ints(rnd, p.biasLength());
        float[] x = ConvTester.ints(rnd, p.inputShape().elementCount());
        ConvPlan plan = provider.plan(p, w, b, PlanOptions.defaults().withThreads(4));
        float[] before = plan.apply(x);
        provider.close();
        assertEquals(0, provider.liveHelperThreads(), "helper threads left after close()");
        float[] after = plan.apply(x);
        assertTrue(java.util.Arrays.equals(before, after));
        assertTrue(java.util.Arrays.equals(ConvTester.reference(p, x, w, b), after));
    }
}
