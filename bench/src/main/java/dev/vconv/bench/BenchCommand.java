package dev.vconv.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vconv.ConvProblem;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: verify every contender against the reference on reduced rows, measure the FMA peak, time every
 * (row, contender, threads) in its own JMH run, then print the table and write JSON, the chart and JMH's log.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs the standard suite through every available contender (vconv providers, and peers when "
                + "built with -Ppeers): checks each against the reference on a reduced-size version of each row, "
                + "times it with JMH, prints a table and writes results/<timestamp>/ with jmh.json, summary.json, "
                + "table.txt, table.md (the README's results table), chart.png and jmh.log.",
                "Exit codes: 0 all verified and timed, 1 a verification failed or a benchmark errored, 2 bad options."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--list", description = "List the suite's cases and the contenders (available or not), then exit.")
    boolean list;

    @Option(names = "--full", description = "Full run: 3 forks x 5 x 1 s measured after 5 x 1 s warm-up per "
            + "benchmark (tens of minutes). Default: a quick pass (1 fork, 5 x 0.2 s), a few minutes.")
    boolean full;

    @Option(names = "--cases", split = ",", paramLabel = "NAME", description = "Suite rows to run (default: all, "
            + "or none where --shape is given).")
    List<String> cases;

    @Option(names = "--shape", paramLabel = "NAME=SPEC", description = "A layer off the suite (repeatable), in the "
            + "suite's columns: NAME=op,dims,N,C,K,size,kernel,stride,padding,output_padding,dilation,groups, e.g. "
            + "--shape=mobilenet-dw-s2=conv,2,1,96,96,112,3,2,1,0,1,96. Timed and verified like a suite row; it has "
            + "no anchor.")
    List<String> shapes = new ArrayList<>();

    @Option(names = "--threads", split = ",", paramLabel = "N",
            description = "Thread counts (default: 1 and all cores, here 1,${sys:vconv.cores}).")
    List<Integer> threads;

    @Option(names = "--contenders", split = ",", paramLabel = "NAME",
            description = "Contenders to run (default: every available one; vconv providers are 'simd' and "
                    + "'reference'; peers come with -Ppeers).")
    List<String> contenders;

    @Option(names = "--reference-max-gflop", paramLabel = "GFLOP", defaultValue = "0.12",
            description = "Time the (slow, single-threaded) reference only on rows of at most this many GFLOP "
                    + "(default: ${DEFAULT-VALUE}). It is always used for verification, on reduced rows.")
    double referenceMaxGflop;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "Parent folder of the run's results folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--adjoint", description = "Also time each transposed row's adjoint, ROW.adjoint: the forward "
            + "convolution it is the transpose of (same weight tensor and flops, input and output swapped), and print "
            + "their ratio: a transposed layer against the forward layer of the same shape.")
    boolean adjoint;

    @Option(names = "--cold", description = "Rotate through copies of each case's input, weights and output (64 MB "
            + "together) so that no call finds them in cache. Default: hot, one copy run again and again.")
    boolean cold;

    @Option(names = "--no-verify", description = "Skip the check against the reference.")
    boolean noVerify;

    @Option(names = "--ignore-jmh-lock", description = "Run even while another JMH run holds the machine-wide "
            + "JMH lock (its results and ours then disturb each other).")
    boolean ignoreJmhLock;

    @Option(names = "--jvm-arg", paramLabel = "ARG", description = "An extra argument for the benchmark JVMs JMH "
            + "forks (repeatable), e.g. --jvm-arg=-XX:MaxVectorSize=32.")
    List<String> jvmArgs = new ArrayList<>();

    @Option(names = "--forks", hidden = true, description = "Override the number of JMH forks.")
    Integer forks;

    @Option(names = "--iterations", hidden = true, description = "Override measurement iterations.")
    Integer iterations;

    @Option(names = "--iteration-ms", hidden = true, description = "Override measurement iteration time.")
    Integer iterationMs;

    @Option(names = "--warmup", hidden = true, description = "Override warm-up iterations.")
    Integer warmup;

    static {
        System.setProperty("vconv.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    private final PrintStream console = System.out;

    /** One timed combination. */
    record Job(SuiteCase suiteCase, String contender, int threads) {
        String label() {
            return suiteCase.name() + " " + contender + " threads=" + threads;
        }
    }

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (list) {
            printList();
            return 0;
        }
        if (ignoreJmhLock) {
            System.setProperty("jmh.ignoreLock", "true");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        List<SuiteCase> rows = selectCases();
        List<Integer> threadCounts = threads == null ? new ArrayList<>(new LinkedHashSet<>(List.of(1, cores)))
                : threads;
        for (int t : threadCounts) {
            if (t < 1) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--threads " + threadCounts + ": every thread count must be >= 1");
            }
        }
        List<String> notes = new ArrayList<>();
        List<Contender> chosen = selectContenders(notes);

        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Path dir = out.resolve(now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss'Z'")));
        Files.createDirectories(dir);
        String mode = (full ? "full" : "quick") + (cold ? ", cold" : "");
        console.printf(Locale.ROOT, "vconv bench (%s): JDK %s, %d cores, %d-bit vectors; %d cases x %s x threads %s"
                + "%n  results in %s%n", mode, Runtime.version(), cores, FmaPeakBench.vectorBits(), rows.size(),
                chosen.stream().map(Contender::name).toList(), threadCounts, dir);

        // 1. Verification, in this JVM, before anything is timed: a wrong kernel's speed is not worth reporting.
        Map<String, Verifier.Result> verified = noVerify ? Map.of() : verify(rows, chosen, threadCounts);
        boolean verifyFailed = verified.values().stream().anyMatch(r -> !r.ok());

        // 2. What to time.
        List<Job> jobs = new ArrayList<>();
        boolean referenceThreadsNoted = false;
        List<String> referenceSkipped = new ArrayList<>();
        for (SuiteCase c : rows) {
            for (Contender k : chosen) {
                for (int t : threadCounts) {
                    String name = k.name();
                    if (name.equals(Contenders.REFERENCE)) {
                        if (t != 1) {
                            if (!referenceThreadsNoted) {
                                notes.add("reference: single-threaded by definition, timed at 1 thread only");
                                referenceThreadsNoted = true;
                            }
                            continue;
                        }
                        double gflop = c.problem().flops() / 1e9;
                        if (gflop > referenceMaxGflop) {
                            referenceSkipped.add(c.name() + " " + TextTable.number(gflop));
                            continue;
                        }
                    }
                    if (k instanceof VconvContender v && v.declineReason(c.problem()) != null) {
                        notes.add(name + ": declines " + c.name() + ": " + v.declineReason(c.problem()));
                        continue;
                    }
                    Verifier.Result r = verified.get(key(c, name, t));
                    if (r != null && !r.ok()) {
                        notes.add(name + ": not timed on " + c.name() + " threads=" + t + ": verification failed");
                        continue;
                    }
                    jobs.add(new Job(c, name, t));
                }
            }
        }

        if (!referenceSkipped.isEmpty()) {
            notes.add("reference: not timed on the rows above --reference-max-gflop " + TextTable.number(
                    referenceMaxGflop) + " (it runs at well under 1 GFLOP/s; it still checks every row on a reduced "
                    + "size): " + String.join(", ", referenceSkipped.stream().map(r -> r + " GFLOP").toList()));
        }

        // 3. Timing: the peak first, then each job in its own JMH run, so progress shows and a failure stays local.
        List<RunResult> results = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (PrintStream log = new PrintStream(new FileOutputStream(dir.resolve("jmh.log").toFile()), true,
                StandardCharsets.UTF_8)) {
            OutputFormat jmhOut = OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL);
            int total = threadCounts.size() + jobs.size();
            int done = 0;
            long start = System.nanoTime();
            for (int t : threadCounts) {
                ChainedOptionsBuilder o = options(Kind.PEAK, List.of())
                        .include("^" + Pattern.quote(FmaPeakBench.class.getName()) + "\\.fma$").threads(t);
                Collection<RunResult> r = runJmh(o, jmhOut);
                results.addAll(r);
                done++;
                console.printf(Locale.ROOT, "[%d/%d] FMA peak, %d thread(s): %s%n", done, total, t, r.isEmpty()
                        ? "ERROR (see jmh.log)" : String.format(Locale.ROOT, "%.1f GFLOP/s (best iteration)",
                        r.iterator().next().getPrimaryResult().getStatistics().getMax()
                                * FmaPeakBench.flopsPerCall() / 1e9));
                if (r.isEmpty()) {
                    errors.add("FMA peak at " + t + " threads");
                }
            }
            for (Job j : jobs) {
                ChainedOptionsBuilder o = options(j.contender().equals(Contenders.REFERENCE) ? Kind.SLOW : Kind.CONV,
                        Contenders.get(j.contender()).forkJvmArgs())
                        .include("^" + Pattern.quote(ConvBench.class.getName()) + "\\.run$")
                        .param("caseName", j.suiteCase().spec()).param("contender", j.contender())
                        .param("threads", Integer.toString(j.threads())).param("cold", Boolean.toString(cold));
                Collection<RunResult> r = runJmh(o, jmhOut);
                results.addAll(r);
                done++;
                String line;
                if (r.isEmpty()) {
                    errors.add(j.label());
                    line = "ERROR (see jmh.log)";
                } else {
                    double ms = r.iterator().next().getPrimaryResult().getStatistics().getPercentile(50);
                    line = String.format(Locale.ROOT, "%s ms, %s GFLOP/s", TextTable.number(ms),
                            TextTable.number(j.suiteCase().problem().flops() / (ms * 1e-3) / 1e9));
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                console.printf(Locale.ROOT, "[%d/%d] %s: %s   (%.0f s elapsed, ~%.0f s to go)%n", done, total,
                        j.label(), line, elapsed, elapsed / done * (total - done));
            }
        }

        // 4. Files and table.
        Path json = dir.resolve("jmh.json");
        try (PrintStream ps = new PrintStream(new FileOutputStream(json.toFile()), false, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
        }
        Report report = Report.of(JmhResults.read(json), FmaPeakBench.flopsPerCall(), Anchors.load());
        String table = report.table();
        String title = String.format(Locale.ROOT, "vconv bench (%s), %s UTC, JDK %s, %d cores", mode,
                now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")), Runtime.version().feature(), cores);
        Files.writeString(dir.resolve("table.txt"), title + System.lineSeparator() + table);
        Files.writeString(dir.resolve("table.md"), report.markdown(Contenders.SIMD));
        Chart.write(report, Anchors.load(), title, dir.resolve("chart.png"));
        writeSummary(dir.resolve("summary.json"), now, mode, cores, report, verified, notes, errors);

        linkLatest(dir);

        String adjoints = report.adjointTable();
        if (!adjoints.isEmpty()) {
            Files.writeString(dir.resolve("table.txt"), System.lineSeparator() + "Transposed rows against their "
                    + "adjoint forward convolutions (--adjoint):" + System.lineSeparator() + adjoints,
                    StandardOpenOption.APPEND);
        }

        console.println();
        console.println(title);
        console.print(table);
        if (!adjoints.isEmpty()) {
            console.println("Transposed rows against their adjoint forward convolutions (same tensors and flops):");
            console.print(adjoints);
        }
        console.printf(Locale.ROOT, "FMA peak (best iteration): %s (%d-bit FloatVector.fma); ms = median; "
                        + "GFLOP/s = suite flops / median; x reference = reference's time at 1 thread / this time; "
                        + "vs anchor = GFLOP/s / anchor (issues 4, 5)%s%n",
                peakText(report), FmaPeakBench.vectorBits(), report.peers().isEmpty() ? ""
                        : "; vs PEER = vconv GFLOP/s / PEER GFLOP/s at the same row and threads");
        for (String n : notes) {
            console.println("note: " + n);
        }
        verified.forEach((k, r) -> {
            if (!r.ok()) {
                console.println("VERIFICATION FAILED: " + k + ": " + r.detail());
            }
        });
        for (String e : errors) {
            console.println("ERROR: " + e + " did not run; see " + dir.resolve("jmh.log"));
        }
        console.println("wrote " + json + ", " + dir.resolve("summary.json") + ", " + dir.resolve("chart.png")
                + ", " + dir.resolve("table.txt") + ", " + dir.resolve("table.md") + ", " + dir.resolve("jmh.log"));
        return verifyFailed || !errors.isEmpty() ? 1 : 0;
    }

    /**
     * One JMH run. JMH takes a machine-wide lock ({@code /tmp/jmh.lock}) so that two benchmark runs do not disturb
     * each other; when another run holds it this waits, saying so, unless {@code --ignore-jmh-lock}.
     */
    private Collection<RunResult> runJmh(ChainedOptionsBuilder o, OutputFormat jmhOut) throws Exception {
        long waitedSince = 0;
        while (true) {
            try {
                return new Runner(o.build(), jmhOut).run();
            } catch (org.openjdk.jmh.runner.RunnerException e) {
                if (e.getMessage() == null || !e.getMessage().contains("JMH lock")) {
                    throw e;
                }
                if (waitedSince == 0) {
                    waitedSince = System.nanoTime();
                    console.println("  another JMH run holds the JMH lock (/tmp/jmh.lock): waiting for it to finish, "
                            + "so the two do not disturb each other (--ignore-jmh-lock runs at once)");
                }
                Thread.sleep(2000);
            }
        }
    }

    private void printList() {
        Anchors anchors = Anchors.load();
        TextTable cases = new TextTable("case", "op", "dims", "input", "GFLOP", "anchor 1T", "anchor 2T");
        for (SuiteCase c : Suite.load()) {
            ConvProblem p = c.problem();
            cases.row(c.name(), c.op(), Integer.toString(c.dims()), p.inputShape().toString().replace(" ", ""),
                    TextTable.number(p.flops() / 1e9), TextTable.number(anchors.gflops(c.name(), 1)),
                    TextTable.number(anchors.gflops(c.name(), 2)));
        }
        console.print(cases);
        console.println();
        TextTable who = new TextTable("contender", "kind", "status");
        for (Contender c : Contenders.all()) {
            String why = c.unavailableReason();
            who.row(c.name(), Contenders.isVconv(c.name()) ? "vconv"
                    : c.name().equals(Contenders.SIMD_DIRECT) ? "vconv, reported as a peer" : "peer",
                    why == null ? "available" : why);
        }
        console.print(who);
        Contenders.broken().forEach(b -> console.println("failed to load: " + b));
    }

    /** {@code <out>/latest} points at the newest run, for scripts: {@code ./vconv gate base.json results/latest/jmh.json}. */
    private void linkLatest(Path dir) {
        Path latest = out.resolve("latest");
        try {
            Files.deleteIfExists(latest);
            Files.createSymbolicLink(latest, dir.getFileName());
        } catch (IOException | UnsupportedOperationException e) {
            console.println("note: could not link " + latest + " to " + dir + ": " + e);
        }
    }

    private static String peakText(Report report) {
        StringBuilder s = new StringBuilder();
        report.peaks().forEach((t, g) -> s.append(s.isEmpty() ? "" : ", ").append(TextTable.number(g))
                .append(" GFLOP/s at ").append(t).append(t == 1 ? " thread" : " threads"));
        return s.toString();
    }

    /** What a JMH run times, for its iteration settings. */
    enum Kind { PEAK, CONV, SLOW }

    private ChainedOptionsBuilder options(Kind kind, List<String> contenderArgs) {
        // Forks also get this JVM's own arguments (JMH's default), so flags given to the launcher reach them.
        // Native access: the peers call oneDNN through java.lang.foreign and DJL loads JNI libraries; harmless else.
        List<String> append = new ArrayList<>(List.of("--add-modules=jdk.incubator.vector", "-Djava.awt.headless=true",
                "--enable-native-access=ALL-UNNAMED"));
        append.addAll(contenderArgs);
        append.addAll(jvmArgs);
        ChainedOptionsBuilder o = new OptionsBuilder().shouldFailOnError(false)
                .jvmArgsAppend(append.toArray(String[]::new));
        if (full) {
            o.forks(3).warmupIterations(5).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(1));
        } else {
            // The FMA chains need about a second of C2 warm-up on a busy machine before they show the peak; a Java
            // conv kernel about two (resnet-3x3 on simd measured 9.3 GFLOP/s after 0.4 s of warm-up and 43.6 after
            // 2 s, in one session: the native peers need none, so a short warm-up only handicaps vconv); the
            // reference takes up to ~0.5 s a call, so one warm-up call is all it needs.
            o.forks(1).warmupIterations(switch (kind) {
                case PEAK -> 8;
                case CONV -> 10;
                case SLOW -> 1;
            }).warmupTime(TimeValue.milliseconds(200))
                    // Five short iterations rather than three longer ones: JMH's 99.9% interval uses Student's t,
                    // which is 31.6 at 2 degrees of freedom and 8.6 at 4, so the error bars shrink ~4x for free.
                    .measurementIterations(kind == Kind.SLOW ? 3 : 5).measurementTime(TimeValue.milliseconds(200));
        }
        if (forks != null) {
            o.forks(forks);
        }
        if (warmup != null) {
            o.warmupIterations(warmup);
        }
        if (iterations != null) {
            o.measurementIterations(iterations);
        }
        if (iterationMs != null) {
            o.measurementTime(TimeValue.milliseconds(iterationMs));
        }
        return o;
    }

    private List<SuiteCase> selectCases() {
        List<SuiteCase> list = new ArrayList<>();
        List<String> names = cases != null && !cases.isEmpty() ? cases
                : shapes.isEmpty() ? Suite.load().stream().map(SuiteCase::name).toList() : List.of();
        for (String n : names) {
            try {
                addOnce(list, Suite.get(n.trim()));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--cases: " + e.getMessage());
            }
        }
        for (String spec : shapes) {
            try {
                if (spec.indexOf('=') < 0) {
                    throw new IllegalArgumentException("case = '" + spec + "': expected NAME=op,dims,N,C,K,size,"
                            + "kernel,stride,padding,output_padding,dilation,groups (use --cases for suite rows)");
                }
                addOnce(list, Suite.getOrParse(spec.trim()));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--shape: " + e.getMessage());
            }
        }
        if (adjoint) {
            // Each transposed row's adjoint right after it (once, also where --cases names it).
            List<SuiteCase> withAdjoints = new ArrayList<>();
            for (SuiteCase c : list) {
                addOnce(withAdjoints, c);
                if (c.isTranspose()) {
                    try {
                        addOnce(withAdjoints, c.adjoint());
                    } catch (IllegalArgumentException e) {
                        // Only a layer off the suite can lack one (output padding >= stride, allowed by dilation).
                        console.println("--adjoint: no adjoint row for " + c.name() + ": " + e.getMessage());
                    }
                }
            }
            list = withAdjoints;
        }
        // Results, verification and the gate go by name: two rows of one name would overwrite each other's.
        Map<String, SuiteCase> byName = new HashMap<>();
        for (SuiteCase c : list) {
            SuiteCase other = byName.putIfAbsent(c.name(), c);
            if (other != null) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--shape: two rows "
                        + "are named '" + c.name() + "' (" + other.spec() + " and " + c.spec() + "); each needs a "
                        + "name of its own");
            }
        }
        return list;
    }

    /** Adds {@code c} unless it is there already: a row named twice is timed once. */
    private static void addOnce(List<SuiteCase> list, SuiteCase c) {
        if (!list.contains(c)) {
            list.add(c);
        }
    }

    private List<Contender> selectContenders(List<String> notes) {
        List<Contender> list = new ArrayList<>();
        for (String b : Contenders.broken()) {
            notes.add("a registered contender failed to load and is skipped: " + b);
        }
        if (contenders == null || contenders.isEmpty()) {
            for (Contender c : Contenders.all()) {
                String why = c.unavailableReason();
                if (why == null) {
                    list.add(c);
                } else {
                    notes.add(c.name() + ": unavailable, skipped: " + why);
                }
            }
            return list;
        }
        for (String n : contenders) {
            Contender c;
            try {
                c = Contenders.get(n.trim());
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--contenders: " + e.getMessage());
            }
            String why = c.unavailableReason();
            if (why != null) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--contenders: '" + n + "' is unavailable: " + why);
            }
            list.add(c);
        }
        return list;
    }

    static String key(SuiteCase c, String contender, int threads) {
        return c.name() + " " + contender + " threads=" + threads;
    }

    private Map<String, Verifier.Result> verify(List<SuiteCase> rows, List<Contender> chosen, List<Integer> ts) {
        Map<String, Verifier.Result> results = new LinkedHashMap<>();
        List<Contender> checked = chosen.stream().filter(c -> !c.name().equals(Contenders.REFERENCE)).toList();
        if (checked.isEmpty()) {
            return results;
        }
        console.println("verifying against the reference on reduced sizes (batch <= 2, small spatial size; for vconv"
                + " contenders one where they run the algorithm they are timed on), at threads " + ts
                + "; worst |error| as a share of the bound (n+2) * 2^-24 * sum|x*w|:");
        for (SuiteCase c : rows) {
            ConvProblem base = Verifier.reducedProblem(c);
            Map<ConvProblem, Inputs> inputs = new HashMap<>();
            Map<ConvProblem, Verifier.Expected> expected = new HashMap<>();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-15s %-22s", c.name(),
                    base.inputShape()));
            List<String> otherAlgorithms = new ArrayList<>();
            for (Contender k : checked) {
                if (k instanceof VconvContender v && v.declineReason(base) != null) {
                    line.append(' ').append(k.name()).append(": declined;");
                    continue;
                }
                // Checked where it runs the code it is timed on: a small problem may get another plan.
                Verifier.Reduced reduced = Verifier.reducedProblem(c, k, ts);
                ConvProblem p = reduced.problem();
                Inputs in = inputs.computeIfAbsent(p, q -> Inputs.random(q, ConvBench.SEED));
                Verifier.Expected e = expected.computeIfAbsent(p, q -> Verifier.expected(in));
                String where = p.equals(base) ? "" : " at " + p.inputShape();
                String caveat = reduced.sameAlgorithm() ? "" : "; not the timed algorithm: " + reduced.timed()
                        + "; verified: " + reduced.algorithm();
                if (!caveat.isEmpty()) {
                    otherAlgorithms.add("    " + k.name() + ": no reduced size within the budget runs the timed"
                            + " algorithm (" + reduced.timed() + "); verified " + reduced.algorithm());
                }
                double worst = 0;
                List<Integer> failed = new ArrayList<>();
                for (int t : ts) {
                    Verifier.Result r = Verifier.check(k, in, e, t);
                    results.put(key(c, k.name(), t), new Verifier.Result(r.ok(), r.worstRatio(), r.maxAbsError(),
                            r.detail() + "; input " + p.inputShape() + caveat));
                    worst = Math.max(worst, r.worstRatio());
                    if (!r.ok()) {
                        failed.add(t);
                    }
                }
                line.append(' ').append(k.name()).append(where).append(failed.isEmpty()
                        ? String.format(Locale.ROOT, " ok (%.2g of bound)", worst)
                        : " FAILED at threads " + failed).append(caveat.isEmpty() ? ";" : " (another algorithm);");
            }
            console.println(line);
            otherAlgorithms.forEach(console::println);
        }
        return results;
    }

    /** summary.json: the run's context and every derived figure, for tools that do not want to parse JMH's JSON. */
    private void writeSummary(Path file, ZonedDateTime now, String mode, int cores, Report report,
            Map<String, Verifier.Result> verified, List<String> notes, List<String> errors) throws IOException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("date", now.toString());
        s.put("mode", mode);
        s.put("jdk", Runtime.version().toString());
        s.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        s.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        s.put("cores", cores);
        s.put("vectorBits", FmaPeakBench.vectorBits());
        s.put("peakGflops", report.peaks());
        s.put("rows", report.rows());
        Map<String, Object> v = new LinkedHashMap<>();
        verified.forEach((k, r) -> v.put(k, r));
        s.put("verification", v);
        s.put("notes", notes);
        s.put("errors", errors);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), s);
    }
}
