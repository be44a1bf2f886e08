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
        String vconv = String.join(",", dev.vconv.VConv.providers().stream().map(p -> p.name()).toList());
        // A user's own layers: a strided depthwise conv (given twice: timed once), and a transposed one with its
        // adjoint.
        Run run = run("bench", "--shape", "dw-s2=conv,2,1,8,8,12,3,2,1,0,1,8", "--shape",
                "dw-s2=conv,2,1,8,8,12,3,2,1,0,1,8", "--shape", "up-s2=convT,1,1,4,6,10,3,2,1,1,1,1", "--adjoint",
                "--contenders", vconv, "--threads", "1", "--forks", "0", "--warmup", "0", "--iterations", "1",
                "--iteration-ms", "10", "--ignore-jmh-lock", "--out", out.toString());
        assertEquals(0, run.code, run.out + run.err);
        for (String row : List.of("dw-s2\\s+conv", "up-s2\\s+convT", "up-s2.adjoint\\s+conv")) {
            assertTrue(run.out.matches("(?s).*\\n" + row + "\\s+reference\\s+1\\s.*"), row + "\n" + run.out);
        }
        assertEquals(1, run.out.split("\\ndw-s2\\s+conv\\s+reference\\s+1\\s", -1).length - 1, run.out);
        // Only the shapes ran: --shape without --cases is not the whole suite.
        assertTrue(!run.out.contains("resnet-3x3-b8"), run.out);
        assertTrue(run.out.matches("(?s).*convT / conv.*\\nup-s2\\s+reference\\s+1\\s.*"), run.out);
        String summary = Files.readString(out.resolve("latest").toRealPath().resolve("summary.json"));
        assertTrue(summary.contains("\"dw-s2\"") && summary.contains("\"up-s2.adjoint\""), summary);
        assertTrue(summary.contains("dw-s2 simd threads=1"), summary);
    }

    @Test
    void badShapesStopBeforeAnythingRuns() throws Exception {
        String[] quick = {"--contenders", "reference", "--threads", "1", "--forks", "0", "--warmup", "0",
                "--iterations", "1", "--iteration-ms", "10", "--ignore-jmh-lock", "--out", out.toString()};
        for (String[] bad : new String[][] {
                // a suite row's name on another shape; no '='; a name clashing with another row's adjoint
                {"--shape", "resnet-3x3=conv,2,1,8,8,12,3,1,1,0,1,1"},
                {"--shape", "dw-s2"},
                {"--shape", "up=convT,1,1,4,6,10,3,2,1,1,1,1", "--shape", "up.adjoint=conv,1,1,6,4,20,3,1,1,0,1,1",
                        "--adjoint"}}) {
            Run run = run(concat(new String[] {"bench"}, concat(bad, quick)));
            assertEquals(2, run.code, String.join(" ", bad) + "\n" + run.out + run.err);
            assertTrue(run.err.contains("--shape: "), run.err);
            assertTrue(!run.out.contains("verifying"), "stopped before verifying\n" + run.out);
        }
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
