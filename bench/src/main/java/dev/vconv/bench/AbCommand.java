package dev.vconv.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ab BUILD_A BUILD_B [CASE...]}: two builds of the SIMD provider timed in one JVM, as a ratio B/A. */
@Command(name = "ab", mixinStandardHelpOptions = true,
        description = {"Times two builds of a provider in one JVM, in alternating slices, and prints B/A per case "
                + "(median and range over the slice pairs). A build is a classes directory or jar, e.g. a copy of "
                + "simd/target/classes made before a change, against simd/target/classes after it.",
                "Use it to decide a change: this machine's speed drifts by up to 2x between JVMs, so separate runs "
                        + "of each build decide nothing. Exit codes: 0 done, 2 bad arguments."})
final class AbCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUILD_A", description = "The baseline build.")
    Path buildA;

    @Parameters(index = "1", paramLabel = "BUILD_B", description = "The candidate build.")
    Path buildB;

    @Parameters(index = "2..*", paramLabel = "CASE", description = {"Suite rows (default: all), or ad-hoc rows "
            + "NAME=op,dims,N,C,K,size,kernel,stride,padding,output_padding,dilation,groups (the suite's columns), "
            + "e.g. k3s2-48=convT,2,2,64,32,48,3,2,1,1,1,1."})
    List<String> cases = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Threads per plan (default 1).")
    int threads;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "12",
            description = "Slice pairs per case (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--slice-ms", paramLabel = "MS", defaultValue = "200",
            description = "Milliseconds per slice (default: ${DEFAULT-VALUE}).")
    int sliceMs;

    @Option(names = "--provider", paramLabel = "CLASS", defaultValue = "dev.vconv.simd.SimdProvider",
            description = "The provider class in both builds (default: ${DEFAULT-VALUE}).")
    String provider;

    @Override
    public Integer call() {
        List<SuiteCase> selected = new ArrayList<>();
        try {
            if (threads < 1 || pairs < 1 || sliceMs < 1) {
                throw new IllegalArgumentException("--threads, --pairs and --slice-ms must be at least 1");
            }
            if (cases.isEmpty()) {
                selected.addAll(Suite.load());
            } else {
                for (String name : cases) {
                    selected.add(Suite.getOrParse(name));
                }
            }
            BuildAB.run(selected, buildA, buildB, provider, threads, pairs, sliceMs * 1_000_000L, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("vconv ab: " + e.getMessage());
            return 2;
        }
        return 0;
    }
}
