package dev.vconv.simd;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.VConv;

/**
 * Run by {@link NoVectorModuleTest} in a JVM without {@code jdk.incubator.vector}: loads the provider through the
 * service loader, prints its unavailable reason and the provider {@link VConv} falls back to.
 */
public final class NoVectorModuleMain {
    private NoVectorModuleMain() {
    }

    public static void main(String[] args) {
        SimdProvider simd = new SimdProvider();
        System.out.println("reason=" + simd.unavailableReason());
        System.out.println("declines=" + (simd.declineReason(ConvDescriptor.conv(1).inChannels(1).outChannels(1)
                .kernelSize(1).build().problem(1, 1, 4)) != null));
        ConvProblem p = ConvDescriptor.conv(1).inChannels(1).outChannels(1).kernelSize(1).bias(false).build()
                .problem(1, 1, 4);
        ConvPlan plan = VConv.plan(p, new float[] {2f}, null);
        System.out.println("fallback=" + plan.providerName());
    }
}
