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
        assertThrows(IllegalArgumentException.class, () -> Suite.getOrParse("no-such-case"));
    }

    @Test
    void adHocRowsUseTheSuiteColumns() {
        assertEquals(Suite.get("fcn-up-op1"), Suite.getOrParse("fcn-up-op1"));
        SuiteCase c = Suite.getOrParse("k3s2=convT,2,2,64,32,48,3,2,1,1,1,1");
        assertEquals(new SuiteCase("k3s2", "convT", 2, 2, 64, 32, 48, 3, 2, 1, 1, 1, 1), c);
        assertEquals(List.of(2, 32, 96, 96), java.util.Arrays.stream(c.problem().outputShape().dims()).boxed().toList());
        // Wrong field count, a bad op, no name, and an impossible layer (groups must divide the channels).
        for (String bad : new String[] {"x=conv,2,1,3", "x=deconv,2,1,3,8,9,3,1,1,0,1,1", "=conv,2,1,3,8,9,3,1,1,0,1,1",
                "x=conv,2,1,3,8,9,3,1,1,0,1,2"}) {
            assertThrows(IllegalArgumentException.class, () -> Suite.getOrParse(bad), bad);
        }
    }
}
