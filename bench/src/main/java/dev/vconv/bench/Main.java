package dev.vconv.bench;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java --add-modules jdk.incubator.vector -jar vconv-bench.jar [bench|gate|jmh] ...}; with no command, or
 * options only, it runs {@code bench}.
 */
@Command(name = "vconv", mixinStandardHelpOptions = true, version = "vconv-bench 0.1.0",
        description = "Benchmarks vconv's kernels on the standard suite and gates regressions.",
        subcommands = {BenchCommand.class, GateCommand.class, AbCommand.class, Main.JmhCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        if (args.length == 0 || (args[0].startsWith("-") && !args[0].equals("-h") && !args[0].equals("--help")
                && !args[0].equals("-V") && !args[0].equals("--version"))) {
            String[] withCommand = new String[args.length + 1];
            withCommand[0] = "bench";
            System.arraycopy(args, 0, withCommand, 1, args.length);
            args = withCommand;
        }
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    /** Hands everything after {@code jmh} to JMH's own command line, e.g. {@code jmh -l} or {@code jmh ConvBench}. */
    @Command(name = "jmh", description = "Run JMH directly with its own options (e.g. 'jmh -h', 'jmh -l').",
            mixinStandardHelpOptions = false)
    static final class JmhCommand implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Unmatched
        String[] jmhArgs = new String[0];

        @Override
        public Integer call() throws Exception {
            org.openjdk.jmh.Main.main(Arrays.copyOf(jmhArgs, jmhArgs.length));
            return 0;
        }
    }
}
