package dev.vconv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vconv.ConvProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteTest {
    @Test
    void everyRowBuildsAValidProblem() {
        List<SuiteCase> cases = Suite.load();
        assertEquals(17, cases.size());
        for (SuiteCase c : cases) {
            c.problem(); // validates
        }
    }

    @Test
    void flopsFollowTheSuiteConvention() {
        // resnet-3x3: 2 * N*K*56*56 * (C/g) * 9
        ConvProblem p = Suite.get("resnet-3x3").problem();
        assertEquals(2L * 64 * 56 * 56 * 64 * 9, p.flops());
        // dcgan-up-8 (convT): 2 * N*C*8*8 * (K/g) * 16
        ConvProblem t = Suite.get("dcgan-up-8").problem();
        assertEquals(2L * 16 * 512 * 8 * 8 * 256 * 16, t.flops());
        assertEquals(List.of(16, 256, 16, 16), java.util.Arrays.stream(t.outputShape().dims()).boxed().toList());
    }

    @Test
    void unknownCaseIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Suite.get("no-such-case"));
    }
}
