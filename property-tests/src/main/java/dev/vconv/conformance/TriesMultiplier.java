package dev.vconv.conformance;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Scales every kit property's tries by {@code -Dvconv.tries=10x} (any factor: {@code 10x}, {@code 0.5x}, or a plain
 * number {@code 10}). The default tries keep the suite at about two minutes on a two-core CI machine; run
 * {@code mvn verify -Dvconv.tries=10x} locally for a deeper search.
 */
public final class TriesMultiplier implements AroundPropertyHook {
    /** The system property read. */
    public static final String PROPERTY = "vconv.tries";

    /** The factor from {@code -Dvconv.tries}, 1 if unset. */
    public static double factor() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            return 1;
        }
        String t = v.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("x")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            double f = Double.parseDouble(t);
            if (f > 0) {
                return f;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + v + ": expected a positive factor such as 10x");
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        double f = factor();
        if (f != 1) {
            context.attributes().tries()
                    .ifPresent(t -> context.attributes().setTries(Math.max(1, (int) Math.round(t * f))));
        }
        return property.execute();
    }
}
