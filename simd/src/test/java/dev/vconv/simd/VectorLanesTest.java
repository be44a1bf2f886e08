package dev.vconv.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Guards the narrow-vector test run: with {@code -Dvconv.expectLanes=N} (set next to {@code -XX:MaxVectorSize} in the
 * pom) the kernels must really run with N lanes, else that run would silently repeat the 512-bit one.
 */
class VectorLanesTest {

    @Test
    void kernelsUseThePreferredSpecies() {
        int expected = Integer.getInteger("vconv.expectLanes", F32CorrKernels.L);
        assertEquals(expected, F32CorrKernels.L, "lanes of SPECIES_PREFERRED: " + F32CorrKernels.S);
    }
}
