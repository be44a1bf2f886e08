package dev.vconv.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path dir;

    private static final long PEAK_FLOPS_PER_CALL = 1_000_000;

    private Report report() throws Exception {
        // resnet-3x3: 231,211,008 flops. 2.31211008 ms -> 100 GFLOP/s.
        Path json = new JmhJson().peak(1, 130_000, 100).peak(2, 250_000, 100)
                .conv("resnet-3x3", "simd", 1, 2.31211008, 0.01)
                .conv("resnet-3x3", "simd", 2, 1.15605504, 0.01)
                .conv("resnet-3x3", "reference", 1, 231.211008, 1)
                .conv("resnet-3x3", "pytorch", 1, 4.62422016, 0.01)
                .write(dir.resolve("r.json"));
        return Report.of(JmhResults.read(json), PEAK_FLOPS_PER_CALL, Anchors.load());
    }

    @Test
    void derivesGflopsPeakShareSpeedupAnchorAndPeerRatio() throws Exception {
        Report r = report();
        assertEquals(130.0, r.peakGflops(1), 1e-9);
        assertEquals(250.0, r.peakGflops(2), 1e-9);
        assertEquals(List.of("pytorch"), r.peers());
        Report.Row simd1 = r.rows().get(0);
        assertEquals("simd", simd1.contender());
        assertEquals(100.0, simd1.gflops(), 1e-6);
        assertEquals(100.0 * 100 / 130, simd1.percentOfPeak(), 1e-6);
        assertEquals(100.0, simd1.speedupOverReference(), 1e-6);
        assertEquals(100.0 / 131, simd1.vsAnchor(), 1e-6); // issue 4: resnet-3x3 anchor 131 at 1 thread
        assertEquals(2.0, simd1.vsPeers().get("pytorch"), 1e-9);
        Report.Row simd2 = r.rows().get(1);
        assertEquals(200.0, simd2.gflops(), 1e-6);
        assertEquals(80.0, simd2.percentOfPeak(), 1e-6);
        assertEquals(200.0 / 172, simd2.vsAnchor(), 1e-6);
        assertTrue(Double.isNaN(simd2.vsPeers().get("pytorch")), "pytorch did not run at 2 threads");
        assertTrue(r.rows().get(3).vsPeers().isEmpty(), "peers get no peer ratios");
    }

    @Test
    void tableHasAColumnPerPeer() throws Exception {
        String table = report().table();
        String[] lines = table.split("\\R");
        assertArrayEquals(new String[] {"case", "op", "contender", "threads", "ms", "GFLOP/s", "%", "of", "peak",
                "x", "reference", "vs", "anchor", "vs", "pytorch"}, lines[0].trim().split("\\s+"));
        assertTrue(lines[2].matches("resnet-3x3\\s+conv\\s+simd\\s+1\\s+2\\.31\\s+100\\s+76\\.9%\\s+100x\\s+0\\.76x\\s+"
                + "2\\.00x"), lines[2]);
    }

    @Test
    void markdownTableHasTheReadmeColumns() throws Exception {
        String[] lines = report().markdown("simd").split("\\R");
        assertEquals("| case | op | simd GFLOP/s 1T / 2T | % of peak (1T) | vs anchor 1T / 2T | pytorch GFLOP/s 1T / 2T "
                + "| simd / pytorch 1T / 2T |", lines[0]);
        assertEquals("|---|---|---|---|---|---|---|", lines[1]);
        assertEquals("| resnet-3x3 | conv | 100 / 200 | 77% | 0.76 / 1.16 | 50 / - | 2.00 / - |", lines[2]);
        assertEquals(3, lines.length, "one line per suite row with a simd result");
    }

    @Test
    void adjointTableSetsEachTransposedRowAgainstItsConv() throws Exception {
        assertEquals("", report().adjointTable(), "no adjoint ran");
        // dcgan-up-8 and its adjoint: 2^32 flops each; 42.94967296 ms -> 100 GFLOP/s.
        Path json = new JmhJson().peak(1, 130_000, 100)
                .conv("dcgan-up-8", "simd", 1, 42.94967296, 0.01)
                .conv("dcgan-up-8.adjoint", "simd", 1, 21.47483648, 0.01)
                .conv("dcgan-up-8", "simd", 2, 21.47483648, 0.01) // no adjoint at 2 threads: no line
                .write(dir.resolve("a.json"));
        Report r = Report.of(JmhResults.read(json), PEAK_FLOPS_PER_CALL, Anchors.load());
        assertEquals(Suite.get("dcgan-up-8").problem().flops(), Suite.get("dcgan-up-8.adjoint").problem().flops());
        String[] lines = r.adjointTable().split("\\R");
        assertEquals(3, lines.length, r.adjointTable());
        assertTrue(lines[2].matches("dcgan-up-8\\s+simd\\s+1\\s+100\\s+200\\s+0\\.50x"), lines[2]);
        assertTrue(Double.isNaN(r.rows().get(1).vsAnchor()), "an adjoint row has no anchor");
    }

    @Test
    void adHocRowsGoByTheirNameAndHaveNoAnchor() throws Exception {
        // bench --shape: the benchmark JVMs get the row spelled out (SuiteCase.spec()); the report shows its name.
        SuiteCase c = Suite.getOrParse("dw-s2=conv,2,1,8,8,12,3,2,1,0,1,8");
        double ms = c.problem().flops() / 1e6; // milliseconds at 1 GFLOP/s
        Path json = new JmhJson().peak(1, 130_000, 100).conv(c.spec(), "simd", 1, ms, 0.01)
                .conv(c.spec(), "pytorch", 1, ms / 2, 0.01).write(dir.resolve("s.json"));
        Report r = Report.of(JmhResults.read(json), PEAK_FLOPS_PER_CALL, Anchors.load());
        assertEquals("dw-s2", r.rows().get(0).caseName());
        assertEquals(1.0, r.rows().get(0).gflops(), 1e-9);
        assertEquals(0.5, r.rows().get(0).vsPeers().get("pytorch"), 1e-9);
        assertTrue(Double.isNaN(r.rows().get(0).vsAnchor()));
        assertEquals("| dw-s2 | conv | 1.0 | 1% | - | 2.0 | 0.50 |", r.markdown("simd").split("\\R")[2]);
    }

    @Test
    void chartIsAPng() throws Exception {
        Path png = dir.resolve("chart.png");
        Chart.write(report(), "test", png);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
    }

    @Test
    void everySuiteRowHasAnAnchorAndNothingElseDoes() {
        Anchors a = Anchors.load();
        List<String> suite = Suite.load().stream().map(SuiteCase::name).toList();
        assertEquals(new java.util.TreeSet<>(suite), new java.util.TreeSet<>(a.cases()));
        assertEquals(29.0, a.gflops("depthwise-3x3", 1));
        assertEquals(172.0, a.gflops("vnet-up-3d", 2));
        assertTrue(Double.isNaN(a.gflops("vnet-up-3d", 4)));
    }
}
