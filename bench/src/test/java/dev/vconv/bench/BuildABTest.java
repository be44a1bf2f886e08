package dev.vconv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.simd.SimdProvider;
import dev.vconv.spi.ConvProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildABTest {
    /** The SIMD provider's own build, the one this module's class path also holds. */
    private static Path simdClasses() throws Exception {
        return Path.of(SimdProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void eachBuildGetsItsOwnClassesAndTheSharedSpi() throws Exception {
        ConvProvider a = BuildAB.load(simdClasses(), SimdProvider.class.getName());
        ConvProvider b = BuildAB.load(simdClasses(), SimdProvider.class.getName());
        // Child-first: not the class path's copy, and not each other's, so each build is JIT-compiled on its own.
        assertNotSame(SimdProvider.class, a.getClass());
        assertNotSame(a.getClass(), b.getClass());
        assertEquals(SimdProvider.class.getName(), a.getClass().getName());
        assertEquals("simd", a.name());
    }

    @Test
    void sameBuildTwiceGivesIdenticalOutputsAndARatioNearOne() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SuiteCase small = Suite.get("unet-up-2x2");
        List<BuildAB.Result> results = BuildAB.run(List.of(small), simdClasses(), simdClasses(),
                SimdProvider.class.getName(), 1, 2, 5_000_000L, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        BuildAB.Result r = results.get(0);
        assertTrue(r.identical(), "one build, one reduction order: bitwise equal outputs");
        assertTrue(r.gflopsA() > 0 && r.gflopsB() > 0, r.line());
        assertTrue(r.ratioMin() <= r.ratio() && r.ratio() <= r.ratioMax(), r.line());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("unet-up-2x2") && out.contains("B/A"), out);
    }

    @Test
    void missingBuildOrProviderIsAClearError(@TempDir Path empty) throws Exception {
        IllegalArgumentException noDir = assertThrows(IllegalArgumentException.class,
                () -> BuildAB.load(empty.resolve("absent"), SimdProvider.class.getName()));
        assertTrue(noDir.getMessage().contains("does not exist"), noDir.getMessage());
        Files.createDirectories(empty.resolve("classes"));
        IllegalArgumentException noClass = assertThrows(IllegalArgumentException.class,
                () -> BuildAB.load(empty.resolve("classes"), SimdProvider.class.getName()));
        assertTrue(noClass.getMessage().contains("was not found in"), noClass.getMessage());
    }
}
