package dev.vconv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifierTest {

    @Test
    void everyReducedRowIsValidCheapAndTheSameLayer() {
        for (SuiteCase c : Suite.load()) {
            ConvProblem p = Verifier.reducedProblem(c);
            assertTrue(p.outputShape().elementCount() > 0, c.name());
            assertTrue(p.flops() <= Verifier.REDUCED_FLOPS_BUDGET || p.batch() == 1, c.name() + ": " + p.flops());
            assertEquals(c.descriptor().toString(), p.descriptor().toString(), c.name());
        }
    }

    /**
     * 3x3 stride-1 rows (where the SIMD provider may use Winograd) get the larger of the direct bound and Winograd's,
     * which is larger somewhere; other rows keep the direct bound. Both SIMD contenders pass on such a row.
     */
    @Test
    void winogradRowsGetTheWinogradBound() throws Exception {
        ConvProblem p = Verifier.reducedProblem(Suite.get("resnet-3x3"));
        Inputs in = Inputs.random(p, 2);
        Verifier.Expected e = Verifier.expected(in);
        Inputs a = in.abs();
        float[] s = Contenders.get(Contenders.REFERENCE).prepare(p, a.x(), a.w(), a.bias(), 1).output();
        long n = 64 * 9;
        boolean larger = false;
        for (int i = 0; i < s.length; i++) {
            double direct = (n + 2) * Verifier.UNIT_ROUNDOFF * s[i] * (1 + Verifier.UNIT_ROUNDOFF);
            assertTrue(e.bound()[i] >= direct, "index " + i);
            larger |= e.bound()[i] > direct;
        }
        assertTrue(larger, "the Winograd bound is nowhere larger");
        for (String name : new String[] {Contenders.SIMD, Contenders.SIMD_DIRECT}) {
            Verifier.Result r = Verifier.check(Contenders.get(name), in, e, 1);
            assertTrue(r.ok(), name + ": " + r.detail());
        }
    }

    /** A contender whose output is the reference's plus {@code delta(i)}. */
    private static Contender perturbed(float[] reference, java.util.function.IntToDoubleFunction delta) {
        return new Contender() {
            @Override
            public String name() {
                return "perturbed";
            }

            @Override
            public Prepared prepare(ConvProblem problem, float[] x, float[] w, float[] bias, int threads) {
                float[] y = reference.clone();
                for (int i = 0; i < y.length; i++) {
                    y[i] = (float) (y[i] + delta.applyAsDouble(i));
                }
                return new Prepared() {
                    @Override
                    public void run() {
                    }

                    @Override
                    public float[] output() {
                        return y;
                    }
                };
            }
        };
    }

    @Test
    void theReferenceContenderIsExactAndErrorsAreJudgedByTheBound() {
        ConvProblem p = Verifier.reducedProblem(Suite.get("fcn-up-op1"));
        Inputs in = Inputs.random(p, 1);
        Verifier.Expected e = Verifier.expected(in);

        Verifier.Result self = Verifier.check(Contenders.get(Contenders.REFERENCE), in, e, 1);
        assertTrue(self.ok(), self.detail());
        assertEquals(0, self.worstRatio());

        // Within the bound everywhere: passes. (Half the bound stays half after float rounding of large values.)
        Verifier.Result near = Verifier.check(perturbed(e.y(), i -> 0.5 * e.bound()[i]), in, e, 1);
        assertTrue(near.ok(), near.detail());

        // One element off by a product-sized amount: fails and names the element.
        Verifier.Result off = Verifier.check(perturbed(e.y(), i -> i == 17 ? 0.25 : 0), in, e, 1);
        assertFalse(off.ok());
        assertTrue(off.detail().startsWith("output element 17 "), off.detail());

        Verifier.Result nan = Verifier.check(perturbed(e.y(), i -> i == 3 ? Double.NaN : 0), in, e, 1);
        assertFalse(nan.ok(), nan.detail());
    }

    @Test
    void aContenderThatThrowsFailsWithTheReason() {
        ConvProblem p = Verifier.reducedProblem(Suite.get("depthwise-3x3"));
        Inputs in = Inputs.random(p, 1);
        Contender broken = new Contender() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Prepared prepare(ConvProblem problem, float[] x, float[] w, float[] bias, int threads) {
                throw new UnsupportedOperationException("no kernel for " + problem);
            }
        };
        Verifier.Result r = Verifier.check(broken, in, Verifier.expected(in), 2);
        assertFalse(r.ok());
        assertTrue(r.detail().contains("UnsupportedOperationException"), r.detail());
    }

    /**
     * The main job checks the code it times: for every suite row, both SIMD contenders get a reduced problem they plan
     * with the algorithm they plan the full row with (Winograd stacks, row-vector tiles, phase pairs, ...), at one
     * and two threads, and it stays within the budget.
     */
    @Test
    void everyRowIsVerifiedOnTheAlgorithmItIsTimedOn() {
        List<Integer> threads = List.of(1, 2);
        List<String> other = new java.util.ArrayList<>();
        for (String name : new String[] {Contenders.SIMD, Contenders.SIMD_DIRECT}) {
            Contender k = Contenders.get(name);
            for (SuiteCase c : Suite.load()) {
                Verifier.Reduced r = Verifier.reducedProblem(c, k, threads);
                if (!r.sameAlgorithm()) {
                    other.add(name + " " + c.name() + ": timed " + r.timed() + ", verified " + r.algorithm()
                            + " at " + r.problem().inputShape());
                }
                assertTrue(r.problem().flops() <= Verifier.MATCH_FLOPS_BUDGET, c.name() + ": " + r.problem());
                assertEquals(c.descriptor().toString(), r.problem().descriptor().toString(), c.name());
            }
        }
        assertTrue(other.isEmpty(), String.join("\n", other));
    }

    /** A contender whose method changes with every size gets the default reduced problem, with both names. */
    @Test
    void whenNoReducedSizeMatchesTheDefaultIsKeptAndBothAlgorithmsAreNamed() {
        Contender bySize = new Contender() {
            @Override
            public String name() {
                return "by-size";
            }

            @Override
            public String algorithm(ConvProblem problem, int threads) {
                return "method for " + problem.inputShape();
            }

            @Override
            public Prepared prepare(ConvProblem problem, float[] x, float[] w, float[] bias, int threads) {
                throw new UnsupportedOperationException();
            }
        };
        SuiteCase c = Suite.get("dcgan-up-32"); // the full row is above the budget, so no candidate matches it
        Verifier.Reduced r = Verifier.reducedProblem(c, bySize, List.of(1));
        assertEquals(Verifier.reducedProblem(c), r.problem());
        assertFalse(r.sameAlgorithm());
        assertEquals("method for " + c.problem().inputShape(), r.timed());
        assertEquals("method for " + r.problem().inputShape(), r.algorithm());

        // One whose method does not change with size (the reference), and one that cannot tell (like the peers),
        // keep the default and have nothing to report.
        for (Contender k : new Contender[] {Contenders.get(Contenders.REFERENCE), perturbed(new float[0], i -> 0)}) {
            Verifier.Reduced same = Verifier.reducedProblem(c, k, List.of(1));
            assertEquals(Verifier.reducedProblem(c), same.problem(), k.name());
            assertTrue(same.sameAlgorithm(), k.name());
        }
    }
}
