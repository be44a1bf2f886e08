package dev.vconv.providers;

import dev.vconv.VConv;
import dev.vconv.conformance.ConvProviderConformance;
import dev.vconv.spi.ConvProvider;
import java.util.List;

/**
 * The kit over every provider on the test class path that is available in this JVM: the reference now, and the
 * SIMD provider (a test dependency of this module) as soon as it exists, with no change here. It lives outside
 * {@code dev.vconv.conformance} on purpose: a third party's subclass does too.
 */
public class AvailableProvidersConformanceProperties extends ConvProviderConformance {
    public AvailableProvidersConformanceProperties() {
        super(available());
    }

    /** Every provider on the class path whose {@code unavailableReason()} is null. */
    public static List<ConvProvider> available() {
        return VConv.providers().stream().filter(p -> p.unavailableReason() == null).toList();
    }
}
