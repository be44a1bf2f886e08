package dev.vconv.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The target GFLOP/s per suite row at 1 and 2 threads (resource {@code anchors.tsv}): the better of oneDNN and
 * PyTorch measured on this machine kind. Threads other than 1 and 2 have no anchor.
 */
public final class Anchors {
    public static final String RESOURCE = "/anchors.tsv";

    private final Map<String, double[]> byCase;

    private Anchors(Map<String, double[]> byCase) {
        this.byCase = byCase;
    }

    public static Anchors load() {
        try (InputStream in = Anchors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
            }
            Map<String, double[]> map = new LinkedHashMap<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 3) {
                    throw new IllegalArgumentException(RESOURCE + " row '" + line
                            + "': expected case, GFLOP/s at 1 thread, GFLOP/s at 2 threads; got " + f.length
                            + " fields");
                }
                map.put(f[0], new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
            }
            return new Anchors(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The anchor in GFLOP/s, or NaN when the row or the thread count has none. */
    public double gflops(String caseName, int threads) {
        double[] a = byCase.get(caseName);
        return a == null || threads < 1 || threads > a.length ? Double.NaN : a[threads - 1];
    }

    /** The rows that have anchors. */
    public java.util.Set<String> cases() {
        return byCase.keySet();
    }
}
