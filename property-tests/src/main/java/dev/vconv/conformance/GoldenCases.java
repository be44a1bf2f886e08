package dev.vconv.conformance;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.spi.ConvProvider;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Cases computed by PyTorch: {@code golden.bin.gz} next to this class, written by {@code tools/golden/make_golden.py}
 * (regenerate with {@code /usr/bin/python3 tools/golden/make_golden.py}; the script documents the format). Each case
 * holds float32 input, weight and bias and PyTorch's output computed in float64 from them. No Python is needed to
 * read them.
 */
public final class GoldenCases {
    /** The resource holding the cases. */
    public static final String RESOURCE = "golden.bin.gz";

    /** One PyTorch case. {@code header} is the line the script wrote, e.g. {@code conv rank=2 in=4 ...}. */
    public record Golden(String header, ConvCase convCase, float[] input, float[] weight, float[] bias,
            double[] expected) {
        @Override
        public String toString() {
            return header + "  =  " + convCase;
        }
    }

    private GoldenCases() {
    }

    private static volatile List<Golden> cached;

    /** Every case in the resource, in file order. */
    public static List<Golden> load() {
        List<Golden> c = cached;
        if (c == null) {
            try (InputStream raw = GoldenCases.class.getResourceAsStream(RESOURCE)) {
                if (raw == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " missing next to "
                            + GoldenCases.class.getName());
                }
                c = List.copyOf(read(new DataInputStream(new GZIPInputStream(raw, 1 << 16))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cached = c;
        }
        return c;
    }

    private static List<Golden> read(DataInputStream in) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (!Arrays.equals(magic, "VCG1".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            throw new IOException(RESOURCE + ": not a golden file (magic " + Arrays.toString(magic) + ")");
        }
        int count = in.readInt();
        List<Golden> cases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String header = in.readUTF();
            float[] x = readFloats(in);
            float[] w = readFloats(in);
            float[] b = readFloats(in);
            int n = in.readInt();
            double[] y = new double[n];
            for (int j = 0; j < n; j++) {
                y[j] = in.readDouble();
            }
            ConvCase c = parse(header);
            cases.add(new Golden(header, c, x, w, c.descriptor().bias() ? b : null, y));
        }
        return cases;
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] a = new float[in.readInt()];
        for (int j = 0; j < a.length; j++) {
            a[j] = in.readFloat();
        }
        return a;
    }

    /** Parses a header line of the script into a case. */
    public static ConvCase parse(String header) {
        String[] parts = header.split(" ");
        Map<String, String> kv = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            kv.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        int rank = Integer.parseInt(kv.get("rank"));
        ConvDescriptor.Builder b = switch (parts[0]) {
            case "conv" -> ConvDescriptor.conv(rank);
            case "conv_transpose" -> ConvDescriptor.convTranspose(rank).outputPadding(ints(kv.get("op")));
            default -> throw new IllegalArgumentException("golden header: unknown kind " + parts[0]);
        };
        b.inChannels(Integer.parseInt(kv.get("in"))).outChannels(Integer.parseInt(kv.get("out")))
                .kernelSize(ints(kv.get("k"))).stride(ints(kv.get("s"))).dilation(ints(kv.get("d")))
                .groups(Integer.parseInt(kv.get("g"))).bias(kv.get("bias").equals("1"))
                .paddingMode(kv.get("mode"));
        String p = kv.get("p");
        if (p.equals("same") || p.equals("valid")) {
            b.padding(p);
        } else {
            b.padding(ints(p));
        }
        return ConvCase.of(b.build(), ints(kv.get("shape")));
    }

    private static int[] ints(String s) {
        return Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** The outcome of one provider over the golden cases. */
    public record Report(String provider, int cases, int declined, double worstUnits, String worstCase,
            List<String> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }

        @Override
        public String toString() {
            return "golden: provider '" + provider + "': " + cases + " PyTorch cases, " + declined
                    + " declined, worst error " + String.format("%.3g", worstUnits) + " x bound"
                    + (worstCase == null ? "" : " (" + worstCase + ")")
                    + (failures.isEmpty() ? "" : "; " + failures.size() + " FAILED:\n  "
                            + String.join("\n  ", failures.subList(0, Math.min(10, failures.size()))));
        }
    }

    /**
     * Runs {@code provider} (single-threaded and with {@link Conformance#THREADS} threads) over every golden case and
     * compares each element with PyTorch's float64 output within {@link ErrorBound}.
     */
    public static Report check(ConvProvider provider) {
        List<String> failures = new ArrayList<>();
        double worst = 0;
        String worstCase = null;
        int declined = 0;
        List<Golden> cases = load();
        for (Golden g : cases) {
            ConvProblem p;
            try {
                p = g.convCase().problem();
            } catch (IllegalArgumentException e) {
                failures.add("core rejects a case PyTorch accepts: " + e.getMessage() + "\n    " + g);
                continue;
            }
            if (p.outputShape().elementCount() != g.expected().length) {
                failures.add("output shape " + p.outputShape() + " has " + p.outputShape().elementCount()
                        + " elements, PyTorch's output " + g.expected().length + "\n    " + g);
                continue;
            }
            if (provider.declineReason(p) != null) {
                declined++;
                continue;
            }
            ErrorBound bound = ErrorBound.of(p, g.input(), g.weight(), g.bias());
            for (PlanOptions options : Conformance.options()) {
                float[] got;
                try {
                    ConvPlan plan = provider.plan(p, g.weight(), g.bias(), options);
                    got = plan.apply(g.input());
                } catch (RuntimeException e) {
                    failures.add("threw " + e + "\n    " + g);
                    break;
                }
                for (int i = 0; i < got.length; i++) {
                    double units = Math.abs(got[i] - g.expected()[i]) / bound.at(i);
                    if (!(units <= worst)) { // NaN included
                        worst = Double.isNaN(units) ? Double.POSITIVE_INFINITY : units;
                        worstCase = g.header();
                    }
                    if (!(units <= 1)) {
                        failures.add("element " + i + " " + Conformance.coordinates(p.outputShape(), i) + ": got "
                                + got[i] + ", PyTorch " + g.expected()[i] + " (" + String.format("%.3g", units)
                                + " x bound, " + options + ")\n    " + g);
                        break;
                    }
                }
            }
        }
        return new Report(provider.name(), cases.size(), declined, worst, worstCase, failures);
    }
}
