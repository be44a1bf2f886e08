package dev.vconv.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes small JMH-format result files for tests: doctored scores without running JMH. */
final class JmhJson {
    private final List<String> entries = new ArrayList<>();

    JmhJson conv(String caseName, String contender, int threads, double msPerOp, double error) {
        entries.add(entry("dev.vconv.bench.ConvBench.run", "avgt", 1, String.format(Locale.ROOT,
                "{\"caseName\":\"%s\",\"contender\":\"%s\",\"threads\":\"%d\"}", caseName, contender, threads),
                msPerOp, error, "ms/op"));
        return this;
    }

    JmhJson peak(int jmhThreads, double opsPerSecond, double error) {
        entries.add(entry("dev.vconv.bench.FmaPeakBench.fma", "thrpt", jmhThreads, null, opsPerSecond, error,
                "ops/s"));
        return this;
    }

    JmhJson raw(String benchmark, String mode, double score, double error, String unit) {
        entries.add(entry(benchmark, mode, 1, null, score, error, unit));
        return this;
    }

    private static String entry(String benchmark, String mode, int threads, String params, double score,
            double error, String unit) {
        String err = Double.isNaN(error) ? "\"NaN\"" : Double.toString(error);
        return "{\"jmhVersion\":\"1.37\",\"benchmark\":\"" + benchmark + "\",\"mode\":\"" + mode + "\",\"threads\":"
                + threads + ",\"forks\":1," + (params == null ? "" : "\"params\":" + params + ",")
                + "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":" + err
                + ",\"scoreConfidence\":[0,0],\"scorePercentiles\":{\"0.0\":" + score + ",\"50.0\":" + score
                + ",\"100.0\":" + score + "},\"scoreUnit\":\"" + unit + "\",\"rawData\":[[" + score + "]]},"
                + "\"secondaryMetrics\":{}}";
    }

    Path write(Path file) throws IOException {
        Files.writeString(file, "[\n" + String.join(",\n", entries) + "\n]\n");
        return file;
    }
}
