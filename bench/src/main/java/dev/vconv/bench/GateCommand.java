package dev.vconv.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gate OLD.json NEW.json}: exit 0 when nothing got slower beyond the threshold, 1 when something did. */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {"Compares two JMH JSON result files (e.g. results/<run>/jmh.json) and exits non-zero when any "
                + "benchmark got slower than the threshold beyond both results' error intervals.",
                "Exit codes: 0 no regression, 1 regression (or a missing benchmark with --fail-on-missing), "
                        + "2 bad arguments or unreadable files."})
final class GateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OLD.json", description = "The baseline result file.")
    Path oldFile;

    @Parameters(index = "1", paramLabel = "NEW.json", description = "The candidate result file.")
    Path newFile;

    @Option(names = "--threshold", paramLabel = "PERCENT", defaultValue = "10",
            description = "Allowed slowdown in percent, applied beyond the error intervals (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--fail-on-missing", description = "Also fail when a benchmark of OLD is missing in NEW.")
    boolean failOnMissing;

    @Override
    public Integer call() {
        List<Gate.Change> changes;
        try {
            changes = Gate.compare(JmhResults.read(oldFile), JmhResults.read(newFile), threshold);
        } catch (Exception e) {
            System.err.println("vconv gate: " + e.getMessage());
            return 2;
        }
        System.out.print(Gate.table(changes, threshold));
        boolean failed = Gate.failed(changes, failOnMissing);
        System.out.println(failed ? "gate: FAILED" : "gate: passed");
        return failed ? 1 : 0;
    }
}
