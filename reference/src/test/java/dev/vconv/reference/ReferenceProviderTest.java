package dev.vconv.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.VConv;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The provider through the SPI: discovery, and the argument checks every plan inherits. */
class ReferenceProviderTest {
    private final ConvProblem problem = ConvDescriptor.conv(2).inChannels(2).outChannels(3).kernelSize(2).build()
            .problem(1, 2, 3, 3);
    private final float[] w = new float[problem.weightShape().elementCount()];
    private final float[] b = {1, 2, 3};

    private static void rejects(Executable e, String... mustMention) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String m : mustMention) {
            assertTrue(ex.getMessage().contains(m), () -> "message '" + ex.getMessage() + "' should mention " + m);
        }
    }

    @Test
    void isDiscoveredAndPlansThroughVConv() {
        assertTrue(VConv.providers().stream().anyMatch(p -> p.name().equals("reference")));
        ConvPlan plan = VConv.plan(problem, w, b);
        assertEquals("reference", plan.providerName());
        assertArrayEquals(new float[] {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3}, plan.apply(new float[18]));
    }

    @Test
    void weightsAreCheckedAtPlanTime() {
        ReferenceProvider p = new ReferenceProvider();
        PlanOptions o = PlanOptions.defaults();
        rejects(() -> p.plan(problem, null, b, o), "weight", "null");
        rejects(() -> p.plan(problem, new float[5], b, o), "weight", "length 5", "24");
        rejects(() -> p.plan(problem, w, null, o), "bias", "null", "bias=True");
        rejects(() -> p.plan(problem, w, new float[2], o), "bias", "length 2", "3");
        ConvProblem noBias = ConvDescriptor.conv(2).inChannels(2).outChannels(3).kernelSize(2).bias(false).build()
                .problem(1, 2, 3, 3);
        rejects(() -> p.plan(noBias, w, b, o), "bias", "bias=False");
    }

    @Test
    void arraysAreCheckedBeforeAnythingIsWritten() {
        ConvPlan plan = new ReferenceProvider().plan(problem, w, b, PlanOptions.defaults());
        float[] x = new float[18];
        float[] y = new float[12];
        Arrays.fill(y, 7f);
        rejects(() -> plan.execute(null, 0, y, 0), "input", "null");
        rejects(() -> plan.execute(x, 0, null, 0), "output", "null");
        rejects(() -> plan.execute(x, -1, y, 0), "inputOffset = -1");
        rejects(() -> plan.execute(x, 1, y, 0), "input", "length 18", "needs 18");
        rejects(() -> plan.execute(x, 0, y, 1), "output", "length 12", "needs 12");
        float[] shared = new float[40];
        rejects(() -> plan.execute(shared, 0, shared, 10), "output", "aliases input");
        for (float v : y) {
            assertEquals(7f, v, "an output element was written before the arguments were checked");
        }
        // Disjoint ranges of one array are fine, and offsets are honoured.
        plan.execute(shared, 0, shared, 18);
        // Zero input: each output channel is its bias, 4 values each, written from offset 18 to 29 and no further.
        assertArrayEquals(new float[] {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3}, Arrays.copyOfRange(shared, 18, 30));
        assertArrayEquals(new float[10], Arrays.copyOfRange(shared, 30, 40));
    }

    @Test
    void thePlanKeepsItsOwnCopyOfTheWeights() {
        float[] weight = new float[24];
        Arrays.fill(weight, 1f);
        ConvPlan plan = new ReferenceProvider().plan(problem, weight, b, PlanOptions.defaults());
        float[] x = new float[18];
        Arrays.fill(x, 1f);
        float[] before = plan.apply(x);
        Arrays.fill(weight, 5f);
        assertArrayEquals(before, plan.apply(x));
        float[] xCopy = x.clone();
        plan.apply(x);
        assertArrayEquals(xCopy, x, "the input was modified");
    }

    @Test
    void forcingAProviderByProperty() {
        String old = System.getProperty(VConv.PROVIDER_PROPERTY);
        try {
            System.setProperty(VConv.PROVIDER_PROPERTY, "reference");
            assertEquals("reference", VConv.candidates().get(0).name());
            System.setProperty(VConv.PROVIDER_PROPERTY, "nonesuch");
            rejects(VConv::candidates, "'nonesuch'", "reference");
        } finally {
            if (old == null) {
                System.clearProperty(VConv.PROVIDER_PROPERTY);
            } else {
                System.setProperty(VConv.PROVIDER_PROPERTY, old);
            }
        }
    }

    @Test
    void toStringSaysWhatItChose() {
        ConvPlan plan = new ReferenceProvider().plan(problem, w, b, PlanOptions.defaults());
        assertTrue(plan.toString().startsWith("reference(gather) for Conv2d(2, 3"), plan.toString());
    }
}
