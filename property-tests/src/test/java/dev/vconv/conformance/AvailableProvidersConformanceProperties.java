package dev.vconv.conformance;

import dev.vconv.VConv;
import dev.vconv.spi.ConvProvider;
import java.util.List;

/**
 * The kit over every provider on the test class path that is available in this JVM: the reference now, and the
 * SIMD provider (a test dependency of this module) as soon as it exists, with no change here.
 */
class AvailableProvidersConformanceProperties extends ConvProviderConformance {
    AvailableProvidersConformanceProperties() {
        super(available());
    }

    static List<ConvProvider> available() {
        return VConv.providers().stream().filter(p -> p.unavailableReason() == null).toList();
    }
}
