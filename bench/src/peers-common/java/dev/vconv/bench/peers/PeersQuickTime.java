package dev.vconv.bench.peers;

import dev.vconv.ConvProblem;
import dev.vconv.bench.Contender;
import dev.vconv.bench.Suite;
import dev.vconv.bench.SuiteCase;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A quick scratch timing of the peer contenders over the suite (not the benchmark: no JMH, no forks; for a first
 * look and for checking that the contenders work). Each row: verified on the reduced problem, then at full size a
 * warm-up of at least 3 runs / 0.3 s, then the median and the minimum of 7 timed runs (GFLOP/s from the median;
 * on a machine shared with other work the minimum is the steadier figure), and the process's CPU time over the wall
 * time of the timed runs (about the thread count when the threads took effect and the machine is otherwise idle;
 * OpenMP threads spinning at barriers count too).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp ... dev.vconv.bench.peers.PeersQuickTime \
 *     [contender,...|all] [threads,...] [case,...]</pre>
 */
public final class PeersQuickTime {
    private PeersQuickTime() {
    }

    /** CPU time of the whole process (all threads, native ones included). */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    public static void main(String[] args) throws Exception {
        List<Contender> all = new ArrayList<>();
        ServiceLoader.load(Contender.class).forEach(all::add);
        List<String> names = args.length > 0 && !args[0].equals("all") ? Arrays.asList(args[0].split(","))
                : all.stream().map(Contender::name).toList();
        int[] threads = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 2};
        List<String> cases = args.length > 2 ? Arrays.asList(args[2].split(",")) : null;
        List<Contender> chosen = all.stream().filter(c -> names.contains(c.name())).toList();
        for (Contender c : chosen) {
            if (c.unavailableReason() != null) {
                System.out.println(c.name() + ": unavailable: " + c.unavailableReason());
            }
        }
        System.out.printf("%-15s %-15s %3s %10s %10s %9s %8s %12s%n", "case", "contender", "thr", "ms median",
                "ms min", "GFLOP/s", "cpu/wall", "err/bound");
        for (SuiteCase sc : Suite.load()) {
            if (cases != null && !cases.contains(sc.name())) {
                continue;
            }
            ConvProblem full = sc.problem();
            PeerCheck.Oracle oracle = PeerCheck.Oracle.of(PeerCheck.reduced(sc), false, 42);
            float[] x = PeerCheck.random(full.inputShape().elementCount(), 1);
            float[] w = PeerCheck.random(full.weightShape().elementCount(), 2);
            for (Contender c : chosen) {
                if (c.unavailableReason() != null) {
                    continue;
                }
                for (int t : threads) {
                    double err = oracle.check(c, t).maxErrorInBounds();
                    try (Contender.Prepared p = c.prepare(full, x, w, null, t)) {
                        long warmStart = System.nanoTime();
                        for (int i = 0; i < 3 || System.nanoTime() - warmStart < 300_000_000L; i++) {
                            p.run();
                        }
                        long[] ns = new long[7];
                        long cpu0 = processCpuNanos();
                        long wall0 = System.nanoTime();
                        for (int i = 0; i < ns.length; i++) {
                            long t0 = System.nanoTime();
                            p.run();
                            ns[i] = System.nanoTime() - t0;
                        }
                        double cpuPerWall = (processCpuNanos() - cpu0) / (double) (System.nanoTime() - wall0);
                        Arrays.sort(ns);
                        double ms = ns[ns.length / 2] / 1e6;
                        String impl = p.toString().contains("@") ? "" : "  " + p;
                        System.out.printf("%-15s %-15s %3d %10.3f %10.3f %9.1f %8.2f %12.4f%s%n", sc.name(), c.name(),
                                t, ms, ns[0] / 1e6, full.flops() / (ms * 1e6), cpuPerWall, err, impl);
                    }
                }
            }
        }
    }
}
