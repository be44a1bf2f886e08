package dev.vconv.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aTransposedRowsAdjointIsTheConvItTransposes() {
        for (SuiteCase t : Suite.load()) {
            if (!t.isTranspose()) {
                assertThrows(IllegalArgumentException.class, t::adjoint, t.name());
                continue;
            }
            SuiteCase c = Suite.get(t.name() + SuiteCase.ADJOINT);
            assertEquals(t.adjoint(), c);
            assertEquals(t.name() + ".adjoint", c.name());
            ConvProblem tp = t.problem();
            ConvProblem cp = c.problem();
            // Input and output swap, the weight tensor is the same, and so are the flops.
            assertArrayEquals(tp.outputShape().dims(), cp.inputShape().dims(), t.name());
            assertArrayEquals(tp.inputShape().dims(), cp.outputShape().dims(), t.name());
            assertArrayEquals(tp.weightShape().dims(), cp.weightShape().dims(), t.name());
            assertEquals(tp.flops(), cp.flops(), t.name());
        }
        // dcgan-up-32: ConvTranspose2d(128, 64, 4, 2, 1) on 32x32 undoes Conv2d(64, 128, 4, 2, 1) on 64x64.
        assertEquals(new SuiteCase("dcgan-up-32.adjoint", "conv", 2, 16, 64, 128, 64, 4, 2, 1, 0, 1, 1),
                Suite.get("dcgan-up-32.adjoint"));
        assertThrows(IllegalArgumentException.class, () -> Suite.get("resnet-3x3.adjoint"));
        // Output padding 2 with stride 2 (allowed by dilation 3): the conv of the output is one larger than the input.
        SuiteCase wide = Suite.getOrParse("op2=convT,1,1,4,4,9,3,2,0,2,3,1");
        assertThrows(IllegalArgumentException.class, wide::adjoint);
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

    @Test
    void specReadsBackAsTheSameRow() {
        // What the benchmark JVMs get: a suite row (or its adjoint) by name, any other row spelled out.
        assertEquals("resnet-3x3", Suite.get("resnet-3x3").spec());
        assertEquals("dcgan-up-32.adjoint", Suite.get("dcgan-up-32.adjoint").spec());
        SuiteCase adHoc = Suite.getOrParse("dw-s2=conv,2,1,96,96,112,3,2,1,0,1,96");
        assertEquals("dw-s2=conv,2,1,96,96,112,3,2,1,0,1,96", adHoc.spec());
        SuiteCase up = Suite.getOrParse("k3s2=convT,2,2,64,32,48,3,2,1,1,1,1");
        for (SuiteCase c : List.of(adHoc, up, up.adjoint(), Suite.get("vnet-up-3d"))) {
            assertEquals(c, Suite.getOrParse(c.spec()), c.spec());
        }
    }

    @Test
    void adHocRowsCannotTakeASuiteRowsName() {
        // Its report would show the suite row's anchors beside another shape.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Suite.getOrParse("resnet-3x3=conv,2,1,64,64,28,3,1,1,0,1,1"));
        assertTrue(e.getMessage().contains("'resnet-3x3' is a suite row's"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Suite.getOrParse("dcgan-up-32.adjoint=conv,2,1,64,128,64,4,2,1,0,1,1"));
        // Names must read as one word in tables and keys; values are counted and checked by column.
        for (String bad : new String[] {"dw =conv,2,1,8,8,12,3,2,1,0,1,8", "a/b=conv,2,1,8,8,12,3,2,1,0,1,8",
                "x=conv,2,1,8,8,12,3,2,1,0,1,8,,", "x=conv,2,1,8,8,12,3,two,1,0,1,8"}) {
            assertThrows(IllegalArgumentException.class, () -> Suite.getOrParse(bad), bad);
        }
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> Suite.getOrParse("x=conv,2,1,8,8,12,3,2,1,0,1,8,,"));
        assertTrue(count.getMessage().contains("expected 12 comma-separated values"), count.getMessage());
        IllegalArgumentException column = assertThrows(IllegalArgumentException.class,
                () -> Suite.getOrParse("x=conv,2,1,8,8,12,3,two,1,0,1,8"));
        assertTrue(column.getMessage().contains("stride = 'two'"), column.getMessage());
        // The row itself, spelled out, is that row.
        assertEquals(Suite.get("resnet-3x3"), Suite.getOrParse("resnet-3x3=conv,2,1,64,64,56,3,1,1,0,1,1"));
    }
}
