package dev.vconv.bench;

import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.spi.ConvProvider;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Two builds of a provider, A and B, timed in one JVM: each build's classes are loaded by their own class loader (so
 * each gets its own JIT-compiled code), and the two plans of a case run in alternating slices, A B B A A B ..., so that
 * the machine's drift (up to 2x between JVMs here, and over tens of seconds) falls on both alike. The result per case
 * is the median of the per-slice-pair ratios B/A with their range: the figure to decide a change by, where timing
 * each build in its own JVM decides nothing.
 */
final class BuildAB {
    /** The median and range of B/A over the slice pairs, and each build's median GFLOP/s. */
    record Result(String name, double gflopsA, double gflopsB, double ratio, double ratioMin, double ratioMax,
            boolean identical) {
        String line() {
            return String.format(Locale.ROOT, "%-16s A %6.1f  B %6.1f GFLOP/s   B/A %.3f  [%.3f .. %.3f]%s", name,
                    gflopsA, gflopsB, ratio, ratioMin, ratioMax, identical ? "" : "   (outputs differ)");
        }
    }

    private BuildAB() {
    }

    /**
     * Loads {@code providerClass} from {@code classes} (a directory or jar of that build), child-first for the
     * provider's package, so a build of the same classes on the class path does not shadow it.
     */
    static ConvProvider load(Path classes, String providerClass) {
        if (!Files.exists(classes)) {
            throw new IllegalArgumentException("build " + classes + " does not exist (a classes directory or a jar)");
        }
        String pkg = providerClass.substring(0, providerClass.lastIndexOf('.') + 1);
        try {
            BuildLoader loader = new BuildLoader(classes.toUri().toURL(), pkg, BuildAB.class.getClassLoader());
            Class<?> c = Class.forName(providerClass, true, loader);
            if (c.getClassLoader() != loader) {
                throw new IllegalArgumentException(providerClass + " was not found in " + classes);
            }
            return (ConvProvider) c.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(providerClass + " was not found in " + classes, e);
        } catch (MalformedURLException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + providerClass + " from " + classes + ": " + e, e);
        }
    }

    /**
     * Plans {@code c} with both providers and times them in {@code pairs} alternating slice pairs of
     * {@code sliceNanos}, after a warm-up of three seconds each (the JIT compiles both builds' kernels).
     */
    static Result compare(SuiteCase c, ConvProvider a, ConvProvider b, int threads, int pairs, long sliceNanos) {
        ConvProblem problem = c.problem();
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[Math.toIntExact(problem.inputShape().elementCount())];
        float[] w = new float[Math.toIntExact(problem.weightShape().elementCount())];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextDouble(-1, 1);
        }
        PlanOptions options = PlanOptions.defaults().withThreads(threads);
        ConvPlan[] plans = {a.plan(problem, w, null, options), b.plan(problem, w, null, options)};
        int outLength = Math.toIntExact(problem.outputShape().elementCount());
        float[][] y = {new float[outLength], new float[outLength]};
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < 2; k++) {
                run(plans[k], x, y[k], 1_000_000_000L);
            }
        }
        double[][] gflops = new double[2][pairs];
        double[] ratio = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            for (int j = 0; j < 2; j++) {
                int k = i % 2 == 0 ? j : 1 - j; // A B, then B A: neither build always runs first
                gflops[k][i] = problem.flops() / run(plans[k], x, y[k], sliceNanos);
            }
            ratio[i] = gflops[1][i] / gflops[0][i];
        }
        Arrays.sort(gflops[0]);
        Arrays.sort(gflops[1]);
        Arrays.sort(ratio);
        return new Result(c.name(), median(gflops[0]), median(gflops[1]), median(ratio), ratio[0],
                ratio[pairs - 1], Arrays.equals(y[0], y[1]));
    }

    /** Runs {@code plan} for at least {@code nanos}; returns nanoseconds per call. */
    private static double run(ConvPlan plan, float[] x, float[] y, long nanos) {
        long start = System.nanoTime();
        long now;
        int calls = 0;
        do {
            plan.execute(x, 0, y, 0);
            calls++;
        } while ((now = System.nanoTime()) - start < nanos);
        return (double) (now - start) / calls;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Runs every case and prints one line each; returns the results. */
    static List<Result> run(List<SuiteCase> cases, Path buildA, Path buildB, String providerClass, int threads,
            int pairs, long sliceNanos, PrintStream out) {
        ConvProvider a = load(buildA, providerClass);
        ConvProvider b = load(buildB, providerClass);
        out.printf("A = %s%nB = %s%n%d thread(s), %d slice pairs of %d ms per case%n", buildA, buildB, threads, pairs,
                sliceNanos / 1_000_000);
        List<Result> results = new ArrayList<>();
        try {
            for (SuiteCase c : cases) {
                Result r = compare(c, a, b, threads, pairs, sliceNanos);
                out.println(r.line());
                results.add(r);
            }
        } finally {
            close(a);
            close(b);
        }
        return results;
    }

    private static void close(ConvProvider p) {
        if (p instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Child-first for one package prefix, parent-first for everything else (the SPI and core types are shared). */
    static final class BuildLoader extends URLClassLoader {
        private final String prefix;

        BuildLoader(URL classes, String prefix, ClassLoader parent) {
            super(new URL[] {classes}, parent);
            this.prefix = prefix;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && name.startsWith(prefix)) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException absent) {
                        // not in this build: the parent's
                    }
                }
                if (c == null) {
                    return super.loadClass(name, resolve);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
