package dev.vconv.bench;

import dev.vconv.bench.JmhResults.Score;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The regression gate: compares two JMH result files benchmark by benchmark (same method, same parameters, same JMH
 * thread count) and decides whether any got slower beyond a threshold.
 *
 * <p>Each score is taken as its interval {@code score +- error} (JMH's 99.9% confidence half-width) and compared as
 * time per operation (a throughput {@code r} is the time {@code 1/r}). A case regresses only when even the most
 * favourable reading is slower by more than the threshold: {@code low(new) > high(old) * (1 + threshold)}. Noise
 * within the error bars therefore never fails a build, and a run with few iterations (wide error) is judged leniently
 * rather than wrongly; use {@code --full} runs for the files a gate compares.
 *
 * <p>The FMA peak benchmark measures the machine, not the code: it is shown (a slower peak explains a slower run)
 * but never fails the gate.
 */
public final class Gate {

    public enum Status {
        REGRESSION("SLOWER"), SLOWER_WITHIN_ERROR("slower, within error"), SAME("same"), FASTER("faster"),
        NEW("new"), MISSING("missing in new"), MACHINE("machine");

        final String label;

        Status(String label) {
            this.label = label;
        }
    }

    /**
     * One benchmark's change. {@code change} is the relative change of the time per operation of the scores
     * ({@code +0.15} = 15% slower); {@code lowerBoundChange} is the same computed from the favourable ends of the
     * intervals, which the threshold is applied to.
     */
    public record Change(String key, Score old, Score neu, double change, double lowerBoundChange, Status status) {
    }

    private Gate() {
    }

    public static List<Change> compare(List<Score> old, List<Score> neu, double thresholdPercent) {
        if (!(thresholdPercent >= 0)) {
            throw new IllegalArgumentException("threshold = " + thresholdPercent + "%: must be >= 0");
        }
        double th = thresholdPercent / 100;
        Map<String, Score> olds = byKey(old, "OLD");
        Map<String, Score> news = byKey(neu, "NEW");
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, Score> e : olds.entrySet()) {
            Score o = e.getValue();
            Score n = news.get(e.getKey());
            if (n == null) {
                changes.add(new Change(e.getKey(), o, null, Double.NaN, Double.NaN, Status.MISSING));
                continue;
            }
            double[] to = seconds(o);
            double[] tn = seconds(n);
            double change = tn[1] / to[1] - 1;
            double lowerBound = tn[0] / to[2] - 1;
            Status s;
            if (o.benchmark().endsWith("FmaPeakBench.fma")) {
                s = Status.MACHINE;
            } else if (lowerBound > th) {
                s = Status.REGRESSION;
            } else if (change > th) {
                s = Status.SLOWER_WITHIN_ERROR;
            } else if (change < -th) {
                s = Status.FASTER;
            } else {
                s = Status.SAME;
            }
            changes.add(new Change(e.getKey(), o, n, change, lowerBound, s));
        }
        for (Map.Entry<String, Score> e : news.entrySet()) {
            if (!olds.containsKey(e.getKey())) {
                changes.add(new Change(e.getKey(), null, e.getValue(), Double.NaN, Double.NaN, Status.NEW));
            }
        }
        return changes;
    }

    /** True when any benchmark regressed; with {@code failOnMissing}, also when one of OLD is missing in NEW. */
    public static boolean failed(List<Change> changes, boolean failOnMissing) {
        return changes.stream().anyMatch(c -> c.status() == Status.REGRESSION
                || (failOnMissing && c.status() == Status.MISSING));
    }

    /** The time per operation as {low, score, high} in seconds, the interval clamped to stay positive. */
    static double[] seconds(Score s) {
        double lo = s.score() - s.error();
        double hi = s.score() + s.error();
        if (s.higherIsBetter()) {
            double r = s.perSecondOrSeconds(s.score());
            double rHi = s.perSecondOrSeconds(hi);
            double rLo = s.perSecondOrSeconds(Math.max(lo, s.score() * 1e-9));
            return new double[] {1 / rHi, 1 / r, 1 / rLo};
        }
        return new double[] {s.perSecondOrSeconds(Math.max(lo, 0)), s.perSecondOrSeconds(s.score()),
                s.perSecondOrSeconds(hi)};
    }

    private static Map<String, Score> byKey(List<Score> scores, String which) {
        Map<String, Score> map = new LinkedHashMap<>();
        for (Score s : scores) {
            if (map.put(s.key(), s) != null) {
                throw new IllegalArgumentException(which + ": benchmark '" + s.key() + "' appears twice");
            }
        }
        return map;
    }

    /** The table of changes, one line per benchmark, regressions first. */
    public static String table(List<Change> changes, double thresholdPercent) {
        List<Change> sorted = new ArrayList<>(changes);
        sorted.sort(java.util.Comparator.comparingInt((Change c) -> c.status().ordinal()));
        TextTable t = new TextTable("status", "benchmark", "old", "new", "change", "beyond error", "unit");
        for (Change c : sorted) {
            Score any = c.old() != null ? c.old() : c.neu();
            t.row(c.status().label, c.key(), c.old() == null ? "-" : scoreText(c.old()),
                    c.neu() == null ? "-" : scoreText(c.neu()), percent(c.change()), percent(c.lowerBoundChange()),
                    any.unit());
        }
        long regressions = changes.stream().filter(c -> c.status() == Status.REGRESSION).count();
        return t + String.format(Locale.ROOT, "%d compared, %d slower beyond %s%% and their error (change: + is "
                + "slower, in time per operation; beyond error: the change between the favourable ends of the two "
                + "error intervals)%n", changes.size(), regressions, TextTable.number(thresholdPercent));
    }

    private static String scoreText(Score s) {
        return TextTable.number(s.score()) + (s.error() > 0 ? " \u00b1 " + TextTable.number(s.error()) : "");
    }

    private static String percent(double change) {
        return Double.isNaN(change) ? "-" : String.format(Locale.ROOT, "%+.1f%%", 100 * change);
    }
}
