package dev.vconv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateTest {
    @TempDir
    Path dir;

    private Path baseline() throws Exception {
        return new JmhJson().peak(1, 80_000, 1_000).conv("resnet-3x3", "simd", 1, 2.0, 0.05)
                .conv("resnet-3x3", "simd", 2, 1.2, 0.05).conv("dcgan-up-8", "simd", 1, 40.0, 1.0)
                .write(dir.resolve("old.json"));
    }

    /** Runs the gate as the launcher does; returns the exit code and keeps the printed table. */
    private String printed;

    private int gate(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return Main.run(args);
        } finally {
            System.setOut(saved);
            printed = buf.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void identicalFilesPass() throws Exception {
        Path old = baseline();
        Path copy = Files.copy(old, dir.resolve("new.json"));
        assertEquals(0, gate("gate", old.toString(), copy.toString()), printed);
        assertTrue(printed.contains("gate: passed"), printed);
        assertTrue(printed.contains("+0.0%"), printed);
    }

    @Test
    void slowerBeyondThresholdAndErrorFails() throws Exception {
        Path old = baseline();
        // resnet-3x3 at 1 thread: 2.0 -> 2.5 ms (+25%), error bars 0.05: far beyond 10%.
        Path neu = new JmhJson().peak(1, 80_000, 1_000).conv("resnet-3x3", "simd", 1, 2.5, 0.05)
                .conv("resnet-3x3", "simd", 2, 1.2, 0.05).conv("dcgan-up-8", "simd", 1, 40.0, 1.0)
                .write(dir.resolve("new.json"));
        assertEquals(1, gate("gate", old.toString(), neu.toString()), printed);
        assertTrue(printed.contains("SLOWER"), printed);
        assertTrue(printed.contains("gate: FAILED"), printed);
        // The same change passes a 30% threshold.
        assertEquals(0, gate("gate", old.toString(), neu.toString(), "--threshold", "30"), printed);
    }

    @Test
    void slowerWithinErrorPasses() throws Exception {
        Path old = new JmhJson().conv("resnet-3x3", "simd", 1, 2.0, 0.3).write(dir.resolve("old.json"));
        // +15% on the scores, but the intervals [1.7, 2.3] and [2.0, 2.6] overlap: not beyond 10% for sure.
        Path neu = new JmhJson().conv("resnet-3x3", "simd", 1, 2.3, 0.3).write(dir.resolve("new.json"));
        assertEquals(0, gate("gate", old.toString(), neu.toString()), printed);
        assertTrue(printed.contains("slower, within error"), printed);
    }

    @Test
    void fasterPasses() throws Exception {
        Path old = baseline();
        Path neu = new JmhJson().conv("resnet-3x3", "simd", 1, 1.0, 0.05).write(dir.resolve("new.json"));
        assertEquals(0, gate("gate", old.toString(), neu.toString()), printed);
        assertTrue(printed.contains("faster"), printed);
        assertTrue(printed.contains("missing in new"), printed);
        assertEquals(1, gate("gate", old.toString(), neu.toString(), "--fail-on-missing"), printed);
    }

    @Test
    void throughputDropIsARegressionAndThePeakNeverFails() {
        List<JmhResults.Score> old = List.of(
                score("x.Thr.run", 1000, 10, "ops/ms"), score("dev.vconv.bench.FmaPeakBench.fma", 1000, 10, "ops/s"));
        List<JmhResults.Score> slower = List.of(
                score("x.Thr.run", 700, 10, "ops/ms"), score("dev.vconv.bench.FmaPeakBench.fma", 500, 10, "ops/s"));
        List<Gate.Change> changes = Gate.compare(old, slower, 10);
        assertEquals(Gate.Status.REGRESSION, changes.get(0).status());
        assertEquals(1000.0 / 700 - 1, changes.get(0).change(), 1e-12);
        assertEquals(Gate.Status.MACHINE, changes.get(1).status());
        assertTrue(Gate.failed(changes, false));
        assertTrue(!Gate.failed(Gate.compare(old, old, 10), true));
    }

    @Test
    void unitsAreComparedInSeconds() {
        List<JmhResults.Score> old = List.of(score("x.A.run", 2.0, 0, "ms/op"));
        List<JmhResults.Score> same = List.of(score("x.A.run", 2000.0, 0, "us/op"));
        Gate.Change c = Gate.compare(old, same, 10).get(0);
        assertEquals(0, c.change(), 1e-12);
        assertEquals(Gate.Status.SAME, c.status());
    }

    @Test
    void unreadableFileIsExitTwo() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{ not json");
        assertEquals(2, gate("gate", bad.toString(), bad.toString()));
        assertEquals(2, gate("gate", dir.resolve("absent.json").toString(), bad.toString()));
    }

    private static JmhResults.Score score(String benchmark, double score, double error, String unit) {
        return new JmhResults.Score(benchmark, unit.startsWith("ops") ? "thrpt" : "avgt", 1, java.util.Map.of(),
                score, error, score, score, unit);
    }
}
