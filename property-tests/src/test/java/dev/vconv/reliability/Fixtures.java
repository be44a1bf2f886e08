package dev.vconv.reliability;

import dev.vconv.ConvDescriptor;
import dev.vconv.ConvProblem;
import dev.vconv.VConv;
import dev.vconv.reference.GatherConv;
import dev.vconv.reference.ScatterConvTranspose;
import dev.vconv.spi.ConvProvider;
import java.util.List;
import java.util.Random;

/** What the reliability tests share: the providers under test, representative problems, data, the reference. */
final class Fixtures {
    private Fixtures() {
    }

    /** Every provider on the class path that is available in this JVM. */
    static List<ConvProvider> providers() {
        return VConv.providers().stream().filter(p -> p.unavailableReason() == null).toList();
    }

    /** Small problems that together reach every path: ranks, strides, groups, depthwise, padding modes, convT. */
    static List<ConvProblem> problems() {
        return List.of(
                ConvDescriptor.conv(2).inChannels(6).outChannels(20).kernelSize(3).padding(1).build()
                        .problem(2, 6, 11, 9),
                ConvDescriptor.conv(1).inChannels(3).outChannels(5).kernelSize(4).stride(3).dilation(2)
                        .padding(2).paddingMode("reflect").build().problem(1, 3, 23),
                ConvDescriptor.conv(3).inChannels(4).outChannels(4).groups(4).kernelSize(3).padding("same")
                        .paddingMode("circular").bias(false).build().problem(1, 4, 5, 6, 7),
                ConvDescriptor.conv(2).inChannels(5).outChannels(5).groups(5).kernelSize(3).padding(1).build()
                        .problem(2, 5, 6, 19),
                ConvDescriptor.convTranspose(2).inChannels(3).outChannels(3).groups(3).kernelSize(4).stride(2)
                        .padding(1).build().problem(1, 3, 5, 7),
                ConvDescriptor.conv(2).inChannels(8).outChannels(16).groups(2).kernelSize(1, 3).stride(2)
                        .paddingMode("replicate").padding(0, 1).build().problem(3, 8, 7, 10),
                ConvDescriptor.convTranspose(2).inChannels(12).outChannels(10).groups(2).kernelSize(3).stride(2)
                        .padding(1).outputPadding(1).build().problem(2, 12, 6, 5),
                ConvDescriptor.convTranspose(1).inChannels(4).outChannels(3).kernelSize(2).stride(5).dilation(3)
                        .outputPadding(4).bias(false).build().problem(1, 4, 9),
                ConvDescriptor.convTranspose(3).inChannels(5).outChannels(5).groups(5).kernelSize(4).stride(2)
                        .padding(1).build().problem(1, 5, 3, 4, 5));
    }

    static float[] random(int n, Random r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** The reference output, the definition the providers are held to. */
    static float[] reference(ConvProblem p, float[] x, float[] w, float[] b) {
        float[] y = new float[p.outputShape().elementCount()];
        if (p.descriptor().isTranspose()) {
            ScatterConvTranspose.convTranspose(p, x, 0, w, b, y, 0);
        } else {
            GatherConv.conv(p, x, 0, w, b, y, 0);
        }
        return y;
    }

    /** Weights and bias for {@code p}: random, and a bias only when the descriptor has one. */
    static float[][] weights(ConvProblem p, Random r) {
        float[] w = random(p.weightShape().elementCount(), r);
        float[] b = p.biasLength() == 0 ? null : random(p.biasLength(), r);
        return new float[][] {w, b};
    }

    /** The first index where {@code a} and {@code b} differ bit for bit, or -1. */
    static int firstBitDifference(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return i;
            }
        }
        return a.length == b.length ? -1 : Math.min(a.length, b.length);
    }
}
