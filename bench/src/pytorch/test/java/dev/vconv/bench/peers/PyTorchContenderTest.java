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
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyTorchContenderTest {
    private static final Contender OP = new PyTorchContender.Op();
    private static final Contender COPY = new PyTorchContender.WithCopy();

    static Stream<SuiteCase> suite() {
        return Suite.load().stream();
    }

    @Test
    void engineStartsOfflineAndThreadsAreSet() {
        assertNull(OP.unavailableReason());
        assertEquals("true", System.getProperty("ai.djl.offline"));
        assertTrue(PyTorchContender.version().contains("2.5.1"), PyTorchContender.version());
        PyTorchContender.setThreads(2);
        PyTorchContender.setThreads(1);
    }

    @Test
    void serviceLoaderFindsBothAvailable() {
        List<Contender> found = ServiceLoader.load(Contender.class).stream().map(ServiceLoader.Provider::get)
                .filter(c -> c.name().startsWith("pytorch")).toList();
        assertEquals(List.of("pytorch", "pytorch-copy"), found.stream().map(Contender::name).toList());
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
        for (Contender contender : List.of(OP, COPY)) {
            for (int threads = 1; threads <= 2; threads++) {
                PeerCheck.Result r = oracle.check(contender, threads);
                System.out.printf("%-16s %-15s t=%d %s%n", c.name(), contender.name(), threads, r);
                assertTrue(r.passed(), c.name() + " " + contender.name() + " threads=" + threads + ": " + r);
            }
        }
    }

    /** Bias, per-axis parameters, rank 1 and 3, output padding from dilation, groups. */
    @Test
    void unusualParameters() throws Exception {
        List<ConvProblem> problems = List.of(
                ConvDescriptor.conv(2).inChannels(6).outChannels(4).kernelSize(4, 3).padding(2, 1).dilation(2, 1)
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
            for (Contender contender : List.of(OP, COPY)) {
                PeerCheck.Result r = oracle.check(contender, 2);
                assertTrue(r.passed(), p + " " + contender.name() + ": " + r);
            }
        }
    }

    /** 'same' (asymmetric) padding and every padding mode go through conv_padded.pt. */
    @Test
    void paddingModesAndSame() throws Exception {
        List<ConvProblem> problems = List.of(
                ConvDescriptor.conv(2).inChannels(4).outChannels(6).kernelSize(4, 3).padding("same").dilation(1, 2)
                        .groups(2).build().problem(2, 4, 9, 7),
                ConvDescriptor.conv(1).inChannels(3).outChannels(5).kernelSize(3).stride(2).padding(2)
                        .paddingMode("reflect").build().problem(1, 3, 11),
                ConvDescriptor.conv(2).inChannels(4).outChannels(4).kernelSize(3).stride(2).padding(2, 1)
                        .groups(2).paddingMode("circular").build().problem(1, 4, 6, 7),
                ConvDescriptor.conv(3).inChannels(2).outChannels(3).kernelSize(3).padding(2).dilation(2)
                        .paddingMode("replicate").build().problem(1, 2, 5, 4, 6),
                ConvDescriptor.conv(2).inChannels(3).outChannels(2).kernelSize(2).padding("same")
                        .paddingMode("reflect").build().problem(1, 3, 6, 5));
        int seed = 100;
        for (ConvProblem p : problems) {
            for (boolean bias : new boolean[] {false, true}) {
                PeerCheck.Oracle oracle = PeerCheck.Oracle.of(p, bias, seed++);
                for (Contender contender : List.of(OP, COPY)) {
                    PeerCheck.Result r = oracle.check(contender, 1);
                    assertTrue(r.passed(), p + " bias=" + bias + " " + contender.name() + ": " + r);
                }
            }
        }
    }

    /** The thread count takes effect: 1 thread does the work at threads=1, 2 threads at threads=2. */
    @Test
    void threadCountTakesEffect() throws Exception {
        ConvProblem p = Suite.get("resnet-3x3").problem();
        float[] x = PeerCheck.random(p.inputShape().elementCount(), 1);
        float[] w = PeerCheck.random(p.weightShape().elementCount(), 2);
        for (int threads : new int[] {1, 2, 1}) {
            try (Contender.Prepared prepared = OP.prepare(p, x, w, null, threads)) {
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
