package dev.vconv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a file JMH itself wrote (a quick run of this machine, trimmed to five benchmarks). */
class JmhResultsTest {
    @TempDir
    Path dir;

    private Path sample() throws Exception {
        Path p = dir.resolve("jmh-sample.json");
        try (var in = getClass().getResourceAsStream("/jmh-sample.json")) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void readsWhatJmhWrites() throws Exception {
        List<JmhResults.Score> scores = JmhResults.read(sample());
        assertEquals(5, scores.size());
        JmhResults.Score peak2 = scores.stream().filter(s -> s.shortName().equals("FmaPeakBench.fma")
                && s.jmhThreads() == 2).findFirst().orElseThrow();
        assertTrue(peak2.higherIsBetter());
        assertTrue(peak2.max() >= peak2.median());
        JmhResults.Score simd = scores.stream().filter(s -> "simd".equals(s.param("contender"))
                && "1".equals(s.param("threads"))).findFirst().orElseThrow();
        assertEquals("ConvBench.run caseName=pointwise-1x1 contender=simd threads=1", simd.key());
        assertEquals("ms/op", simd.unit());
        assertEquals(simd.median() * 1e-3, simd.perSecondOrSeconds(simd.median()), 1e-15);
    }

    @Test
    void theReportAndTheGateWorkOnIt() throws Exception {
        Path p = sample();
        Report r = Report.of(JmhResults.read(p), FmaPeakBench.flopsPerCall(), Anchors.load());
        assertEquals(3, r.rows().size());
        assertEquals(2, r.peaks().size());
        assertTrue(r.rows().stream().allMatch(row -> row.gflops() > 0 && row.percentOfPeak() > 0));
        List<Gate.Change> same = Gate.compare(JmhResults.read(p), JmhResults.read(p), 10);
        assertFalse(Gate.failed(same, true));
        assertEquals(3, same.stream().filter(c -> c.status() == Gate.Status.SAME).count());
    }
}
