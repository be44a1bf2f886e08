package dev.vconv.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.VConv;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ContendersTest {
    @Test
    void everyVconvProviderIsAContender() {
        for (var p : VConv.providers()) {
            Contender c = Contenders.get(p.name());
            assertEquals(p.name(), c.name());
            assertTrue(Contenders.isVconv(p.name()));
        }
        assertNull(Contenders.get(Contenders.REFERENCE).unavailableReason());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Contenders.get("nope"));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    @Test
    void aPreparedCaseComputesWhatThePlanComputesAndCanRunAgain() throws Exception {
        ConvProblem p = Suite.get("vnet-up-3d").problemAt(1, 3);
        Inputs in = Inputs.random(p, 7);
        float[] expected = VConv.provider("reference").plan(p, in.w(), in.bias(), PlanOptions.singleThreaded())
                .apply(in.x());
        try (Contender.Prepared prep = Contenders.get("reference").prepare(p, in.x(), in.w(), in.bias(), 2)) {
            prep.run();
            prep.run();
            assertArrayEquals(expected, prep.output());
        }
    }

    @Test
    void theJmhAnnotationProcessorRan() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
            assertTrue(in != null, "META-INF/BenchmarkList missing: jmh-generator-annprocess did not run");
            String list = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(list.contains("dev.vconv.bench.ConvBench"), list);
            assertTrue(list.contains("dev.vconv.bench.FmaPeakBench"), list);
        }
    }

    @Test
    void theBenchmarkDefaultsCoverTheWholeSuite() throws Exception {
        String[] rows = ConvBench.class.getField("caseName").getAnnotation(org.openjdk.jmh.annotations.Param.class)
                .value();
        assertEquals(Suite.load().stream().map(SuiteCase::name).toList(), java.util.List.of(rows));
    }

    @Test
    void peakFlopsMatchTheKernel() {
        assertEquals(2L * (FmaPeakBench.vectorBits() / 32) * FmaPeakBench.CHAINS * FmaPeakBench.STEPS,
                FmaPeakBench.flopsPerCall());
    }

    @Test
    void coldRunsRotateThroughMoreThanTheCaches() {
        for (SuiteCase c : Suite.load()) {
            ConvProblem p = c.problem();
            Inputs in = Inputs.random(p, 1);
            int copies = ConvBench.copiesForCold(in);
            long bytes = 4L * (in.x().length + in.w().length + p.outputShape().elementCount());
            assertTrue(copies >= 2 && copies <= ConvBench.MAX_COPIES, c.name() + ": " + copies);
            assertTrue(copies * bytes >= ConvBench.COLD_BYTES || copies == ConvBench.MAX_COPIES,
                    c.name() + ": " + copies + " x " + bytes);
        }
    }
}
