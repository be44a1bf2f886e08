package dev.vconv.bench.peers;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import dev.vconv.bench.Contender;
import dev.vconv.bench.Suite;
import dev.vconv.bench.SuiteCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OneDnnContenderTest {
    private static final Contender BLOCKED = new OneDnnContender.Blocked();
    private static final Contender NCHW = new OneDnnContender.Nchw();

    static Stream<SuiteCase> suite() {
        return Suite.load().stream();
    }

    @Test
    void libraryLoadsAndThreadsAreSet() {
        assertNull(Dnnl.unavailableReason());
        assertTrue(Dnnl.version().startsWith("2."), Dnnl.version());
        Dnnl.setThreads(2);
        assertEquals(2, Dnnl.maxThreads());
        Dnnl.setThreads(1);
        assertEquals(1, Dnnl.maxThreads());
    }

    @Test
    void serviceLoaderFindsBothModesAvailable() {
        List<Contender> found = ServiceLoader.load(Contender.class).stream().map(ServiceLoader.Provider::get)
                .filter(c -> c.name().startsWith("onednn-")).toList();
        assertEquals(List.of("onednn-blocked", "onednn-nchw"), found.stream().map(Contender::name).toList());
        for (Contender c : found) {
            assertNull(c.unavailableReason());
        }
    }

    /** Every suite row, reduced, both modes, 1 and 2 threads, within the error bound of the reference. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("suite")
    void suiteRowMatchesReference(SuiteCase c) throws Exception {
        ConvProblem p = PeerCheck.reduced(c);
        PeerCheck.Oracle oracle = PeerCheck.Oracle.of(p, false, c.name().hashCode());
        for (Contender contender : List.of(BLOCKED, NCHW)) {
            for (int threads = 1; threads <= 2; threads++) {
                PeerCheck.Result r = oracle.check(contender, threads);
                System.out.printf("%-16s %-15s t=%d %s%n", c.name(), contender.name(), threads, r);
                assertTrue(r.passed(), c.name() + " " + contender.name() + " threads=" + threads + ": " + r);
            }
        }
    }

    /** Bias, 'same' padding (asymmetric), per-axis parameters, rank 1 and 3, output padding from dilation. */
    @Test
    void unusualParameters() throws Exception {
        List<ConvProblem> problems = List.of(
                ConvDescriptor.conv(2).inChannels(6).outChannels(4).kernelSize(4, 3).padding("same").dilation(2, 1)
                        .groups(2).build().problem(2, 6, 9, 7),
                ConvDescriptor.conv(1).inChannels(5).outChannels(3).kernelSize(3).stride(2).padding(2).build()
                        .problem(1, 5, 17),
                ConvDescriptor.conv(3).inChannels(4).outChannels(6).kernelSize(2, 3, 1).stride(1, 2, 1)
                        .padding(1, 0, 1).build().problem(1, 4, 5, 6, 4),
                ConvDescriptor.convTranspose(2).inChannels(6).outChannels(9).kernelSize(3, 2).stride(3, 2)
                        .padding(1, 0).outputPadding(2, 1).groups(3).build().problem(2, 6, 5, 4),
                ConvDescriptor.convTranspose(1).inChannels(4).outChannels(2).kernelSize(3).stride(1).dilation(3)
                        .padding(2).outputPadding(2).build().problem(1, 4, 7),
                ConvDescriptor.convTranspose(3).inChannels(4).outChannels(4).kernelSize(3).stride(2).padding(1)
                        .outputPadding(1).groups(2).build().problem(1, 4, 3, 4, 3));
        int seed = 1;
        for (ConvProblem p : problems) {
            PeerCheck.Oracle oracle = PeerCheck.Oracle.of(p, true, seed++);
            for (Contender contender : List.of(BLOCKED, NCHW)) {
                PeerCheck.Result r = oracle.check(contender, 2);
                assertTrue(r.passed(), p + " " + contender.name() + ": " + r);
            }
        }
    }

    @Test
    void paddingModesOtherThanZerosAreRejectedClearly() {
        ConvProblem p = ConvDescriptor.conv(1).inChannels(2).outChannels(2).kernelSize(3).padding(1)
                .paddingMode("reflect").build().problem(1, 2, 9);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> BLOCKED.prepare(p, new float[18], new float[12], null, 1));
        assertTrue(e.getMessage().contains("reflect"), e.getMessage());
    }

    /** The thread count takes effect: 1 thread does the work at threads=1, 2 threads at threads=2. */
    @Test
    void threadCountTakesEffect() throws Exception {
        ConvProblem p = Suite.get("resnet-3x3").problem();
        float[] x = PeerCheck.random(p.inputShape().elementCount(), 1);
        float[] w = PeerCheck.random(p.weightShape().elementCount(), 2);
        for (int threads : new int[] {1, 2, 1}) {
            try (Contender.Prepared prepared = BLOCKED.prepare(p, x, w, null, threads)) {
                int busy = PeerCheck.busyThreads(prepared, 40);
                System.out.println("threads=" + threads + ": busy OS threads " + busy);
                assertEquals(threads, busy, "threads = " + threads);
                // run() from another thread (JMH may set up and measure on different threads) sets it there too
                int[] busyElsewhere = new int[1];
                Thread other = new Thread(() -> {
                    try {
                        busyElsewhere[0] = PeerCheck.busyThreads(prepared, 40);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                other.start();
                other.join();
                assertEquals(threads, busyElsewhere[0], "threads = " + threads + ", run from another thread");
            }
        }
    }
}
