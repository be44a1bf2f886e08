package dev.vconv.conformance;

import dev.vconv.ConvProblem;
import dev.vconv.reference.MatrixConvTranspose;
import dev.vconv.reference.ScatterConvTranspose;
import dev.vconv.reference.ZeroInsertionConvTranspose;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/** The reference's three definitions of transposed convolution agree. */
class ReferenceProperties {

    @Provide
    Arbitrary<ConvCase> smallTransposed() {
        // The matrix form builds a dense (C_in * in) x (C_out * out) matrix: keep it small.
        return ConvCases.cases(true, 20_000).filter(c -> {
            ConvProblem p = c.problem();
            long rows = (long) p.inputShape().elementCount() / p.batch();
            long cols = (long) p.outputShape().elementCount() / p.batch();
            return rows * cols <= 300_000;
        });
    }

    /**
     * Scatter (one-to-many), zero insertion (flip the kernel, convolve) and the explicit transpose of the
     * convolution's matrix: bit-identical on small-integer data, where every sum is exact.
     */
    @Property(tries = 2000)
    @AddLifecycleHook(TriesMultiplier.class)
    void threeTransposedDefinitionsAgreeExactly(@ForAll("smallTransposed") ConvCase c, @ForAll long seed) {
        ConvCases.collectCoverage(c);
        ConvProblem p = c.problem();
        TestData data = TestData.smallIntegers(p, seed);
        int n = p.outputShape().elementCount();
        float[] scatter = new float[n];
        float[] zeroInsertion = new float[n];
        float[] matrix = new float[n];
        ScatterConvTranspose.convTranspose(p, data.input(), 0, data.weight(), data.bias(), scatter, 0);
        ZeroInsertionConvTranspose.convTranspose(p, data.input(), 0, data.weight(), data.bias(), zeroInsertion, 0);
        MatrixConvTranspose.convTranspose(p, data.input(), 0, data.weight(), data.bias(), matrix, 0);
        for (int i = 0; i < n; i++) {
            if (scatter[i] != zeroInsertion[i] || scatter[i] != matrix[i]) {
                throw new AssertionError("reference definitions disagree at element " + i + " "
                        + Conformance.coordinates(p.outputShape(), i) + ": scatter " + scatter[i] + ", zero insertion "
                        + zeroInsertion[i] + ", matrix " + matrix[i] + "\n  case: " + c + "\n  seed: " + seed + "L");
            }
        }
        Statistics.label("output-padded").coverage(cov -> cov.check(true).percentage(pc -> pc > 8));
        Statistics.label("strided").coverage(cov -> cov.check(true).percentage(pc -> pc > 25));
        Statistics.label("dilated").coverage(cov -> cov.check(true).percentage(pc -> pc > 15));
        Statistics.label("grouped").coverage(cov -> cov.check(true).percentage(pc -> pc > 25));
        Statistics.label("depthwise").coverage(cov -> cov.check(true).percentage(pc -> pc > 5));
    }

    /** The golden cases parse back into the case each header describes (guards the reader and the script). */
    @Property(tries = 1)
    void goldenHeadersRoundTrip() {
        for (GoldenCases.Golden g : GoldenCases.load()) {
            ConvCase c = g.convCase();
            if (c.inputShape().length != c.descriptor().rank() + 2
                    || !Arrays.equals(c.problem().inputShape().dims(), c.inputShape())) {
                throw new AssertionError("golden case " + g);
            }
        }
    }
}
