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

/**
 * The main job end to end in a few seconds: JMH in this JVM (no fork), no warm-up, one 10 ms iteration, on the
 * smallest row, every vconv provider on the class path. Checks the files and the table, not the numbers.
 */
class BenchSmokeTest {
    @TempDir
    Path out;

    @Test
    void mainJobWritesJsonChartSummaryAndTable() throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            // vconv's providers only: a peer's engine start-up does not belong in a unit test.
            String vconv = String.join(",", dev.vconv.VConv.providers().stream().map(p -> p.name()).toList());
            code = Main.run("bench", "--cases", "depthwise-3x3", "--contenders", vconv, "--threads", "1", "--forks", "0", "--warmup", "0",
                    "--iterations", "1", "--iteration-ms", "10", "--ignore-jmh-lock", "--out", out.toString());
        } finally {
            System.setOut(saved);
        }
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        Path run = out.resolve("latest").toRealPath();
        for (String f : List.of("jmh.json", "summary.json", "chart.png", "table.txt", "jmh.log")) {
            assertTrue(Files.size(run.resolve(f)) > 0, f + " is missing or empty\n" + printed);
        }
        assertTrue(printed.matches("(?s).*\\ndepthwise-3x3\\s+conv\\s+reference\\s+1\\s.*"), printed);
        List<JmhResults.Score> scores = JmhResults.read(run.resolve("jmh.json"));
        assertTrue(scores.stream().anyMatch(s -> s.shortName().equals("FmaPeakBench.fma")), scores.toString());
        // A run compared with itself passes the gate.
        assertEquals(0, Main.run("gate", run.resolve("jmh.json").toString(), run.resolve("jmh.json").toString()));
    }

    @Test
    void adHocShapesRunLikeSuiteRows() throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        int bad;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            String vconv = String.join(",", dev.vconv.VConv.providers().stream().map(p -> p.name()).toList());
            // A user's own layer: a strided depthwise conv, and a transposed one with its adjoint.
            code = Main.run("bench", "--shape", "dw-s2=conv,2,1,8,8,12,3,2,1,0,1,8", "--shape",
                    "up-s2=convT,1,1,4,6,10,3,2,1,1,1,1", "--adjoint", "--contenders", vconv, "--threads", "1",
                    "--forks", "0", "--warmup", "0", "--iterations", "1", "--iteration-ms", "10", "--ignore-jmh-lock",
                    "--out", out.toString());
            bad = Main.run("bench", "--shape", "resnet-3x3=conv,2,1,8,8,12,3,1,1,0,1,1", "--out", out.toString());
        } finally {
            System.setOut(saved);
        }
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        assertEquals(2, bad, printed);
        for (String row : List.of("dw-s2\\s+conv", "up-s2\\s+convT", "up-s2.adjoint\\s+conv")) {
            assertTrue(printed.matches("(?s).*\\n" + row + "\\s+reference\\s+1\\s.*"), row + "\n" + printed);
        }
        // Only the shapes ran: --shape without --cases is not the whole suite.
        assertTrue(!printed.contains("resnet-3x3-b8"), printed);
        String summary = Files.readString(out.resolve("latest").toRealPath().resolve("summary.json"));
        assertTrue(summary.contains("\"dw-s2\"") && summary.contains("\"up-s2.adjoint\""), summary);
    }
}
