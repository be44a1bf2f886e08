package dev.vconv.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads JMH's JSON result format ({@code -rf json}) into {@link Score}s. */
public final class JmhResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhResults() {
    }

    /**
     * One benchmark's primary metric.
     *
     * @param benchmark the fully qualified method, e.g. {@code dev.vconv.bench.ConvBench.run}
     * @param jmhThreads JMH's own benchmark thread count (the peak benchmark's "all cores" run uses it)
     * @param score the mean over all measured iterations of all forks, in {@code unit}
     * @param error half-width of JMH's 99.9% confidence interval, 0 when JMH could not compute one
     * @param median the median iteration score, or the mean when JMH gave no percentiles
     * @param max the largest iteration score, or the mean when JMH gave no percentiles
     */
    public record Score(String benchmark, String mode, int jmhThreads, Map<String, String> params, double score,
            double error, double median, double max, String unit) {

        /** The benchmark's simple name, e.g. {@code ConvBench.run}. */
        public String shortName() {
            String[] parts = benchmark.split("\\.");
            return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
        }

        /** What identifies the same measurement across two result files. */
        public String key() {
            StringBuilder s = new StringBuilder(shortName());
            params.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
            if (jmhThreads != 1) {
                s.append(" jmhThreads=").append(jmhThreads);
            }
            return s.toString();
        }

        public String param(String name) {
            return params.get(name);
        }

        /** True when a larger score is better (throughput), false for time per operation. */
        public boolean higherIsBetter() {
            return unit.startsWith("ops/");
        }

        /** Converts a value of this score's unit into seconds per operation (time modes) or operations per second. */
        public double perSecondOrSeconds(double value) {
            String timeUnit = higherIsBetter() ? unit.substring("ops/".length()) : unit.substring(0, unit.indexOf('/'));
            double seconds = switch (timeUnit) {
                case "ns" -> 1e-9;
                case "us", "\u00b5s" -> 1e-6;
                case "ms" -> 1e-3;
                case "s" -> 1;
                case "min" -> 60;
                default -> throw new IllegalArgumentException("score unit '" + unit + "' of " + key()
                        + ": unknown time unit '" + timeUnit + "'");
            };
            return higherIsBetter() ? value / seconds : value * seconds;
        }
    }

    public static List<Score> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a JMH JSON result file (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isArray()) {
            throw new IOException(file + ": not a JMH JSON result file (expected a JSON array of benchmarks)");
        }
        List<Score> scores = new ArrayList<>();
        for (JsonNode b : root) {
            JsonNode m = b.path("primaryMetric");
            if (!b.hasNonNull("benchmark") || m.isMissingNode()) {
                throw new IOException(file + ": entry without benchmark or primaryMetric: " + b);
            }
            Map<String, String> params = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = b.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
            double score = number(m.path("score"));
            double error = number(m.path("scoreError"));
            double median = number(m.path("scorePercentiles").path("50.0"));
            double max = number(m.path("scorePercentiles").path("100.0"));
            scores.add(new Score(b.get("benchmark").asText(), b.path("mode").asText(), b.path("threads").asInt(1),
                    params, score, Double.isFinite(error) ? error : 0, Double.isFinite(median) ? median : score,
                    Double.isFinite(max) ? max : score, m.path("scoreUnit").asText()));
        }
        return scores;
    }

    private static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) { // JMH writes NaN and infinities as strings
            try {
                return Double.parseDouble(n.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
