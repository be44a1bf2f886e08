package dev.vconv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class PlanOptionsTest {
    @Test
    void fastAlgorithmsAllowedByDefaultAndKeptByEveryWither() {
        assertTrue(PlanOptions.defaults().fastAlgorithms());
        assertTrue(PlanOptions.singleThreaded().fastAlgorithms());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            PlanOptions direct = PlanOptions.defaults().withFastAlgorithms(false).withThreads(3).withExecutor(pool);
            assertFalse(direct.fastAlgorithms());
            assertEquals(3, direct.threads());
            assertSame(pool, direct.executor());
            assertTrue(direct.toString().contains("direct summation only"), direct.toString());
            assertTrue(direct.withFastAlgorithms(true).fastAlgorithms());
            assertEquals(3, direct.withFastAlgorithms(true).threads());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void threadsBelowOneRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlanOptions.defaults().withThreads(0));
        assertTrue(e.getMessage().contains("threads = 0"), e.getMessage());
    }
}
