package dev.vconv.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.spi.ConvProvider;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad arguments to plan and execute, for every provider: an IllegalArgumentException naming the parameter and the
 * value, raised before any output element is written; and inputs are never modified.
 */
class BadInputTest {
    private static final float SENTINEL = Float.intBitsToFloat(0x7fc0_1234); // a NaN no kernel computes

    private static void rejects(String provider, Executable e, String... mustMention) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e, provider);
        for (String m : mustMention) {
            assertTrue(ex.getMessage().contains(m),
                    () -> provider + ": message '" + ex.getMessage() + "' should mention " + m);
        }
    }

    @Test
    void executeRejectsBadArraysBeforeWritingAnything() {
        Random r = new Random(1);
        assertFalse(Fixtures.providers().isEmpty());
        for (ConvProvider provider : Fixtures.providers()) {
            for (ConvProblem p : Fixtures.problems()) {
                float[][] wb = Fixtures.weights(p, r);
                ConvPlan plan = provider.plan(p, wb[0], wb[1], PlanOptions.defaults());
                String who = provider.name() + " on " + p;
                int in = p.inputShape().elementCount();
                int out = p.outputShape().elementCount();
                float[] x = Fixtures.random(in, r);
                float[] y = new float[out + 3];
                Arrays.fill(y, SENTINEL);
                rejects(who, () -> plan.execute(null, 0, y, 0), "input", "null");
                rejects(who, () -> plan.execute(x, 0, null, 0), "output", "null");
                rejects(who, () -> plan.execute(x, -1, y, 0), "inputOffset = -1");
                rejects(who, () -> plan.execute(x, 0, y, -5), "outputOffset = -5");
                rejects(who, () -> plan.execute(x, 1, y, 0), "input", "length " + in, "needs " + in);
                rejects(who, () -> plan.execute(Arrays.copyOf(x, in - 1), 0, y, 0), "input", "needs " + in);
                rejects(who, () -> plan.execute(x, 0, y, 4), "output", "needs " + out);
                rejects(who, () -> plan.execute(x, Integer.MAX_VALUE, y, 0), "input", "" + Integer.MAX_VALUE);
                float[] shared = new float[in + out];
                rejects(who, () -> plan.execute(shared, 0, shared, in - 1), "output", "aliases input");
                rejects(who, () -> plan.execute(shared, out - 1, shared, 0), "output", "aliases input");
                plan.execute(shared, out, shared, 0); // adjacent, not overlapping: fine
                for (int i = 0; i < y.length; i++) {
                    assertEquals(Float.floatToRawIntBits(SENTINEL), Float.floatToRawIntBits(y[i]),
                            who + ": output[" + i + "] was written before the arguments were checked");
                }
            }
        }
    }

    @Test
    void planRejectsBadWeights() {
        for (ConvProvider provider : Fixtures.providers()) {
            for (ConvProblem p : Fixtures.problems()) {
                String who = provider.name() + " on " + p;
                int n = p.weightShape().elementCount();
                float[] bias = p.biasLength() == 0 ? null : new float[p.biasLength()];
                rejects(who, () -> provider.plan(p, null, bias, PlanOptions.defaults()), "weight", "null");
                rejects(who, () -> provider.plan(p, new float[n + 1], bias, PlanOptions.defaults()), "weight",
                        "length " + (n + 1), "" + n);
                if (bias == null) {
                    rejects(who, () -> provider.plan(p, new float[n], new float[1], PlanOptions.defaults()), "bias");
                } else {
                    rejects(who, () -> provider.plan(p, new float[n], null, PlanOptions.defaults()), "bias", "null");
                    rejects(who, () -> provider.plan(p, new float[n], new float[bias.length + 1],
                            PlanOptions.defaults()), "bias", "length");
                }
            }
        }
    }

    @Test
    void inputsWeightsAndBiasAreNeverModified() {
        Random r = new Random(2);
        for (ConvProvider provider : Fixtures.providers()) {
            for (ConvProblem p : Fixtures.problems()) {
                float[][] wb = Fixtures.weights(p, r);
                float[] w = wb[0].clone();
                float[] b = wb[1] == null ? null : wb[1].clone();
                ConvPlan plan = provider.plan(p, wb[0], wb[1], PlanOptions.defaults().withThreads(2));
                // The input sits in a larger array, between guard values, at an offset.
                int in = p.inputShape().elementCount();
                float[] x = Fixtures.random(in + 10, r);
                float[] xBefore = x.clone();
                plan.execute(x, 5, new float[p.outputShape().elementCount()], 0);
                String who = provider.name() + " on " + p;
                assertArrayEquals(xBefore, x, who + ": input modified");
                assertArrayEquals(w, wb[0], who + ": weight modified");
                assertArrayEquals(b, wb[1], who + ": bias modified");
            }
        }
    }

    @Test
    void theOutputRegionIsExactlyWhatIsWritten() {
        Random r = new Random(3);
        for (ConvProvider provider : Fixtures.providers()) {
            for (ConvProblem p : Fixtures.problems()) {
                float[][] wb = Fixtures.weights(p, r);
                ConvPlan plan = provider.plan(p, wb[0], wb[1], PlanOptions.defaults());
                int out = p.outputShape().elementCount();
                float[] y = new float[out + 14];
                Arrays.fill(y, SENTINEL);
                plan.execute(Fixtures.random(p.inputShape().elementCount(), r), 0, y, 7);
                for (int i = 0; i < 7; i++) {
                    assertEquals(Float.floatToRawIntBits(SENTINEL), Float.floatToRawIntBits(y[i]),
                            provider.name() + " wrote before its output offset, at " + i);
                    assertEquals(Float.floatToRawIntBits(SENTINEL), Float.floatToRawIntBits(y[7 + out + i]),
                            provider.name() + " wrote past its output, at " + (7 + out + i));
                }
            }
        }
    }
}
