package dev.vconv;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** core alone has no provider: selection must fail clearly rather than return nothing. */
class VConvTest {
    @Test
    void withoutProvidersPlanningSaysWhatToAdd() {
        ConvProblem p = ConvDescriptor.conv(1).inChannels(1).outChannels(1).kernelSize(1).build().problem(1, 1, 4);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> VConv.plan(p, new float[1], new float[1]));
        assertTrue(e.getMessage().contains("vconv-reference"), e.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> VConv.provider("gpu"));
        assertTrue(unknown.getMessage().contains("'gpu'"), unknown.getMessage());
    }
}
