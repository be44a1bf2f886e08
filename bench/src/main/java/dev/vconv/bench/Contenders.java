package dev.vconv.bench;

import dev.vconv.VConv;
import dev.vconv.reference.ReferenceProvider;
import dev.vconv.spi.ConvProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Every contender on the class path: one {@link VconvContender} per vconv provider ({@link VConv#providers()}, so a
 * new provider is timed without registering anything), then the peers registered in
 * {@code META-INF/services/dev.vconv.bench.Contender} by the {@code peers} profile. Available or not: callers check
 * {@link Contender#unavailableReason()}.
 */
public final class Contenders {
    /** The contender every other is verified against, and the denominator of "speedup over reference". */
    public static final String REFERENCE = ReferenceProvider.NAME;
    /** The fast provider, the one the README's results table is about. */
    public static final String SIMD = "simd";
    /** The SIMD provider with {@code PlanOptions.withFastAlgorithms(false)}: direct summation everywhere. */
    public static final String SIMD_DIRECT = "simd-direct";

    private Contenders() {
    }

    private static final List<String> BROKEN = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Contenders registered on the class path that failed to load, one line each (empty when none did). */
    public static List<String> broken() {
        all();
        return List.copyOf(BROKEN);
    }

    private static final class Holder {
        static final Map<String, Contender> ALL = load();

        private static Map<String, Contender> load() {
            Map<String, Contender> all = new LinkedHashMap<>();
            for (ConvProvider p : VConv.providers()) {
                all.put(p.name(), new VconvContender(p));
                if (p.name().equals(SIMD)) {
                    // Its direct kernels where it would use Winograd: reported as a peer, "simd / simd-direct".
                    all.put(SIMD_DIRECT, new VconvContender(p, SIMD_DIRECT, false));
                }
            }
            // A peer that cannot load (a missing class, a native library absent) must not take vconv's own
            // contenders down with it: it is reported and skipped.
            var it = ServiceLoader.load(Contender.class, Contenders.class.getClassLoader()).iterator();
            for (int guard = 0; guard < 1000; guard++) {
                Contender c;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    c = it.next();
                } catch (java.util.ServiceConfigurationError | LinkageError e) {
                    BROKEN.add(String.valueOf(e.getMessage() != null ? e.getMessage() : e));
                    continue;
                }
                if (all.putIfAbsent(c.name(), c) != null) {
                    throw new IllegalStateException("contender name '" + c.name() + "' is registered twice: "
                            + all.get(c.name()) + " and " + c);
                }
            }
            return all;
        }
    }

    /** All contenders, vconv providers first (highest priority first), then peers in class-path order. */
    public static List<Contender> all() {
        return new ArrayList<>(Holder.ALL.values());
    }

    /** The contender called {@code name}. */
    public static Contender get(String name) {
        Contender c = Holder.ALL.get(name);
        if (c == null) {
            throw new IllegalArgumentException("contender = '" + name + "': not on the class path; found "
                    + Holder.ALL.keySet() + " (peers need the build profile that adds them, e.g. -Ppeers)");
        }
        return c;
    }

    /**
     * vconv's own providers by name, also when reading results made where one of them was not on the class path
     * (e.g. a report of a run with simd, read in a build without it).
     */
    private static final java.util.Set<String> VCONV_NAMES = java.util.Set.of(SIMD, REFERENCE);

    /** True for a vconv provider, false for a peer library. */
    public static boolean isVconv(String name) {
        return VCONV_NAMES.contains(name) || VConv.providers().stream().anyMatch(p -> p.name().equals(name));
    }
}
