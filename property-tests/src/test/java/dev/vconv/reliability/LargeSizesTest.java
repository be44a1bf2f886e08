package dev.vconv.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvPlan;
import dev.vconv.ConvProblem;
import dev.vconv.PlanOptions;
import dev.vconv.VConv;
import dev.vconv.spi.ConvProvider;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sizes: element counts above 2^31-1 are rejected up front, never wrapped into a wrong index (tested without
 * allocating them); and a large transposed convolution runs in a heap that holds its tensors, its reported workspace
 * and a small margin, so no provider allocates a col2im buffer of {@code C_out * k * H * W}.
 */
class LargeSizesTest {

    @Test
    void countsAbove2To31AreRejectedWithoutAllocating() {
        ConvDescriptor conv = ConvDescriptor.conv(2).inChannels(64).outChannels(64).kernelSize(3).padding(1).build();
        // 64 * 64 * 1024 * 1024 = 2^32: wraps to 0 in int arithmetic.
        IllegalArgumentException in = assertThrows(IllegalArgumentException.class,
                () -> conv.problem(1, 64, 1 << 10, 1 << 16));
        assertTrue(in.getMessage().contains("input shape") && in.getMessage().contains("4294967296"),
                in.getMessage());
        // Input fits, output does not: 2 -> 4096 channels, upsampled 8x8.
        ConvDescriptor up = ConvDescriptor.convTranspose(2).inChannels(2).outChannels(4096).kernelSize(8).stride(8)
                .build();
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class, () -> up.problem(1, 2, 96, 96));
        assertTrue(out.getMessage().contains("output shape"), out.getMessage());
        // Weights that overflow.
        assertThrows(IllegalArgumentException.class, () -> ConvDescriptor.conv(3).inChannels(2048).outChannels(2048)
                .kernelSize(9).build());
    }

    /** Large enough that a col2im buffer (64 MB) would not fit in the heap the child JVM gets. */
    static ConvProblem largeTransposed() {
        return ConvDescriptor.convTranspose(2).inChannels(16).outChannels(256).kernelSize(4).stride(2).padding(1)
                .build().problem(1, 16, 64, 64);
    }

    @Test
    void aLargeTransposedConvRunsInAHeapOfTensorsPlusWorkspacePlusAMargin() throws Exception {
        ConvProblem p = largeTransposed();
        long col2im = 4L * p.descriptor().outChannels() * 16 * 64 * 64;
        for (ConvProvider provider : Fixtures.providers()) {
            ConvPlan plan = provider.plan(p, new float[p.weightShape().elementCount()], new float[256],
                    PlanOptions.singleThreaded());
            long tensors = 4L * (p.inputShape().elementCount() + p.outputShape().elementCount()
                    + p.weightShape().elementCount() + 256);
            long margin = 24L << 20;
            long heap = tensors + plan.workspaceBytes() + margin;
            assertTrue(margin < col2im, "the margin must be too small for a col2im buffer, or the test proves nothing");
            String java = ProcessHandle.current().info().command().orElse(
                    System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + (heap >> 20) + "m", "-XX:+UseSerialGC",
                    "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                    "-D" + VConv.PROVIDER_PROPERTY + "=" + provider.name(), Child.class.getName()));
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            boolean finished = child.waitFor(300, TimeUnit.SECONDS);
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!finished) {
                child.destroyForcibly();
            }
            assertTrue(finished, provider.name() + ": the child JVM did not finish; output:\n" + output);
            assertEquals(0, child.exitValue(), provider.name() + " in -Xmx" + (heap >> 20) + "m (tensors "
                    + (tensors >> 20) + " MB, workspace " + (plan.workspaceBytes() >> 20) + " MB):\n" + output);
            assertTrue(output.contains("ok"), output);
        }
    }

    /** Runs {@link #largeTransposed()} once with the forced provider, in whatever heap it was given. */
    public static final class Child {
        public static void main(String[] args) {
            ConvProblem p = largeTransposed();
            float[] x = new float[p.inputShape().elementCount()];
            float[] w = new float[p.weightShape().elementCount()];
            java.util.Arrays.fill(x, 1f);
            java.util.Arrays.fill(w, 1f);
            float[] b = new float[256];
            ConvPlan plan = VConv.plan(p, w, b, PlanOptions.singleThreaded());
            float[] y = new float[p.outputShape().elementCount()];
            plan.execute(x, 0, y, 0);
            // An interior output of a k4 s2 p1 upsampling of ones: 2x2 taps per axis reach it, times 16 channels.
            float v = y[(7 * 128 + 64) * 128 + 64];
            if (v != 64f) {
                System.out.println("wrong value " + v);
                System.exit(3);
            }
            System.out.println("ok " + plan);
        }
    }
}
