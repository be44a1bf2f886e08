package dev.vconv.bench;

import dev.vconv.bench.JmhResults.Score;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The derived figures of one run: per suite row, contender and thread count the median time, GFLOP/s (the suite's
 * flops over the median time), % of the measured FMA peak at that thread count, speedup over the reference, ratio to
 * the anchor and, when peer libraries ran, vconv's ratio to each of them.
 */
public final class Report {

    /**
     * One table row. Ratios are NaN where not measured.
     *
     * @param ms median time per call; {@code msError} JMH's 99.9% half-width of the mean
     * @param speedupOverReference reference's time at 1 thread (it is single-threaded) over this row's time
     * @param vsPeers for a vconv row, GFLOP/s over the peer's GFLOP/s at the same row and threads, by peer name
     */
    public record Row(String caseName, String op, String contender, int threads, double ms, double msError,
            double gflops, double percentOfPeak, double speedupOverReference, double vsAnchor,
            Map<String, Double> vsPeers) {
    }

    private final List<Row> rows;
    private final Map<Integer, Double> peakGflops;
    private final List<String> peers;

    private Report(List<Row> rows, Map<Integer, Double> peakGflops, List<String> peers) {
        this.rows = rows;
        this.peakGflops = peakGflops;
        this.peers = peers;
    }

    /**
     * Derives the report from a run's scores.
     *
     * @param peakFlopsPerCall {@link FmaPeakBench#flopsPerCall()} in the JVM that ran the peak benchmark
     */
    public static Report of(List<Score> scores, long peakFlopsPerCall, Anchors anchors) {
        Map<Integer, Double> peak = new TreeMap<>();
        Map<String, Score> conv = new LinkedHashMap<>();
        for (Score s : scores) {
            if (s.benchmark().endsWith("FmaPeakBench.fma")) {
                // The best iteration: the peak is what the machine can do; a shared machine only ever lowers it.
                peak.put(s.jmhThreads(), s.perSecondOrSeconds(s.max()) * peakFlopsPerCall / 1e9);
            } else if (s.benchmark().endsWith("ConvBench.run")) {
                conv.put(s.param("caseName") + "/" + s.param("contender") + "/" + s.param("threads"), s);
            }
        }
        Set<String> peers = new LinkedHashSet<>();
        for (Score s : conv.values()) {
            if (!Contenders.isVconv(s.param("contender"))) {
                peers.add(s.param("contender"));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Score s : conv.values()) {
            String param = s.param("caseName"); // SuiteCase.spec(): a name, or an ad-hoc row spelled out
            String contender = s.param("contender");
            int threads = Integer.parseInt(s.param("threads"));
            SuiteCase c = Suite.getOrParse(param);
            String caseName = c.name();
            double seconds = s.perSecondOrSeconds(s.median());
            double gflops = c.problem().flops() / seconds / 1e9;
            Score ref = conv.get(param + "/" + Contenders.REFERENCE + "/1");
            double speedup = ref == null ? Double.NaN : ref.perSecondOrSeconds(ref.median()) / seconds;
            Map<String, Double> vsPeers = new LinkedHashMap<>();
            if (Contenders.isVconv(contender)) {
                for (String p : peers) {
                    Score ps = conv.get(param + "/" + p + "/" + threads);
                    vsPeers.put(p, ps == null ? Double.NaN : ps.perSecondOrSeconds(ps.median()) / seconds);
                }
            }
            rows.add(new Row(caseName, c.op(), contender, threads, seconds * 1e3, s.perSecondOrSeconds(s.error()) * 1e3,
                    gflops, 100 * gflops / peakAt(peak, threads), speedup, gflops / anchors.gflops(caseName, threads),
                    vsPeers));
        }
        return new Report(rows, peak, List.copyOf(peers));
    }

    /** The measured peak at {@code threads}, or the per-core figure times {@code threads} when only that ran. */
    private static double peakAt(Map<Integer, Double> peak, int threads) {
        Double p = peak.get(threads);
        if (p != null) {
            return p;
        }
        Double one = peak.get(1);
        return one == null ? Double.NaN : one * threads;
    }

    public double peakGflops(int threads) {
        return peakAt(peakGflops, threads);
    }

    /** Measured peaks by thread count. */
    public Map<Integer, Double> peaks() {
        return peakGflops;
    }

    public List<Row> rows() {
        return rows;
    }

    /** The peer contenders that ran, in first-seen order. */
    public List<String> peers() {
        return peers;
    }

    /** The table the main job prints. */
    public String table() {
        List<String> header = new ArrayList<>(List.of("case", "op", "contender", "threads", "ms", "GFLOP/s",
                "% of peak", "x reference", "vs anchor"));
        for (String p : peers) {
            header.add("vs " + p);
        }
        TextTable t = new TextTable(header.toArray(String[]::new));
        for (Row r : rows) {
            List<String> cells = new ArrayList<>(List.of(r.caseName(), r.op(), r.contender(),
                    Integer.toString(r.threads()), TextTable.number(r.ms()), TextTable.number(r.gflops()),
                    TextTable.number(r.percentOfPeak()) + (Double.isNaN(r.percentOfPeak()) ? "" : "%"),
                    ratio(r.speedupOverReference()), ratio(r.vsAnchor())));
            for (String p : peers) {
                cells.add(ratio(r.vsPeers().getOrDefault(p, Double.NaN)));
            }
            t.row(cells.toArray(String[]::new));
        }
        return t.toString();
    }

    /**
     * The README's results table (Markdown): a line per suite row with the vconv contender's GFLOP/s per thread count,
     * its share of the peak at the first thread count, its ratio to the anchors, each peer's GFLOP/s and vconv's
     * ratio to each peer. Thread counts are joined by " / " in ascending order; "-" where nothing ran.
     *
     * @param vconv the vconv contender the table is about, e.g. "simd"
     */
    public String markdown(String vconv) {
        List<Integer> threads = rows.stream().map(Row::threads).distinct().sorted().toList();
        String per = String.join(" / ", threads.stream().map(t -> t + "T").toList());
        List<String> header = new ArrayList<>(List.of("case", "op", vconv + " GFLOP/s " + per,
                "% of peak (" + threads.get(0) + "T)", "vs anchor " + per));
        for (String p : peers) {
            header.add(p + " GFLOP/s " + per);
        }
        for (String p : peers) {
            header.add(vconv + " / " + p + " " + per);
        }
        StringBuilder sb = new StringBuilder("| " + String.join(" | ", header) + " |\n");
        sb.append("|---".repeat(header.size())).append("|\n");
        Map<String, Map<String, Map<Integer, Row>>> byCase = new LinkedHashMap<>();
        for (Row r : rows) {
            byCase.computeIfAbsent(r.caseName(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.contender(), k -> new TreeMap<>()).put(r.threads(), r);
        }
        for (Map.Entry<String, Map<String, Map<Integer, Row>>> e : byCase.entrySet()) {
            Map<Integer, Row> v = e.getValue().getOrDefault(vconv, Map.of());
            if (v.isEmpty()) {
                continue;
            }
            List<String> cells = new ArrayList<>(List.of(e.getKey(), v.values().iterator().next().op(),
                    joined(threads, t -> v.containsKey(t) ? gflops(v.get(t).gflops()) : "-"),
                    v.containsKey(threads.get(0)) ? Math.round(v.get(threads.get(0)).percentOfPeak()) + "%" : "-",
                    joined(threads, t -> v.containsKey(t) && !Double.isNaN(v.get(t).vsAnchor())
                            ? String.format(java.util.Locale.ROOT, "%.2f", v.get(t).vsAnchor()) : "-")));
            for (String p : peers) {
                Map<Integer, Row> pr = e.getValue().getOrDefault(p, Map.of());
                cells.add(joined(threads, t -> pr.containsKey(t) ? gflops(pr.get(t).gflops()) : "-"));
            }
            for (String p : peers) {
                cells.add(joined(threads, t -> {
                    Double ratio = v.containsKey(t) ? v.get(t).vsPeers().get(p) : null;
                    return ratio == null || Double.isNaN(ratio) ? "-"
                            : String.format(java.util.Locale.ROOT, "%.2f", ratio);
                }));
            }
            sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * Each transposed row that ran with its adjoint ({@code ROW.adjoint}, {@code bench --adjoint}), per contender and
     * thread count: both GFLOP/s and {@code convT / conv}, the transposed layer's speed against the forward layer of
     * the same shape (1 where transposing costs nothing). Empty when no adjoint ran.
     */
    public String adjointTable() {
        Map<String, Row> byKey = new LinkedHashMap<>();
        for (Row r : rows) {
            byKey.put(r.caseName() + "/" + r.contender() + "/" + r.threads(), r);
        }
        TextTable t = new TextTable("convT case", "contender", "threads", "convT GFLOP/s", "adjoint conv GFLOP/s",
                "convT / conv");
        boolean any = false;
        for (Row r : rows) {
            Row a = byKey.get(r.caseName() + SuiteCase.ADJOINT + "/" + r.contender() + "/" + r.threads());
            if (a != null) {
                t.row(r.caseName(), r.contender(), Integer.toString(r.threads()), TextTable.number(r.gflops()),
                        TextTable.number(a.gflops()), ratio(r.gflops() / a.gflops()));
                any = true;
            }
        }
        return any ? t.toString() : "";
    }

    private static String joined(List<Integer> threads, java.util.function.IntFunction<String> cell) {
        return String.join(" / ", threads.stream().map(cell::apply).toList());
    }

    /** Two significant figures below 10 GFLOP/s, whole numbers above: the precision a noisy run supports. */
    private static String gflops(double v) {
        return Double.isNaN(v) ? "-" : v < 10 ? String.format(java.util.Locale.ROOT, "%.1f", v)
                : Long.toString(Math.round(v));
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "-" : TextTable.number(v) + "x";
    }
}
