package dev.vconv.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.spi.ConvProvider;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * IEEE propagation: a NaN in the input reaches exactly the outputs whose window covers it (even where the weight it
 * meets is 0, since NaN * 0 = NaN: no provider may skip zero weights); an infinite weight gives Inf or NaN as IEEE
 * arithmetic says, the same in every provider as in the reference.
 */
class NanInfTest {

    /** The outputs whose window covers input element {@code at}: the reference on a one-hot input, weights of ones. */
    private static boolean[] reach(ConvProblem p, int at) {
        float[] oneHot = new float[p.inputShape().elementCount()];
        oneHot[at] = 1;
        float[] ones = new float[p.weightShape().elementCount()];
        Arrays.fill(ones, 1f);
        float[] zeroBias = p.biasLength() == 0 ? null : new float[p.biasLength()];
        float[] y = Fixtures.reference(p, oneHot, ones, zeroBias);
        boolean[] reached = new boolean[y.length];
        for (int i = 0; i < y.length; i++) {
            reached[i] = y[i] != 0;
        }
        return reached;
    }

    @Test
    void aNanInTheInputReachesExactlyTheOutputsWhoseWindowCoversIt() {
        Random r = new Random(8);
        for (ConvProvider provider : Fixtures.providers()) {
            for (ConvProblem p : Fixtures.problems()) {
                float[][] wb = Fixtures.weights(p, r);
                wb[0][r.nextInt(wb[0].length)] = 0f; // a zero weight must not stop the NaN
                ConvPlan plan = provider.plan(p, wb[0], wb[1], PlanOptions.defaults());
                for (int trial = 0; trial < 4; trial++) {
                    int at = r.nextInt(p.inputShape().elementCount());
                    float[] x = Fixtures.random(p.inputShape().elementCount(), r);
                    x[at] = Float.NaN;
                    float[] y = plan.apply(x);
                    boolean[] expected = reach(p, at);
                    int reached = 0;
                    for (int i = 0; i < y.length; i++) {
                        assertEquals(expected[i], Float.isNaN(y[i]), provider.name() + " on " + p + ": NaN at input "
                                + at + ", output " + i + " = " + y[i]);
                        reached += expected[i] ? 1 : 0;
                        if (!expected[i]) {
                            assertTrue(Float.isFinite(y[i]), provider.name() + ": output " + i + " = " + y[i]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void infiniteWeightsFollowIeeeArithmeticAsTheReferenceDoes() {
        Random r = new Random(9);
        for (ConvProvider provider : Fixtures.providers()) {
            for (ConvProblem p : Fixtures.problems()) {
                float[][] wb = Fixtures.weights(p, r);
                wb[0][r.nextInt(wb[0].length)] = Float.POSITIVE_INFINITY;
                wb[0][r.nextInt(wb[0].length)] = Float.NEGATIVE_INFINITY;
                float[] x = Fixtures.random(p.inputShape().elementCount(), r);
                for (int i = 0; i < x.length; i += 5) {
                    x[i] = 0f; // Inf * 0 = NaN
                }
                float[] expected = Fixtures.reference(p, x, wb[0], wb[1]);
                float[] y = provider.plan(p, wb[0], wb[1], PlanOptions.defaults()).apply(x);
                for (int i = 0; i < y.length; i++) {
                    String where = provider.name() + " on " + p + " at " + i + ": " + y[i] + " vs " + expected[i];
                    assertEquals(Float.isNaN(expected[i]), Float.isNaN(y[i]), where);
                    if (Float.isInfinite(expected[i])) {
                        assertEquals(expected[i], y[i], where);
                    } else if (!Float.isNaN(expected[i])) {
                        assertTrue(Float.isFinite(y[i]), where);
                    }
                }
            }
        }
    }
}
