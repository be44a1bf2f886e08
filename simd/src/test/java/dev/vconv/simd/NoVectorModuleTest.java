package dev.vconv.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The provider class must load in a JVM without the incubator module and say, in one actionable line, how to enable
 * it; VConv then falls back to the reference. Checked in a child JVM started without {@code --add-modules}.
 */
class NoVectorModuleTest {

    @Test
    void loadsWithoutTheModuleAndSaysHowToEnableIt() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                NoVectorModuleMain.class.getName()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, process.exitValue(), out);
        List<String> lines = out.lines().filter(l -> l.contains("=")).toList();
        assertTrue(lines.contains("reason=the Vector API module is not in this JVM: run with --add-modules "
                + "jdk.incubator.vector"), out);
        assertTrue(lines.contains("declines=true"), out);
        assertTrue(lines.contains("fallback=reference"), out);
    }
}
